package io.xdpj.vfio.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import io.xdpj.vfio.VfioException;
import io.xdpj.vfio.pci.SysfsPci;

/**
 * The kernel's hugetlb pools: which huge page sizes exist, how many pages are reserved and free, and reserving
 * more (facts D.7: {@code vm.nr_hugepages} for the default size, {@code /sys/kernel/mm/hugepages/
 * hugepages-<kB>kB/nr_hugepages} for each size). Paths are parameters so tests can use a tree of their own.
 */
public final class HugePages {
    private final Path sysfs;
    private final Path proc;

    public HugePages(Path sysfsRoot, Path procRoot) {
        this.sysfs = sysfsRoot;
        this.proc = procRoot;
    }

    /** The machine's pools (/sys, /proc). */
    public static HugePages system() {
        return new HugePages(Paths.get("/sys"), Paths.get("/proc"));
    }

    /** The per-size pool directory, e.g. {@code /sys/kernel/mm/hugepages/hugepages-2048kB}. */
    public Path poolDir(long pageSize) {
        return sysfs.resolve("kernel/mm/hugepages/hugepages-" + (pageSize >> 10) + "kB");
    }

    /** The sysctl file of the default pool, {@code /proc/sys/vm/nr_hugepages}. */
    public Path sysctl() {
        return proc.resolve("sys/vm/nr_hugepages");
    }

    /** True if the kernel has a pool of this page size (2 MiB on x86-64; 1 GiB where the CPU supports it). */
    public boolean supported(long pageSize) {
        return Files.isDirectory(poolDir(pageSize));
    }

    /** Pages reserved in the pool (nr_hugepages); 0 if the size is not supported. */
    public long reserved(long pageSize) {
        return supported(pageSize) ? number(poolDir(pageSize).resolve("nr_hugepages")) : 0;
    }

    /** Pages free in the pool (free_hugepages); 0 if the size is not supported. */
    public long free(long pageSize) {
        return supported(pageSize) ? number(poolDir(pageSize).resolve("free_hugepages")) : 0;
    }

    /** The default huge page size from /proc/meminfo "Hugepagesize", the pool {@code vm.nr_hugepages} sets. */
    public long defaultPageSize() {
        try {
            for (String line : Files.readAllLines(proc.resolve("meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Hugepagesize:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Mman.HUGE_2M;
        }
        return Mman.HUGE_2M;
    }

    /**
     * Sets the pool of {@code pageSize} to {@code pages} pages: through the sysctl {@code vm.nr_hugepages} for the
     * default size, else through the pool's nr_hugepages. Needs root.
     *
     * @return the number of pages the kernel actually reserved (may be fewer when memory is fragmented)
     */
    public long reserve(long pageSize, long pages) {
        if (!supported(pageSize)) {
            throw new VfioException("this kernel has no " + (pageSize >> 10) + " kB huge page pool ("
                + poolDir(pageSize) + " is missing)");
        }
        final Path file = pageSize == defaultPageSize() ? sysctl() : poolDir(pageSize).resolve("nr_hugepages");
        SysfsPci.write(file, Long.toString(pages));
        return reserved(pageSize);
    }

    /** The advice when a pool has too few free pages: the current numbers and the sysctl to raise. */
    public String advice(long pageSize, long pagesNeeded) {
        final String size = pageSize >= Mman.HUGE_1G ? (pageSize >> 30) + " GiB" : (pageSize >> 20) + " MiB";
        if (!supported(pageSize)) {
            return "this kernel has no " + size + " huge page pool (" + poolDir(pageSize) + " is missing)";
        }
        final long reserved = reserved(pageSize);
        final String how = pageSize == defaultPageSize()
            ? "sysctl -w vm.nr_hugepages=" + (reserved + pagesNeeded) + " (or echo " + (reserved + pagesNeeded)
                + " > " + sysctl() + ")"
            : "echo " + (reserved + pagesNeeded) + " > " + poolDir(pageSize).resolve("nr_hugepages")
                + " (1 GiB pages are best reserved at boot: hugepagesz=1G hugepages=N)";
        return "the " + size + " huge page pool has " + free(pageSize) + " free of " + reserved
            + " reserved (vm.nr_hugepages), " + pagesNeeded + " needed; reserve more as root: " + how;
    }

    private static long number(Path file) {
        try {
            return Long.parseLong(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            throw new VfioException("cannot read the huge page count in " + file + ": " + e, e);
        }
    }
}
