package io.xdpj.vfio;

import java.util.ArrayList;
import java.util.List;

import org.agrona.UnsafeApi;

import io.xdpj.vfio.linux.JnrSyscalls;

/**
 * DMA memory from the process heap (zeroed, aligned, freed at {@link DmaMemory#close()}), given IOVAs from a bump allocator and mapped through an
 * {@link IommuMapper}. This is what the simulated device uses (its IOMMU view is the mapper), and the shape of
 * the VFIO allocator, which takes its memory from hugepages instead.
 *
 * <p>IOVAs start at {@code iovaBase} and are never reused while the allocator lives, so a stale device access
 * to freed memory finds no mapping (a DMA fault) instead of someone else's buffer.
 */
public final class OffHeapDmaAllocator implements DmaAllocator {

    /** The x86-64 huge page size; allocations of at least this much are aligned to it and advised (see below). */
    static final long HUGE_PAGE = 2L << 20;
    /** madvise advice: back the range with transparent huge pages (Linux uapi mman-common.h). */
    private static final int MADV_HUGEPAGE = 14;

    private final IommuMapper iommu;
    private final List<Block> live = new ArrayList<>();
    private long nextIova;
    private boolean closed;

    public OffHeapDmaAllocator(IommuMapper iommu, long iovaBase) {
        if (Long.bitCount(iommu.pageSize()) != 1) {
            throw new IllegalArgumentException("IOMMU page size must be a power of two, got " + iommu.pageSize());
        }
        if ((iovaBase & (iommu.pageSize() - 1)) != 0) {
            throw new IllegalArgumentException("iovaBase 0x" + Long.toHexString(iovaBase)
                + " is not aligned to the IOMMU page size " + iommu.pageSize());
        }
        this.iommu = iommu;
        this.nextIova = iovaBase;
    }

    @Override
    public synchronized DmaMemory allocate(long length, long alignment, String purpose) {
        if (closed) {
            throw new DmaException("DMA allocator is closed; cannot allocate " + purpose);
        }
        if (length <= 0 || length > Integer.MAX_VALUE - 2 * iommu.pageSize()) {
            throw new DmaException("cannot allocate " + length + " bytes of direct memory for " + purpose
                + ": the length must be in 1.." + (Integer.MAX_VALUE - 2 * iommu.pageSize()));
        }
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new DmaException("alignment " + alignment + " for " + purpose + " is not a power of two");
        }
        final long page = iommu.pageSize();
        final long mapped = (length + page - 1) & -page;
        final boolean huge = mapped >= HUGE_PAGE;
        final long align = Math.max(huge ? HUGE_PAGE : alignment, Math.max(alignment, page));
        final long raw;
        try {
            raw = UnsafeApi.allocateMemory(mapped + align - 1);
        } catch (OutOfMemoryError e) {
            throw new DmaException("out of memory allocating " + mapped + " bytes for " + purpose, e);
        }
        final long address = (raw + align - 1) & -align;
        if (huge) {
            transparentHugePages(address, mapped & -HUGE_PAGE);
        }
        UnsafeApi.setMemory(address, mapped, (byte) 0); // the first touch: faults in (huge) pages
        final long iova = (nextIova + align - 1) & -align;
        try {
            iommu.map(address, iova, mapped, IommuMapper.READ | IommuMapper.WRITE);
        } catch (RuntimeException e) {
            UnsafeApi.freeMemory(raw);
            throw e;
        }
        nextIova = iova + mapped;
        final Block block = new Block(raw, address, iova, mapped, purpose);
        live.add(block);
        return block;
    }

    /**
     * Asks the kernel to back {@code [address, address + length)} with transparent huge pages (madvise
     * MADV_HUGEPAGE), best effort: without it (THP off, no jnr-ffi, not Linux) the memory stays in 4 KiB pages.
     * Why: a driver's DMA memory on a real port comes from hugepages ({@code HugepageDmaAllocator}), so the simulated
     * port should see the same TLB behaviour: a 16 MiB UMEM of 2 KiB frames in 4 KiB pages costs the model a new page
     * (and a likely TLB miss) every other frame it writes.
     */
    private static void transparentHugePages(long address, long length) {
        try {
            JnrSyscalls.get().madvise(address, length, MADV_HUGEPAGE);
        } catch (RuntimeException | LinkageError e) {
            // best effort (see above): the allocation stays valid in small pages
        }
    }

    private synchronized void release(Block block) {
        if (live.remove(block)) {
            iommu.unmap(block.iova(), block.length());
            UnsafeApi.freeMemory(block.raw);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Block block : new ArrayList<>(live)) {
            release(block);
        }
    }

    private final class Block extends DmaBlock {
        private final long raw;

        Block(long raw, long address, long iova, long length, String purpose) {
            super(address, iova, length, purpose);
            this.raw = raw;
        }

        @Override
        public void close() {
            release(this);
        }
    }
}
