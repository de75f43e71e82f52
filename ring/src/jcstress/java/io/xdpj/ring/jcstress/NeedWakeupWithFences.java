package io.xdpj.ring.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.VarHandle;

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
 * The need_wakeup handshake for a driver that sleeps: the driver found the fill ring empty, sets NEED_WAKEUP, then
 * (full fence) looks at the fill ring again; the application submits fill entries, then (full fence) reads the flag.
 * With both fences one of them always notices the other: either the driver sees the new entry or the application
 * sees the flag and kicks. Both missing (a lost wakeup) is forbidden.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the driver saw the entry; no kick needed")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the application saw the flag and kicks")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both noticed")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost wakeup")
@State
public class NeedWakeupWithFences {

    private final XskRing fill = Rings.onHeap(RingKind.ADDRESS, 4);
    private final RingProducer app = fill.producer();
    private final RingConsumer driver = fill.consumer();

    @Actor
    public void driver(II_Result r) {
        fill.setFlags(fill.flags() | XskRing.NEED_WAKEUP);
        VarHandle.fullFence();
        r.r1 = driver.peek(1);
    }

    @Actor
    public void application(II_Result r) {
        app.reserve(1);
        app.putAddr(app.reservedIndex(), 4096);
        app.submit();
        VarHandle.fullFence();
        r.r2 = fill.needsWakeup() ? 1 : 0;
    }
}
