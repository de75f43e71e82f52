package io.xdpj.sim;

import io.xdpj.vfio.PciConfig;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The simulated function's PCI configuration space (4 KiB), as a device looks once vfio-pci has opened it: vendor
 * 0x8086 and the configured device id (facts 1.1), memory decoding on and bus mastering off (the driver turns it on,
 * as Linux and iPXE do), class 0x02 (network), BAR0 a 64-bit prefetchable memory BAR of the configured size and BAR3
 * a 64-bit prefetchable 32 KiB BAR holding the MSI-X table (offset 0) and PBA (offset 0x1000) (facts 1.3, observed on
 * an X710-4 and an X722). Capabilities, linked from 0x34: power management at 0x40, MSI-X at 0x70 (table size = the
 * configured vector count, 129 observed, facts 1.3), PCI Express (version 2, endpoint, FLR capable) at 0xA0; the
 * offsets are model choices (the facts give no config-space layout). The ROM BAR reads 0 (no option ROM).
 *
 * <p>Writable: the command register (bits 0..10), BAR0 and BAR3 (sizing: writing all ones reads back the size mask),
 * the PM control/status power state, the MSI-X enable and function-mask bits, and the PCIe device control register;
 * writing its Initiate Function Level Reset bit (bit 15) resets the function (PCIe base spec 7.5.3.4; the device
 * does what {@link SimulatedXl710#functionLevelReset()} describes). Everything else is read-only. Changes to the
 * bus-master bit are handed to the model, which stops all DMA while it is off. After surprise removal every read
 * returns all ones.
 *
 * <p>Guarded by the device lock.
 */
public final class SimPciConfig implements PciConfig {

    /** BAR0 address the model reports (aligned to any BAR size up to 128 MiB; an address has no meaning here). */
    static final long BAR0_ADDRESS = 0xF800_0000L;
    /** BAR3 address the model reports. */
    static final long BAR3_ADDRESS = 0xF7FF_8000L;
    private static final int BAR0_FLAGS = 0b1100; // 64-bit (bits 2:1 = 10), prefetchable (bit 3)
    private static final int COMMAND_WRITABLE = 0x07FF;
    private static final int SIZE = 4096;

    /** BAR3 (config offset 0x1C): MSI-X table and PBA (facts 1.3). */
    public static final int BAR3 = 0x1C;
    /** BAR3 size: 32 KiB (facts 1.3, observed). */
    public static final int BAR3_SIZE = 32 * 1024;
    /** MSI-X table offset in BAR3 (facts 1.3, observed). */
    public static final int MSIX_TABLE_OFFSET = 0;
    /** MSI-X PBA offset in BAR3 (facts 1.3, observed). */
    public static final int MSIX_PBA_OFFSET = 0x1000;
    /** Status register bit 4: the capability list exists (PCI local bus spec 6.2.3). */
    static final int STATUS_CAP_LIST = 0x10;
    static final int CAP_POINTER = 0x34;
    static final int ROM_BAR = 0x30;
    /** Power management capability (id 0x01) and its control/status register (PCI PM spec 3.2). */
    public static final int PM_CAP = 0x40;
    static final int PM_CONTROL = PM_CAP + 4;
    /** MSI-X capability (id 0x11): control at +2, table at +4, PBA at +8 (PCI local bus spec 6.8.2). */
    public static final int MSIX_CAP = 0x70;
    static final int MSIX_CONTROL = MSIX_CAP + 2;
    static final int MSIX_CONTROL_WRITABLE = 0xC000; // MSI-X Enable (15), Function Mask (14)
    /** PCI Express capability (id 0x10): device capabilities at +4, device control at +8 (PCIe base spec 7.5.3). */
    public static final int PCIE_CAP = 0xA0;
    static final int PCIE_DEVICE_CONTROL = PCIE_CAP + 8;
    static final int PCIE_DEVCTL_FLR = 0x8000;
    private static final int PCIE_DEVCAP_FLR = 1 << 28;

    private final Object lock;
    private final UnsafeBuffer space = new UnsafeBuffer(new byte[SIZE]);
    private final long bar0Size;
    private final java.util.function.IntConsumer commandListener;
    private Runnable flrListener = () -> { };
    private boolean removed;

    SimPciConfig(Object lock, SimConfig config, java.util.function.IntConsumer commandListener) {
        this.lock = lock;
        this.bar0Size = config.bar0Size();
        this.commandListener = commandListener;
        space.putShort(VENDOR_ID, (short) 0x8086, java.nio.ByteOrder.LITTLE_ENDIAN);
        space.putShort(DEVICE_ID, (short) config.deviceId(), java.nio.ByteOrder.LITTLE_ENDIAN);
        space.putShort(COMMAND, (short) COMMAND_MEMORY, java.nio.ByteOrder.LITTLE_ENDIAN);
        space.putByte(0x08, (byte) config.revisionId());
        space.putByte(0x0B, (byte) 0x02);
        space.putInt(BAR0, (int) BAR0_ADDRESS | BAR0_FLAGS, java.nio.ByteOrder.LITTLE_ENDIAN);
        space.putInt(BAR0 + 4, (int) (BAR0_ADDRESS >>> 32), java.nio.ByteOrder.LITTLE_ENDIAN);
        space.putInt(BAR3, (int) BAR3_ADDRESS | BAR0_FLAGS, java.nio.ByteOrder.LITTLE_ENDIAN);
        space.putInt(BAR3 + 4, (int) (BAR3_ADDRESS >>> 32), java.nio.ByteOrder.LITTLE_ENDIAN);
        space.putShort(STATUS, (short) STATUS_CAP_LIST, java.nio.ByteOrder.LITTLE_ENDIAN);
        space.putShort(0x2C, (short) 0x8086, java.nio.ByteOrder.LITTLE_ENDIAN); // subsystem vendor (model choice)
        space.putShort(0x2E, (short) 0x0001, java.nio.ByteOrder.LITTLE_ENDIAN); // subsystem id (model choice)
        space.putByte(CAP_POINTER, (byte) PM_CAP);
        space.putByte(0x3D, (byte) 1); // interrupt pin INTA
        // PM: id 1, next MSI-X, PMC version 3; PMCSR No_Soft_Reset (bit 3): D3hot->D0 keeps the function's state.
        putCapability(PM_CAP, 0x01, MSIX_CAP, 0x0003);
        space.putShort(PM_CONTROL, (short) 0x0008, java.nio.ByteOrder.LITTLE_ENDIAN);
        // MSI-X: table size field = vectors - 1; table and PBA in BAR3 (BIR 3).
        putCapability(MSIX_CAP, 0x11, PCIE_CAP, config.msixVectors() - 1);
        space.putInt(MSIX_CAP + 4, MSIX_TABLE_OFFSET | 3, java.nio.ByteOrder.LITTLE_ENDIAN);
        space.putInt(MSIX_CAP + 8, MSIX_PBA_OFFSET | 3, java.nio.ByteOrder.LITTLE_ENDIAN);
        // PCIe: capability version 2, device/port type 0 (endpoint); DevCap: max payload 512 (code 2), FLR.
        putCapability(PCIE_CAP, 0x10, 0, 0x0002);
        space.putInt(PCIE_CAP + 4, 2 | PCIE_DEVCAP_FLR, java.nio.ByteOrder.LITTLE_ENDIAN);
        // Link capabilities / status: 8 GT/s (code 3), x8, as an XL710 (a PCIe 3.0 x8 part) trains.
        space.putInt(PCIE_CAP + 0x0C, 0x83, java.nio.ByteOrder.LITTLE_ENDIAN);
        space.putShort(PCIE_CAP + 0x12, (short) 0x83, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    private void putCapability(int at, int id, int next, int control) {
        space.putByte(at, (byte) id);
        space.putByte(at + 1, (byte) next);
        space.putShort(at + 2, (short) control, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /** Called (under the device lock) when the driver initiates a function-level reset through DevCtl. */
    void onFunctionLevelReset(Runnable listener) {
        this.flrListener = listener;
    }

    /**
     * The configuration side of a function-level reset: command register 0 (no decoding, no bus mastering), MSI-X
     * disabled, power state D0 (PCIe base spec 6.6.2: FLR returns the function's registers to their initial state).
     * Caller holds the device lock.
     */
    void functionReset() {
        space.putShort(COMMAND, (short) 0, java.nio.ByteOrder.LITTLE_ENDIAN);
        commandListener.accept(0);
        space.putShort(MSIX_CONTROL, (short) (space.getShort(MSIX_CONTROL, java.nio.ByteOrder.LITTLE_ENDIAN)
            & ~MSIX_CONTROL_WRITABLE), java.nio.ByteOrder.LITTLE_ENDIAN);
        space.putShort(PM_CONTROL, (short) 0x0008, java.nio.ByteOrder.LITTLE_ENDIAN);
        space.putShort(PCIE_DEVICE_CONTROL, (short) 0, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    void remove() {
        synchronized (lock) {
            removed = true;
        }
    }

    @Override
    public int read8(int offset) {
        synchronized (lock) {
            check(offset, 1);
            return removed ? 0xFF : space.getByte(offset) & 0xFF;
        }
    }

    @Override
    public int read16(int offset) {
        synchronized (lock) {
            check(offset, 2);
            return removed ? 0xFFFF : space.getShort(offset, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        }
    }

    @Override
    public int read32(int offset) {
        synchronized (lock) {
            check(offset, 4);
            return removed ? -1 : space.getInt(offset, java.nio.ByteOrder.LITTLE_ENDIAN);
        }
    }

    @Override
    public void write16(int offset, int value) {
        synchronized (lock) {
            check(offset, 2);
            if (!removed) {
                writeHalf(offset, value & 0xFFFF);
            }
        }
    }

    private void writeHalf(int offset, int value) {
        switch (offset) {
            case COMMAND:
                writeCommand(value);
                break;
            case PM_CONTROL:
                // PowerState (bits 1:0) writable; No_Soft_Reset stays.
                space.putShort(PM_CONTROL, (short) (0x0008 | (value & 0x3)), java.nio.ByteOrder.LITTLE_ENDIAN);
                break;
            case MSIX_CONTROL:
                final int control = space.getShort(MSIX_CONTROL, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                space.putShort(MSIX_CONTROL, (short) ((control & ~MSIX_CONTROL_WRITABLE)
                    | (value & MSIX_CONTROL_WRITABLE)), java.nio.ByteOrder.LITTLE_ENDIAN);
                break;
            case PCIE_DEVICE_CONTROL:
                space.putShort(PCIE_DEVICE_CONTROL, (short) (value & 0x7FFF), java.nio.ByteOrder.LITTLE_ENDIAN);
                if ((value & PCIE_DEVCTL_FLR) != 0) {
                    flrListener.run();
                }
                break;
            default:
                break;
        }
    }

    @Override
    public void write32(int offset, int value) {
        synchronized (lock) {
            check(offset, 4);
            if (removed) {
                return;
            }
            if (offset == BAR0) {
                final int sizeMask = (int) -bar0Size;
                space.putInt(BAR0, (value & sizeMask & ~0xF) | BAR0_FLAGS, java.nio.ByteOrder.LITTLE_ENDIAN);
            } else if (offset == BAR3) {
                space.putInt(BAR3, (value & -BAR3_SIZE & ~0xF) | BAR0_FLAGS, java.nio.ByteOrder.LITTLE_ENDIAN);
            } else if (offset == BAR0 + 4 || offset == BAR3 + 4) {
                // bar0Size and BAR3_SIZE are below 4 GiB: every upper-half bit is an address bit.
                space.putInt(offset, value, java.nio.ByteOrder.LITTLE_ENDIAN);
            } else if (offset == MSIX_CAP) {
                writeHalf(MSIX_CONTROL, value >>> 16);
            } else {
                writeHalf(offset, value & 0xFFFF);
            }
        }
    }

    private void writeCommand(int value) {
        final int old = space.getShort(COMMAND, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int next = (old & ~COMMAND_WRITABLE) | (value & COMMAND_WRITABLE);
        space.putShort(COMMAND, (short) next, java.nio.ByteOrder.LITTLE_ENDIAN);
        commandListener.accept(next);
    }

    private static void check(int offset, int size) {
        if (offset < 0 || offset > SIZE - size || (offset & (size - 1)) != 0) {
            throw new IllegalArgumentException("config space access of " + size + " bytes at 0x"
                + Integer.toHexString(offset) + " is unaligned or outside the 4096-byte space");
        }
    }
}
