package io.xdpj.vfio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.xdpj.vfio.DmaException;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.IommuMapper;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real hugepage memory from this machine's kernel: reserving pages through the sysctl (needs root), allocation, /proc/self/pagemap translation, and the error when no pages are reserved. The IOMMU is a recorder
 * (this machine has no VFIO). Restores the pool size it found.
 */
class HugepageDmaAllocatorRealTest {
    static final long BASE = HugepageDmaAllocator.DEFAULT_IOVA_BASE;

    final HugePages pools = HugePages.system();
    final List<String> iommuCalls = new ArrayList<>();
    long originalPages;

    final IommuMapper recorder = new IommuMapper() {
        @Override
        public void map(long vaddr, long iova, long length, int flags) {
            iommuCalls.add(String.format(Locale.ROOT, "map 0x%x %d %d", iova, length, flags));
        }

        @Override
        public void unmap(long iova, long length) {
            iommuCalls.add(String.format(Locale.ROOT, "unmap 0x%x %d", iova, length));
        }

        @Override
        public long pageSize() {
            return 4096;
        }
    };

    @BeforeEach
    void needRootAndAHugePagePool() {
        assumeTrue(pools.supported(Mman.HUGE_2M), "no 2 MiB huge page pool on this kernel");
        assumeTrue(Files.isWritable(pools.sysctl()) && "root".equals(System.getProperty("user.name")),
            "reserving huge pages needs root");
        originalPages = pools.reserved(Mman.HUGE_2M);
    }

    @AfterEach
    void restorePool() {
        pools.reserve(Mman.HUGE_2M, originalPages);
    }

    @Test
    void allocatesZeroedHugePagesMapsThemAndFreesThemNewestFirst() {
        assertEquals(originalPages + 3, pools.reserve(Mman.HUGE_2M, originalPages + 3), "sysctl reservation");
        final long freeBefore = pools.free(Mman.HUGE_2M);
        final HugepageDmaAllocator dma = HugepageDmaAllocator.withIommu(JnrSyscalls.get(), pools, recorder, null,
            BASE);
        try {
            allocateUseAndClose(dma, freeBefore);
        } finally {
            dma.close(); // idempotent; frees the pages even when an assertion failed, so the pool can be restored
        }
    }

    private void allocateUseAndClose(HugepageDmaAllocator dma, long freeBefore) {
        final DmaMemory ring = dma.allocate(4096, 4096, "ring");
        final DmaMemory pool = dma.allocate((2 << 20) + 1, 64, "pool");
        assertEquals(0, ring.address() & ((2 << 20) - 1), "2 MiB aligned");
        assertEquals(2 << 20, ring.length());
        assertEquals(4 << 20, pool.length());
        assertEquals(BASE, ring.iova());
        assertEquals(BASE + (2 << 20), pool.iova());
        assertEquals(freeBefore - 3, pools.free(Mman.HUGE_2M), "three huge pages taken");
        final AtomicBuffer b = pool.buffer();
        for (int i = 0; i < pool.length(); i += 4096) {
            assertEquals(0, b.getLong(i), "zeroed at " + i);
            b.putLong(i, i + 1);
        }
        assertEquals((4 << 20) - 4096 + 1, b.getLong((4 << 20) - 4096));
        dma.close();
        assertEquals(List.of("map 0x100000000 2097152 3", "map 0x100200000 4194304 3", "unmap 0x100200000 4194304",
            "unmap 0x100000000 2097152"), iommuCalls);
        assertEquals(freeBefore, pools.free(Mman.HUGE_2M), "pages returned");
        assertEquals(0, dma.liveBlocks());
    }

    @Test
    void pagemapShowsAPhysicallyContiguousHugePage() {
        assertEquals(originalPages + 1, pools.reserve(Mman.HUGE_2M, originalPages + 1));
        final HugepageDmaAllocator dma = HugepageDmaAllocator.withIommu(JnrSyscalls.get(), pools, recorder, null,
            BASE);
        try (Pagemap pagemap = Pagemap.open(JnrSyscalls.get())) {
            final DmaMemory block = dma.allocate(4096, 4096, "probe");
            final long pa = pagemap.physicalAddress(block.address());
            assertEquals(0, pa & ((2 << 20) - 1), "a 2 MiB page starts 2 MiB aligned in physical memory");
            for (long off = 4096; off < block.length(); off += 4096 * 37) {
                assertEquals(pa + off, pagemap.physicalAddress(block.address() + off), "contiguous at " + off);
            }
            assertEquals(pa + 123, pagemap.physicalAddress(block.address() + 123));
        } finally {
            dma.close();
        }
    }

    @Test
    void physicalModeUsesThePhysicalAddressAsIova() {
        assertEquals(originalPages + 1, pools.reserve(Mman.HUGE_2M, originalPages + 1));
        try (Pagemap pagemap = Pagemap.open(JnrSyscalls.get());
             HugepageDmaAllocator dma = HugepageDmaAllocator.physical(JnrSyscalls.get(), pools, pagemap)) {
            final DmaMemory block = dma.allocate(100, 64, "noiommu");
            assertEquals(pagemap.physicalAddress(block.address()), block.iova());
            assertEquals(0, block.iova() & ((2 << 20) - 1));
        }
    }

    @Test
    void withNoReservedPagesTheErrorNamesTheSysctl() {
        assertEquals(0, pools.reserve(Mman.HUGE_2M, 0), "pool emptied through vm.nr_hugepages");
        final HugepageDmaAllocator dma = HugepageDmaAllocator.withIommu(JnrSyscalls.get(), pools, recorder, null,
            BASE);
        final DmaException e;
        try {
            e = assertThrows(DmaException.class, () -> dma.allocate(4096, 4096, "rx ring q0"));
        } finally {
            dma.close();
        }
        assertTrue(e.getMessage().startsWith("no huge pages for rx ring q0 (2097152 bytes)"), e.getMessage());
        assertTrue(e.getMessage().contains("has 0 free of 0 reserved (vm.nr_hugepages), 1 needed; reserve more as root:"
            + " sysctl -w vm.nr_hugepages=1"), e.getMessage());
        assertTrue(iommuCalls.isEmpty());
    }
}
