package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;

/**
 * UMEM address validation (facts A.6) on arbitrary fill addresses and Tx descriptors: whatever is accepted stays
 * inside the UMEM (aligned: inside one chunk), a fill address is accepted exactly when its chunk (aligned: rounded
 * down; unaligned: the low 48 bits) fits, and nothing throws.
 */
class UmemFuzzTest {

    private static final int[] CHUNKS = {2048, 4096, 4001, 3000, 2049};
    private static final long MASK48 = (1L << 48) - 1;

    @FuzzTest(maxDuration = "60s")
    void addresses(FuzzedDataProvider data) {
        final boolean unaligned = data.consumeBoolean();
        int chunk = CHUNKS[data.consumeInt(0, CHUNKS.length - 1)];
        if (!unaligned && Integer.bitCount(chunk) != 1) {
            chunk = 4096;
        }
        final long size = (long) chunk * data.consumeInt(1, 64) + (unaligned ? data.consumeInt(0, chunk - 1) : 0);
        final UmemConfig c = new UmemConfig(size, chunk, 0, 0, false);
        try (Umem u = Umem.allocate(unaligned ? c.unaligned() : c)) {
            for (int i = 0; i < 64 && data.remainingBytes() > 0; i++) {
                final long addr = data.consumeLong();
                final int len = data.consumeInt();
                final int options = data.consumeInt();
                check(u, addr, len, options);
            }
        }
    }

    private static void check(Umem u, long addr, int len, int options) {
        final long size = u.size();
        final int chunk = u.chunkSize();
        if (u.validDesc(addr, len, options)) {
            final long at = u.addressOf(addr) - u.address();
            final long length = len & 0xFFFF_FFFFL;
            assertTrue(length > 0 && at >= 0 && at + length <= size, "accepted outside the UMEM: 0x"
                + Long.toHexString(addr) + " + " + length);
            if (!u.unaligned()) {
                assertEquals(at / chunk, (at + length - 1) / chunk, "accepted across a chunk: 0x"
                    + Long.toHexString(addr) + " + " + length);
            }
        }
        final long fill = u.checkFillAddr(addr);
        if (!u.unaligned()) {
            final long base = addr & u.chunkMask();
            assertEquals(Long.compareUnsigned(base, size) < 0 ? base : -1, fill, "fill 0x" + Long.toHexString(addr));
        } else {
            final long base = addr & MASK48;
            assertEquals(base + chunk <= size ? base : -1, fill, "fill 0x" + Long.toHexString(addr));
        }
    }
}
