package io.xdpj.vfio.linux;

/** mmap/open constants for x86-64 Linux with glibc (facts D.8, local probe against linux-libc-dev 6.1). */
public final class Mman {
    /** Pages may be read (facts D.8). */
    public static final int PROT_READ = 0x1;
    /** Pages may be written (facts D.8). */
    public static final int PROT_WRITE = 0x2;
    /** Share the mapping (facts D.8). */
    public static final int MAP_SHARED = 0x1;
    /** Private copy-on-write mapping (facts D.8). */
    public static final int MAP_PRIVATE = 0x2;
    /** Not backed by a file (facts D.8). */
    public static final int MAP_ANONYMOUS = 0x20;
    /** Fault every page in at mmap time (facts D.8). */
    public static final int MAP_POPULATE = 0x8000;
    /** Back the mapping with huge pages from the hugetlb pool (facts D.8). */
    public static final int MAP_HUGETLB = 0x40000;
    /** Shift of the log2 page size in the flags when MAP_HUGETLB is set (facts D.8). */
    public static final int MAP_HUGE_SHIFT = 26;
    /** 2 MiB huge pages: 21 &lt;&lt; 26 (facts D.8). */
    public static final int MAP_HUGE_2MB = 21 << MAP_HUGE_SHIFT;
    /** 1 GiB huge pages: 30 &lt;&lt; 26 (facts D.8). */
    public static final int MAP_HUGE_1GB = 30 << MAP_HUGE_SHIFT;
    /** open: read-only (facts D.8). */
    public static final int O_RDONLY = 0;
    /** open: read-write (facts D.8). */
    public static final int O_RDWR = 0x2;
    /** open: close on exec (facts D.8). */
    public static final int O_CLOEXEC = 0x80000;
    /** The base page size on x86-64, the unit of /proc/self/pagemap (facts D.7). */
    public static final long PAGE_SIZE = 4096;
    /** 2 MiB huge page. */
    public static final long HUGE_2M = 2L << 20;
    /** 1 GiB huge page. */
    public static final long HUGE_1G = 1L << 30;

    private Mman() {
    }

    /** The MAP_HUGE_* flag for a huge page size ({@code log2(size) << MAP_HUGE_SHIFT}, facts D.8). */
    public static int mapHugeFlag(long hugePageSize) {
        return Long.numberOfTrailingZeros(hugePageSize) << MAP_HUGE_SHIFT;
    }
}
