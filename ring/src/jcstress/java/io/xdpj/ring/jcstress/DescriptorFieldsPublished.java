package io.xdpj.ring.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJJ_Result;

import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingKind;
import io.xdpj.ring.RingProducer;
import io.xdpj.ring.XskRing;

/**
 * (B)/(C) for a 16-byte Rx/Tx descriptor: addr, len and options are three plain stores; a consumer that sees the
 * descriptor sees all three.
 */
@JCStressTest
@Outcome(id = "0, -1, -1, -1", expect = ACCEPTABLE, desc = "not yet submitted")
@Outcome(id = "1, 4096, 1001, 1", expect = ACCEPTABLE, desc = "the whole descriptor")
@Outcome(expect = FORBIDDEN, desc = "a descriptor with a field not yet written")
@State
public class DescriptorFieldsPublished {

    private final XskRing ring = Rings.onHeap(RingKind.DESCRIPTOR, 2);
    private final RingProducer producer = ring.producer();
    private final RingConsumer consumer = ring.consumer();

    @Actor
    public void producer() {
        if (producer.reserve(1) == 1) {
            producer.putDesc(producer.reservedIndex(), 4096, 1001, 1);
            producer.submit(); // (B)
        }
    }

    @Actor
    public void consumer(JJJJ_Result r) {
        final int n = consumer.peek(1); // (C)
        r.r1 = n;
        if (n == 1) {
            final int i = consumer.peekIndex();
            r.r2 = consumer.descAddr(i);
            r.r3 = consumer.descLen(i);
            r.r4 = consumer.descOptions(i);
        } else {
            r.r2 = -1;
            r.r3 = -1;
            r.r4 = -1;
        }
    }
}
