package io.xdpj.ring.jcstress;

import org.agrona.concurrent.UnsafeBuffer;

import io.xdpj.ring.RingKind;
import io.xdpj.ring.RingLayout;
import io.xdpj.ring.XskRing;

/**
 * Rings for the stress tests: the kernel layout over heap memory, so that the millions of states a run creates are
 * collected (an {@link XskRing#allocate} ring's native memory is only freed by {@link XskRing#free}).
 */
final class Rings {

    private Rings() {
    }

    static XskRing onHeap(RingKind kind, int entries) {
        final byte[] memory = new byte[(int) RingLayout.KERNEL.bytesFor(entries, kind)];
        return XskRing.wrap(kind, entries, new UnsafeBuffer(memory), RingLayout.KERNEL);
    }
}
