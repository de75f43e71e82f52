package io.xdpj.vfio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xdpj.vfio.DmaException;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.IommuMapper;
import io.xdpj.vfio.Mmio;
import io.xdpj.vfio.PciConfig;
import io.xdpj.vfio.pci.PciAddress;
import io.xdpj.vfio.pci.PciDeviceInfo;
import io.xdpj.vfio.pci.SysfsPci;
import io.xdpj.vfio.pci.VfioPciBinder;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The bring-up of this layer on a real Intel 700-series port, for a user who has one: set XDPJ_XL710_PCI to its PCI
 * address (e.g. 0000:01:00.0) and run as root with huge pages available. Skipped without the variable.
 *
 * <p>Binds the port to vfio-pci if needed (and gives it back to its driver afterwards), opens it, checks config
 * space, bus mastering and BAR0 registers, and proves DMA through the IOMMU with the admin queue's Get Version
 * command: the firmware fetches the descriptor from DMA memory and writes it back with DD set (i40e facts 3.5, 3.6).
 */
@EnabledIfEnvironmentVariable(named = "XDPJ_XL710_PCI", matches = ".+")
class Xl710BringUpTest {
    /** PFGEN_PORTNUM, PORT_NUM [1:0] (i40e facts 2.1). */
    static final int PFGEN_PORTNUM = 0x001C0480;
    /** GLGEN_RSTAT, DEVSTATE [1:0]: non-zero while a reset is in progress (i40e facts 2.1). */
    static final int GLGEN_RSTAT = 0x000B8188;
    /** GLNVM_FLA, LOCKED [6]: 0 means blank NVM, shared-code init fails (i40e facts 2.1). */
    static final int GLNVM_FLA = 0x000B6108;
    static final int GLNVM_FLA_LOCKED = 1 << 6;
    /** The register Linux needs BAR0 to cover (i40e facts 1.3: I40E_GLGEN_STAT_CLEAR 0x00390004). */
    static final int GLGEN_STAT_CLEAR = 0x00390004;
    /** Admin transmit queue registers (i40e facts 3.1). */
    static final int PF_ATQBAL = 0x00080000;
    static final int PF_ATQBAH = 0x00080100;
    static final int PF_ATQLEN = 0x00080200;
    static final int PF_ATQH = 0x00080300;
    static final int PF_ATQT = 0x00080400;
    static final int PF_ATQLEN_ATQENABLE = 1 << 31;
    /** Descriptor fields (i40e facts 3.2) and flags (3.3); Get Version opcode (4.1). */
    static final int AQ_FLAGS = 0;
    static final int AQ_OPCODE = 2;
    static final int AQ_RETVAL = 6;
    static final int AQ_COOKIE_HIGH = 8;
    static final int AQ_COOKIE_LOW = 12;
    static final int AQ_FLAG_DD = 0x0001;
    static final int AQ_FLAG_SI = 0x2000;
    static final int AQ_OPCODE_GET_VERSION = 0x0001;
    static final int AQ_ENTRIES = 4;   // iPXE's ring size (i40e facts 3.5)
    static final int AQ_DESC_SIZE = 32;
    /** iPXE's completion deadline is 100 ms (i40e facts 3.6); ten times that for a loaded host. */
    static final long AQ_DEADLINE_NANOS = 1_000_000_000L;

    @Test
    void bringsUpTheConfiguredPortThroughVfio() {
        final PciAddress address = PciAddress.parse(System.getenv("XDPJ_XL710_PCI"));
        final SysfsPci sysfs = SysfsPci.system();
        final PciDeviceInfo info = sysfs.device(address);
        assertTrue(info.isI40ePf(), address + " is not a 700-series PF: " + info);
        final VfioPciBinder binder = new VfioPciBinder(sysfs);
        final String previous = binder.bindToVfio(address);
        try {
            final HugePages pools = HugePages.system();
            if (pools.free(Mman.HUGE_2M) < 2) {
                pools.reserve(Mman.HUGE_2M, pools.reserved(Mman.HUGE_2M) + 2);
            }
            try (VfioPciFunction fn = VfioPciFunction.open(address)) {
                checkConfigAndRegisters(fn, info);
                getVersionThroughTheAdminQueue(fn);
            }
        } finally {
            if (previous != null && !SysfsPci.VFIO_PCI.equals(previous)) {
                binder.returnToKernel(address);
            }
        }
    }

    private static void checkConfigAndRegisters(VfioPciFunction fn, PciDeviceInfo info) {
        assertEquals(0x8086, fn.config().read16(PciConfig.VENDOR_ID));
        assertEquals(info.device(), fn.config().read16(PciConfig.DEVICE_ID));
        assertTrue((fn.config().read16(PciConfig.COMMAND) & PciConfig.COMMAND_BUS_MASTER) != 0, "bus master");
        final Mmio bar = fn.bar0();
        assertTrue(bar.length() > GLGEN_STAT_CLEAR, "BAR0 of " + bar.length() + " bytes");
        assertEquals(0, bar.read32(GLGEN_RSTAT) & 0x3, "GLGEN_RSTAT.DEVSTATE: a reset is in progress");
        assertTrue((bar.read32(GLNVM_FLA) & GLNVM_FLA_LOCKED) != 0, "GLNVM_FLA.LOCKED clear: blank NVM");
        assertTrue((bar.read32(PFGEN_PORTNUM) & 0x3) <= 3);
    }

    private static void getVersionThroughTheAdminQueue(VfioPciFunction fn) {
        final Mmio bar = fn.bar0();
        final DmaMemory ring = fn.dma().allocate(AQ_ENTRIES * AQ_DESC_SIZE, 4096, "admin send queue");
        final DmaException overlap = assertThrows(DmaException.class, () -> fn.container().map(ring.address(),
            ring.iova(), ring.length(), IommuMapper.READ | IommuMapper.WRITE));
        assertTrue(overlap.getMessage().contains("overlaps an existing mapping"), overlap.getMessage());
        final AtomicBuffer d = ring.buffer();
        d.putShort(AQ_FLAGS, (short) AQ_FLAG_SI);
        d.putShort(AQ_OPCODE, (short) AQ_OPCODE_GET_VERSION);
        d.putInt(AQ_COOKIE_HIGH, 0x5844504A); // "XDPJ"
        d.putInt(AQ_COOKIE_LOW, 1001);
        // register programming order of i40e facts 3.5 (iPXE: H, T, BAL, BAH, then LEN|ENABLE)
        bar.write32(PF_ATQH, 0);
        bar.write32(PF_ATQT, 0);
        bar.write32(PF_ATQBAL, (int) ring.iova());
        bar.write32(PF_ATQBAH, (int) (ring.iova() >>> 32));
        bar.write32(PF_ATQLEN, AQ_ENTRIES | PF_ATQLEN_ATQENABLE);
        final long start = System.nanoTime();
        bar.write32(PF_ATQT, 1); // release: pairs with the firmware's DMA read of descriptor 0
        while ((d.getShortVolatile(AQ_FLAGS) & AQ_FLAG_DD) == 0) { // acquire: pairs with the write-back
            assertTrue(System.nanoTime() - start < AQ_DEADLINE_NANOS, "no DD within 1 s; ATQH " + bar.read32(PF_ATQH));
            Thread.onSpinWait();
        }
        assertEquals(0, d.getShort(AQ_RETVAL), "retval");
        assertEquals(1001, d.getInt(AQ_COOKIE_LOW), "cookie echoed");
        assertEquals(1, bar.read32(PF_ATQH) & 0x3FF, "ATQH");
        // shutdown as i40e facts 3.5: zero H, T, LEN, BAL, BAH
        bar.write32(PF_ATQLEN, 0);
        bar.write32(PF_ATQH, 0);
        bar.write32(PF_ATQT, 0);
        bar.write32(PF_ATQBAL, 0);
        bar.write32(PF_ATQBAH, 0);
        ring.close();
    }
}
