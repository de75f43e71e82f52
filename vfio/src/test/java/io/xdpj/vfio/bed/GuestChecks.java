package io.xdpj.vfio.bed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.xdpj.vfio.DmaException;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.IommuMapper;
import io.xdpj.vfio.Mmio;
import io.xdpj.vfio.PciConfig;
import io.xdpj.vfio.VfioException;
import io.xdpj.vfio.linux.HugePages;
import io.xdpj.vfio.linux.HugepageDmaAllocator;
import io.xdpj.vfio.linux.JnrSyscalls;
import io.xdpj.vfio.linux.Mman;
import io.xdpj.vfio.linux.Syscalls;
import io.xdpj.vfio.linux.VfioContainer;
import io.xdpj.vfio.linux.VfioGroup;
import io.xdpj.vfio.linux.VfioPciFunction;
import io.xdpj.vfio.pci.PciAddress;
import io.xdpj.vfio.pci.PciDeviceInfo;
import io.xdpj.vfio.pci.SysfsPci;
import io.xdpj.vfio.pci.VfioPciBinder;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The vfio module's checks inside the bed's QEMU guest (vfio/bed/run): a real Linux VFIO, an Intel vIOMMU and two
 * emulated e1000e NICs (A with MAC 52:54:00:12:34:56, B with 52:54:00:12:34:57), starting bound to e1000e. Prints
 * one PASS/FAIL line per check and "N passed, N failed"; exits 1 on any failure. Run as root in the guest only:
 * it rebinds devices and reserves huge pages.
 */
public final class GuestChecks {
    /** MAC of NIC A as the bed's QEMU command line sets it; RAL0/RAH0 must show it. */
    static final long MAC_A = 0x52_54_00_12_34_56L;
    /** Deadline for the device's descriptor write-back (TCG is slow; the bed reference saw 0.1-0.2 ms). */
    static final long DMA_DEADLINE_NANOS = 10_000_000_000L;

    private final Syscalls sys = JnrSyscalls.get();
    private final SysfsPci sysfs = SysfsPci.system();
    private final VfioPciBinder binder = new VfioPciBinder(sysfs);
    private final Path devVfio = Paths.get("/dev/vfio");
    private int passed;
    private int failed;

    interface Check {
        String run() throws Exception;
    }

    public static void main(String[] args) {
        final GuestChecks checks = new GuestChecks();
        checks.runAll();
        System.out.println(checks.passed + " passed, " + checks.failed + " failed");
        System.exit(checks.failed == 0 ? 0 : 1);
    }

    private void check(String name, Check body) {
        try {
            final String detail = body.run();
            passed++;
            System.out.println("PASS " + name + (detail == null ? "" : ": " + detail));
        } catch (Throwable t) {
            failed++;
            System.out.println("FAIL " + name + ": " + t);
            t.printStackTrace(System.out);
        }
    }

    static void expect(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    static void expectMessage(RuntimeException e, String fragment) {
        if (e.getMessage() == null || !e.getMessage().contains(fragment)) {
            throw new AssertionError("message lacks '" + fragment + "': " + e.getMessage(), e);
        }
    }

    private void runAll() {
        final List<PciDeviceInfo> nics = new ArrayList<>();
        check("discovery: two 8086:10d3 functions, each in its own IOMMU group, bound to e1000e", () -> {
            for (PciDeviceInfo info : sysfs.devices()) {
                if (info.vendor() == 0x8086 && info.device() == E1000e.DEVICE_ID_82574L) {
                    nics.add(info);
                }
            }
            expect(nics.size() == 2, "found " + nics);
            expect(nics.get(0).iommuGroup() >= 0 && nics.get(1).iommuGroup() >= 0, "no IOMMU groups: " + nics);
            expect(nics.get(0).iommuGroup() != nics.get(1).iommuGroup(), "same group: " + nics);
            expect(nics.get(0).groupMembers().contains(nics.get(0).address()), "group lacks the device: " + nics);
            expect("e1000e".equals(nics.get(0).driver()) && "e1000e".equals(nics.get(1).driver()), "drivers: " + nics);
            expect(!nics.get(0).isI40ePf(), "an 82574L is not a 700-series PF");
            return nics.toString();
        });
        if (nics.size() != 2) {
            return;
        }
        final PciAddress a = nics.get(0).address();
        final PciAddress b = nics.get(1).address();
        final int groupA = nics.get(0).iommuGroup();
        final int groupB = nics.get(1).iommuGroup();

        check("bind both NICs to vfio-pci (driver_override, unbind, drivers_probe)", () -> {
            expect("e1000e".equals(binder.bindToVfio(a)), "A was not on e1000e");
            expect("e1000e".equals(binder.bindToVfio(b)), "B was not on e1000e");
            expect(SysfsPci.VFIO_PCI.equals(sysfs.driver(a)) && SysfsPci.VFIO_PCI.equals(sysfs.driver(b)), "not bound");
            expect(Files.exists(devVfio.resolve(Integer.toString(groupA))), "no /dev/vfio/" + groupA);
            return "/dev/vfio/" + groupA + ", /dev/vfio/" + groupB;
        });
        deviceNotBound(b, groupB);
        wrongGroup(a, b, groupB);
        openAndUse(a);
        check("close released everything: the function opens and closes again", () -> {
            try (VfioPciFunction again = VfioPciFunction.open(a)) {
                expect(again.config().read16(PciConfig.VENDOR_ID) == 0x8086, "vendor after reopen");
            }
            return null;
        });
        check("return B to the kernel: e1000e takes it back", () -> {
            final String driver = binder.returnToKernel(b);
            expect("e1000e".equals(driver), "driver now " + driver);
            return driver;
        });
    }

    private void deviceNotBound(PciAddress b, int groupB) {
        check("device not bound: open refuses and says how to bind", () -> {
            binder.unbind(b);
            expect(sysfs.driver(b) == null, "B still has driver " + sysfs.driver(b));
            try {
                VfioPciFunction.open(b).close();
                throw new AssertionError("opened an unbound device");
            } catch (VfioException e) {
                expectMessage(e, "is not bound to vfio-pci");
                expectMessage(e, "driver_override");
                return e.getMessage();
            }
        });
        check("device not bound: its group has no /dev/vfio file", () -> {
            try {
                VfioGroup.open(sys, devVfio, groupB, false).close();
                throw new AssertionError("opened the group of an unbound device");
            } catch (VfioException e) {
                expectMessage(e, "no device of IOMMU group " + groupB + " is bound to vfio-pci");
                return e.getMessage();
            } finally {
                binder.bindToVfio(b);
            }
        });
    }

    private void wrongGroup(PciAddress a, PciAddress b, int groupB) {
        check("wrong group: A's device fd is refused on B's group", () -> {
            try (VfioContainer container = VfioContainer.open(sys, devVfio);
                 VfioGroup group = VfioGroup.open(sys, devVfio, groupB, false)) {
                expect(group.viable(), "B's group not viable");
                group.setContainer(container);
                try {
                    container.setIommu(container.chooseIommuType(false));
                    try {
                        group.openDeviceFd(a.toString());
                        throw new AssertionError("got a device fd for " + a + " from group " + groupB);
                    } catch (VfioException e) {
                        expectMessage(e, "a member of IOMMU group " + groupB);
                        // the right device on the same group works, so the refusal was about the group
                        sys.close(group.openDeviceFd(b.toString()));
                        return e.getMessage();
                    }
                } finally {
                    group.unsetContainer();
                }
            }
        });
    }

    private void openAndUse(PciAddress a) {
        final VfioPciFunction[] holder = new VfioPciFunction[1];
        check("open container/group/device (API 0, TYPE1v2, viable group, vfio-pci device info)", () -> {
            holder[0] = VfioPciFunction.open(a);
            final VfioPciFunction fn = holder[0];
            expect(fn.deviceInfo().isPci() && fn.deviceInfo().canReset(), "device flags 0x"
                + Integer.toHexString(fn.deviceInfo().flags));
            expect(fn.deviceInfo().numRegions >= 9, "regions " + fn.deviceInfo().numRegions);
            expect((fn.iommuInfo().pageSizes() & Mman.PAGE_SIZE) != 0, "no 4 KiB IOMMU pages: " + fn.iommuInfo());
            expect(fn.container().iommuType() == 3, "IOMMU type " + fn.container().iommuType());
            return "flags 0x" + Integer.toHexString(fn.deviceInfo().flags) + ", " + fn.deviceInfo().numRegions
                + " regions, " + fn.iommuInfo();
        });
        final VfioPciFunction fn = holder[0];
        if (fn == null) {
            return;
        }
        try {
            registers(fn);
            hugepages(fn);
            transmitDma(fn);
            check("VFIO_DEVICE_RESET", () -> {
                fn.device().reset();
                final int status = fn.bar0().read32(E1000e.STATUS);
                expect(status != -1, "BAR reads all ones after reset");
                return String.format(Locale.ROOT, "STATUS 0x%x after reset", status);
            });
        } finally {
            check("close the function (bus master off, DMA unmapped and freed, BAR unmapped, fds closed)", () -> {
                fn.close();
                fn.close(); // idempotent
                return null;
            });
        }
    }

    private void registers(VfioPciFunction fn) {
        check("config space: vendor 0x8086, device 0x10d3", () -> {
            final int vendor = fn.config().read16(PciConfig.VENDOR_ID);
            final int device = fn.config().read16(PciConfig.DEVICE_ID);
            expect(vendor == 0x8086 && device == E1000e.DEVICE_ID_82574L, String.format("%04x:%04x", vendor, device));
            return String.format(Locale.ROOT, "%04x:%04x", vendor, device);
        });
        check("bus master and memory space enabled in COMMAND", () -> {
            final int command = fn.config().read16(PciConfig.COMMAND);
            expect((command & (PciConfig.COMMAND_BUS_MASTER | PciConfig.COMMAND_MEMORY))
                == (PciConfig.COMMAND_BUS_MASTER | PciConfig.COMMAND_MEMORY), "COMMAND 0x" + Integer.toHexString(command));
            return String.format(Locale.ROOT, "COMMAND 0x%04x", command);
        });
        check("BAR0 mmapped, 128 KiB, STATUS readable (full duplex)", () -> {
            final Mmio bar = fn.bar0();
            expect(bar.length() == E1000e.BAR0_SIZE, "BAR0 length " + bar.length());
            final int status = bar.read32(E1000e.STATUS);
            expect(status != -1 && (status & E1000e.STATUS_FD) != 0, "STATUS 0x" + Integer.toHexString(status));
            return String.format(Locale.ROOT, "STATUS 0x%x", status);
        });
        check("MAC from RAL0/RAH0 is 52:54:00:12:34:56 with AV set", () -> {
            final int ral = fn.bar0().read32(E1000e.RAL0);
            final int rah = fn.bar0().read32(E1000e.RAH0);
            // RAL0 holds MAC bytes 0..3 little-endian, RAH0[15:0] bytes 4..5 (e1000 shared code).
            final long mac = Long.reverseBytes(((long) (rah & 0xFFFF) << 32 | (ral & 0xFFFFFFFFL)) << 16);
            expect(mac == MAC_A, String.format("RAL0 0x%08x RAH0 0x%08x -> %012x", ral, rah, mac));
            expect((rah & E1000e.RAH_AV) != 0, "RAH0 AV clear");
            return String.format(Locale.ROOT, "RAL0 0x%08x RAH0 0x%08x", ral, rah);
        });
    }

    private void hugepages(VfioPciFunction fn) {
        final HugePages pools = HugePages.system();
        check("no huge pages reserved: allocation fails naming vm.nr_hugepages", () -> {
            expect(pools.reserve(Mman.HUGE_2M, 0) == 0, "could not empty the pool");
            try {
                fn.dma().allocate(4096, 4096, "probe");
                throw new AssertionError("allocated without huge pages");
            } catch (DmaException e) {
                expectMessage(e, "vm.nr_hugepages");
                return e.getMessage();
            }
        });
        check("reserve 2 MiB huge pages through the sysctl", () -> {
            final long got = pools.reserve(Mman.HUGE_2M, 9);
            expect(got == 9 && pools.free(Mman.HUGE_2M) == 9, "reserved " + got);
            return got + " pages";
        });
    }

    private void transmitDma(VfioPciFunction fn) {
        final DmaMemory[] blocks = new DmaMemory[2];
        check("DMA through the vIOMMU: Tx descriptor fetched, DD written back, GPTC counts 1", () -> {
            blocks[0] = fn.dma().allocate(4096, 128, "e1000e tx ring");
            blocks[1] = fn.dma().allocate(2048, 128, "e1000e tx frame");
            // NB: IOVA 4 GiB lies above the guest's 2 GiB of RAM: the NIC can only reach the ring through the
            // vIOMMU's translation, so a DD write-back proves the mapping.
            expect(blocks[0].iova() == HugepageDmaAllocator.DEFAULT_IOVA_BASE, "ring iova 0x"
                + Long.toHexString(blocks[0].iova()));
            expect(blocks[1].iova() == HugepageDmaAllocator.DEFAULT_IOVA_BASE + Mman.HUGE_2M, "frame iova 0x"
                + Long.toHexString(blocks[1].iova()));
            return transmitOne(fn.bar0(), blocks[0], blocks[1]);
        });
        if (blocks[0] == null) {
            return;
        }
        final DmaMemory ring = blocks[0];
        check("mapping over an existing mapping is refused (EEXIST)", () -> {
            try {
                fn.container().map(ring.address(), ring.iova(), ring.length(), IommuMapper.READ | IommuMapper.WRITE);
                throw new AssertionError("mapped over an existing mapping");
            } catch (DmaException e) {
                expectMessage(e, "overlaps an existing mapping");
                return e.getMessage();
            }
        });
        check("unmap: closing a block unmaps it; a second unmap finds nothing", () -> {
            final long iova = ring.iova();
            final long length = ring.length();
            ring.close();
            if (blocks[1] != null) {
                blocks[1].close();
            }
            try {
                fn.container().unmap(iova, length);
                throw new AssertionError("unmapped twice");
            } catch (DmaException e) {
                expectMessage(e, "no mapping of exactly that range exists");
                return e.getMessage();
            }
        });
    }

    private static String transmitOne(Mmio bar, DmaMemory ring, DmaMemory frame) {
        final AtomicBuffer f = frame.buffer();
        for (int i = 0; i < 6; i++) {
            f.putByte(i, (byte) 0xFF); // broadcast destination
        }
        f.putLong(6, Long.reverseBytes(MAC_A << 16)); // source MAC (6 bytes; the next 2 are overwritten below)
        f.putShort(12, (short) 0xB588); // EtherType 0x88B5 (IEEE local experimental), network order
        final AtomicBuffer d = ring.buffer();
        d.putLong(E1000e.TXD_BUFFER_ADDR, frame.iova());
        d.putShort(E1000e.TXD_LENGTH, (short) 60);
        d.putByte(E1000e.TXD_CMD, (byte) (E1000e.TXD_CMD_EOP | E1000e.TXD_CMD_IFCS | E1000e.TXD_CMD_RS));
        d.putByte(E1000e.TXD_STATUS, (byte) 0);
        bar.read32(E1000e.GPTC); // clear on read
        bar.write32(E1000e.TDBAL, (int) ring.iova());
        bar.write32(E1000e.TDBAH, (int) (ring.iova() >>> 32));
        bar.write32(E1000e.TDLEN, 8 * E1000e.TXD_SIZE);
        bar.write32(E1000e.TDH, 0);
        bar.write32(E1000e.TDT, 0);
        bar.write32(E1000e.TCTL, E1000e.TCTL_EN | E1000e.TCTL_PSP);
        final long start = System.nanoTime();
        bar.write32(E1000e.TDT, 1); // release: the descriptor and frame stores above are visible to the device first
        while ((d.getByteVolatile(E1000e.TXD_STATUS) & E1000e.TXD_STAT_DD) == 0) { // acquire: pairs with the DD write-back
            if (System.nanoTime() - start > DMA_DEADLINE_NANOS) {
                throw new AssertionError("no DD write-back within 10 s; TDH " + bar.read32(E1000e.TDH));
            }
            Thread.onSpinWait();
        }
        final long micros = (System.nanoTime() - start) / 1000;
        final int head = bar.read32(E1000e.TDH);
        final int gptc = bar.read32(E1000e.GPTC);
        expect(head == 1, "TDH " + head);
        expect(gptc == 1, "GPTC " + gptc);
        return String.format(Locale.ROOT, "ring iova 0x%x, DD after %d us, TDH %d, GPTC %d", ring.iova(), micros, head,
            gptc);
    }
}
