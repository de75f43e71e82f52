package io.xdpj.vfio.linux;

import java.util.Locale;

import io.xdpj.vfio.PciConfig;
import io.xdpj.vfio.VfioException;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * PCI configuration space through the vfio-pci config region (index 7), read and written with pread/pwrite at
 * {@code region.offset + register} (facts D.4, D.5). Little-endian, like PCI config space.
 */
public final class VfioPciConfig implements PciConfig {
    private final VfioDevice device;
    private final VfioDevice.Region region;
    private final NativeScratch scratch = new NativeScratch(8);

    VfioPciConfig(VfioDevice device, VfioDevice.Region region) {
        this.device = device;
        this.region = region;
    }

    @Override
    public int read8(int offset) {
        return read(offset, 1) & 0xFF;
    }

    @Override
    public int read16(int offset) {
        return read(offset, 2) & 0xFFFF;
    }

    @Override
    public int read32(int offset) {
        return read(offset, 4);
    }

    @Override
    public void write16(int offset, int value) {
        write(offset, 2, value);
    }

    @Override
    public void write32(int offset, int value) {
        write(offset, 4, value);
    }

    /**
     * Sets COMMAND.BUS_MASTER (and MEMORY) so the device may DMA and answer BAR accesses (facts D.5: read 2 bytes
     * at 4, OR bit 2, write back). Returns the command register as written.
     */
    public int enableBusMaster() {
        final int command = read16(COMMAND) | COMMAND_BUS_MASTER | COMMAND_MEMORY;
        write16(COMMAND, command);
        return command;
    }

    /** Clears COMMAND.BUS_MASTER: the device stops mastering DMA (done on close before DMA memory is freed). */
    public void disableBusMaster() {
        write16(COMMAND, read16(COMMAND) & ~COMMAND_BUS_MASTER);
    }

    private synchronized int read(int offset, int width) {
        check(offset, width);
        final UnsafeBuffer b = scratch.buffer;
        final long rc = device.pread(scratch.cleared(8), width, region.offset + offset);
        if (rc != width) {
            throw failure("read", offset, width, rc);
        }
        return width == 1 ? b.getByte(0) : width == 2 ? b.getShort(0) : b.getInt(0);
    }

    private synchronized void write(int offset, int width, int value) {
        check(offset, width);
        final UnsafeBuffer b = scratch.buffer;
        final long address = scratch.cleared(8);
        if (width == 2) {
            b.putShort(0, (short) value);
        } else {
            b.putInt(0, value);
        }
        final long rc = device.pwrite(address, width, region.offset + offset);
        if (rc != width) {
            throw failure("write", offset, width, rc);
        }
    }

    private void check(int offset, int width) {
        if (offset < 0 || (offset & (width - 1)) != 0 || offset + width > region.size) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                "config access of %d bytes at 0x%x is unaligned or outside the %d-byte config space of %s", width,
                offset, region.size, device.name()));
        }
    }

    private VfioException failure(String op, int offset, int width, long rc) {
        return new VfioException(String.format(Locale.ROOT, "config space %s of %d bytes at 0x%x on %s failed: %s",
            op, width, offset, device.name(), rc < 0 ? device.syscalls().describe(rc) : "short transfer " + rc));
    }
}
