package io.xdpj.sim.lan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.sim.wire.FrameGenerator;

/**
 * The Rx descriptor fetch (LanEngine class comment): with prefena the engine reads descriptors ahead, up to the tail
 * it loaded, and uses what it read; without prefena it reads each descriptor when its frame arrives. Made visible by
 * a driver that re-points a descriptor it has already handed over (which no correct driver does): the frame then
 * lands in the buffer the device read, which says when it read the descriptor.
 */
class RxDescriptorFetchTest {

    private static final int RING = 16;
    private static final int OTHER_BUFFER = 11;

    @Test
    void withPrefetchTheDescriptorsUpToTheTailAreReadWithTheFirstFrame() {
        try (EngineFixture f = new EngineFixture(1)) {
            final EngineFixture.RxSide rx = start(f, 1, RING - 1);
            receive(f, 0);
            rx.arm(1, OTHER_BUFFER); // too late: descriptors 0..14 were fetched with frame 0
            receive(f, 1);
            assertEquals(1, sequenceIn(rx, 1));
            assertEquals(-1, sequenceIn(rx, OTHER_BUFFER));
        }
    }

    @Test
    void withoutPrefetchEachDescriptorIsReadWhenItsFrameArrives() {
        try (EngineFixture f = new EngineFixture(1)) {
            final EngineFixture.RxSide rx = start(f, 0, RING - 1);
            receive(f, 0);
            rx.arm(1, OTHER_BUFFER);
            receive(f, 1);
            assertEquals(1, sequenceIn(rx, OTHER_BUFFER));
            assertEquals(-1, sequenceIn(rx, 1));
        }
    }

    @Test
    void theFetchStopsAtTheTailTheEngineLoaded() {
        try (EngineFixture f = new EngineFixture(1)) {
            final EngineFixture.RxSide rx = start(f, 1, 2); // descriptors 0 and 1 handed over
            receive(f, 0);
            receive(f, 1);
            rx.arm(2, OTHER_BUFFER); // not yet the device's: re-pointing it is legal
            f.engine.writeRxTail(0, 7);
            receive(f, 2);
            assertEquals(2, sequenceIn(rx, OTHER_BUFFER));
            assertEquals(0, sequenceIn(rx, 0));
            assertEquals(1, sequenceIn(rx, 1));
            assertEquals(-1, sequenceIn(rx, 2));
            assertTrue(RxDescriptor.isDone(rx.qword1(2)), "descriptor 2 written back");
            assertEquals(60, RxDescriptor.lengthPbuf(rx.qword1(2)));
        }
    }

    /** Starts queue 0: 16 descriptors of 2048 bytes, every one armed with its own buffer, the given tail. */
    private static EngineFixture.RxSide start(EngineFixture f, int prefena, int tail) {
        final EngineFixture.RxSide rx = f.new RxSide(0, RING, 16, 2048);
        final RxQueueContext ctx = new RxQueueContext();
        ctx.base = rx.ring.iova() / RxQueueContext.BASE_UNIT;
        ctx.qlen = RING;
        ctx.dbuff = 2048 / RxQueueContext.DBUFF_UNIT;
        ctx.crcstrip = 1;
        ctx.rxmax = 9728;
        ctx.prefena = prefena;
        f.engine.writeRxTail(0, tail);
        f.engine.startRx(0, ctx);
        return rx;
    }

    private static void receive(EngineFixture f, long sequence) {
        final UnsafeBuffer frame = TestFrames.generated(EngineFixture.LOCAL_MAC, 60, sequence);
        f.wireIn.transmit(frame, 0, 60);
        assertEquals(1, f.engine.doWork());
    }

    /** The sequence number of the generated frame in buffer {@code i}, or -1 if the buffer holds none. */
    private static long sequenceIn(EngineFixture.RxSide rx, int i) {
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[60]);
        rx.buffer().getBytes(rx.bufferOffset(i), copy, 0, 60);
        return FrameGenerator.verify(copy, 0, 60) ? FrameGenerator.sequence(copy, 0) : -1;
    }
}
