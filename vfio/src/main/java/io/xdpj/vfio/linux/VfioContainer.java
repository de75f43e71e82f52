package io.xdpj.vfio.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import io.xdpj.vfio.DmaException;
import io.xdpj.vfio.IommuMapper;
import io.xdpj.vfio.VfioException;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A VFIO container ({@code /dev/vfio/vfio}, facts D.1): checks the API version and the IOMMU extensions, takes
 * the IOMMU type once a group is attached, reports the IOMMU's page sizes and IOVA ranges, and maps and unmaps
 * DMA (VFIO_IOMMU_MAP_DMA / UNMAP_DMA, facts D.2, D.3) as the {@link IommuMapper} of a real machine.
 *
 * <p>Thread-safe (one lock around the shared argument buffer); control path only.
 */
public final class VfioContainer implements IommuMapper, AutoCloseable {
    private final Syscalls sys;
    private final String path;
    private final int fd;
    private final NativeScratch scratch = new NativeScratch(4096);
    private int iommuType;
    private long pageSize = Mman.PAGE_SIZE;
    private boolean closed;

    private VfioContainer(Syscalls sys, String path, int fd) {
        this.sys = sys;
        this.path = path;
        this.fd = fd;
    }

    /**
     * Opens {@code devVfio/vfio} and checks VFIO_GET_API_VERSION (facts D.1, D.2).
     *
     * @throws VfioException if the file is missing (vfio not loaded), not accessible, or the API differs
     */
    public static VfioContainer open(Syscalls sys, Path devVfio) {
        final String path = devVfio.resolve("vfio").toString();
        final int fd = sys.open(path, Mman.O_RDWR | Mman.O_CLOEXEC);
        if (fd == -Errno.ENOENT) {
            throw new VfioException("no " + path + ": the vfio module is not loaded; run 'modprobe vfio-pci' (it"
                + " loads vfio) and check that the kernel is built with CONFIG_VFIO");
        }
        if (fd == -Errno.EACCES || fd == -Errno.EPERM) {
            throw new VfioException("permission denied opening " + path + ": the container file carries no"
                + " privileges of its own and is normally mode 0666 (facts D.1); run 'chmod 0666 " + path + "'");
        }
        if (fd < 0) {
            throw new VfioException("cannot open " + path + ": " + sys.describe(fd));
        }
        final VfioContainer container = new VfioContainer(sys, path, fd);
        final long version = sys.ioctl(fd, VfioIoctl.VFIO_GET_API_VERSION, 0);
        if (version != VfioIoctl.VFIO_API_VERSION) {
            sys.close(fd);
            throw new VfioException("VFIO_GET_API_VERSION on " + path + " returned " + version + ", expected "
                + VfioIoctl.VFIO_API_VERSION + "; this kernel's VFIO API is not the one this library speaks");
        }
        return container;
    }

    /** The container's file descriptor (for VFIO_GROUP_SET_CONTAINER). */
    int fd() {
        return fd;
    }

    /** VFIO_CHECK_EXTENSION: true if the container supports {@code extension} (facts D.2). */
    public synchronized boolean hasExtension(int extension) {
        return sys.ioctl(fd, VfioIoctl.VFIO_CHECK_EXTENSION, extension) > 0;
    }

    /**
     * The IOMMU type to use: TYPE1v2 when offered, else TYPE1; NOIOMMU when {@code noIommu}.
     *
     * @throws VfioException when the needed extension is missing, saying which module to load
     */
    public int chooseIommuType(boolean noIommu) {
        if (noIommu) {
            if (!hasExtension(VfioIoctl.VFIO_NOIOMMU_IOMMU)) {
                throw new VfioException(path + " does not offer VFIO_NOIOMMU_IOMMU: load vfio with"
                    + " enable_unsafe_noiommu_mode=1 on a kernel built with CONFIG_VFIO_NOIOMMU (facts D.1)");
            }
            return VfioIoctl.VFIO_NOIOMMU_IOMMU;
        }
        if (hasExtension(VfioIoctl.VFIO_TYPE1v2_IOMMU)) {
            return VfioIoctl.VFIO_TYPE1v2_IOMMU;
        }
        if (hasExtension(VfioIoctl.VFIO_TYPE1_IOMMU)) {
            return VfioIoctl.VFIO_TYPE1_IOMMU;
        }
        throw new VfioException(path + " supports neither VFIO_TYPE1_IOMMU nor VFIO_TYPE1v2_IOMMU: the"
            + " vfio_iommu_type1 module is not loaded; run 'modprobe vfio_iommu_type1' (vfio pulls it in only"
            + " through a softdep, which busybox modprobe ignores)");
    }

    /**
     * VFIO_SET_IOMMU (facts D.1: only after a group is attached).
     *
     * @throws VfioException with the fix for EPERM (no interrupt remapping) and ENODEV (type1 module missing)
     */
    public synchronized void setIommu(int type) {
        final long rc = sys.ioctl(fd, VfioIoctl.VFIO_SET_IOMMU, type);
        if (rc == -Errno.EPERM) {
            throw new VfioException("VFIO_SET_IOMMU(" + type + ") refused with EPERM: the platform has no interrupt"
                + " remapping, so vfio_iommu_type1 will not attach the group. Enable interrupt remapping (intel_iommu=on;"
                + " under QEMU -device intel-iommu,intremap=on) or, accepting the risk, load the module with"
                + " allow_unsafe_interrupts=1 ('modprobe vfio_iommu_type1 allow_unsafe_interrupts=1', or write 1 to"
                + " /sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts); dmesg shows the reason");
        }
        if (rc == -Errno.ENODEV || rc == -Errno.EINVAL) {
            throw new VfioException("VFIO_SET_IOMMU(" + type + ") failed: " + sys.describe(rc) + "; no IOMMU driver"
                + " accepted this type: run 'modprobe vfio_iommu_type1', and check that a group is attached first");
        }
        if (rc < 0) {
            throw new VfioException("VFIO_SET_IOMMU(" + type + ") failed: " + sys.describe(rc));
        }
        iommuType = type;
    }

    /** The IOMMU type set, 0 before {@link #setIommu}. */
    public synchronized int iommuType() {
        return iommuType;
    }

    /**
     * VFIO_IOMMU_GET_INFO with the capability chain (facts D.3): page sizes and valid IOVA ranges. Also fixes
     * {@link #pageSize()} to the smallest supported page.
     */
    public synchronized IommuInfo iommuInfo() {
        final UnsafeBuffer b = scratch.buffer;
        long address = scratch.cleared(scratch.capacity());
        b.putInt(VfioIommuType1Info.ARGSZ_OFFSET, VfioIommuType1Info.SIZE);
        long rc = sys.ioctl(fd, VfioIoctl.VFIO_IOMMU_GET_INFO, address);
        if (rc < 0) {
            throw new VfioException("VFIO_IOMMU_GET_INFO on " + path + " failed: " + sys.describe(rc)
                + "; is the IOMMU type set (VFIO_SET_IOMMU)?");
        }
        final int needed = b.getInt(VfioIommuType1Info.ARGSZ_OFFSET);
        // NB: a too-small argsz makes the kernel raise argsz to what the capabilities need (facts D.3); ask again.
        if (needed > VfioIommuType1Info.SIZE && needed <= scratch.capacity()) {
            address = scratch.cleared(scratch.capacity());
            b.putInt(VfioIommuType1Info.ARGSZ_OFFSET, needed);
            rc = sys.ioctl(fd, VfioIoctl.VFIO_IOMMU_GET_INFO, address);
            if (rc < 0) {
                throw new VfioException("VFIO_IOMMU_GET_INFO (argsz " + needed + ") failed: " + sys.describe(rc));
            }
        }
        final int flags = b.getInt(VfioIommuType1Info.FLAGS_OFFSET);
        final long sizes = (flags & VfioIommuType1Info.VFIO_IOMMU_INFO_PGSIZES) != 0
            ? b.getLong(VfioIommuType1Info.IOVA_PGSIZES_OFFSET) : 0;
        final IommuInfo info = parseRanges(b, flags, sizes);
        pageSize = info.minPageSize();
        return info;
    }

    private IommuInfo parseRanges(UnsafeBuffer b, int flags, long sizes) {
        int cap = (flags & VfioIommuType1Info.VFIO_IOMMU_INFO_CAPS) != 0
            ? b.getInt(VfioIommuType1Info.CAP_OFFSET_OFFSET) : 0;
        for (int hops = 0; cap != 0 && cap + 16 <= b.capacity() && hops < 16; hops++) {
            if ((b.getShort(cap + VfioIommuType1Info.CAP_ID_OFFSET) & 0xFFFF)
                == VfioIommuType1Info.VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE) {
                final int n = b.getInt(cap + VfioIommuType1Info.CAP_IOVA_RANGE_NR_IOVAS_OFFSET);
                final int first = cap + VfioIommuType1Info.CAP_IOVA_RANGE_RANGES_OFFSET;
                final int fit = Math.max(0, Math.min(n, (b.capacity() - first) / VfioIommuType1Info.IOVA_RANGE_SIZE));
                final long[] start = new long[fit];
                final long[] end = new long[fit];
                for (int i = 0; i < fit; i++) {
                    start[i] = b.getLong(first + i * VfioIommuType1Info.IOVA_RANGE_SIZE);
                    end[i] = b.getLong(first + i * VfioIommuType1Info.IOVA_RANGE_SIZE + 8);
                }
                return new IommuInfo(sizes, start, end);
            }
            cap = b.getInt(cap + VfioIommuType1Info.CAP_NEXT_OFFSET);
        }
        return new IommuInfo(sizes, new long[0], new long[0]);
    }

    @Override
    public synchronized void map(long vaddr, long iova, long length, int flags) {
        final UnsafeBuffer b = scratch.buffer;
        final long address = scratch.cleared(VfioIommuType1DmaMap.SIZE);
        b.putInt(VfioIommuType1DmaMap.ARGSZ_OFFSET, VfioIommuType1DmaMap.SIZE);
        b.putInt(VfioIommuType1DmaMap.FLAGS_OFFSET, flags);
        b.putLong(VfioIommuType1DmaMap.VADDR_OFFSET, vaddr);
        b.putLong(VfioIommuType1DmaMap.IOVA_OFFSET, iova);
        b.putLong(VfioIommuType1DmaMap.SIZE_OFFSET, length);
        final long rc = sys.ioctl(fd, VfioIoctl.VFIO_IOMMU_MAP_DMA, address);
        if (rc < 0) {
            throw mapFailure(rc, vaddr, iova, length);
        }
    }

    private DmaException mapFailure(long rc, long vaddr, long iova, long length) {
        final String what = String.format(Locale.ROOT, "VFIO_IOMMU_MAP_DMA(vaddr 0x%x, iova 0x%x, %d bytes) refused: %s",
            vaddr, iova, length, sys.describe(rc));
        if (rc == -Errno.ENOMEM) {
            return new DmaException(what + "; pinning the pages for the device exceeds this process's locked-memory"
                + " limit (" + memlockLimit() + "); raise it ('ulimit -l unlimited', LimitMEMLOCK=infinity for a"
                + " systemd service, or a memlock line in /etc/security/limits.conf) or grant CAP_IPC_LOCK");
        }
        if (rc == -Errno.EEXIST) {
            return new DmaException(what + "; the IOVA range overlaps an existing mapping: unmap it first or use"
                + " another IOVA");
        }
        if (rc == -Errno.EINVAL) {
            return new DmaException(what + "; check that vaddr, iova and size are aligned to the IOMMU page size ("
                + pageSize + ") and that the IOVA lies in the IOMMU's valid ranges (VFIO_IOMMU_GET_INFO)");
        }
        if (rc == -Errno.EPERM || rc == -Errno.ENODEV) {
            return new DmaException(what + "; is the container's IOMMU type set (VFIO_SET_IOMMU)? No-IOMMU"
                + " containers have no MAP_DMA (facts D.1)");
        }
        return new DmaException(what);
    }

    /** "Max locked memory" from /proc/self/limits, for the ENOMEM message. */
    static String memlockLimit() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/limits"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Max locked memory")) {
                    return "RLIMIT_MEMLOCK " + line.substring("Max locked memory".length()).trim()
                        .replaceAll("\\s+", " ");
                }
            }
        } catch (IOException e) {
            return "RLIMIT_MEMLOCK unknown: " + e.getMessage();
        }
        return "RLIMIT_MEMLOCK unknown";
    }

    @Override
    public synchronized void unmap(long iova, long length) {
        final UnsafeBuffer b = scratch.buffer;
        final long address = scratch.cleared(VfioIommuType1DmaUnmap.SIZE);
        b.putInt(VfioIommuType1DmaUnmap.ARGSZ_OFFSET, VfioIommuType1DmaUnmap.SIZE);
        b.putLong(VfioIommuType1DmaUnmap.IOVA_OFFSET, iova);
        b.putLong(VfioIommuType1DmaUnmap.SIZE_OFFSET, length);
        final long rc = sys.ioctl(fd, VfioIoctl.VFIO_IOMMU_UNMAP_DMA, address);
        if (rc < 0) {
            throw new DmaException(String.format(Locale.ROOT, "VFIO_IOMMU_UNMAP_DMA(iova 0x%x, %d bytes) failed: %s;"
                + " the range must match whole earlier mappings", iova, length, sys.describe(rc)));
        }
        // NB: type1 answers 0 and writes back size 0 when nothing was mapped there (facts D.2: size written back).
        final long unmapped = b.getLong(VfioIommuType1DmaUnmap.SIZE_OFFSET);
        if (unmapped != length) {
            throw new DmaException(String.format(Locale.ROOT, "VFIO_IOMMU_UNMAP_DMA(iova 0x%x, %d bytes) unmapped %d"
                + " bytes: no mapping of exactly that range exists", iova, length, unmapped));
        }
    }

    @Override
    public synchronized long pageSize() {
        return pageSize;
    }

    /** Closes the container fd (the kernel drops any mappings left). Idempotent. */
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
