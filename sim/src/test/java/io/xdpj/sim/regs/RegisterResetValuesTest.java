package io.xdpj.sim.regs;

import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_LANQMAX;
import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_LANRXOBJSZ;
import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_LANTXOBJSZ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xdpj.i40e.hw.reg.AdminQueueRegisters;
import io.xdpj.i40e.hw.reg.HmcRegisters;
import io.xdpj.i40e.hw.reg.InterruptRegisters;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.i40e.hw.reg.MacRegisters;
import io.xdpj.i40e.hw.reg.Nvm;
import io.xdpj.i40e.hw.reg.PciRegisters;
import io.xdpj.i40e.hw.reg.PfGeneral;
import io.xdpj.sim.RecordingDataPlane;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.TestDriver;
import io.xdpj.vfio.Mmio;
import io.xdpj.vfio.PciConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Power-on values of every register the model serves, for PF 2 on bus 1 device 0, port 1 of 2, queues 64..95,
 * 129 MSI-X vectors (TestDriver.config()); each expected value computed by hand from the facts' field tables.
 */
class RegisterResetValuesTest {

    private final SimulatedXl710 device = new SimulatedXl710(TestDriver.config().build(),
        iommu -> new RecordingDataPlane());
    private final Mmio bar = device.bar0();

    @AfterEach
    void close() {
        device.close();
    }

    @Test
    void identityRegisters() {
        assertEquals(0x0102, bar.read32(PciRegisters.PF_FUNC_RID), "func 2 | dev 0 << 3 | bus 1 << 8 (2.1)");
        assertEquals(1, bar.read32(PfGeneral.PFGEN_PORTNUM));
        assertEquals(0x805F0040, bar.read32(LanQueueRegisters.PFLAN_QALLOC), "64 | 95 << 16 | VALID (2.1)");
        assertEquals(0, bar.read32(PciRegisters.GLPCI_CAPSUP), "ARI_EN 0: pf_id = PF_FUNC_RID[2:0] (2.1)");
        assertEquals(0x204, bar.read32(PciRegisters.GLPCI_CNF2), "MSI_X_PF_N 129 << 2 (2.1)");
        assertEquals(0, bar.read32(PciRegisters.PF_VT_PFALLOC), "no VFs");
        assertEquals(0, bar.read32(PfGeneral.PRTGEN_CNF));
        assertEquals(0, bar.read32(PfGeneral.PRTGEN_CNF + 4));
        assertEquals(PfGeneral.PRTGEN_CNF_PORT_DIS_MASK, bar.read32(PfGeneral.PRTGEN_CNF + 8));
        assertEquals(PfGeneral.PRTGEN_CNF_PORT_DIS_MASK, bar.read32(PfGeneral.PRTGEN_CNF + 12));
    }

    @Test
    void resetAndFirmwareStatus() {
        assertEquals(0, bar.read32(PfGeneral.PFGEN_CTRL));
        assertEquals(0, bar.read32(PfGeneral.GLGEN_RSTAT), "DEVSTATE 0 when idle (13.2)");
        assertEquals(8, bar.read32(PfGeneral.GLGEN_RSTCTL));
        assertEquals(0x18, bar.read32(Nvm.GLNVM_ULD), "CONF_CORE_DONE | CONF_GLOBAL_DONE (13.2)");
        assertEquals(0, bar.read32(Nvm.GL_FWSTS), "FWS1B 0: no recovery mode (13.1)");
        assertEquals(0x40, bar.read32(Nvm.GLNVM_FLA), "LOCKED (13.4)");
        assertEquals(0xC0, bar.read32(Nvm.GLNVM_GENS), "SR_SIZE 6 << 5");
        assertEquals(0x80000000, bar.read32(Nvm.GLNVM_SRCTL), "DONE while idle");
        assertEquals(0, bar.read32(Nvm.GLNVM_SRDATA));
    }

    @Test
    void hmcAndMacRegisters() {
        assertEquals(7, bar.read32(GLHMC_LANTXOBJSZ));
        assertEquals(5, bar.read32(GLHMC_LANRXOBJSZ));
        assertEquals(0x600, bar.read32(GLHMC_LANQMAX));
        assertEquals(0, bar.read32(HmcRegisters.GLHMC_LANTXBASE(2)));
        assertEquals(0, bar.read32(HmcRegisters.PFHMC_ERRORINFO));
        assertEquals(0x26000000, bar.read32(MacRegisters.PRTGL_SAH), "MFS 0x2600 (2.1)");
        assertEquals(0, bar.read32(MacRegisters.PRTPM_SAL(0)));
    }

    @Test
    void adminQueueQueueAndInterruptRegisters() {
        for (int offset = AdminQueueRegisters.PF_ATQBAL; offset <= AdminQueueRegisters.PF_ARQT; offset += 0x80) {
            assertEquals(0, bar.read32(offset), "0x" + Integer.toHexString(offset));
        }
        assertEquals(0, bar.read32(LanQueueRegisters.QRX_ENA(0)));
        assertEquals(0, bar.read32(LanQueueRegisters.QTX_ENA(31)));
        assertEquals(0, bar.read32(LanQueueRegisters.QRX_TAIL(31)));
        assertEquals(0, bar.read32(LanQueueRegisters.QTX_HEAD(5)));
        assertEquals(0, bar.read32(InterruptRegisters.PFINT_ICR0));
        assertEquals(0, bar.read32(InterruptRegisters.PFINT_DYN_CTLN(127)), "vector 128 of 129");
        assertEquals(0, device.registers().unknownReads());
    }

    @Test
    void unknownRegistersReadZeroAndAreCounted() {
        bar.write32(0x00000400, 0x1234);
        assertEquals(0, bar.read32(0x00000400));
        // Queue 32 is beyond the PF's 32 queues; vector 128 (PFINT_DYN_CTLN(128)) beyond its 129 vectors.
        assertEquals(0, bar.read32(LanQueueRegisters.QRX_ENA(32)));
        assertEquals(0, bar.read32(InterruptRegisters.PFINT_DYN_CTLN(128)));
        assertEquals(3, device.registers().unknownReads());
        assertEquals(1, device.registers().unknownWrites());
        assertEquals(InterruptRegisters.PFINT_DYN_CTLN(128), device.registers().lastUnknownOffset());
    }

    @Test
    void writableMasksAndReadOnlyRegisters() {
        bar.write32(LanQueueRegisters.PFLAN_QALLOC, 0);
        assertEquals(0x805F0040, bar.read32(LanQueueRegisters.PFLAN_QALLOC), "read-only");
        bar.write32(HmcRegisters.GLHMC_LANTXBASE(2), 0xFFFF_FFFF);
        assertEquals(0xFFFFFF, bar.read32(HmcRegisters.GLHMC_LANTXBASE(2)), "FPMLANTXBASE [23:0]");
        bar.write32(InterruptRegisters.PFINT_LNKLST0, 0xFFFF_FFFF);
        assertEquals(0x1FFF, bar.read32(InterruptRegisters.PFINT_LNKLST0), "FIRSTQ_INDX | FIRSTQ_TYPE");
        bar.write32(AdminQueueRegisters.PF_ATQT, 0xFFFF_FFFF);
        assertEquals(0x3FF, bar.read32(AdminQueueRegisters.PF_ATQT));
    }

    @Test
    void barAccessChecks() {
        assertEquals(8L << 20, bar.length());
        assertThrows(IllegalArgumentException.class, () -> bar.read32(2));
        assertThrows(IllegalArgumentException.class, () -> bar.read32((8 << 20) - 2));
        assertThrows(IllegalArgumentException.class, () -> bar.write32(-4, 0));
    }

    @Test
    void pciConfigSpace() {
        final PciConfig config = device.config();
        assertEquals(0x8086, config.read16(PciConfig.VENDOR_ID));
        assertEquals(0x1583, config.read16(PciConfig.DEVICE_ID));
        assertEquals(PciConfig.COMMAND_MEMORY, config.read16(PciConfig.COMMAND), "bus mastering off");
        assertEquals(0x02, config.read8(0x0B), "class: network controller");
        assertEquals(0xF800000C, config.read32(PciConfig.BAR0), "64-bit prefetchable memory BAR");
        config.write32(PciConfig.BAR0, 0xFFFF_FFFF);
        assertEquals(0xFF80000C, config.read32(PciConfig.BAR0), "8 MiB size mask");
        config.write16(PciConfig.VENDOR_ID, 0x1234);
        assertEquals(0x8086, config.read16(PciConfig.VENDOR_ID), "read-only");
    }
}
