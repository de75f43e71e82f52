package io.xdpj.vfio.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A fake of the kernel side of VFIO for tests on a machine without VFIO: answers the container, group and device
 * ioctls the way linux/vfio.h describes (facts D.2, D.3), backs BAR and hugepage mmaps with ordinary anonymous
 * memory from the real kernel, and keeps a config space. It records every call in {@link #log}, can fail a chosen
 * call with an errno ({@link #failOn}), and keeps a ledger of acquired resources that must be released in reverse
 * order ({@link #violations}).
 */
final class FakeVfioKernel implements Syscalls {
    static final int CONTAINER_FD = 100;
    static final int GROUP_FD = 101;
    static final int DEVICE_FD = 102;
    static final long CONFIG_OFFSET = 7L << 40; // facts D.4: vfio-pci region N at N << 40
    static final long PGSIZES = 0x40201000L;    // 4 KiB | 2 MiB | 1 GiB (bed reference: iova_pgsizes=0x40201000)
    static final int BAR0_SIZE = 0x20000;
    /** Do not reserve swap for the fake's memory (facts D.8). */
    static final int MAP_NORESERVE = 0x4000;

    private final Syscalls real = JnrSyscalls.get();
    final String devVfio;
    final int group;
    final String deviceName;
    final List<String> log = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    final Deque<String> ledger = new ArrayDeque<>();
    final Set<Integer> extensions = new HashSet<>(List.of(VfioIoctl.VFIO_TYPE1_IOMMU, VfioIoctl.VFIO_TYPE1v2_IOMMU));
    final Map<Long, long[]> mappings = new LinkedHashMap<>(); // iova -> {vaddr, size}
    final byte[] config = new byte[256];
    boolean viable = true;
    int bar0Flags = VfioRegionInfo.VFIO_REGION_INFO_FLAG_READ | VfioRegionInfo.VFIO_REGION_INFO_FLAG_WRITE
        | VfioRegionInfo.VFIO_REGION_INFO_FLAG_MMAP;
    private final Map<Long, Long> mmapSizes = new LinkedHashMap<>();
    private String failPrefix;
    private int failErrno;
    private boolean containerSet;
    private int pagemapFd = -1;
    /** Serve the group as /dev/vfio/noiommu-N and offer only the NOIOMMU container type (facts D.1). */
    boolean noIommu;

    FakeVfioKernel(String devVfio, int group, String deviceName, int vendor, int device) {
        this.devVfio = devVfio;
        this.group = group;
        this.deviceName = deviceName;
        final UnsafeBuffer c = new UnsafeBuffer(config);
        c.putShort(0, (short) vendor);
        c.putShort(2, (short) device);
        c.putShort(4, (short) 0x0103); // IO | MEMORY | INTx disable, bus master off (bed reference after open)
    }

    /** The next call whose log line starts with {@code prefix} fails with {@code -errno}. */
    void failOn(String prefix, int errno) {
        failPrefix = prefix;
        failErrno = errno;
    }

    private boolean failing(String line) {
        if (failPrefix != null && line.startsWith(failPrefix)) {
            failPrefix = null;
            log.add(line + " -> -" + failErrno);
            return true;
        }
        log.add(line);
        return false;
    }

    private void acquire(String token) {
        ledger.push(token);
    }

    private void release(String token) {
        if (ledger.isEmpty() || !ledger.peek().equals(token)) {
            violations.add("released " + token + " while the newest acquisition is " + ledger.peek());
            ledger.remove(token);
        } else {
            ledger.pop();
        }
    }

    @Override
    public int open(String path, int flags) {
        if (path.equals("/proc/self/pagemap")) {
            log.add("open pagemap");
            pagemapFd = real.open(path, flags); // the real kernel's: no-IOMMU mode needs true physical addresses
            return pagemapFd;
        }
        final String name = path.equals(devVfio + "/vfio") ? "container"
            : path.equals(devVfio + "/" + (noIommu ? "noiommu-" : "") + group) ? "group" : "other " + path;
        if (failing("open " + name)) {
            return -failErrno;
        }
        switch (name) {
            case "container":
                acquire("container");
                return CONTAINER_FD;
            case "group":
                acquire("group");
                return GROUP_FD;
            default:
                return -Errno.ENOENT;
        }
    }

    private static String fdName(int fd) {
        return fd == CONTAINER_FD ? "container" : fd == GROUP_FD ? "group" : fd == DEVICE_FD ? "device" : "fd " + fd;
    }

    @Override
    public int close(int fd) {
        if (fd == pagemapFd) {
            log.add("close pagemap");
            pagemapFd = -1;
            return real.close(fd);
        }
        if (failing("close " + fdName(fd))) {
            return -failErrno;
        }
        release(fdName(fd));
        return 0;
    }

    @Override
    public long ioctl(int fd, long request, long arg) {
        final String name = VfioIoctl.name(request);
        final String line = "ioctl " + name + describeArg(request, arg);
        if (failing(line)) {
            return -failErrno;
        }
        final UnsafeBuffer b = new UnsafeBuffer(arg, 64);
        switch (name) {
            case "VFIO_GET_API_VERSION":
                return VfioIoctl.VFIO_API_VERSION;
            case "VFIO_CHECK_EXTENSION":
                return extensions.contains((int) arg) ? 1 : 0;
            case "VFIO_SET_IOMMU":
                return containerSet && (arg == VfioIoctl.VFIO_NOIOMMU_IOMMU) == noIommu ? 0 : -Errno.EINVAL;
            case "VFIO_GROUP_GET_STATUS":
                b.putInt(VfioGroupStatus.FLAGS_OFFSET, (viable ? VfioGroupStatus.VFIO_GROUP_FLAGS_VIABLE : 0)
                    | (containerSet ? VfioGroupStatus.VFIO_GROUP_FLAGS_CONTAINER_SET : 0));
                return 0;
            case "VFIO_GROUP_SET_CONTAINER":
                if (b.getInt(0) != CONTAINER_FD) {
                    return -Errno.EINVAL;
                }
                containerSet = true;
                acquire("attach");
                return 0;
            case "VFIO_GROUP_UNSET_CONTAINER":
                containerSet = false;
                release("attach");
                return 0;
            case "VFIO_GROUP_GET_DEVICE_FD":
                if (!readString(arg).equals(deviceName)) {
                    return -Errno.EINVAL;
                }
                acquire("device");
                return DEVICE_FD;
            case "VFIO_DEVICE_GET_INFO":
                b.putInt(VfioDeviceInfo.FLAGS_OFFSET, VfioDeviceInfo.VFIO_DEVICE_FLAGS_RESET
                    | VfioDeviceInfo.VFIO_DEVICE_FLAGS_PCI);
                b.putInt(VfioDeviceInfo.NUM_REGIONS_OFFSET, VfioIoctl.VFIO_PCI_NUM_REGIONS);
                b.putInt(VfioDeviceInfo.NUM_IRQS_OFFSET, 5);
                return 0;
            case "VFIO_DEVICE_GET_REGION_INFO":
                return regionInfo(b);
            case "VFIO_DEVICE_RESET":
                return 0;
            case "VFIO_IOMMU_GET_INFO":
                return iommuInfo(arg);
            case "VFIO_IOMMU_MAP_DMA":
                return noIommu ? -Errno.EINVAL : mapDma(b); // no-IOMMU has no MAP_DMA (facts D.1)
            case "VFIO_IOMMU_UNMAP_DMA":
                return unmapDma(b);
            default:
                return -Errno.EINVAL;
        }
    }

    private static String describeArg(long request, long arg) {
        if (request == VfioIoctl.VFIO_IOMMU_MAP_DMA) {
            final UnsafeBuffer b = new UnsafeBuffer(arg, VfioIommuType1DmaMap.SIZE);
            return String.format(Locale.ROOT, " iova=0x%x size=0x%x", b.getLong(VfioIommuType1DmaMap.IOVA_OFFSET),
                b.getLong(VfioIommuType1DmaMap.SIZE_OFFSET));
        }
        if (request == VfioIoctl.VFIO_IOMMU_UNMAP_DMA) {
            final UnsafeBuffer b = new UnsafeBuffer(arg, VfioIommuType1DmaUnmap.SIZE);
            return String.format(Locale.ROOT, " iova=0x%x size=0x%x", b.getLong(VfioIommuType1DmaUnmap.IOVA_OFFSET),
                b.getLong(VfioIommuType1DmaUnmap.SIZE_OFFSET));
        }
        if (request == VfioIoctl.VFIO_CHECK_EXTENSION || request == VfioIoctl.VFIO_SET_IOMMU) {
            return " " + arg;
        }
        if (request == VfioIoctl.VFIO_DEVICE_GET_REGION_INFO) {
            return " " + new UnsafeBuffer(arg, VfioRegionInfo.SIZE).getInt(VfioRegionInfo.INDEX_OFFSET);
        }
        return "";
    }

    private static String readString(long address) {
        final UnsafeBuffer b = new UnsafeBuffer(address, 64);
        int n = 0;
        while (n < 64 && b.getByte(n) != 0) {
            n++;
        }
        final byte[] bytes = new byte[n];
        b.getBytes(0, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private long regionInfo(UnsafeBuffer b) {
        final int index = b.getInt(VfioRegionInfo.INDEX_OFFSET);
        if (index == VfioIoctl.VFIO_PCI_BAR0_REGION_INDEX) {
            b.putInt(VfioRegionInfo.FLAGS_OFFSET, bar0Flags);
            b.putLong(VfioRegionInfo.SIZE_OFFSET, BAR0_SIZE);
            b.putLong(VfioRegionInfo.OFFSET_OFFSET, 0);
        } else if (index == VfioIoctl.VFIO_PCI_CONFIG_REGION_INDEX) {
            b.putInt(VfioRegionInfo.FLAGS_OFFSET, VfioRegionInfo.VFIO_REGION_INFO_FLAG_READ
                | VfioRegionInfo.VFIO_REGION_INFO_FLAG_WRITE);
            b.putLong(VfioRegionInfo.SIZE_OFFSET, config.length);
            b.putLong(VfioRegionInfo.OFFSET_OFFSET, CONFIG_OFFSET);
        } else {
            b.putInt(VfioRegionInfo.FLAGS_OFFSET, 0);
            b.putLong(VfioRegionInfo.SIZE_OFFSET, 0);
            b.putLong(VfioRegionInfo.OFFSET_OFFSET, (long) index << 40);
        }
        return 0;
    }

    /** Like type1: a too-small argsz gets PGSIZES|CAPS, cap_offset 0 and the needed argsz (facts D.3). */
    private long iommuInfo(long arg) {
        final int needed = VfioIommuType1Info.SIZE + VfioIommuType1Info.CAP_IOVA_RANGE_RANGES_OFFSET
            + 2 * VfioIommuType1Info.IOVA_RANGE_SIZE;
        final UnsafeBuffer b = new UnsafeBuffer(arg, needed);
        final int argsz = b.getInt(VfioIommuType1Info.ARGSZ_OFFSET);
        b.putInt(VfioIommuType1Info.FLAGS_OFFSET, VfioIommuType1Info.VFIO_IOMMU_INFO_PGSIZES
            | VfioIommuType1Info.VFIO_IOMMU_INFO_CAPS);
        b.putLong(VfioIommuType1Info.IOVA_PGSIZES_OFFSET, PGSIZES);
        if (argsz < needed) {
            b.putInt(VfioIommuType1Info.ARGSZ_OFFSET, needed);
            b.putInt(VfioIommuType1Info.CAP_OFFSET_OFFSET, 0);
            return 0;
        }
        final int cap = VfioIommuType1Info.SIZE;
        b.putInt(VfioIommuType1Info.CAP_OFFSET_OFFSET, cap);
        b.putShort(cap + VfioIommuType1Info.CAP_ID_OFFSET, (short) VfioIommuType1Info.VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE);
        b.putShort(cap + 2, (short) 1);
        b.putInt(cap + VfioIommuType1Info.CAP_NEXT_OFFSET, 0);
        b.putInt(cap + VfioIommuType1Info.CAP_IOVA_RANGE_NR_IOVAS_OFFSET, 2);
        final int r = cap + VfioIommuType1Info.CAP_IOVA_RANGE_RANGES_OFFSET;
        b.putLong(r, 0);
        b.putLong(r + 8, 0xFEDF_FFFFL);                 // below the x86 MSI window
        b.putLong(r + 16, 0xFEF0_0000L);
        b.putLong(r + 24, (1L << 39) - 1);             // a 39-bit aperture
        return 0;
    }

    private long mapDma(UnsafeBuffer b) {
        final long vaddr = b.getLong(VfioIommuType1DmaMap.VADDR_OFFSET);
        final long iova = b.getLong(VfioIommuType1DmaMap.IOVA_OFFSET);
        final long size = b.getLong(VfioIommuType1DmaMap.SIZE_OFFSET);
        for (Map.Entry<Long, long[]> m : mappings.entrySet()) {
            if (iova < m.getKey() + m.getValue()[1] && m.getKey() < iova + size) {
                return -Errno.EEXIST;
            }
        }
        mappings.put(iova, new long[] {vaddr, size});
        acquire(String.format(Locale.ROOT, "dma 0x%x", iova));
        return 0;
    }

    private long unmapDma(UnsafeBuffer b) {
        final long iova = b.getLong(VfioIommuType1DmaUnmap.IOVA_OFFSET);
        final long size = b.getLong(VfioIommuType1DmaUnmap.SIZE_OFFSET);
        final long[] m = mappings.get(iova);
        if (m == null || m[1] != size) {
            b.putLong(VfioIommuType1DmaUnmap.SIZE_OFFSET, 0);
            return 0;
        }
        mappings.remove(iova);
        release(String.format(Locale.ROOT, "dma 0x%x", iova));
        return 0;
    }

    @Override
    public long mmap(long address, long length, int prot, int flags, int fd, long offset) {
        final boolean huge = (flags & Mman.MAP_HUGETLB) != 0;
        // hugetlb mappings are logged with their log2 page size from the MAP_HUGE_* bits (facts D.8): hugetlb21 = 2 MiB
        final String what = fd == DEVICE_FD ? "bar" + (offset >>> 40)
            : huge ? "hugetlb" + ((flags >>> Mman.MAP_HUGE_SHIFT) & 0x3F) : "anonymous";
        if (failing(String.format(Locale.ROOT, "mmap %s 0x%x", what, length))) {
            return -failErrno;
        }
        final long result = real.mmap(0, length, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE
            | Mman.MAP_ANONYMOUS | (huge && noIommu ? Mman.MAP_POPULATE : MAP_NORESERVE), -1, 0);
        if (result > 0) {
            mmapSizes.put(result, length);
            acquire(String.format(Locale.ROOT, "mem 0x%x", result));
        }
        return result;
    }

    @Override
    public int munmap(long address, long length) {
        if (failing(String.format(Locale.ROOT, "munmap 0x%x", length))) {
            return -failErrno;
        }
        release(String.format(Locale.ROOT, "mem 0x%x", address));
        mmapSizes.remove(address);
        return real.munmap(address, length);
    }

    @Override
    public int mlock(long address, long length) {
        if (failing(String.format(Locale.ROOT, "mlock 0x%x", length))) {
            return -failErrno;
        }
        acquire(String.format(Locale.ROOT, "lock 0x%x", address));
        return 0;
    }

    @Override
    public int munlock(long address, long length) {
        if (failing(String.format(Locale.ROOT, "munlock 0x%x", length))) {
            return -failErrno;
        }
        release(String.format(Locale.ROOT, "lock 0x%x", address));
        return 0;
    }

    @Override
    public long pread(int fd, long buffer, long count, long offset) {
        if (fd == pagemapFd) {
            return real.pread(fd, buffer, count, offset);
        }
        final int reg = (int) (offset - CONFIG_OFFSET);
        if (failing(String.format(Locale.ROOT, "pread config 0x%x %d", reg, count))) {
            return -failErrno;
        }
        new UnsafeBuffer(buffer, (int) count).putBytes(0, config, reg, (int) count);
        return count;
    }

    @Override
    public long pwrite(int fd, long buffer, long count, long offset) {
        final int reg = (int) (offset - CONFIG_OFFSET);
        if (failing(String.format(Locale.ROOT, "pwrite config 0x%x %d", reg, count))) {
            return -failErrno;
        }
        new UnsafeBuffer(buffer, (int) count).getBytes(0, config, reg, (int) count);
        return count;
    }

    @Override
    public String strerror(int errno) {
        return real.strerror(errno);
    }

    int command() {
        return new UnsafeBuffer(config).getShort(4) & 0xFFFF;
    }

    /** Frees anything a test left mapped (after a deliberately failed release). */
    void freeLeftovers() {
        for (Map.Entry<Long, Long> m : new ArrayList<>(mmapSizes.entrySet())) {
            real.munmap(m.getKey(), m.getValue());
        }
        mmapSizes.clear();
    }
}
