package io.xdpj.xsk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.xdpj.ring.RingProducer;

/**
 * Hostile application input: Tx descriptors and fill-ring addresses from the Linux AF_XDP selftests'
 * invalid-descriptor cases ({@code xskxceiver.c}: {@code testapp_invalid_desc} in aligned mode with 4K and 2K frames,
 * unaligned mode with 4K and the odd 4001-byte frames, and {@code testapp_invalid_desc_mb}'s descriptors judged one
 * at a time, since sockets here never bind with XDP_USE_SG), plus seeded random ones judged against an independent
 * 64-bit-unsigned model of the kernel's {@code xp_aligned_validate_desc} / {@code xp_unaligned_validate_desc} /
 * {@code xp_check_aligned} / {@code xp_check_unaligned} (facts A.6). Each is accepted or refused as the kernel does,
 * and every refusal is counted once, in the counter the kernel uses ({@code tx_invalid_descs},
 * {@code fq->invalid_descs}).
 */
class HostileDescriptorTest {

    /** The selftests' UMEM geometries: frame size and mode (the selftest UMEM has 1024 frames; 64 suffice here). */
    enum Geometry {
        ALIGNED_4K(4096, false),
        ALIGNED_2K(2048, false),
        UNALIGNED_4K(4096, true),
        UNALIGNED_4001(4001, true);

        final int chunk;
        final boolean unaligned;

        Geometry(int chunk, boolean unaligned) {
            this.chunk = chunk;
            this.unaligned = unaligned;
        }

        long size() {
            return FRAMES * (long) chunk;
        }
    }

    static final int FRAMES = 64;
    /** MIN_PKT_SIZE of the selftests: 64 bytes on the wire minus the FCS. */
    static final int MIN_PKT = 60;
    /** XSK_UMEM__INVALID_FRAME_SIZE of current selftests: MAX_ETH_JUMBO_SIZE + 1. */
    static final int INVALID_FRAME = 9001;
    /** XSK_DESC__INVALID_OPTION: an option bit the kernel does not know. */
    static final int INVALID_OPTION = 0xffff;

    record Desc(String what, long addr, int len, int options, boolean valid) {
    }

    /**
     * testapp_invalid_desc with the kernel's expectations for {@code g}; a valid packet's offset is taken from frame 2
     * (the selftest adds the frame umem_alloc_buffer hands out; an invalid one is used as its raw offset).
     */
    static List<Desc> selftestCases(Geometry g) {
        final long size = g.size();
        final long frame = 2L * g.chunk;
        final List<Desc> d = new ArrayList<>();
        d.add(new Desc("zero packet address allowed", 0, MIN_PKT, 0, true));
        d.add(new Desc("allowed packet", frame, MIN_PKT, 0, true));
        d.add(new Desc("straddling the start of umem", -2L, MIN_PKT, 0, false));
        d.add(new Desc("packet too large", frame, INVALID_FRAME, 0, false));
        d.add(new Desc("up to end of umem allowed", size - MIN_PKT, MIN_PKT, 0, true));
        d.add(new Desc("after umem ends", size, MIN_PKT, 0, false));
        d.add(new Desc("straddle the end of umem", size - MIN_PKT / 2, MIN_PKT, 0, false));
        // Crossing a 4K page boundary is allowed in unaligned mode (and refused in aligned mode: a chunk boundary).
        d.add(new Desc("straddle a 4K boundary", frame + 0x1000 - MIN_PKT / 2, MIN_PKT, 0,
            g.unaligned));
        // Crossing 2K: inside a 4K chunk, allowed; a chunk boundary with 2K frames, refused.
        d.add(new Desc("straddle a 2K boundary", frame + 0x800 - MIN_PKT / 2, MIN_PKT, 0,
            g.unaligned || g.chunk == 4096));
        d.add(new Desc("valid packet for synch", frame, MIN_PKT, 0, true));
        // The older selftests' cases and the boundaries they imply.
        d.add(new Desc("zero packet length", frame, 0, 0, false));
        d.add(new Desc("one chunk exactly", frame, g.chunk, 0, true));
        d.add(new Desc("one byte over a chunk (old INVALID_FRAME_SIZE)", frame, g.chunk + 1, 0, false));
        d.add(new Desc("length with the sign bit", frame, Integer.MIN_VALUE, 0, false));
        // testapp_invalid_desc_mb, one descriptor at a time.
        d.add(new Desc("continuation flag without XDP_USE_SG", frame, MIN_PKT, Umem.XDP_PKT_CONTD, false));
        d.add(new Desc("invalid address, continuation", size, MIN_PKT, Umem.XDP_PKT_CONTD, false));
        d.add(new Desc("invalid option", frame, MIN_PKT, INVALID_OPTION, false));
        d.add(new Desc("crosses the chunk start with a small length", frame - MIN_PKT / 2, MIN_PKT, 0,
            g.unaligned));
        // Unaligned addresses carry an offset in bits 63:48 (XSK_UNALIGNED_BUF_OFFSET_SHIFT).
        d.add(new Desc("offset bits move it past the end", (1L << 48) * MIN_PKT | (size - MIN_PKT), MIN_PKT, 0,
            false));
        d.add(new Desc("offset bits inside the umem", (1L << 48) * 16 | frame, MIN_PKT, 0, g.unaligned));
        return d;
    }

    // ------------------------------------------------------------------------------------------------------------
    // An independent model of the kernel's checks, in unsigned 64-bit arithmetic (BigInteger), for random input.

    private static final BigInteger U64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger MASK48 = BigInteger.ONE.shiftLeft(48).subtract(BigInteger.ONE);

    static BigInteger u64(long v) {
        return v >= 0 ? BigInteger.valueOf(v) : BigInteger.valueOf(v).add(U64);
    }

    /** xp_aligned_validate_desc / xp_unaligned_validate_desc with tx_metadata_len 0, plus this project's no-SG rule. */
    static boolean kernelValidDesc(Geometry g, long addr, int len, int options) {
        final BigInteger length = BigInteger.valueOf(len & 0xFFFF_FFFFL);
        final BigInteger size = BigInteger.valueOf(g.size());
        final BigInteger chunk = BigInteger.valueOf(g.chunk);
        if (length.signum() == 0 || (options & ~Umem.XDP_TX_METADATA) != 0) {
            return false;
        }
        final BigInteger a = u64(addr);
        if (!g.unaligned) {
            final BigInteger offset = a.mod(chunk);
            return offset.add(length).compareTo(chunk) <= 0 && a.compareTo(size) < 0;
        }
        if (length.compareTo(chunk) > 0) {
            return false;
        }
        final BigInteger at = a.and(MASK48).add(a.shiftRight(48));
        return at.compareTo(size) < 0 && at.add(length).compareTo(size) <= 0;
    }

    /** xp_check_aligned / xp_check_unaligned: the chunk the fill entry stands for, or -1 if it is skipped. */
    static long kernelFillChunk(Geometry g, long addr) {
        final BigInteger a = u64(addr);
        final BigInteger size = BigInteger.valueOf(g.size());
        final BigInteger chunk = BigInteger.valueOf(g.chunk);
        if (!g.unaligned) {
            final BigInteger base = a.subtract(a.mod(chunk));
            return base.compareTo(size) < 0 ? base.longValueExact() : -1;
        }
        final BigInteger base = a.and(MASK48);
        return base.compareTo(size) < 0 && base.add(chunk).compareTo(size) <= 0 ? base.longValueExact() : -1;
    }

    private static Umem umem(Geometry g) {
        UmemConfig c = new UmemConfig(g.size(), g.chunk, 0, 0, false);
        return Umem.allocate(g.unaligned ? c.unaligned() : c);
    }

    // ------------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Geometry.class)
    void selftestCasesAreJudgedAsTheKernelDoes(Geometry g) {
        try (Umem u = umem(g)) {
            for (Desc d : selftestCases(g)) {
                assertEquals(d.valid, u.validDesc(d.addr, d.len, d.options), g + ": " + d.what);
                assertEquals(d.valid, kernelValidDesc(g, d.addr, d.len, d.options), g + " (model): " + d.what);
            }
        }
    }

    /**
     * The same cases through a bound socket's Tx ring: the pool hands out exactly the valid descriptors, in order,
     * and counts each invalid one once in tx_invalid_descs.
     */
    @ParameterizedTest
    @EnumSource(Geometry.class)
    void txRingTakesTheValidOnesAndCountsTheRest(Geometry g) {
        final List<Desc> cases = selftestCases(g);
        final NetDevice dev = new NetDevice("test0", 1, true, new Fixture.RecordingTransmitter(), null);
        final Umem u = umem(g);
        final XskSocket s = new XskSocket();
        try {
            s.registerUmem(u);
            s.createFillRing(64);
            s.createCompletionRing(64);
            s.createTxRing(64);
            s.bind(dev, 0, 0);
            final RingProducer tx = s.txRing().producer();
            tx.reserve(cases.size());
            for (int i = 0; i < cases.size(); i++) {
                final Desc d = cases.get(i);
                tx.putDesc(tx.reservedIndex() + i, d.addr, d.len, d.options);
            }
            tx.submit();
            final long[] addrs = new long[64];
            final int[] lens = new int[64];
            final List<Long> taken = new ArrayList<>();
            for (int n; (n = s.pool().txPeekBatch(addrs, lens, 7)) > 0; ) { // odd batches: the rule holds across them
                for (int i = 0; i < n; i++) {
                    taken.add(addrs[i]);
                }
                s.pool().txCompleted(n);
                s.completionRing().consumer().release(s.completionRing().consumer().peek(64));
            }
            final List<Long> expected = new ArrayList<>();
            long invalid = 0;
            for (Desc d : cases) {
                if (d.valid) {
                    expected.add(d.addr);
                } else {
                    invalid++;
                }
            }
            assertEquals(expected, taken, g.toString());
            final XdpStatistics st = new XdpStatistics();
            s.statistics(st);
            assertEquals(invalid, st.txInvalidDescs, g.toString());
        } finally {
            s.close();
            u.close();
        }
    }

    /** Fill-ring addresses at and across the UMEM end, across chunks and pages, with offset bits: as xp_alloc does. */
    @ParameterizedTest
    @EnumSource(Geometry.class)
    void fillRingSkipsAndCountsInvalidAddresses(Geometry g) {
        final long size = g.size();
        final long[] fills = {0, 1, g.chunk - 1, g.chunk, size - g.chunk, size - g.chunk + 1, size - 1, size,
            size + g.chunk, -1L, -(long) g.chunk, (1L << 48) | g.chunk, (1L << 48) - 1, 0x1000 - 30, 0x800 + 7,
            Long.MIN_VALUE, Long.MAX_VALUE};
        final NetDevice dev = new NetDevice("test0", 1, true, new Fixture.RecordingTransmitter(), null);
        final Umem u = umem(g);
        final XskSocket s = new XskSocket();
        try {
            s.registerUmem(u);
            s.createFillRing(32);
            s.createCompletionRing(32);
            s.createRxRing(32);
            s.bind(dev, 0, 0);
            final RingProducer fq = s.fillRing().producer();
            fq.reserve(fills.length);
            for (int i = 0; i < fills.length; i++) {
                fq.putAddr(fq.reservedIndex() + i, fills[i]);
            }
            fq.submit();
            final long[] out = new long[32];
            final int got = s.pool().allocBatch(out, 0, 32);
            final List<Long> expected = new ArrayList<>();
            long invalid = 0;
            for (long a : fills) {
                final long c = kernelFillChunk(g, a);
                assertEquals(c, u.checkFillAddr(a), g + ": fill address 0x" + Long.toHexString(a));
                if (c >= 0) {
                    expected.add(c);
                } else {
                    invalid++;
                }
            }
            final List<Long> taken = new ArrayList<>();
            for (int i = 0; i < got; i++) {
                taken.add(out[i]);
            }
            assertEquals(expected, taken, g.toString());
            assertEquals(invalid, s.pool().fillInvalidDescs(), g.toString());
        } finally {
            s.close();
            u.close();
        }
    }

    /** 200001 random descriptors and fill addresses near every boundary, against the model; the seed is printed. */
    @ParameterizedTest
    @EnumSource(Geometry.class)
    void randomDescriptorsAgreeWithTheKernelModel(Geometry g) {
        final long seed = 0x5eed_0000L + g.ordinal();
        final Random r = new Random(seed);
        try (Umem u = umem(g)) {
            final long size = g.size();
            final long[] anchors = {0, g.chunk, 2L * g.chunk, 4096, 8192, size - g.chunk, size, 1L << 48,
                (1L << 48) - 1, -1L, Long.MIN_VALUE, Long.MAX_VALUE};
            for (int i = 0; i < 200_001; i++) {
                long addr = anchors[r.nextInt(anchors.length)] + (r.nextInt(257) - 128);
                if (r.nextInt(4) == 0) {
                    addr = (addr & ((1L << 48) - 1)) | ((long) r.nextInt(1 << 16) << 48);
                } else if (r.nextInt(8) == 0) {
                    addr = r.nextLong();
                }
                final int[] lens = {0, 1, MIN_PKT, g.chunk - 1, g.chunk, g.chunk + 1, r.nextInt(), r.nextInt(9001)};
                final int len = lens[r.nextInt(lens.length)];
                final int[] opts = {0, 0, 0, Umem.XDP_PKT_CONTD, Umem.XDP_TX_METADATA, 4, r.nextInt()};
                final int options = opts[r.nextInt(opts.length)];
                final String what = "seed " + seed + " case " + i + ": addr 0x" + Long.toHexString(addr) + " len "
                    + len + " options 0x" + Integer.toHexString(options);
                assertEquals(kernelValidDesc(g, addr, len, options), u.validDesc(addr, len, options), what);
                assertEquals(kernelFillChunk(g, addr), u.checkFillAddr(addr), what);
            }
        }
    }
}
