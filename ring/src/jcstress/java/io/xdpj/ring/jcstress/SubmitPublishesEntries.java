package io.xdpj.ring.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingKind;
import io.xdpj.ring.RingProducer;
import io.xdpj.ring.XskRing;

/**
 * XskRing contract (B) pairs with (C): a consumer that sees the producer index covering a batch sees every entry of
 * the batch (plain stores before one release store of the index). A batch of two is published at once: the consumer
 * sees 0 or 2 entries, never 1, and never an entry that is still 0.
 */
@JCStressTest
@Outcome(id = "0, -1, -1", expect = ACCEPTABLE, desc = "the consumer looked before the submit")
@Outcome(id = "2, 41, 42", expect = ACCEPTABLE, desc = "the consumer saw the batch and both entries")
@Outcome(expect = FORBIDDEN, desc = "an index without its entries, or half a batch")
@State
public class SubmitPublishesEntries {

    private final XskRing ring = Rings.onHeap(RingKind.ADDRESS, 4);
    private final RingProducer producer = ring.producer();
    private final RingConsumer consumer = ring.consumer();

    @Actor
    public void producer() {
        if (producer.reserve(2) == 2) {
            final int i = producer.reservedIndex();
            producer.putAddr(i, 41);
            producer.putAddr(i + 1, 42);
            producer.submit(); // (B)
        }
    }

    @Actor
    public void consumer(JJJ_Result r) {
        final int n = consumer.peek(2); // (C)
        r.r1 = n;
        r.r2 = n > 0 ? consumer.addr(consumer.peekIndex()) : -1;
        r.r3 = n > 1 ? consumer.addr(consumer.peekIndex() + 1) : -1;
    }
}
