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
 * XskRing contract (D) pairs with (A): on a one-slot ring holding entry 1, the producer may overwrite the slot with 2
 * only after it saw the consumer's release (its cached consumer index is refreshed with an acquire), so the
 * consumer's read of the slot, done before its release, never returns 2.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the producer found the ring still full")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the producer reused the slot after the release")
@Outcome(expect = FORBIDDEN, desc = "the consumer read an entry written after its own release")
@State
public class ReleaseBeforeReuse {

    private final XskRing ring = Rings.onHeap(RingKind.ADDRESS, 1);
    private final RingProducer producer = ring.producer();
    private final RingConsumer consumer = ring.consumer();

    public ReleaseBeforeReuse() {
        producer.reserve(1);
        producer.putAddr(producer.reservedIndex(), 1);
        producer.submit();
    }

    @Actor
    public void consumer(JJ_Result r) {
        if (consumer.peek(1) == 1) {
            r.r1 = consumer.addr(consumer.peekIndex());
            consumer.release(1); // (D)
        } else {
            r.r1 = -1;
        }
    }

    @Actor
    public void producer(JJ_Result r) {
        if (producer.reserve(1) == 1) { // (A) inside free()
            producer.putAddr(producer.reservedIndex(), 2);
            producer.submit();
            r.r2 = 1;
        } else {
            r.r2 = 0;
        }
    }
}
