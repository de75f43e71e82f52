package io.xdpj.ring.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingKind;
import io.xdpj.ring.RingProducer;
import io.xdpj.ring.XskRing;

/**
 * The kernel-side fill-ring style (xp_alloc): read, {@code releaseDeferred}, then {@code publish} at flush. Until
 * the publish the slot stays the consumer's; after it the producer may reuse it, and the read never sees the reuse.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the producer found the ring still full")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the producer reused the slot after the publish")
@Outcome(expect = FORBIDDEN, desc = "the slot was reused before the deferred release was published")
@State
public class DeferredReleaseBeforeReuse {

    private final XskRing ring = Rings.onHeap(RingKind.ADDRESS, 1);
    private final RingProducer producer = ring.producer();
    private final RingConsumer consumer = ring.consumer();

    public DeferredReleaseBeforeReuse() {
        producer.reserve(1);
        producer.putAddr(producer.reservedIndex(), 1);
        producer.submit();
    }

    @Actor
    public void kernelSide(JJ_Result r) {
        if (consumer.peek(1) == 1) {
            r.r1 = consumer.addr(consumer.peekIndex());
            consumer.releaseDeferred(1);
            consumer.publish(); // (D), as xsk_flush publishes the fill ring
        } else {
            r.r1 = -1;
        }
    }

    @Actor
    public void application(JJ_Result r) {
        if (producer.reserve(1) == 1) {
            producer.putAddr(producer.reservedIndex(), 2);
            producer.submit();
            r.r2 = 1;
        } else {
            r.r2 = 0;
        }
    }
}
