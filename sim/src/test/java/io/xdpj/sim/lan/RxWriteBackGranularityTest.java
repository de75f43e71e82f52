package io.xdpj.sim.lan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.sim.wire.FrameSource;

/**
 * The Rx write-back granularity (LanEngine class comment, facts 9): a descriptor is written back when its 64-byte
 * cache line is complete, when it is the ring's last, or at the end of the burst. Observed from inside the burst:
 * the source, asked for frame k, records which descriptors show DD at that moment (bit i = descriptor i).
 */
class RxWriteBackGranularityTest {

    /** Emits {@code frames} minimum frames to the fixture's MAC; records the ring's DD bits before each poll. */
    private static final class ObservingSource implements FrameSource {
        final long[] doneBefore;
        EngineFixture.RxSide rx;
        int emitted;
        int rearmBefore = -1;
        Runnable rearm;

        ObservingSource(int frames) {
            this.doneBefore = new long[frames + 1];
        }

        @Override
        public int poll(MutableDirectBuffer buffer, int offset, int capacity) {
            doneBefore[emitted] = doneMask();
            if (emitted == rearmBefore) {
                rearm.run();
            }
            if (emitted == doneBefore.length - 1) {
                return 0;
            }
            buffer.putBytes(offset, TestFrames.generated(EngineFixture.LOCAL_MAC, 60, emitted), 0, 60);
            emitted++;
            return 60;
        }

        long doneMask() {
            long mask = 0;
            for (int i = 0; i < rx.count; i++) {
                if (RxDescriptor.isDone(rx.qword1(i))) {
                    mask |= 1L << i;
                }
            }
            return mask;
        }
    }

    @Test
    void sixteenByteDescriptorsAreWrittenBackFourAtATimeAndTheRestAtTheEndOfTheBurst() {
        final ObservingSource source = new ObservingSource(11);
        try (EngineFixture f = new EngineFixture(1, source)) {
            source.rx = f.rx(0, 32, 16, 2048, true, 9728);
            assertEquals(11, f.engine.doWork());
            // before frame k is taken, the descriptors of whole lines among frames 0..k-1 are written back
            assertArrayEquals(new long[] {0, 0, 0, 0, 0xF, 0xF, 0xF, 0xF, 0xFF, 0xFF, 0xFF, 0xFF}, source.doneBefore);
            assertEquals(0x7FF, source.doneMask()); // the burst's end wrote back the partial line (8, 9, 10)
            assertEquals(11, f.engine.rxHead(0));
            for (int i = 0; i < 11; i++) {
                assertEquals(60, RxDescriptor.lengthPbuf(source.rx.qword1(i)), "descriptor " + i);
            }
        }
    }

    @Test
    void thirtyTwoByteDescriptorsAreWrittenBackTwoAtATimeAndTheRingsLastAlone() {
        final ObservingSource source = new ObservingSource(6);
        try (EngineFixture f = new EngineFixture(1, source)) {
            final EngineFixture.RxSide rx = f.rx(0, 5, 32, 2048, true, 9728); // tail 4: descriptors 0..3 posted
            source.rx = rx;
            source.rearmBefore = 4; // the driver, mid-burst: descriptors 0 and 1 cleaned and re-armed, tail 1
            source.rearm = () -> {
                rx.arm(0);
                rx.arm(1);
                f.engine.writeRxTail(0, 1);
            };
            assertEquals(6, f.engine.doWork());
            // frames 0..3 → descriptors 0..3 in lines {0,1}, {2,3}; frame 4 → descriptor 4, the ring's last, written
            // back alone (its line has no second descriptor); frame 5 → descriptor 0 at the burst's end
            assertArrayEquals(new long[] {0, 0, 0b11, 0b11, 0b1111, 0b11100, 0b11100}, source.doneBefore);
            assertEquals(0b11101, source.doneMask());
            assertEquals(1, f.engine.rxHead(0));
        }
    }
}
