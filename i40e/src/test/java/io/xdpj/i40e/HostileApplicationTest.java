package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.FrameSink;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XdpPrograms;
import io.xdpj.xsk.XdpStatistics;
import io.xdpj.xsk.XskMap;
import io.xdpj.xsk.XskSocket;

/**
 * Hostile application input end to end, zero-copy on the simulated XL710: the AF_XDP selftests' invalid Tx
 * descriptors (and seeded random ones) and hostile fill-ring addresses, for the selftests' four UMEM geometries.
 * What the device does is observed from outside the driver: the wire gets exactly the valid Tx descriptors' bytes,
 * read from where each descriptor points; on Rx, UMEM memory starts as a canary pattern and after the run every
 * byte outside the chunks of accepted fill entries still holds it (the device wrote nowhere else); the model's
 * IOMMU logged no fault; the invalid entries are counted once each (tx_invalid_descs, fill_invalid).
 */
class HostileApplicationTest {

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
    }

    static final int FRAMES = 64;
    static final int MIN_PKT = 60;
    static final byte CANARY = (byte) 0xA5;
    static final long DEADLINE_NANOS = 20_000_000_000L;

    record Desc(long addr, int len, int options, boolean valid) {
    }

    /** A wire end that keeps a copy of every frame. */
    static final class CopyingSink implements FrameSink {
        final List<byte[]> frames = new CopyOnWriteArrayList<>();

        @Override
        public boolean transmit(DirectBuffer buffer, int offset, int length) {
            final byte[] b = new byte[length];
            buffer.getBytes(offset, b);
            frames.add(b);
            return true;
        }
    }

    /** testapp_invalid_desc(_mb) as in the xsk module's HostileDescriptorTest, with the kernel's verdicts. */
    static List<Desc> selftestCases(Geometry g, long size) {
        final long frame = 2L * g.chunk;
        final List<Desc> d = new ArrayList<>();
        d.add(new Desc(0, MIN_PKT, 0, true));
        d.add(new Desc(frame, MIN_PKT, 0, true));
        d.add(new Desc(-2L, MIN_PKT, 0, false));
        d.add(new Desc(frame, 9001, 0, false));
        d.add(new Desc(size - MIN_PKT, MIN_PKT, 0, true));
        d.add(new Desc(size, MIN_PKT, 0, false));
        d.add(new Desc(size - MIN_PKT / 2, MIN_PKT, 0, false));
        d.add(new Desc(frame + 0x1000 - MIN_PKT / 2, MIN_PKT, 0, g.unaligned));
        d.add(new Desc(frame + 0x800 - MIN_PKT / 2, MIN_PKT, 0, g.unaligned || g.chunk == 4096));
        d.add(new Desc(frame, 0, 0, false));
        d.add(new Desc(frame, g.chunk, 0, true));
        d.add(new Desc(frame, g.chunk + 1, 0, false));
        d.add(new Desc(frame, MIN_PKT, Umem.XDP_PKT_CONTD, false));
        d.add(new Desc(frame, MIN_PKT, 0xffff, false));
        d.add(new Desc(frame - MIN_PKT / 2, MIN_PKT, 0, g.unaligned));
        d.add(new Desc((16L << 48) | frame, MIN_PKT, 0, g.unaligned));
        d.add(new Desc(frame + 3 * g.chunk + 1, MIN_PKT, 0, true)); // odd offset inside a chunk
        return d;
    }

    private static Umem umem(I40ePort port, Geometry g) {
        final UmemConfig c = new UmemConfig((long) FRAMES * g.chunk, g.chunk, 0, 0, false);
        return port.createUmem(g.unaligned ? c.unaligned() : c);
    }

    private static XskSocket socket(I40ePort port, Umem umem) {
        final XskSocket xsk = new XskSocket();
        xsk.registerUmem(umem);
        xsk.createFillRing(2 * FRAMES);
        xsk.createCompletionRing(FRAMES);
        xsk.createRxRing(FRAMES);
        xsk.createTxRing(FRAMES);
        final XskMap map = new XskMap(4);
        port.attachProgram(XdpPrograms.redirectXsk(map), null);
        port.bind(xsk, 0, XskSocket.XDP_ZEROCOPY);
        map.update(0, xsk);
        return xsk;
    }

    /** Byte {@code i} of the UMEM: varies with the position, so a frame's bytes say where they were read. */
    private static byte pattern(long i) {
        return (byte) (i * 131 + (i >>> 8) * 7 + 1);
    }

    @ParameterizedTest
    @EnumSource(Geometry.class)
    void selftestTxDescriptorsSendExactlyTheValidOnes(Geometry g) {
        sendAndCheck(g, null);
    }

    /** 1001 seeded random descriptors around the same boundaries (seed printed in every assertion message). */
    @ParameterizedTest
    @EnumSource(Geometry.class)
    void randomTxDescriptorsSendExactlyTheValidOnes(Geometry g) {
        sendAndCheck(g, new Random(0x7e57_0000L + g.ordinal()));
    }

    private void sendAndCheck(Geometry g, Random random) {
        final CopyingSink sink = new CopyingSink();
        try (SimBed bed = new SimBed(b -> { }, new GatedSource(FrameGenerator.builder().count(0).build()), sink)) {
            bed.open(I40eConfig.builder().ringSize(64).build());
            final I40ePort port = bed.port;
            final Umem u = umem(port, g);
            final XskSocket xsk = socket(port, u);
            for (long i = 0; i < u.size(); i++) {
                UnsafeApi.putByte(u.address() + i, pattern(i));
            }
            // NB: with the link still down the MAC completes frames without sending them (GLPRT_TDOLD): wait for it.
            final long linkDeadline = System.nanoTime() + DEADLINE_NANOS;
            while (!bed.device.engine().linkUp() && System.nanoTime() < linkDeadline) {
                Thread.onSpinWait();
            }
            assertTrue(bed.device.engine().linkUp(), "the model's link came up");
            final List<Desc> cases = random == null ? selftestCases(g, u.size()) : randomCases(g, u.size(), random);
            final String seed = random == null ? g.toString() : g + " (random, seed " + (0x7e57_0000L + g.ordinal())
                + ")";
            final List<Desc> valid = new ArrayList<>();
            final RingProducer tx = xsk.txRing().producer();
            final RingConsumer comp = xsk.completionRing().consumer();
            final I40eQueuePoller poller = port.poller(0);
            long completed = 0;
            int next = 0;
            final long end = System.nanoTime() + DEADLINE_NANOS;
            while ((next < cases.size() || completed < valid.size()) && System.nanoTime() < end) {
                while (next < cases.size() && tx.reserve(1) == 1) {
                    final Desc d = cases.get(next++);
                    tx.putDesc(tx.reservedIndex(), d.addr, d.len, d.options);
                    tx.submit();
                    if (d.valid) {
                        valid.add(d);
                    }
                }
                poller.doWork();
                final int c = comp.peek(FRAMES);
                comp.release(c);
                completed += c;
            }
            // Every valid descriptor completed; the wire then holds them all (the model sends before completing).
            assertEquals(valid.size(), completed, seed);
            assertEquals(valid.size(), sink.frames.size(), seed);
            for (int k = 0; k < valid.size(); k++) {
                final Desc d = valid.get(k);
                final byte[] f = sink.frames.get(k);
                assertEquals(Math.max(d.len, MIN_PKT), f.length, seed + ": frame " + k);
                final long at = u.addressOf(d.addr) - u.address();
                for (int i = 0; i < d.len; i++) {
                    if (f[i] != pattern(at + i)) {
                        throw new AssertionError(seed + ": frame " + k + " byte " + i + " was not read from UMEM "
                            + "offset " + (at + i) + " (descriptor addr 0x" + Long.toHexString(d.addr) + ")");
                    }
                }
            }
            final XdpStatistics st = new XdpStatistics();
            xsk.statistics(st);
            assertEquals(cases.size() - valid.size(), st.txInvalidDescs, seed);
            assertEquals(0, bed.dmaFaults(), seed);
        }
    }

    /**
     * Random descriptors near the boundaries; the verdict is Umem.validDesc's, which the xsk module's
     * HostileDescriptorTest checks against a model of the kernel: here the device's behaviour is under test. Lengths
     * of valid frames stay ≥ 60 (shorter ones are padded or refused by the MAC, which is not what this test is about);
     * options never carry XDP_TX_METADATA (accepted, but with no metadata area to read).
     */
    private static List<Desc> randomCases(Geometry g, long size, Random r) {
        final long[] anchors = {0, g.chunk, 2L * g.chunk, 4096, size - g.chunk, size, -1L, 1L << 48};
        final int[] options = {0, 0, 0, 0, Umem.XDP_PKT_CONTD, 4, 0x8000};
        final UmemConfig c = new UmemConfig(size, g.chunk, 0, 0, false);
        final List<Desc> d = new ArrayList<>();
        try (Umem probe = Umem.allocate(g.unaligned ? c.unaligned() : c)) {
            for (int i = 0; i < 1001; i++) {
                long addr = anchors[r.nextInt(anchors.length)] + r.nextInt(129) - 64;
                if (r.nextInt(5) == 0) {
                    addr = (addr & ((1L << 48) - 1)) | ((long) r.nextInt(64) << 48);
                }
                final int[] lens = {0, MIN_PKT, 61, 1001, g.chunk - 1, g.chunk, g.chunk + 1, MIN_PKT + r.nextInt(8941)};
                final int len = lens[r.nextInt(lens.length)];
                final int opt = options[r.nextInt(options.length)];
                d.add(new Desc(addr, len, opt, probe.validDesc(addr, len, opt)));
            }
        }
        return d;
    }

    /**
     * Hostile fill-ring addresses (past the end, across it, offset bits, a chunk's last byte) mixed with valid ones;
     * 31 frames are received: each lands in the chunk of an accepted entry, no byte outside those chunks changes,
     * every invalid entry is counted once in fill_invalid.
     */
    @ParameterizedTest
    @EnumSource(Geometry.class)
    void hostileFillAddressesNeverLeadTheDeviceOutsideAcceptedChunks(Geometry g) {
        final FrameGenerator gen = FrameGenerator.builder().sizes(60, 1001, 333, 64, 1499).count(31).build();
        final GatedSource source = new GatedSource(gen);
        try (SimBed bed = new SimBed(b -> { }, source, new CopyingSink())) {
            bed.open(I40eConfig.builder().ringSize(64).build());
            final I40ePort port = bed.port;
            final Umem u = umem(port, g);
            final long size = u.size();
            UnsafeApi.setMemory(u.address(), size, CANARY);
            final XskSocket xsk = socket(port, u);
            final long[] hostile = {size, size + 1, -1L, -(long) g.chunk, Long.MIN_VALUE, (1L << 48) | size,
                size - g.chunk + 1, size - 1, (5L << 48) | (size - 10)};
            final BitSet allowed = new BitSet((int) size);
            final RingProducer fill = xsk.fillRing().producer();
            final List<Long> entries = new ArrayList<>();
            for (int f = 0; f < 40; f++) {
                entries.add(hostile[f % hostile.length]);
                // Valid entries, some with an offset inside the chunk (aligned mode rounds it down).
                entries.add((long) (f + 8) * g.chunk + (g.unaligned ? 0 : f % 3 * 17));
            }
            long invalid = 0;
            assertEquals(entries.size(), fill.reserve(entries.size()));
            for (int i = 0; i < entries.size(); i++) {
                final long a = entries.get(i);
                fill.putAddr(fill.reservedIndex() + i, a);
                final long chunk = u.checkFillAddr(a);
                if (chunk < 0) {
                    invalid++;
                } else {
                    allowed.set((int) chunk, (int) (chunk + g.chunk));
                }
            }
            fill.submit();
            final I40eQueuePoller poller = port.poller(0);
            poller.doWork(); // arm the ring from the fill ring before frames arrive
            source.open();
            final RingConsumer rx = xsk.rxRing().consumer();
            long received = 0;
            final long end = System.nanoTime() + DEADLINE_NANOS;
            while (received < 31 && System.nanoTime() < end) {
                poller.doWork();
                final int n = rx.peek(FRAMES);
                for (int i = 0; i < n; i++) {
                    final long addr = rx.descAddr(rx.peekIndex() + i);
                    final long at = u.addressOf(addr) - u.address();
                    assertTrue(allowed.get((int) at), g + ": frame delivered at UMEM offset " + at
                        + ", outside every accepted chunk");
                }
                rx.release(n);
                received += n;
            }
            assertEquals(31, received, g.toString());
            for (int i = 0; i < size; i++) {
                if (!allowed.get(i) && UnsafeApi.getByte(u.address() + i) != CANARY) {
                    throw new AssertionError(g + ": the device wrote UMEM offset " + i
                        + ", outside the chunks of accepted fill entries");
                }
            }
            assertEquals(invalid, port.statistics().get("xsk-0.fill_invalid"), g.toString());
            // By hand: hostile[f % 9] for f < 40 uses entries 0-3 five times and 4-8 four times. Entries 0-3 and 5 are
            // invalid in every mode; Long.MIN_VALUE is chunk 0 in unaligned mode (offset bits ignored by
            // xp_check_unaligned); size − chunk + 1 and size − 1 round down to the last chunk in aligned mode only;
            // (5 << 48) | (size − 10) is past the end either way. Aligned: 20 + 4 + 4 + 4 = 32; unaligned: 20 + 16.
            assertEquals(g.unaligned ? 36 : 32, invalid, g.toString());
            assertEquals(0, bed.dmaFaults(), g.toString());
        }
    }
}
