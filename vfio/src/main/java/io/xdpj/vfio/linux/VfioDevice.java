package io.xdpj.vfio.linux;

import java.util.Locale;

import io.xdpj.vfio.VfioException;

/**
 * A VFIO device file descriptor (from VFIO_GROUP_GET_DEVICE_FD): device and region info, reset, region mmap and
 * pread/pwrite (facts D.2 to D.4).
 */
public final class VfioDevice implements AutoCloseable {

    /** VFIO_DEVICE_GET_INFO's answer (facts D.3). */
    public static final class Info {
        public final int flags;
        public final int numRegions;
        public final int numIrqs;

        Info(int flags, int numRegions, int numIrqs) {
            this.flags = flags;
            this.numRegions = numRegions;
            this.numIrqs = numIrqs;
        }

        public boolean canReset() {
            return (flags & VfioDeviceInfo.VFIO_DEVICE_FLAGS_RESET) != 0;
        }

        public boolean isPci() {
            return (flags & VfioDeviceInfo.VFIO_DEVICE_FLAGS_PCI) != 0;
        }
    }

    /** VFIO_DEVICE_GET_REGION_INFO's answer for one region index (facts D.3, D.4). */
    public static final class Region {
        public final int index;
        public final int flags;
        public final long size;
        public final long offset;

        Region(int index, int flags, long size, long offset) {
            this.index = index;
            this.flags = flags;
            this.size = size;
            this.offset = offset;
        }

        public boolean mappable() {
            return (flags & VfioRegionInfo.VFIO_REGION_INFO_FLAG_MMAP) != 0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "region %d: size 0x%x, offset 0x%x, flags 0x%x", index, size, offset,
                flags);
        }
    }

    private final Syscalls sys;
    private final String name;
    private final int fd;
    private final NativeScratch scratch = new NativeScratch(64);
    private boolean closed;

    public VfioDevice(Syscalls sys, String name, int fd) {
        this.sys = sys;
        this.name = name;
        this.fd = fd;
    }

    public String name() {
        return name;
    }

    int fd() {
        return fd;
    }

    Syscalls syscalls() {
        return sys;
    }

    /** VFIO_DEVICE_GET_INFO (facts D.3). */
    public synchronized Info info() {
        final long address = scratch.cleared(VfioDeviceInfo.SIZE);
        scratch.buffer.putInt(VfioDeviceInfo.ARGSZ_OFFSET, VfioDeviceInfo.SIZE);
        final long rc = sys.ioctl(fd, VfioIoctl.VFIO_DEVICE_GET_INFO, address);
        if (rc < 0) {
            throw new VfioException("VFIO_DEVICE_GET_INFO on " + name + " failed: " + sys.describe(rc));
        }
        return new Info(scratch.buffer.getInt(VfioDeviceInfo.FLAGS_OFFSET),
            scratch.buffer.getInt(VfioDeviceInfo.NUM_REGIONS_OFFSET), scratch.buffer.getInt(VfioDeviceInfo.NUM_IRQS_OFFSET));
    }

    /** VFIO_DEVICE_GET_REGION_INFO for {@code index} (facts D.3, D.4). */
    public synchronized Region regionInfo(int index) {
        final long address = scratch.cleared(VfioRegionInfo.SIZE);
        scratch.buffer.putInt(VfioRegionInfo.ARGSZ_OFFSET, VfioRegionInfo.SIZE);
        scratch.buffer.putInt(VfioRegionInfo.INDEX_OFFSET, index);
        final long rc = sys.ioctl(fd, VfioIoctl.VFIO_DEVICE_GET_REGION_INFO, address);
        if (rc < 0) {
            throw new VfioException("VFIO_DEVICE_GET_REGION_INFO(" + index + ") on " + name + " failed: "
                + sys.describe(rc));
        }
        return new Region(index, scratch.buffer.getInt(VfioRegionInfo.FLAGS_OFFSET),
            scratch.buffer.getLong(VfioRegionInfo.SIZE_OFFSET), scratch.buffer.getLong(VfioRegionInfo.OFFSET_OFFSET));
    }

    /**
     * VFIO_DEVICE_RESET (function-level or other reset the kernel picks).
     *
     * @throws VfioException if the device offers no reset (info flag RESET clear) or the reset fails
     */
    public void reset() {
        final long rc = sys.ioctl(fd, VfioIoctl.VFIO_DEVICE_RESET, 0);
        if (rc < 0) {
            throw new VfioException("VFIO_DEVICE_RESET on " + name + " failed: " + sys.describe(rc)
                + "; VFIO_DEVICE_GET_INFO says whether the device can reset (flag RESET)");
        }
    }

    /**
     * Maps a region read/write, shared (facts D.4).
     *
     * @return the mapping's address
     * @throws VfioException "BAR not mappable" when the region is absent, lacks FLAG_MMAP, or mmap fails
     */
    public long mmap(Region region) {
        if (region.size == 0) {
            throw new VfioException("BAR " + region.index + " of " + name + " is absent (size 0): the device has no "
                + "such BAR; nothing to map");
        }
        if (!region.mappable()) {
            throw new VfioException("BAR " + region.index + " of " + name + " is not mappable: vfio-pci does not offer"
                + " mmap for it (" + region + "); a BAR smaller than a page, or one the kernel keeps for itself, can"
                + " only be reached with pread/pwrite");
        }
        final long address = sys.mmap(0, region.size, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, fd,
            region.offset);
        if (address < 0) {
            throw new VfioException("mmap of BAR " + region.index + " of " + name + " (" + region + ") failed: "
                + sys.describe(address) + "; the BAR is not mappable as a whole (an MSI-X table inside it, or a"
                + " sparse-mmap region, facts D.4)");
        }
        return address;
    }

    /** Reads {@code count} bytes at {@code offset} of the device fd into native memory at {@code buffer}. */
    long pread(long buffer, int count, long offset) {
        return sys.pread(fd, buffer, count, offset);
    }

    /** Writes {@code count} bytes from native memory at {@code buffer} to {@code offset} of the device fd. */
    long pwrite(long buffer, int count, long offset) {
        return sys.pwrite(fd, buffer, count, offset);
    }

    /** Closes the device fd. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            final int rc = sys.close(fd);
            if (rc < 0) {
                throw new VfioException("closing the device fd of " + name + " failed: " + sys.describe(rc));
            }
        }
    }
}
