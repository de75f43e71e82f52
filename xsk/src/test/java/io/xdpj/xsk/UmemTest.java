package io.xdpj.xsk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UmemTest {

    private static Errno reg(UmemConfig c) {
        return assertThrows(XskException.class, () -> Umem.allocate(c).close()).errno();
    }

    @Test
    void registrationChecksOfXdpUmemReg() {
        assertEquals(Errno.EINVAL, reg(new UmemConfig(1 << 20, 1024, 0, 0, false)), "chunk below 2048");
        assertEquals(Errno.EINVAL, reg(new UmemConfig(1 << 20, 8192, 0, 0, false)), "chunk above PAGE_SIZE");
        assertEquals(Errno.EINVAL, reg(new UmemConfig(1 << 20, 3000, 0, 0, false)), "aligned needs power of two");
        assertEquals(Errno.EINVAL, reg(new UmemConfig(4096 * 3 + 2048, 4096, 0, 0, false)), "not a multiple");
        assertEquals(Errno.EINVAL, reg(new UmemConfig(1 << 20, 2048, 2048 - 256, 0, false)), "headroom too big");
        assertEquals(Errno.EINVAL, reg(new UmemConfig(1 << 20, 2048, 0, 4, false)), "unknown flag");
        assertEquals(Errno.EINVAL, reg(new UmemConfig(1000, 2048, 0, 0, false)), "no chunk");
        assertThrows(XskException.class, () -> Umem.register(12345, UmemConfig.aligned(1 << 20)));
        try (Umem ok = Umem.allocate(new UmemConfig(1 << 20, 2048, 2048 - 257, 0, false))) {
            assertEquals(1, ok.frameLen());
        }
        try (Umem odd = Umem.allocate(new UmemConfig(3000 * 10, 3000, 0, Umem.XDP_UMEM_UNALIGNED_CHUNK_FLAG,
            false))) {
            assertTrue(odd.unaligned());
        }
        try (Umem huge = Umem.allocate(new UmemConfig(1 << 20, 16384, 0, 0, true))) {
            assertEquals(16384 - 256, huge.frameLen());
        }
    }

    @Test
    void alignedFillAddressesRoundDownToTheChunk() {
        try (Umem u = Umem.allocate(new UmemConfig(8 * 2048, 2048, 0, 0, false))) {
            assertEquals(0, u.checkFillAddr(0));
            assertEquals(2048, u.checkFillAddr(2048 + 100), "any offset in a chunk is accepted, rounded down");
            assertEquals(7 * 2048, u.checkFillAddr(8 * 2048 - 1));
            assertEquals(-1, u.checkFillAddr(8 * 2048), "at the UMEM end");
            assertEquals(-1, u.checkFillAddr(-1L), "huge u64");
        }
    }

    @Test
    void unalignedFillAddressesDropTheOffsetAndNeedAWholeChunkInside() {
        try (Umem u = Umem.allocate(new UmemConfig(10_000, 3000, 0, Umem.XDP_UMEM_UNALIGNED_CHUNK_FLAG, false))) {
            assertEquals(100, u.checkFillAddr(100));
            assertEquals(7000, u.checkFillAddr(7000), "7000 + 3000 = 10000 fits exactly");
            assertEquals(-1, u.checkFillAddr(7001), "crosses the UMEM end");
            assertEquals(100, u.checkFillAddr(100 | (5L << 48)), "offset bits ignored");
            assertEquals(-1, u.checkFillAddr(10_000));
        }
    }

    @Test
    void alignedDescriptorValidation() {
        try (Umem u = Umem.allocate(new UmemConfig(4 * 2048, 2048, 0, 0, false))) {
            assertTrue(u.validDesc(0, 2048, 0), "a whole chunk");
            assertTrue(u.validDesc(2048 + 100, 1948, 0), "up to the chunk end");
            assertFalse(u.validDesc(2048 + 100, 1949, 0), "across a chunk boundary");
            assertFalse(u.validDesc(0, 0, 0), "zero length");
            assertFalse(u.validDesc(3 * 2048 + 10, 4000, 0), "across the UMEM end");
            assertFalse(u.validDesc(4 * 2048, 60, 0), "at the UMEM end");
            assertFalse(u.validDesc(0, 60, 1 << 5), "unknown option bit");
            assertFalse(u.validDesc(0, 60, Umem.XDP_PKT_CONTD), "multi-buffer without XDP_USE_SG");
            assertTrue(u.validDesc(0, 60, Umem.XDP_TX_METADATA), "metadata flag ignored without metadata len");
            assertFalse(u.validDesc(0, -1, 0), "length 2^32-1");
        }
    }

    @Test
    void unalignedDescriptorValidation() {
        try (Umem u = Umem.allocate(new UmemConfig(10_000, 3000, 0, Umem.XDP_UMEM_UNALIGNED_CHUNK_FLAG, false))) {
            assertTrue(u.validDesc(1000, 3000, 0), "any address, one chunk long");
            assertFalse(u.validDesc(1000, 3001, 0), "longer than a chunk");
            assertTrue(u.validDesc(9000 | (900L << 48), 100, 0), "9000 + 900 + 100 = 10000");
            assertFalse(u.validDesc(9000 | (900L << 48), 101, 0), "one byte past the end");
            assertFalse(u.validDesc(10_000, 1, 0));
            assertEquals(u.address() + 9900, u.addressOf(9000 | (900L << 48)));
        }
    }
}
