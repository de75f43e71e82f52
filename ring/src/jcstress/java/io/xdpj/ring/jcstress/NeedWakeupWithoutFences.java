package io.xdpj.ring.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingKind;
import io.xdpj.ring.RingProducer;
import io.xdpj.ring.XskRing;

/**
 * The same handshake with only the ring's own release/acquire accesses (what libxdp's xsk_ring_prod__needs_wakeup
 * and the driver's refill do): a store followed by a load of another location may be reordered (StoreLoad), so both
 * sides can miss each other. Harmless for this project's busy-polling driver, which reads the fill ring again on
 * every cycle; a driver that sleeps needs the fences of {@link NeedWakeupWithFences}. The outcome documents it.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the driver saw the entry")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the application saw the flag")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both noticed")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "both missed (StoreLoad): a lost wakeup for a "
    + "sleeping driver")
@State
public class NeedWakeupWithoutFences {

    private final XskRing fill = Rings.onHeap(RingKind.ADDRESS, 4);
    private final RingProducer app = fill.producer();
    private final RingConsumer driver = fill.consumer();

    @Actor
    public void driver(II_Result r) {
        fill.setFlags(fill.flags() | XskRing.NEED_WAKEUP);
        r.r1 = driver.peek(1);
    }

    @Actor
    public void application(II_Result r) {
        app.reserve(1);
        app.putAddr(app.reservedIndex(), 4096);
        app.submit();
        r.r2 = fill.needsWakeup() ? 1 : 0;
    }
}
