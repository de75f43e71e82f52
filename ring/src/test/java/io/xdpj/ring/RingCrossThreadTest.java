package io.xdpj.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * A producer thread and a consumer thread move 10^7 entries through each ring kind with batch sizes varying per
 * burst. Every entry carries its sequence number (and, for descriptors, a length and options derived from it), so
 * the consumer detects loss, duplication, reordering and torn or stale entries.
 */
class RingCrossThreadTest {

    private static final long ENTRIES = 10_000_000L;

    @Test
    void addressRingMovesTenMillionEntriesInOrder() throws Exception {
        run(XskRing.allocate(RingKind.ADDRESS, 256));
    }

    @Test
    void descriptorRingMovesTenMillionEntriesInOrder() throws Exception {
        run(XskRing.allocate(RingKind.DESCRIPTOR, 512));
    }

    @Test
    void tinyRingStressesTheFullAndEmptyEdges() throws Exception {
        run(XskRing.allocate(RingKind.DESCRIPTOR, 4));
    }

    private static void run(XskRing ring) throws Exception {
        final boolean desc = ring.kind() == RingKind.DESCRIPTOR;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            RingProducer p = ring.producer();
            long next = 0;
            int burst = 1;
            while (next < ENTRIES) {
                burst = burst % 67 + 1; // 1..67, odd spread so bursts straddle the ring end
                int want = (int) Math.min(burst, ENTRIES - next);
                int n = (next & 1) == 0 ? p.reserve(want) : p.reserveUpTo(want);
                if (n == 0) {
                    Thread.onSpinWait();
                    continue;
                }
                int idx = p.reservedIndex();
                for (int i = 0; i < n; i++) {
                    long seq = next + i;
                    if (desc) {
                        p.putDesc(idx + i, seq, (int) (seq * 31), (int) (seq >>> 3));
                    } else {
                        p.putAddr(idx + i, seq);
                    }
                }
                p.submit();
                next += n;
            }
        }, "ring-producer");
        Thread consumer = new Thread(() -> {
            try {
                RingConsumer c = ring.consumer();
                long expected = 0;
                int max = 1;
                while (expected < ENTRIES) {
                    max = max % 61 + 1;
                    int n = c.peek(max);
                    if (n == 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    int idx = c.peekIndex();
                    for (int i = 0; i < n; i++) {
                        long seq = desc ? c.descAddr(idx + i) : c.addr(idx + i);
                        if (seq != expected) {
                            throw new AssertionError("entry " + expected + " read as " + seq);
                        }
                        if (desc && (c.descLen(idx + i) != (int) (seq * 31)
                            || c.descOptions(idx + i) != (int) (seq >>> 3))) {
                            throw new AssertionError("torn descriptor at " + seq);
                        }
                        expected++;
                    }
                    if ((expected & 3) == 0) {
                        c.releaseDeferred(n);
                    } else {
                        c.release(n);
                    }
                }
                c.publish();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "ring-consumer");
        producer.start();
        consumer.start();
        producer.join(120_000);
        consumer.join(120_000);
        assertNull(failure.get(), () -> String.valueOf(failure.get()));
        assertEquals((int) ENTRIES, ring.producerIndex());
        assertEquals((int) ENTRIES, ring.consumerIndex());
    }
}
