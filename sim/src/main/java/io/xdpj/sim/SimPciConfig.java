package io.xdpj.sim;

import io.xdpj.vfio.PciConfig;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The simulated function's PCI configuration space (4 KiB), as a device looks once vfio-pci has opened it: vendor
 * 0x8086 and the configured device id (facts 1.1), memory decoding on and bus mastering off (the driver turns it on,
 * as Linux and iPXE do), class 0x02 (network), BAR0 a 64-bit prefetchable memory BAR of the configured size (facts
 * 1.3). Writable: the command register (bits 0..10) and BAR0/BAR0-high (sizing: writing all ones reads back the size
 * mask). Everything else is read-only. Changes to the bus-master bit are handed to the model, which stops all DMA
 * while it is off. After surprise removal every read returns all ones.
 *
 * <p>Guarded by the device lock.
 */
public final class SimPciConfig implements PciConfig {

    /** BAR0 address the model reports (aligned to any BAR size up to 128 MiB; an address has no meaning here). */
    static final long BAR0_ADDRESS = 0xF800_0000L;
    private static final int BAR0_FLAGS = 0b1100; // 64-bit (bits 2:1 = 10), prefetchable (bit 3)
    private static final int COMMAND_WRITABLE = 0x07FF;
    private static final int SIZE = 4096;

    private final Object lock;
    private final UnsafeBuffer space = new UnsafeBuffer(new byte[SIZE]);
    private final long bar0Size;
    private final java.util.function.IntConsumer commandListener;
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
            if (!removed && offset == COMMAND) {
                writeCommand(value);
            }
        }
    }

    @Override
    public void write32(int offset, int value) {
        synchronized (lock) {
            check(offset, 4);
            if (removed) {
                return;
            }
            if (offset == COMMAND) {
                writeCommand(value & 0xFFFF);
            } else if (offset == BAR0) {
                final int sizeMask = (int) -bar0Size;
                space.putInt(BAR0, (value & sizeMask & ~0xF) | BAR0_FLAGS, java.nio.ByteOrder.LITTLE_ENDIAN);
            } else if (offset == BAR0 + 4) {
                space.putInt(BAR0 + 4, value, java.nio.ByteOrder.LITTLE_ENDIAN);
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
