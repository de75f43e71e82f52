package io.xdpj.vfio.linux;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.xdpj.vfio.VfioException;

/**
 * A VFIO group file ({@code /dev/vfio/<group>}, or {@code /dev/vfio/noiommu-<group>} in no-IOMMU mode; facts
 * D.1): status and viability, attaching to a container, and handing out device file descriptors.
 */
public final class VfioGroup implements AutoCloseable {
    private final Syscalls sys;
    private final String path;
    private final int group;
    private final int fd;
    private final NativeScratch scratch = new NativeScratch(256);
    private boolean containerSet;
    private boolean closed;

    private VfioGroup(Syscalls sys, String path, int group, int fd) {
        this.sys = sys;
        this.path = path;
        this.group = group;
        this.fd = fd;
    }

    /** The group file's path: {@code devVfio/<group>} or {@code devVfio/noiommu-<group>} (facts D.1). */
    public static Path path(Path devVfio, int group, boolean noIommu) {
        return devVfio.resolve((noIommu ? "noiommu-" : "") + group);
    }

    /**
     * Opens the group file.
     *
     * @throws VfioException naming the fix: bind the device (no file), permissions (EACCES), already open (EBUSY)
     */
    public static VfioGroup open(Syscalls sys, Path devVfio, int group, boolean noIommu) {
        final String path = path(devVfio, group, noIommu).toString();
        final int fd = sys.open(path, Mman.O_RDWR | Mman.O_CLOEXEC);
        if (fd == -Errno.ENOENT) {
            throw new VfioException("no " + path + ": no device of IOMMU group " + group + " is bound to vfio-pci;"
                + " bind the device first (VfioPciBinder.bindToVfio, or driver_override + unbind + drivers_probe,"
                + " facts D.6)");
        }
        if (fd == -Errno.EACCES || fd == -Errno.EPERM) {
            throw new VfioException("permission denied opening " + path + ": run as root, or give this user the"
                + " group file ('chown USER " + path + "', facts D.6)"
                + (noIommu ? "; no-IOMMU groups also need CAP_SYS_RAWIO (facts D.1)" : ""));
        }
        if (fd == -Errno.EBUSY) {
            throw new VfioException(path + " is busy: VFIO lets one process open a group at a time; is another"
                + " driver instance (or a VM) using IOMMU group " + group + "?");
        }
        if (fd < 0) {
            throw new VfioException("cannot open " + path + ": " + sys.describe(fd));
        }
        return new VfioGroup(sys, path, group, fd);
    }

    public int group() {
        return group;
    }

    /** VFIO_GROUP_GET_STATUS flags (facts D.3). */
    public synchronized int status() {
        final long address = scratch.cleared(VfioGroupStatus.SIZE);
        scratch.buffer.putInt(VfioGroupStatus.ARGSZ_OFFSET, VfioGroupStatus.SIZE);
        final long rc = sys.ioctl(fd, VfioIoctl.VFIO_GROUP_GET_STATUS, address);
        if (rc < 0) {
            throw new VfioException("VFIO_GROUP_GET_STATUS on " + path + " failed: " + sys.describe(rc));
        }
        return scratch.buffer.getInt(VfioGroupStatus.FLAGS_OFFSET);
    }

    /** True if every device in the group is bound to a vfio driver or to none (facts D.1, D.3). */
    public boolean viable() {
        return (status() & VfioGroupStatus.VFIO_GROUP_FLAGS_VIABLE) != 0;
    }

    /** VFIO_GROUP_SET_CONTAINER with a pointer to the container's fd (facts D.2). */
    public synchronized void setContainer(VfioContainer container) {
        final long address = scratch.cleared(4);
        scratch.buffer.putInt(0, container.fd());
        final long rc = sys.ioctl(fd, VfioIoctl.VFIO_GROUP_SET_CONTAINER, address);
        if (rc < 0) {
            throw new VfioException("VFIO_GROUP_SET_CONTAINER(" + path + " -> " + container + ") failed: "
                + sys.describe(rc) + "; the group must be viable and not attached to another container");
        }
        containerSet = true;
    }

    /** VFIO_GROUP_UNSET_CONTAINER (facts D.2); a no-op if the group was never attached. */
    public synchronized void unsetContainer() {
        if (!containerSet) {
            return;
        }
        containerSet = false;
        final long rc = sys.ioctl(fd, VfioIoctl.VFIO_GROUP_UNSET_CONTAINER, 0);
        if (rc < 0) {
            throw new VfioException("VFIO_GROUP_UNSET_CONTAINER on " + path + " failed: " + sys.describe(rc));
        }
    }

    /**
     * VFIO_GROUP_GET_DEVICE_FD with the device's PCI address as its name (facts D.2).
     *
     * @throws VfioException if the device is not in this group or not bound to vfio-pci
     */
    public synchronized int openDeviceFd(String deviceName) {
        final byte[] name = deviceName.getBytes(StandardCharsets.US_ASCII);
        final long address = scratch.cleared(name.length + 1);
        scratch.buffer.putBytes(0, name);
        final long rc = sys.ioctl(fd, VfioIoctl.VFIO_GROUP_GET_DEVICE_FD, address);
        if (rc < 0) {
            throw new VfioException("VFIO_GROUP_GET_DEVICE_FD(" + deviceName + ") on " + path + " failed: "
                + sys.describe(rc) + "; is " + deviceName + " a member of IOMMU group " + group + " (readlink"
                + " /sys/bus/pci/devices/" + deviceName + "/iommu_group) and bound to vfio-pci?");
        }
        return (int) rc;
    }

    /** Closes the group fd. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            final int rc = sys.close(fd);
            if (rc < 0) {
                throw new VfioException("closing " + path + " failed: " + sys.describe(rc));
            }
        }
    }

    @Override
    public String toString() {
        return path + " (fd " + fd + ")";
    }
}
