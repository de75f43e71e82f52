package io.xdpj.sim.lan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.FrameSource;
import io.xdpj.sim.wire.Wire;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** 1001 frames through a 64-descriptor ring that a test consumer drains and re-arms as a driver would. */
class RxRingRecyclingTest {

    /** Lets at most {@code perStep} frames through per {@link #nextStep()}: the wire's pace, set by the test. */
    private static final class Paced implements FrameSource {
        private final FrameSource inner;
        private final int perStep;
        private int left;

        Paced(FrameSource inner, int perStep) {
            this.inner = inner;
            this.perStep = perStep;
        }

        void nextStep() {
            left = perStep;
        }

        @Override
        public int poll(MutableDirectBuffer buffer, int offset, int capacity) {
            if (left == 0) {
                return 0;
            }
            left--;
            return inner.poll(buffer, offset, capacity);
        }
    }

    @Test
    void everyFrameArrivesInOrderWhenTheConsumerKeepsUp() {
        final FrameGenerator gen = FrameGenerator.builder().sizes(60, 1514, 64, 3000).count(1001).build();
        final Paced paced = new Paced(gen, 13);
        try (EngineFixture f = new EngineFixture(1)) {
            final LanEngine engine = new LanEngine(f.iommu, Wire.of(paced, f.wireOut), f.stats, 1);
            engine.setLinkUp(true);
            engine.setBusMaster(true);
            engine.addMacFilter(EngineFixture.LOCAL_MAC);
            // 64 descriptors of 2048: the 3000-byte frames take two
            final EngineFixture.RxSide rx = f.new RxSide(0, 64, 16, 2048);
            final io.xdpj.i40e.hw.hmc.RxQueueContext ctx = new io.xdpj.i40e.hw.hmc.RxQueueContext();
            ctx.base = rx.ring.iova() / 128;
            ctx.qlen = 64;
            ctx.dbuff = 2048 / 128;
            ctx.crcstrip = 1;
            ctx.rxmax = 5 * 2048;
            engine.writeRxTail(0, 63);
            engine.startRx(0, ctx);

            final UnsafeBuffer frame = new UnsafeBuffer(new byte[4096]);
            long expected = 0;
            int ntc = 0;
            int frameBytes = 0;
            int steps = 0;
            while (expected < 1001 && steps++ < 10_000) {
                paced.nextStep();
                engine.doWork();
                int cleaned = 0;
                long qword1;
                while (RxDescriptor.isDone(qword1 = rx.qword1(ntc))) {
                    final int length = RxDescriptor.lengthPbuf(qword1);
                    rx.buffer().getBytes(rx.bufferOffset(ntc), frame, frameBytes, length);
                    frameBytes += length;
                    if (RxDescriptor.isEndOfFrame(qword1)) {
                        assertEquals(expected, FrameGenerator.sequence(frame, 0));
                        assertTrue(FrameGenerator.verify(frame, 0, frameBytes), "frame " + expected);
                        assertEquals(RxDescriptor.PTYPE_IPV4_UDP, RxDescriptor.ptype(qword1));
                        expected++;
                        frameBytes = 0;
                    }
                    rx.arm(ntc);
                    ntc = (ntc + 1) % 64;
                    cleaned++;
                }
                if (cleaned > 0) {
                    // tail = the index after the last re-armed descriptor... minus one kept unused: tail = ntc − 1
                    engine.writeRxTail(0, (ntc + 63) % 64);
                }
            }
            assertEquals(1001, expected);
            assertEquals(0, f.stats.value(PortStatistics.V_RDPC));
            assertEquals(1001, f.stats.value(PortStatistics.UPRC));
            // 1001 frames: 251 × 60, 250 × 1514, 250 × 64, 250 × 3000; octets with FCS
            assertEquals(251L * 64 + 250L * 1518 + 250L * 68 + 250L * 3004, f.stats.value(PortStatistics.GORC));
        }
    }

    @Test
    void aFullRingDiscardsAndCountsTheRest() {
        try (EngineFixture f = new EngineFixture(1)) {
            final EngineFixture.RxSide rx = f.rx(0, 64, 16, 2048, true, 9728);
            final FrameGenerator gen = FrameGenerator.builder().count(101).build();
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);
            int n;
            while ((n = gen.poll(frame, 0, frame.capacity())) != 0) {
                f.wireIn.transmit(frame, 0, n);
            }
            f.engine.doWork(); // 64 frames: 63 fit (tail = 63 keeps one unused), 1 discarded
            f.engine.doWork(); // 37 more, all discarded: nobody recycled
            assertEquals(63, f.engine.rxHead(0));
            // A discard for lack of descriptors is the VSI's (GLV_RDPC), and the VSI's packet counter includes it
            // (DPDK: ipackets = GLV_UPRC + MPRC + BPRC − GLV_RDPC; imissed = GLPRT_RDPC + GLV_RDPC, LanEngine):
            // the port's GLPRT_RDPC, a different event, stays 0, or imissed would count the 38 twice.
            assertEquals(38, f.stats.value(PortStatistics.V_RDPC));
            assertEquals(0, f.stats.value(PortStatistics.RDPC));
            assertEquals(101, f.stats.value(PortStatistics.UPRC));
            assertEquals(101, f.stats.value(PortStatistics.V_UPRC));
            assertEquals(63, f.stats.value(PortStatistics.V_UPRC) - f.stats.value(PortStatistics.V_RDPC)); // ipackets
            assertTrue(RxDescriptor.isDone(rx.qword1(62)));
            assertEquals(0L, rx.qword1(63));
        }
    }
}
