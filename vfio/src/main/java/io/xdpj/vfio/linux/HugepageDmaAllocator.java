package io.xdpj.vfio.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.xdpj.vfio.DmaAllocator;
import io.xdpj.vfio.DmaBlock;
import io.xdpj.vfio.DmaException;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.IommuMapper;


/**
 * DMA memory from huge pages: each block is its own anonymous {@code MAP_HUGETLB} mapping (2 MiB pages, or 1 GiB
 * pages for blocks of 1 GiB and more when that pool has them free), locked with mlock, zeroed by the kernel, and
 * made reachable for the device in one of two ways:
 * <ul>
 *   <li><b>IOMMU</b> (the normal case): VFIO_IOMMU_MAP_DMA through the container's {@link IommuMapper}. IOVA
 *       policy: a bump allocator from a fixed base (default {@link #DEFAULT_IOVA_BASE}, 4 GiB), each block aligned
 *       to its huge page size, IOVAs never reused while the allocator lives (a stale device access faults instead
 *       of hitting a newer block). Not identity (IOVA = VA, as ixy does, facts D.7): x86-64 user addresses sit
 *       near 2^47, above the 39-bit IOVA aperture of many VT-d units and of QEMU's intel-iommu, and could fall in
 *       reserved windows (the MSI range below 4 GiB); a low fixed base is inside every aperture and keeps the
 *       IOVAs the device sees the same from run to run. Each block is checked against the IOVA ranges the kernel
 *       reported, when it reported them.</li>
 *   <li><b>No-IOMMU</b>: the IOVA is the physical address from /proc/self/pagemap (facts D.7); a block spanning
 *       several huge pages is accepted only if they are physically contiguous.</li>
 * </ul>
 * NB: hugetlb pages are never swapped, and Linux does not count them in VmLck after mlock (observed here); the
 * mlock still documents the intent and fails loudly where a limit applies.
 * Releasing a block unmaps it from the device first, then unlocks and unmaps the memory; if the DMA unmap fails
 * the memory is deliberately kept (the device might still reach it) and the failure is reported. {@link #close()}
 * releases the blocks newest first.
 *
 * <p>Blocks are rounded up to whole huge pages, so allocate rings and buffer pools whole, not per buffer.
 */
public final class HugepageDmaAllocator implements DmaAllocator {
    /** Default first IOVA: 4 GiB, above the 32-bit MSI window and inside a 39-bit aperture (see above). */
    public static final long DEFAULT_IOVA_BASE = 1L << 32;

    private final Syscalls sys;
    private final HugePages pools;
    private final IommuMapper iommu;
    private final IommuInfo iommuInfo;
    private final Pagemap pagemap;
    private final List<Block> live = new ArrayList<>();
    private long nextIova;
    private boolean closed;

    private HugepageDmaAllocator(Syscalls sys, HugePages pools, IommuMapper iommu, IommuInfo iommuInfo,
                                 long iovaBase, Pagemap pagemap) {
        this.sys = sys;
        this.pools = pools;
        this.iommu = iommu;
        this.iommuInfo = iommuInfo;
        this.nextIova = iovaBase;
        this.pagemap = pagemap;
    }

    /**
     * Blocks mapped through an IOMMU at IOVAs from {@code iovaBase} upwards.
     *
     * @param iommuInfo the container's reported IOVA ranges, or null if unknown
     */
    public static HugepageDmaAllocator withIommu(Syscalls sys, HugePages pools, IommuMapper iommu,
                                                 IommuInfo iommuInfo, long iovaBase) {
        if ((iovaBase & (Mman.HUGE_2M - 1)) != 0) {
            throw new IllegalArgumentException("IOVA base 0x" + Long.toHexString(iovaBase)
                + " is not aligned to 2 MiB");
        }
        return new HugepageDmaAllocator(sys, pools, iommu, iommuInfo, iovaBase, null);
    }

    /** Blocks whose IOVA is their physical address (no-IOMMU mode; needs CAP_SYS_ADMIN for pagemap). */
    public static HugepageDmaAllocator physical(Syscalls sys, HugePages pools, Pagemap pagemap) {
        return new HugepageDmaAllocator(sys, pools, null, null, 0, pagemap);
    }

    @Override
    public synchronized DmaMemory allocate(long length, long alignment, String purpose) {
        if (closed) {
            throw new DmaException("DMA allocator is closed; cannot allocate " + purpose);
        }
        if (length <= 0 || alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new DmaException("cannot allocate " + length + " bytes aligned to " + alignment + " for " + purpose
                + ": the length must be positive and the alignment a power of two");
        }
        final long pageSize = choosePageSize(length);
        if (alignment > pageSize) {
            throw new DmaException("alignment " + alignment + " for " + purpose + " exceeds the huge page size "
                + pageSize + ", which is the largest alignment this allocator gives");
        }
        final long mapped = (length + pageSize - 1) & -pageSize;
        final long address = mapHuge(mapped, pageSize, purpose);
        boolean locked = false;
        try {
            lock(address, mapped, purpose);
            locked = true;
            final long iova = deviceAddress(address, mapped, pageSize, purpose);
            final Block block = new Block(address, iova, mapped, purpose);
            live.add(block);
            return block;
        } catch (RuntimeException e) {
            // undo in reverse: nothing is mapped for the device here (a failed or skipped MAP_DMA)
            if (locked) {
                sys.munlock(address, mapped);
            }
            sys.munmap(address, mapped);
            throw e;
        }
    }

    /** 1 GiB pages for blocks of at least 1 GiB when the 1 GiB pool can hold them, else 2 MiB. */
    private long choosePageSize(long length) {
        if (length >= Mman.HUGE_1G && pools.free(Mman.HUGE_1G) * Mman.HUGE_1G >= length) {
            return Mman.HUGE_1G;
        }
        return Mman.HUGE_2M;
    }

    private long mapHuge(long mapped, long pageSize, String purpose) {
        final int flags = Mman.MAP_SHARED | Mman.MAP_ANONYMOUS | Mman.MAP_HUGETLB | Mman.MAP_POPULATE
            | Mman.mapHugeFlag(pageSize);
        final long address = sys.mmap(0, mapped, Mman.PROT_READ | Mman.PROT_WRITE, flags, -1, 0);
        if (address == -Errno.ENOMEM) {
            throw new DmaException("no huge pages for " + purpose + " (" + mapped + " bytes): mmap(MAP_HUGETLB) failed"
                + " with ENOMEM; " + pools.advice(pageSize, mapped / pageSize));
        }
        if (address < 0) {
            throw new DmaException("mmap of " + mapped + " bytes of " + (pageSize >> 20) + " MiB huge pages for "
                + purpose + " failed: " + sys.describe(address) + "; " + pools.advice(pageSize, mapped / pageSize));
        }
        return address;
    }

    private void lock(long address, long mapped, String purpose) {
        final int rc = sys.mlock(address, mapped);
        if (rc < 0) {
            throw new DmaException("mlock of " + mapped + " bytes for " + purpose + " failed: " + sys.describe(rc)
                + "; the locked-memory limit is " + VfioContainer.memlockLimit() + ": raise it ('ulimit -l"
                + " unlimited', LimitMEMLOCK=infinity) or grant CAP_IPC_LOCK");
        }
    }

    private long deviceAddress(long address, long mapped, long pageSize, String purpose) {
        if (iommu == null) {
            return physicalContiguous(address, mapped, pageSize, purpose);
        }
        final long iova = (nextIova + pageSize - 1) & -pageSize;
        if (iommuInfo != null && !iommuInfo.accepts(iova, mapped)) {
            throw new DmaException(String.format(Locale.ROOT, "IOVA range 0x%x+%d for %s lies outside the IOMMU's"
                + " valid IOVA ranges %s; choose another IOVA base", iova, mapped, purpose, iommuInfo.describeRanges()));
        }
        iommu.map(address, iova, mapped, IommuMapper.READ | IommuMapper.WRITE);
        nextIova = iova + mapped;
        return iova;
    }

    private long physicalContiguous(long address, long mapped, long pageSize, String purpose) {
        final long first = pagemap.physicalAddress(address);
        for (long offset = pageSize; offset < mapped; offset += pageSize) {
            final long pa = pagemap.physicalAddress(address + offset);
            if (pa != first + offset) {
                throw new DmaException(String.format(Locale.ROOT, "%s spans huge pages that are not physically"
                    + " contiguous (0x%x then 0x%x); in no-IOMMU mode allocate at most one huge page per block", purpose,
                    first, pa));
            }
        }
        return first;
    }

    /** Blocks currently allocated. */
    public synchronized int liveBlocks() {
        return live.size();
    }

    private synchronized void release(Block block) {
        if (!live.remove(block)) {
            return;
        }
        if (iommu != null) {
            try {
                iommu.unmap(block.iova(), block.length());
            } catch (RuntimeException e) {
                throw new DmaException("DMA unmap of " + block + " failed, so its memory is kept mapped in this"
                    + " process (the device may still reach it): " + e.getMessage(), e);
            }
        }
        final int unlocked = sys.munlock(block.address(), block.length());
        final int unmapped = sys.munmap(block.address(), block.length());
        if (unlocked < 0 || unmapped < 0) {
            throw new DmaException("freeing " + block + " failed: munlock " + (unlocked < 0 ? sys.describe(unlocked)
                : "ok") + ", munmap " + (unmapped < 0 ? sys.describe(unmapped) : "ok"));
        }
    }

    /** Releases every live block, newest first; one failing block does not stop the others. */
    @Override
    public synchronized void close() {
        closed = true;
        RuntimeException first = null;
        for (int i = live.size() - 1; i >= 0; i--) {
            try {
                release(live.get(i));
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private final class Block extends DmaBlock {
        Block(long address, long iova, long length, String purpose) {
            super(address, iova, length, purpose);
        }

        @Override
        public void close() {
            release(this);
        }
    }
}
