package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.FrameSink;
import io.xdpj.sim.wire.Loopback;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XdpPrograms;
import io.xdpj.xsk.XskMap;
import io.xdpj.xsk.XskSocket;

/** AF_XDP transmit (zero-copy and copy mode) with completions, and round trips through the model's wire. */
class TxTest {

    static final int FRAMES = 4096;
    static final int CHUNK = 2048;
    static final int RX_FRAMES = 2048;
    static final int IN_FLIGHT = 200;

    /** A wire end that checks every frame it gets: intact, in sequence order. */
    static final class CheckingSink implements FrameSink {
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        volatile long frames;
        long corrupt;
        long outOfOrder;
        long last = -1;

        @Override
        public boolean transmit(DirectBuffer buffer, int offset, int length) {
            if (!FrameGenerator.verify(buffer, offset, length)) {
                corrupt++;
            }
            final long seq = FrameGenerator.sequence(buffer, offset);
            if (seq <= last) {
                outOfOrder++;
            }
            last = seq;
            frames = frames + 1;
            return true;
        }
    }

    private static XskSocket socket(I40ePort port, Umem umem, boolean zeroCopy) {
        final XskSocket xsk = new XskSocket();
        xsk.registerUmem(umem);
        xsk.createFillRing(FRAMES);
        xsk.createCompletionRing(FRAMES);
        xsk.createRxRing(FRAMES);
        xsk.createTxRing(FRAMES);
        final XskMap map = new XskMap(4);
        port.attachProgram(XdpPrograms.redirectXsk(map), null);
        port.bind(xsk, 0, zeroCopy ? XskSocket.XDP_ZEROCOPY : XskSocket.XDP_COPY);
        map.update(0, xsk);
        return xsk;
    }

    /**
     * 1001 generated frames sent from the socket's Tx ring, looped back by the wire, received by the same socket:
     * all 1001 come back intact and in order, and every Tx frame is completed on the completion ring.
     */
    @ParameterizedTest(name = "zc={0}")
    @ValueSource(booleans = {true, false})
    void txRoundTripThroughLoopback(boolean zeroCopy) {
        final Loopback loop = new Loopback();
        try (SimBed bed = new SimBed(b -> { }, loop, loop)) {
            bed.open(I40eConfig.builder().ringSize(512).build());
            final I40ePort port = bed.port;
            final Umem umem = port.createUmem(new UmemConfig((long) FRAMES * CHUNK, CHUNK, 0, 0, false));
            final XskSocket xsk = socket(port, umem, zeroCopy);
            final FrameGenerator gen = FrameGenerator.builder().sizes(XskRxPathTest.MIXED).count(1001).build();
            final RingProducer fill = xsk.fillRing().producer();
            final RingProducer tx = xsk.txRing().producer();
            final RingConsumer rx = xsk.rxRing().consumer();
            final RingConsumer comp = xsk.completionRing().consumer();
            fill.reserve(RX_FRAMES);
            for (int f = 0; f < RX_FRAMES; f++) {
                fill.putAddr(fill.reservedIndex() + f, (long) f * CHUNK);
            }
            fill.submit();
            final ArrayDeque<Long> txFree = new ArrayDeque<>();
            for (int f = RX_FRAMES; f < FRAMES; f++) {
                txFree.add((long) f * CHUNK);
            }
            final UnsafeBuffer view = new UnsafeBuffer(0, 0);
            final I40eQueuePoller poller = port.poller(0);
            long sent = 0;
            long received = 0;
            long completed = 0;
            long corrupt = 0;
            long outOfOrder = 0;
            long last = -1;
            final long guard = System.nanoTime() + 30_000_000_000L;
            while ((received < 1001 || completed < 1001) && System.nanoTime() < guard) {
                // Application Tx: keep at most IN_FLIGHT frames between send and receive.
                while (sent < 1001 && sent - received < IN_FLIGHT && !txFree.isEmpty() && tx.reserve(1) == 1) {
                    final long addr = txFree.poll();
                    view.wrap(umem.address() + addr, CHUNK);
                    final int len = gen.poll(view, 0, CHUNK);
                    tx.putDesc(tx.reservedIndex(), addr, len, 0);
                    tx.submit();
                    sent++;
                }
                poller.doWork();
                final int c = comp.peek(256);
                for (int i = 0; i < c; i++) {
                    txFree.add(comp.addr(comp.peekIndex() + i));
                }
                comp.release(c);
                completed += c;
                final int n = rx.peek(256);
                if (n > 0) {
                    fill.reserve(n);
                    for (int i = 0; i < n; i++) {
                        final long addr = rx.descAddr(rx.peekIndex() + i);
                        final int len = rx.descLen(rx.peekIndex() + i);
                        view.wrap(umem.address() + addr, len);
                        if (!FrameGenerator.verify(view, 0, len)) {
                            corrupt++;
                        }
                        final long seq = FrameGenerator.sequence(view, 0);
                        if (seq <= last) {
                            outOfOrder++;
                        }
                        last = seq;
                        fill.putAddr(fill.reservedIndex() + i, addr & ~(CHUNK - 1L));
                    }
                    fill.submit();
                    rx.release(n);
                    received += n;
                }
            }
            assertEquals(1001, sent);
            assertEquals(1001, completed, "every transmitted frame completed");
            assertEquals(1001, received, () -> "every frame came back " + port.statistics());
            assertEquals(0, corrupt);
            assertEquals(0, outOfOrder);
            assertEquals(1001, port.statistics().get("tx-0.packets"));
            assertEquals(0, bed.dmaFaults());
            xsk.close();
        }
    }

    /**
     * l2fwd: generated frames arrive, the application puts each received descriptor on the Tx ring unchanged (zero
     * copies in zero-copy mode), completions go back to the fill ring; the far end of the wire gets all 1001
     * frames intact and in order.
     */
    @ParameterizedTest(name = "zc={0}")
    @ValueSource(booleans = {true, false})
    void l2fwd(boolean zeroCopy) {
        final FrameGenerator gen = FrameGenerator.builder().sizes(XskRxPathTest.MIXED).count(1001).build();
        final GatedSource gate = new GatedSource(gen);
        final CheckingSink sink = new CheckingSink();
        try (SimBed bed = new SimBed(b -> { }, gate, sink)) {
            bed.open(I40eConfig.builder().ringSize(512).build());
            final I40ePort port = bed.port;
            final Umem umem = port.createUmem(new UmemConfig((long) FRAMES * CHUNK, CHUNK, 0, 0, false));
            final XskSocket xsk = socket(port, umem, zeroCopy);
            final RingProducer fill = xsk.fillRing().producer();
            final RingProducer tx = xsk.txRing().producer();
            final RingConsumer rx = xsk.rxRing().consumer();
            final RingConsumer comp = xsk.completionRing().consumer();
            fill.reserve(FRAMES);
            for (int f = 0; f < FRAMES; f++) {
                fill.putAddr(fill.reservedIndex() + f, (long) f * CHUNK);
            }
            fill.submit();
            final I40eQueuePoller poller = port.poller(0);
            poller.doWork();
            gate.allow(IN_FLIGHT);
            gate.open();
            long forwarded = 0;
            final long guard = System.nanoTime() + 30_000_000_000L;
            while (sink.frames < 1001 && System.nanoTime() < guard) {
                poller.doWork();
                final int n = rx.peek(256);
                if (n > 0 && tx.reserve(n) == n) {
                    for (int i = 0; i < n; i++) {
                        tx.putDesc(tx.reservedIndex() + i, rx.descAddr(rx.peekIndex() + i),
                            rx.descLen(rx.peekIndex() + i), 0);
                    }
                    tx.submit();
                    rx.release(n);
                    forwarded += n;
                }
                final int c = comp.peek(256);
                if (c > 0) {
                    fill.reserve(c);
                    for (int i = 0; i < c; i++) {
                        fill.putAddr(fill.reservedIndex() + i, comp.addr(comp.peekIndex() + i) & ~(CHUNK - 1L));
                    }
                    fill.submit();
                    comp.release(c);
                }
                gate.allow(sink.frames + IN_FLIGHT);
            }
            assertEquals(1001, forwarded);
            assertEquals(1001, sink.frames, () -> "forwarded frames on the wire " + port.statistics());
            assertEquals(0, sink.corrupt);
            assertEquals(0, sink.outOfOrder);
            assertEquals(0, bed.dmaFaults());
            xsk.close();
        }
    }
}
