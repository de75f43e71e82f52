package io.xdpj.sim.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.xdpj.vfio.DmaException;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.IommuMapper;
import io.xdpj.vfio.OffHeapDmaAllocator;
import org.junit.jupiter.api.Test;

class IommuTest {

    private static final long VA = 0x7f00_0000_0000L;
    private static final int RW = IommuMapper.READ | IommuMapper.WRITE;

    private long now = 1_000;
    private final Iommu iommu = new Iommu(() -> now, 4);

    @Test
    void translatesInsideAMapping() {
        iommu.map(VA, 0x10000, 3 * 4096, RW);
        assertEquals(VA + 0x10, iommu.translate(0x10010, 64, true, 0));
        assertEquals(VA + 0x2FC0, iommu.translate(0x12FC0, 64, false, 3)); // last 64 bytes of the third page
        assertEquals(0, iommu.faultCount());
    }

    @Test
    void accessReachingOnePastTheEndFaults() {
        iommu.map(VA, 0x10000, 4096, RW);
        now = 77;
        assertEquals(0, iommu.translate(0x10FC1, 64, true, 5)); // bytes 0x10FC1..0x11000: the last is unmapped
        assertEquals(1, iommu.faultCount());
        assertEquals(new DmaFault(0x10FC1, 64, true, 5, 77, DmaFault.Reason.UNMAPPED), iommu.lastFault());
        assertEquals(0, iommu.translate(0xF000, 16, false, DmaFault.ADMIN_QUEUE)); // below the mapping
        assertEquals(new DmaFault(0xF000, 16, false, -1, 77, DmaFault.Reason.UNMAPPED), iommu.lastFault());
    }

    @Test
    void readOnlyMappingRefusesDeviceWrites() {
        iommu.map(VA, 0x20000, 4096, IommuMapper.READ);
        assertEquals(VA + 0x100, iommu.translate(0x20100, 16, false, 2));
        assertEquals(0, iommu.translate(0x20100, 16, true, 2)); // second call: served by the last-hit path
        assertEquals(DmaFault.Reason.WRITE_DENIED, iommu.lastFault().reason());
        iommu.map(VA + 4096, 0x30000, 4096, IommuMapper.WRITE);
        assertEquals(0, iommu.translate(0x30000, 16, false, 2)); // first call: slow path
        assertEquals(DmaFault.Reason.READ_DENIED, iommu.lastFault().reason());
        assertEquals(2, iommu.faultCount());
    }

    @Test
    void injectedFaultsRefuseAccessesTouchingTheRangeUntilCleared() {
        iommu.map(VA, 0x40000, 2 * 4096, RW);
        iommu.injectFault(0x40800, 1);
        assertEquals(VA + 0x7C0, iommu.translate(0x407C0, 64, true, 1)); // ends just before 0x40800
        assertEquals(0, iommu.translate(0x407C1, 64, true, 1)); // last byte is 0x40800
        assertEquals(DmaFault.Reason.INJECTED, iommu.lastFault().reason());
        iommu.clearInjectedFaults();
        assertEquals(VA + 0x7C1, iommu.translate(0x407C1, 64, true, 1));
        assertEquals(1, iommu.faultCount());
    }

    @Test
    void accessMaySpanAdjacentMappingsOnlyWhenContiguousInBothSpaces() {
        iommu.map(VA, 0x50000, 4096, RW);
        iommu.map(VA + 4096, 0x51000, 4096, RW);
        assertEquals(VA + 0xF00, iommu.translate(0x50F00, 0x200, true, 0));
        iommu.map(VA + 0x10000, 0x52000, 4096, RW); // IOVA-adjacent to 0x51000, but not in process addresses
        assertEquals(0, iommu.translate(0x51F00, 0x200, true, 0));
        assertEquals(DmaFault.Reason.UNMAPPED, iommu.lastFault().reason());
    }

    @Test
    void unmapInvalidatesTheLastHit() {
        iommu.map(VA, 0x60000, 4096, RW);
        assertEquals(VA, iommu.translate(0x60000, 8, true, 0));
        iommu.unmap(0x60000, 4096);
        assertEquals(0, iommu.translate(0x60000, 8, true, 0));
        assertEquals(0, iommu.mappingCount());
    }

    @Test
    void mapRejectsWhatVfioRejects() {
        iommu.map(VA, 0x10000, 2 * 4096, RW);
        DmaException e = assertThrows(DmaException.class, () -> iommu.map(VA + 0x8000, 0x11000, 4096, RW));
        assertTrue(e.getMessage().contains("overlaps the existing mapping [0x10000, 0x12000)"), e.getMessage());
        assertThrows(DmaException.class, () -> iommu.map(VA + 0x8000, 0xF000, 2 * 4096, RW)); // overlaps from below
        e = assertThrows(DmaException.class, () -> iommu.map(VA, 0x20800, 4096, RW));
        assertTrue(e.getMessage().contains("multiples of the 4096-byte IOMMU page"), e.getMessage());
        assertThrows(DmaException.class, () -> iommu.map(VA + 1, 0x20000, 4096, RW));
        assertThrows(DmaException.class, () -> iommu.map(VA, 0x20000, 100, RW));
        assertThrows(DmaException.class, () -> iommu.map(VA, 0x20000, 0, RW));
        assertThrows(DmaException.class, () -> iommu.map(VA, 0x20000, 4096, 0));
        assertThrows(DmaException.class, () -> iommu.map(VA, 0x20000, 4096, 4));
        assertThrows(DmaException.class, () -> iommu.map(VA, -4096L, 4096, RW));
        iommu.map(VA + 0x8000, 0x12000, 4096, RW); // adjacent above: allowed
        assertEquals(2, iommu.mappingCount());
    }

    @Test
    void unmapRejectsUnknownOrPartialRanges() {
        iommu.map(VA, 0x10000, 2 * 4096, RW);
        DmaException e = assertThrows(DmaException.class, () -> iommu.unmap(0x11000, 4096));
        assertTrue(e.getMessage().contains("no mapping starts at iova 0x11000"), e.getMessage());
        e = assertThrows(DmaException.class, () -> iommu.unmap(0x10000, 4096));
        assertTrue(e.getMessage().contains("is 8192 bytes long, not 4096"), e.getMessage());
        iommu.unmap(0x10000, 2 * 4096);
        assertThrows(DmaException.class, () -> iommu.unmap(0x10000, 2 * 4096));
    }

    @Test
    void faultLogKeepsTheNewestRecordsAndCountsAll() {
        for (int n = 0; n < 1001; n++) {
            now = n;
            iommu.translate(0x1000L * n, 1, n % 2 == 0, n % 7);
        }
        assertEquals(1001, iommu.faultCount());
        final List<DmaFault> kept = iommu.faults();
        assertEquals(4, kept.size());
        assertEquals(new DmaFault(0x1000L * 997, 1, false, 997 % 7, 997, DmaFault.Reason.UNMAPPED), kept.get(0));
        assertEquals(new DmaFault(0x1000L * 1000, 1, true, 1000 % 7, 1000, DmaFault.Reason.UNMAPPED), kept.get(3));
    }

    @Test
    void emptyAccessIsAFault() {
        iommu.map(VA, 0x10000, 4096, RW);
        assertNull(iommu.lastFault());
        assertEquals(0, iommu.translate(0x10000, 0, false, 0));
        assertEquals(DmaFault.Reason.EMPTY, iommu.lastFault().reason());
    }

    @Test
    void worksAsTheMapperOfTheOffHeapAllocator() {
        final Iommu real = new Iommu();
        try (OffHeapDmaAllocator dma = new OffHeapDmaAllocator(real, 0x100000)) {
            final DmaMemory block = dma.allocate(10_000, 128, "test block");
            assertEquals(12_288, block.length());
            assertEquals(1, real.mappingCount());
            final long address = real.translate(block.iova() + 100, 8, true, 0);
            assertEquals(block.address() + 100, address);
            block.buffer().putLong(100, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, org.agrona.UnsafeApi.getLong(address));
            assertEquals(0, real.translate(block.iova() + 12_288, 8, true, 0)); // one past the mapped length
            block.close();
            assertEquals(0, real.mappingCount());
            assertEquals(0, real.translate(block.iova() + 100, 8, true, 0)); // unmapped: the last hit is stale
            assertEquals(DmaFault.Reason.UNMAPPED, real.lastFault().reason());
        }
    }

    /** A message-backed owner that records each access and answers with a fixed address (0 = failure). */
    private static final class RecordingOwner implements MessageBackedMemory {
        final List<String> calls = new java.util.ArrayList<>();
        long answer = 0x5555_0000L;

        @Override
        public long access(long iova, int length, boolean write, int queue) {
            calls.add(Long.toHexString(iova) + "+" + length + (write ? " w" : " r") + " q" + queue);
            return answer == 0 ? 0 : answer + (iova & 0xFFF);
        }
    }

    @Test
    void messageBackedMappingHandsEveryAccessToItsOwner() {
        final RecordingOwner owner = new RecordingOwner();
        iommu.mapMessageBacked(0x80000, 2 * 4096, RW, owner);
        assertEquals(0x5555_0010L, iommu.translate(0x80010, 32, false, 3));
        assertEquals(0x5555_0010L, iommu.translate(0x80010, 32, true, 3)); // no last-hit shortcut: asked again
        assertEquals(0x5555_0FF0L, iommu.translate(0x81FF0, 16, true, DmaFault.ADMIN_QUEUE));
        assertEquals(List.of("80010+32 r q3", "80010+32 w q3", "81ff0+16 w q-1"), owner.calls);
        assertEquals(0, iommu.faultCount());
        assertEquals(1, iommu.mappingCount());
    }

    @Test
    void messageBackedOwnerFailureIsACountedFault() {
        final RecordingOwner owner = new RecordingOwner();
        owner.answer = 0;
        iommu.mapMessageBacked(0x80000, 4096, RW, owner);
        now = 91;
        assertEquals(0, iommu.translate(0x80100, 64, true, 7));
        assertEquals(new DmaFault(0x80100, 64, true, 7, 91, DmaFault.Reason.MESSAGE_FAILED), iommu.lastFault());
        iommu.recordLateFault(0x80200, 3, true, 2, DmaFault.Reason.MESSAGE_FAILED);
        assertEquals(2, iommu.faultCount());
        assertEquals(new DmaFault(0x80200, 3, true, 2, 91, DmaFault.Reason.MESSAGE_FAILED), iommu.lastFault());
    }

    @Test
    void messageBackedMappingKeepsTheMapRulesAndNeverSpansIntoANeighbour() {
        final RecordingOwner owner = new RecordingOwner();
        iommu.mapMessageBacked(0x80000, 4096, IommuMapper.READ, owner);
        iommu.map(VA, 0x81000, 4096, RW); // adjacent in IOVA
        assertEquals(0, iommu.translate(0x80100, 8, true, 1));
        assertEquals(DmaFault.Reason.WRITE_DENIED, iommu.lastFault().reason());
        assertEquals(0, iommu.translate(0x80FF0, 32, false, 1)); // 16 bytes in each mapping
        assertEquals(DmaFault.Reason.UNMAPPED, iommu.lastFault().reason());
        assertEquals(List.of(), owner.calls, "refused accesses never reach the owner");
        assertThrows(DmaException.class, () -> iommu.mapMessageBacked(0x80000, 4096, RW, owner)); // overlap
        assertThrows(DmaException.class, () -> iommu.mapMessageBacked(0x90800, 4096, RW, owner)); // unaligned
        final long before = iommu.generation();
        iommu.invalidateTranslations();
        assertEquals(before + 1, iommu.generation());
        iommu.unmap(0x80000, 4096);
        assertEquals(0, iommu.translate(0x80100, 8, false, 1));
        assertEquals(DmaFault.Reason.UNMAPPED, iommu.lastFault().reason());
    }
}
