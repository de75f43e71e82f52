package io.xdpj.ring;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * What the two handles of an {@link XskRing} share: the ring's memory and geometry, copied into final fields so
 * that the hot paths of {@link RingProducer} and {@link RingConsumer} read no other object.
 */
abstract class RingSide {

    final UnsafeBuffer buffer;
    final int producerOffset;
    final int consumerOffset;
    final int descOffset;
    final int mask;
    final int size;
    final int shift;

    RingSide(XskRing ring) {
        this.buffer = ring.unsafeBuffer();
        this.producerOffset = ring.layout().producer();
        this.consumerOffset = ring.layout().consumer();
        this.descOffset = ring.layout().desc();
        this.size = ring.size();
        this.mask = ring.size() - 1;
        this.shift = ring.kind().shift();
    }

    /** Byte offset of entry {@code index} inside {@link XskRing#buffer()}. */
    public final int entryOffset(int index) {
        return descOffset + ((index & mask) << shift);
    }

    /** Number of entries of the ring. */
    public final int size() {
        return size;
    }
}
