package io.xdpj.xsk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class XdpRxRunnerTest {

    enum Path { REDIRECT, XSKMAP_DIRECT, REDIRECT_FLAG, REDIRECT_XSK, REDIRECT_XSK_BATCHED, BATCHED_REDIRECT }

    /** Counts its runs and delegates. */
    static final class Counting implements XdpProgram {
        final XdpProgram inner;
        long runs;

        Counting(XdpProgram inner) {
            this.inner = inner;
        }

        @Override
        public int run(XdpBuff ctx) {
            runs++;
            return inner.run(ctx);
        }
    }

    private static void deliver(Path p, XdpRxRunner r, long[] h, int[] l, int n) {
        switch (p) {
            case REDIRECT_XSK_BATCHED -> r.receiveBatch(h, l, n);
            case BATCHED_REDIRECT -> r.receiveBatchSameTarget(h, l, n);
            default -> {
                for (int i = 0; i < n; i++) {
                    r.receive(h[i], l[i]);
                }
            }
        }
        r.finish();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void everyPathDeliversEveryFrameOnceInOrder(Path path) {
        try (Fixture f = new Fixture(256, 0)) {
            Counting prog = new Counting(f.program(path));
            XdpRxRunner r = new XdpRxRunner(f.dev.rxQueue(0), f.redirect, prog, null, 2048, 256);
            long delivered = 0;
            int[] sizes = {64, 60, 1514, 37, 64};
            for (int round = 0; round < 1001; round++) {
                int want = 1 + round % 64;
                int n = f.takeFrames(r, want, sizes[round % sizes.length]);
                deliver(path, r, f.handles, f.lens, n);
                delivered = f.drainRx(f.xsk, delivered);
            }
            assertEquals(f.nextSeq, delivered, "every frame reached the socket, in order");
            assertEquals(f.nextSeq, prog.runs, "the program ran exactly once per frame");
            assertEquals(f.nextSeq, r.frames());
            XdpStatistics st = new XdpStatistics();
            f.xsk.statistics(st);
            assertEquals(0, st.rxRingFull + st.rxDropped);
            int expectedAction = path == Path.REDIRECT_XSK || path == Path.REDIRECT_XSK_BATCHED
                ? XdpAction.REDIRECT_XSK : XdpAction.REDIRECT;
            assertEquals(f.nextSeq, r.actionCount(expectedAction));
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aFullRxRingIsNeverOverwrittenAndEachMissingSlotIsCounted(Path path) {
        try (Fixture f = new Fixture(32, 0)) {
            Counting prog = new Counting(f.program(path));
            XdpRxRunner r = new XdpRxRunner(f.dev.rxQueue(0), f.redirect, prog, null, 2048, 256);
            int n = f.takeFrames(r, 20, 64);
            deliver(path, r, f.handles, f.lens, n);
            n = f.takeFrames(r, 20, 64); // only 12 slots left: a batch of 20 must not wrap over unread entries
            deliver(path, r, f.handles, f.lens, n);
            XdpStatistics st = new XdpStatistics();
            f.xsk.statistics(st);
            assertEquals(8, st.rxRingFull, "8 frames found no slot");
            assertEquals(8, r.dropXsk() + r.dropRedirect());
            assertEquals(40, prog.runs);
            assertEquals(32, f.drainRx(f.xsk, 0), "the first 32 frames, intact and in order");
            assertEquals(8, r.pool().freeCount(), "dropped frames went back to the pool");
        }
    }

    @Test
    void redirectXskFallsBackWhenTwoSocketsShareTheQueue() {
        try (Fixture f = new Fixture(256, 0)) {
            XskSocket second = new XskSocket();
            second.createRxRing(256);
            second.bindShared(f.dev, 0, f.xsk);
            XskMap map = new XskMap(4);
            map.update(0, second);
            Counting prog = new Counting(XdpPrograms.redirectXsk(map));
            XdpRxRunner r = new XdpRxRunner(f.dev.rxQueue(0), f.redirect, prog, null, 2048, 256);
            int n = f.takeFrames(r, 64, 64);
            r.receiveBatch(f.handles, f.lens, n);
            r.finish();
            assertEquals(64, r.actionCount(XdpAction.REDIRECT), "fell back invisibly to bpf_redirect_map");
            assertEquals(0, r.actionCount(XdpAction.REDIRECT_XSK));
            assertEquals(64, prog.runs);
            assertEquals(64, f.drainRx(second, 0), "delivered to the socket the map names");
            second.close();
        }
    }

    @Test
    void redirectXskFallsBackWhenTheSocketHasNoRxRingAndTheMapMissPasses() {
        NetDevice dev = new NetDevice("t1", 1, true, null, null);
        try (Umem umem = Umem.allocate(UmemConfig.aligned(64 * 4096))) {
            XskSocket txOnly = new XskSocket();
            txOnly.registerUmem(umem);
            txOnly.createFillRing(64);
            txOnly.createCompletionRing(64);
            txOnly.createTxRing(64);
            txOnly.bind(dev, 0, 0);
            var fq = txOnly.fillRing().producer();
            fq.reserve(8);
            for (int i = 0; i < 8; i++) {
                fq.putAddr(fq.reservedIndex() + i, i * 4096L);
            }
            fq.submit();
            XskMap map = new XskMap(4); // no entry for queue 0
            Counting prog = new Counting(XdpPrograms.redirectXsk(map));
            XdpRxRunner r = new XdpRxRunner(dev.rxQueue(0), new XdpRedirect(), prog, null, 2048, 256);
            long[] h = new long[8];
            int[] l = {64, 64, 64, 64, 64, 64, 64, 64};
            assertEquals(8, r.pool().allocBatch(h, 0, 8));
            r.receiveBatch(h, l, 8);
            r.finish();
            assertEquals(8, r.actionCount(XdpAction.PASS), "miss returns the flags' action: XDP_PASS");
            assertEquals(8, r.dropPassNoHandler());
            assertEquals(8, prog.runs);
            assertEquals(8, r.pool().freeCount());
            txOnly.close();
        }
    }

    @Test
    void batchedPathStopsAtTheFirstOtherActionWithoutRunningTheProgramTwice() {
        try (Fixture f = new Fixture(256, 0)) {
            XskMap map = new XskMap(4);
            map.update(0, f.xsk);
            XdpProgram rfc = XdpPrograms.redirectXsk(map);
            // Every 10th frame (by sequence number) is dropped by the program, the 7th of each 10 passed.
            Counting prog = new Counting(ctx -> {
                long seq = ctx.getByte(14) & 0xFF;
                if (seq % 10 == 3) {
                    return XdpAction.DROP;
                }
                if (seq % 10 == 7) {
                    return XdpAction.PASS;
                }
                return rfc.run(ctx);
            });
            long[] passed = new long[1];
            XdpRxRunner r = new XdpRxRunner(f.dev.rxQueue(0), f.redirect, prog, fr -> passed[0]++, 2048, 256);
            int n = f.takeFrames(r, 64, 64);
            r.receiveBatch(f.handles, f.lens, n);
            r.finish();
            assertEquals(64, prog.runs);
            assertEquals(7, r.dropDrop());
            assertEquals(6, passed[0]);
            assertEquals(51, r.actionCount(XdpAction.REDIRECT_XSK));
            assertEquals(13, r.pool().freeCount());
            long got = 0;
            var rx = f.xsk.rxRing().consumer();
            int avail = rx.peek(64);
            for (int i = 0; i < avail; i++) {
                long seq = UnsafeApi.getLong(f.umem.addressOf(rx.descAddr(rx.peekIndex() + i)) + 14);
                assertTrue(seq % 10 != 3 && seq % 10 != 7, "dropped/passed frame " + seq + " reached the socket");
                got++;
            }
            assertEquals(51, got);
        }
    }

    @Test
    void everyActionIsHandledAndCounted() {
        try (Fixture f = new Fixture(256, 0)) {
            XskMap map = new XskMap(4);
            DevMap devmap = new DevMap(4);
            Fixture.RecordingTransmitter otherTx = new Fixture.RecordingTransmitter();
            NetDevice other = new NetDevice("other", 1, true, otherTx, null);
            devmap.update(1, other);
            CpuMap cpumap = new CpuMap(4);
            CpuMapEntry remote = new CpuMapEntry(1, 64, 2048);
            cpumap.update(2, remote);
            int[] script = {XdpAction.TX, 100, 101, XdpAction.ABORTED, 77, 102, XdpAction.PASS};
            int[] step = {0};
            XdpProgram prog = ctx -> {
                int s = script[step[0]++ % script.length];
                return switch (s) {
                    case 100 -> devmap.redirectMap(ctx, 1, 0);
                    case 101 -> cpumap.redirectMap(ctx, 2, 0);
                    case 102 -> map.redirectMap(ctx, 3, XdpAction.DROP); // miss → DROP
                    case 77 -> ctx.getByte(5000); // out of bounds → counted as ABORTED
                    default -> s;
                };
            };
            XdpRxRunner r = new XdpRxRunner(f.dev.rxQueue(0), f.redirect, prog, null, 2048, 256);
            int n = f.takeFrames(r, 7, 64);
            for (int i = 0; i < n; i++) {
                r.receive(f.handles[i], f.lens[i]);
            }
            assertEquals(0, otherTx.queued, "DEVMAP frames wait in the bulk queue until do_flush");
            r.finish();
            assertEquals(1, f.tx.flushed, "XDP_TX: one frame, one tail write");
            assertEquals(0, f.tx.lastSeq);
            assertEquals(1, otherTx.flushed, "DEVMAP: transmitted at do_flush");
            assertEquals(1, otherTx.lastSeq);
            long[] seen = new long[1];
            assertEquals(1, remote.poll((a, len) -> seen[0] = UnsafeApi.getLong(a + 14), 8));
            assertEquals(2, seen[0], "CPUMAP frame reached the other poller intact");
            assertEquals(2, r.dropAborted());
            assertEquals(1, r.programFaults());
            assertEquals(1, r.dropDrop());
            assertEquals(1, r.dropPassNoHandler());
            assertEquals(7, r.pool().freeCount(), "no frame kept: all back in the pool");
            remote.close();
        }
    }

    @Test
    void copyModeCopiesIntoFillRingFramesAndCountsAnEmptyFillRing() {
        try (Fixture f = new Fixture(256, XskSocket.XDP_COPY)) {
            XskMap map = new XskMap(4);
            map.update(0, f.xsk);
            XdpRxRunner r = new XdpRxRunner(f.dev.rxQueue(0), f.redirect, XdpPrograms.libxdpDefault(map), null,
                2048, 256);
            assertTrue(!r.zeroCopy());
            long driverBuf = UnsafeApi.allocateMemory(2048 * 4);
            for (int i = 0; i < 4; i++) {
                UnsafeApi.putLong(driverBuf + 2048L * i + 256 + 14, 1000 + i);
                r.receive(driverBuf + 2048L * i, 128);
            }
            r.finish();
            var rx = f.xsk.rxRing().consumer();
            assertEquals(4, rx.peek(8));
            for (int i = 0; i < 4; i++) {
                long addr = rx.descAddr(rx.peekIndex() + i);
                assertEquals(i * 2048L + 256, addr, "copied into fill-ring frame " + i + " after the headroom");
                assertEquals(1000 + i, UnsafeApi.getLong(f.umem.addressOf(addr) + 14));
            }
            rx.release(4);
            // drain the fill ring entirely, then one more frame: rx_dropped and rx_fill_ring_empty_descs
            long[] sink = new long[Fixture.FRAMES];
            f.xsk.pool().allocBatch(sink, 0, Fixture.FRAMES);
            r.receive(driverBuf, 64);
            XdpStatistics st = new XdpStatistics();
            f.xsk.statistics(st);
            assertEquals(1, st.rxDropped);
            assertEquals(1, st.rxFillRingEmptyDescs);
            UnsafeApi.freeMemory(driverBuf);
        }
    }

    @Test
    void oversizeFramesAreCountedAsRxDropped() {
        try (Fixture f = new Fixture(256, 0)) {
            XskMap map = new XskMap(4);
            map.update(0, f.xsk);
            XdpRxRunner r = new XdpRxRunner(f.dev.rxQueue(0), f.redirect,
                ctx -> {
                    ctx.adjustHead(-200); // grow into the headroom beyond the Rx frame size
                    return map.redirectXsk(ctx, 0, XdpAction.PASS);
                }, null, 2048, 256);
            int n = f.takeFrames(r, 4, Fixture.CHUNK - 256);
            r.receiveBatch(f.handles, f.lens, n);
            r.finish();
            XdpStatistics st = new XdpStatistics();
            f.xsk.statistics(st);
            assertEquals(4, st.rxDropped);
            assertEquals(4, r.dropXsk());
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void steadyStateAllocatesNothing(Path path) {
        try (Fixture f = new Fixture(256, 0)) {
            XdpRxRunner r = new XdpRxRunner(f.dev.rxQueue(0), f.redirect, f.program(path), null, 2048, 256);
            com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] seq = {0};
            Runnable cycle = () -> {
                int n = f.takeFrames(r, 64, 64);
                deliver(path, r, f.handles, f.lens, n);
                seq[0] = f.drainRx(f.xsk, seq[0]);
            };
            for (int i = 0; i < 20_000; i++) { // warm up: let the JIT compile the loop
                cycle.run();
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                cycle.run();
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 64 * 1024, path + " allocated " + allocated + " bytes for 640000 frames");
        }
    }
}
