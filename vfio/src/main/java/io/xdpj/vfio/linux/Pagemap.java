package io.xdpj.vfio.linux;

import java.util.Locale;

import io.xdpj.vfio.DmaException;

/**
 * Virtual-to-physical translation through {@code /proc/self/pagemap} (facts D.7), for no-IOMMU mode where the
 * device needs physical addresses. One u64 per 4 KiB virtual page at file offset {@code va / 4096 * 8}; bits 0-54
 * the page frame number, bit 63 present. NB: since Linux 4.2 the PFN reads as 0 without CAP_SYS_ADMIN (facts D.7),
 * which this class reports instead of returning address 0.
 */
public final class Pagemap implements AutoCloseable {
    /** Bits 0-54: page frame number (facts D.7). */
    public static final long PM_PFN_MASK = (1L << 55) - 1;
    /** Bit 62: page swapped (facts D.7). */
    public static final long PM_SWAPPED = 1L << 62;
    /** Bit 63: page present (facts D.7). */
    public static final long PM_PRESENT = 1L << 63;
    /** Bytes per pagemap entry (facts D.7). */
    public static final int ENTRY_BYTES = 8;

    private final Syscalls sys;
    private final int fd;
    private final NativeScratch scratch = new NativeScratch(ENTRY_BYTES);
    private boolean closed;

    private Pagemap(Syscalls sys, int fd) {
        this.sys = sys;
        this.fd = fd;
    }

    /** Opens /proc/self/pagemap. */
    public static Pagemap open(Syscalls sys) {
        final int fd = sys.open("/proc/self/pagemap", Mman.O_RDONLY | Mman.O_CLOEXEC);
        if (fd < 0) {
            throw new DmaException("cannot open /proc/self/pagemap: " + sys.describe(fd)
                + "; physical addresses (no-IOMMU mode) need procfs and CAP_SYS_ADMIN");
        }
        return new Pagemap(sys, fd);
    }

    /** The raw pagemap entry of the 4 KiB page holding {@code va}. */
    public synchronized long entry(long va) {
        final long rc = sys.pread(fd, scratch.cleared(ENTRY_BYTES), ENTRY_BYTES, (va / Mman.PAGE_SIZE) * ENTRY_BYTES);
        if (rc != ENTRY_BYTES) {
            throw new DmaException(String.format(Locale.ROOT, "reading /proc/self/pagemap for 0x%x failed: %s", va,
                rc < 0 ? sys.describe(rc) : "short read " + rc));
        }
        return scratch.buffer.getLong(0);
    }

    /** The physical address of {@code va} (page must be present: touch or mlock it first). */
    public long physicalAddress(long va) {
        return translate(entry(va), va);
    }

    /**
     * Decodes a pagemap entry: PA = PFN × 4096 + (va mod 4096) (facts D.7).
     *
     * @throws DmaException when the page is not present, swapped, or its PFN is hidden (no CAP_SYS_ADMIN)
     */
    public static long translate(long entry, long va) {
        if ((entry & PM_PRESENT) == 0) {
            throw new DmaException(String.format(Locale.ROOT, "virtual page 0x%x is not present%s; lock the memory"
                + " (mlock) before asking for its physical address", va & -Mman.PAGE_SIZE,
                (entry & PM_SWAPPED) != 0 ? " (swapped out)" : ""));
        }
        final long pfn = entry & PM_PFN_MASK;
        if (pfn == 0) {
            throw new DmaException(String.format(Locale.ROOT, "the page frame of 0x%x reads as 0 in /proc/self/pagemap:"
                + " since Linux 4.2 PFNs are only shown to processes with CAP_SYS_ADMIN (facts D.7); run as root"
                + " or grant CAP_SYS_ADMIN for no-IOMMU mode", va));
        }
        return pfn * Mman.PAGE_SIZE + (va & (Mman.PAGE_SIZE - 1));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            sys.close(fd);
        }
    }
}
