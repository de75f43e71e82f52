package io.xdpj.sim.lan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.Wire;
import org.junit.jupiter.api.Test;

/**
 * The engine on its own agent thread, the "driver" on the test thread: frames cross in order through the tail/DD
 * pairs, and a stop returns only when the agent no longer writes the ring. Waits have deadlines; nothing asserts on
 * durations.
 */
class CrossThreadTest {

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);

    @Test
    void framesCrossThreadsInOrderAndStopIsFinal() throws Exception {
        try (EngineFixture f = new EngineFixture(1)) {
            final FrameGenerator gen = FrameGenerator.builder().sizes(60, 1514).count(100_001).build();
            final LanEngine engine = new LanEngine(f.iommu, Wire.of(gen, f.wireOut), f.stats, 1);
            engine.setLinkUp(true);
            engine.setBusMaster(true);
            engine.addMacFilter(EngineFixture.LOCAL_MAC);
            final EngineFixture.RxSide rx = f.new RxSide(0, 256, 16, 2048);
            final RxQueueContext ctx = new RxQueueContext();
            ctx.base = rx.ring.iova() / 128;
            ctx.qlen = 256;
            ctx.dbuff = 16;
            ctx.crcstrip = 1;
            ctx.rxmax = 9728;
            engine.writeRxTail(0, 255);
            engine.startRx(0, ctx);

            final AtomicBoolean running = new AtomicBoolean(true);
            final AtomicLong steps = new AtomicLong();
            final Thread agent = new Thread(() -> {
                while (running.get()) {
                    engine.doWork();
                    steps.lazySet(steps.get() + 1);
                }
            }, "model-agent");
            agent.start();
            try {
                long expected = 0;
                int ntc = 0;
                final long deadline = System.nanoTime() + DEADLINE_NANOS;
                final org.agrona.concurrent.UnsafeBuffer frame = new org.agrona.concurrent.UnsafeBuffer(new byte[2048]);
                while (expected < 20_001 && System.nanoTime() < deadline) {
                    final long qword1 = rx.qword1(ntc); // acquire: pairs with the engine's release of qword1
                    if (!RxDescriptor.isDone(qword1)) {
                        Thread.onSpinWait();
                        continue;
                    }
                    final int length = RxDescriptor.lengthPbuf(qword1);
                    rx.buffer().getBytes(rx.bufferOffset(ntc), frame, 0, length);
                    final long seq = FrameGenerator.sequence(frame, 0);
                    assertTrue(seq >= expected, "sequence went backwards: " + seq + " after " + expected);
                    assertTrue(FrameGenerator.verify(frame, 0, length), "frame " + seq);
                    expected = seq + 1;
                    rx.arm(ntc);
                    ntc = (ntc + 1) % 256;
                    engine.writeRxTail(0, (ntc + 255) % 256); // release: pairs with the engine's acquire of the tail
                }
                assertTrue(expected >= 20_001, "only " + expected + " frames arrived before the deadline");

                engine.stopRx(0);
                final byte[] before = new byte[256 * 16];
                rx.ring.buffer().getBytes(0, before);
                final int headAtStop = engine.rxHead(0);
                final long stepAtStop = steps.get();
                final long deadline2 = System.nanoTime() + DEADLINE_NANOS;
                while (steps.get() < stepAtStop + 1000 && System.nanoTime() < deadline2) {
                    Thread.onSpinWait();
                }
                assertTrue(steps.get() >= stepAtStop + 1000, "the agent stopped stepping");
                final byte[] after = new byte[256 * 16];
                rx.ring.buffer().getBytes(0, after);
                assertEquals(headAtStop, engine.rxHead(0));
                assertTrue(java.util.Arrays.equals(before, after), "the ring changed after stopRx returned");
            } finally {
                running.set(false);
                agent.join(TimeUnit.SECONDS.toMillis(10));
            }
            // every frame taken from the wire was either delivered or counted as a discard
            final long delivered = f.stats.value(PortStatistics.V_UPRC) - f.stats.value(PortStatistics.V_RDPC);
            assertEquals(gen.generated(), f.stats.value(PortStatistics.UPRC));
            assertTrue(delivered > 0);
        }
    }
}
