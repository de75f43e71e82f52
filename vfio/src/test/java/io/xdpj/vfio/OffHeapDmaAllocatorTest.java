package io.xdpj.vfio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class OffHeapDmaAllocatorTest {

    /** Records what the allocator maps. */
    private static final class RecordingMapper implements IommuMapper {
        final List<long[]> maps = new ArrayList<>();

        @Override
        public void map(long vaddr, long iova, long length, int flags) {
            maps.add(new long[] {vaddr, iova, length});
        }

        @Override
        public void unmap(long iova, long length) {
            maps.removeIf(m -> m[1] == iova && m[2] == length);
        }

        @Override
        public long pageSize() {
            return 4096;
        }
    }

    @Test
    void smallBlocksKeepTheirAlignmentAndLargeOnesAreHugePageAligned() {
        final RecordingMapper mapper = new RecordingMapper();
        try (OffHeapDmaAllocator dma = new OffHeapDmaAllocator(mapper, 0x10_0000)) {
            final DmaMemory small = dma.allocate(10_001, 128, "small");
            assertEquals(0, small.address() & 4095);
            assertEquals(12_288, small.length());
            final DmaMemory large = dma.allocate(3 * OffHeapDmaAllocator.HUGE_PAGE + 5, 4096, "large");
            assertEquals(0, large.address() & (OffHeapDmaAllocator.HUGE_PAGE - 1));
            assertEquals(0, large.iova() & (OffHeapDmaAllocator.HUGE_PAGE - 1));
            assertEquals(3 * OffHeapDmaAllocator.HUGE_PAGE + 4096, large.length());
            assertEquals(2, mapper.maps.size());
            large.buffer().putLong((int) large.length() - 8, 0x0123_4567_89AB_CDEFL); // the last bytes are usable
            assertEquals(0x0123_4567_89AB_CDEFL, large.buffer().getLong((int) large.length() - 8));
            large.close();
            assertEquals(1, mapper.maps.size());
        }
        assertEquals(0, mapper.maps.size());
    }

    @Test
    void aLargeBlockIsBackedByTransparentHugePagesWhereTheKernelOffersThem() throws IOException {
        final Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        assumeTrue(Files.isReadable(thp) && !Files.readString(thp).contains("[never]"),
            "transparent huge pages are off on this kernel");
        try (OffHeapDmaAllocator dma = new OffHeapDmaAllocator(new RecordingMapper(), 0x10_0000)) {
            final DmaMemory umem = dma.allocate(16L << 20, 4096, "umem");
            final long hugeKiB = anonHugePagesKiB(umem.address());
            assertTrue(hugeKiB >= 2048, "the 16 MiB block has " + hugeKiB + " KiB in huge pages; expected at least one "
                + "2 MiB page after madvise(MADV_HUGEPAGE) (check /sys/kernel/mm/transparent_hugepage/defrag)");
        }
    }

    /** AnonHugePages of the mapping that contains {@code address}, from /proc/self/smaps. */
    private static long anonHugePagesKiB(long address) throws IOException {
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            final int dash = line.indexOf('-');
            final int space = line.indexOf(' ');
            if (dash > 0 && space > dash && line.substring(0, dash).matches("[0-9a-f]+")) {
                final long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                final long end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                inside = address >= start && address < end;
            } else if (inside && line.startsWith("AnonHugePages:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
