package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;
import io.xdpj.sim.wire.CountingSink;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XdpPrograms;
import io.xdpj.xsk.XskMap;
import io.xdpj.xsk.XskSocket;

/**
 * Two queues with RSS configured through the admin queue (AQ 0x0B02/0x0B03), one socket and one poller thread per
 * queue: 1001 frames of 16 flows spread over both queues, every frame delivered once, intact, in order per queue.
 */
class RssTest {

    static final int FRAMES = 2048;
    static final int CHUNK = 2048;

    @Test
    void twoQueuesTwoPollers() {
        final FrameGenerator gen = FrameGenerator.builder().sizes(XskRxPathTest.MIXED).count(1001).flows(16).build();
        final GatedSource gate = new GatedSource(gen);
        try (SimBed bed = new SimBed(b -> { }, gate, new CountingSink())) {
            bed.open(I40eConfig.builder().rxQueues(2).ringSize(512).rxMode(I40eConfig.RxMode.BATCHED).build());
            final I40ePort port = bed.port;
            final XskMap map = new XskMap(4);
            port.attachProgram(XdpPrograms.redirectXsk(map), null);
            final XskSocket[] xsk = new XskSocket[2];
            final Umem[] umem = new Umem[2];
            for (int q = 0; q < 2; q++) {
                umem[q] = port.createUmem(new UmemConfig((long) FRAMES * CHUNK, CHUNK, 0, 0, false));
                xsk[q] = new XskSocket();
                xsk[q].registerUmem(umem[q]);
                xsk[q].createFillRing(FRAMES);
                xsk[q].createCompletionRing(FRAMES);
                xsk[q].createRxRing(FRAMES);
                final RingProducer fill = xsk[q].fillRing().producer();
                fill.reserve(FRAMES);
                for (int f = 0; f < FRAMES; f++) {
                    fill.putAddr(fill.reservedIndex() + f, (long) f * CHUNK);
                }
                fill.submit(); // before bind: the queue restarts on the pool and posts these at once
                port.bind(xsk[q], q, XskSocket.XDP_ZEROCOPY);
                map.update(q, xsk[q]);
            }
            port.startPollers(new BackoffIdleStrategy(1, 10, 1_000, 50_000));
            gate.allow(256);
            gate.open();
            final long[] delivered = new long[2];
            final long[] last = {-1, -1};
            long corrupt = 0;
            long outOfOrder = 0;
            final UnsafeBuffer view = new UnsafeBuffer(0, 0);
            final long guard = System.nanoTime() + 30_000_000_000L;
            while (delivered[0] + delivered[1] + port.statistics().get("rx_discards") < 1001
                && System.nanoTime() < guard) {
                for (int q = 0; q < 2; q++) {
                    final RingConsumer rx = xsk[q].rxRing().consumer();
                    final int n = rx.peek(256);
                    if (n == 0) {
                        continue;
                    }
                    final RingProducer fill = xsk[q].fillRing().producer();
                    fill.reserve(n);
                    for (int i = 0; i < n; i++) {
                        final long addr = rx.descAddr(rx.peekIndex() + i);
                        final int len = rx.descLen(rx.peekIndex() + i);
                        view.wrap(umem[q].address() + addr, len);
                        corrupt += FrameGenerator.verify(view, 0, len) ? 0 : 1;
                        final long seq = FrameGenerator.sequence(view, 0);
                        outOfOrder += seq <= last[q] ? 1 : 0;
                        last[q] = seq;
                        fill.putAddr(fill.reservedIndex() + i, addr & ~(CHUNK - 1L));
                    }
                    fill.submit();
                    rx.release(n);
                    delivered[q] += n;
                }
                gate.allow(delivered[0] + delivered[1] + 256);
                Thread.onSpinWait();
            }
            port.stopPollers();
            assertEquals(0, port.statistics().get("rx_discards"), "paced: no discards");
            assertEquals(1001, delivered[0] + delivered[1], () -> "delivered " + port.statistics());
            assertTrue(delivered[0] > 0 && delivered[1] > 0, "both queues received: " + delivered[0] + "/" + delivered[1]);
            assertEquals(0, corrupt);
            assertEquals(0, outOfOrder);
            assertEquals(delivered[0], port.runner(0).frames());
            assertEquals(delivered[1], port.runner(1).frames());
            assertEquals(0, bed.dmaFaults());
        }
    }
}
