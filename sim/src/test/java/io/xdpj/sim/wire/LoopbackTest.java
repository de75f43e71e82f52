package io.xdpj.sim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class LoopbackTest {

    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[16384]);

    @Test
    void framesComeBackInOrderAndIntact() {
        final Loopback loop = new Loopback();
        final FrameGenerator gen = FrameGenerator.builder().sizes(60, 1514, 9000).count(1001).build();
        int n;
        long sent = 0;
        final UnsafeBuffer rx = new UnsafeBuffer(new byte[16384]);
        long received = 0;
        while ((n = gen.poll(frame, 0, frame.capacity())) != 0) {
            assertTrue(loop.transmit(frame, 0, n));
            sent++;
            if (sent % 7 == 0) { // drain now and then, leaving frames queued in between
                int m;
                while ((m = loop.poll(rx, 0, rx.capacity())) != 0) {
                    assertEquals(received++, FrameGenerator.sequence(rx, 0));
                    assertTrue(FrameGenerator.verify(rx, 0, m));
                }
            }
        }
        int m;
        while ((m = loop.poll(rx, 0, rx.capacity())) != 0) {
            assertEquals(received++, FrameGenerator.sequence(rx, 0));
            assertTrue(FrameGenerator.verify(rx, 0, m));
        }
        assertEquals(1001, received);
        assertEquals(0, loop.dropped());
    }

    @Test
    void fullQueueDropsAndCounts() {
        final Loopback loop = new Loopback(131072);
        int accepted = 0;
        // each 9000-byte record takes 9000 + 8 header bytes, aligned to 8: 9008; 14 fit in 128 KiB, the 15th not
        for (int i = 0; i < 15; i++) {
            if (loop.transmit(frame, 0, 9000)) {
                accepted++;
            }
        }
        assertEquals(14, accepted);
        assertEquals(1, loop.dropped());
        assertEquals(9000, loop.poll(frame, 0, frame.capacity()));
        assertEquals(0, loop.poll(frame, 0, 1000)); // next one is larger than this buffer: skipped, counted
        assertEquals(1, loop.oversize());
        assertFalse(loop.queuedBytes() == 0);
        assertFalse(loop.transmit(frame, 0, 16385)); // larger than any record the ring takes: dropped, not thrown
        assertEquals(2, loop.dropped());
    }
}
