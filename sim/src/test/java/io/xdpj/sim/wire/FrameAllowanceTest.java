package io.xdpj.sim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** FrameAllowance releases exactly what was allowed, in order, and counts only frames the inner source gave. */
class FrameAllowanceTest {

    @Test
    void releasesExactlyTheAllowedFramesInOrder() {
        final FrameAllowance wire = new FrameAllowance(FrameGenerator.builder().sizes(60).count(5).build());
        final UnsafeBuffer b = new UnsafeBuffer(new byte[128]);
        assertEquals(0, wire.poll(b, 0, 128), "nothing allowed yet");
        wire.allow(3);
        for (long seq = 0; seq < 3; seq++) {
            assertEquals(60, wire.poll(b, 0, 128));
            assertEquals(seq, FrameGenerator.sequence(b, 0));
        }
        assertEquals(0, wire.poll(b, 0, 128), "allowance used up");
        wire.allow(7); // the generator has only 2 frames left: the allowance outlasts them
        assertEquals(60, wire.poll(b, 0, 128));
        assertEquals(60, wire.poll(b, 0, 128));
        assertEquals(0, wire.poll(b, 0, 128));
        assertEquals(5, wire.released());
    }
}
