package io.xdpj.ring;

/**
 * The consumer side of an {@link XskRing}: peek at available entries, read them, release them. Keeps a cached
 * consumer index and a cached copy of the producer index, refreshed only when the cached view holds fewer entries
 * than asked for (facts A.4). One thread at a time.
 *
 * <p>Two release styles, as the two sides of AF_XDP use them: {@link #release(int)} publishes at once (libxdp's
 * {@code xsk_ring_cons__release}); {@link #releaseDeferred(int)} only advances the cached index and the next
 * {@link #publish()} or refreshing {@link #peek(int)} publishes (the kernel's {@code xskq_cons_release} /
 * {@code __xskq_cons_release}, used on the fill ring and published at flush).
 *
 * <pre>{@code
 * int n = rx.peek(64);
 * int idx = rx.peekIndex();
 * for (int i = 0; i < n; i++) use(rx.descAddr(idx + i), rx.descLen(idx + i));
 * rx.release(n);
 * }</pre>
 */
public final class RingConsumer extends RingSide {

    private int cachedProd;
    private int cachedCons;
    private int publishedCons;

    RingConsumer(XskRing ring) {
        super(ring);
        this.cachedCons = buffer.getIntAcquire(consumerOffset);
        this.publishedCons = cachedCons;
        this.cachedProd = buffer.getIntAcquire(producerOffset);
    }

    /**
     * Entries available to read, at most {@code max}, starting at {@link #peekIndex()}. Refreshes the producer
     * index only when the cached view holds fewer than {@code max} (the kernel's {@code xskq_cons_nb_entries});
     * before refreshing it publishes deferred releases, as the kernel's {@code __xskq_cons_peek} does, so the
     * producer sees freed slots no later than the consumer looks for new entries.
     */
    public int peek(int max) {
        int entries = cachedProd - cachedCons;
        if (entries >= max) {
            return max;
        }
        publish();
        cachedProd = buffer.getIntAcquire(producerOffset); // (C) pairs with (B) in RingProducer.submit
        entries = cachedProd - cachedCons;
        return Math.min(entries, max);
    }

    /** Index of the first entry {@link #peek(int)} reported. */
    public int peekIndex() {
        return cachedCons;
    }

    /** Reads the address entry at {@code index} (fill and completion rings). */
    public long addr(int index) {
        return buffer.getLong(descOffset + ((index & mask) << 3));
    }

    /** Reads the {@code addr} field of the descriptor at {@code index} (Rx and Tx rings). */
    public long descAddr(int index) {
        return buffer.getLong(descOffset + ((index & mask) << 4));
    }

    /** Reads the {@code len} field of the descriptor at {@code index}. */
    public int descLen(int index) {
        return buffer.getInt(descOffset + ((index & mask) << 4) + 8);
    }

    /** Reads the {@code options} field of the descriptor at {@code index}. */
    public int descOptions(int index) {
        return buffer.getInt(descOffset + ((index & mask) << 4) + 12);
    }


    /** Releases {@code n} entries and publishes the consumer index at once (D). */
    public void release(int n) {
        cachedCons += n;
        publish();
    }

    /** Releases {@code n} entries in the cached index only; {@link #publish()} makes them visible. */
    public void releaseDeferred(int n) {
        cachedCons += n;
    }

    /**
     * Publishes the cached consumer index with a release store (D; pairs with (A) in RingProducer.free): the slots
     * become writable for the producer only after our reads of them are done.
     */
    public void publish() {
        if (publishedCons != cachedCons) { // an idle poll must not keep dirtying the producer's view of this line
            publishedCons = cachedCons;
            buffer.putIntRelease(consumerOffset, cachedCons);
        }
    }

    /** Entries in the cached view not yet released (no refresh). */
    public int cachedEntries() {
        return cachedProd - cachedCons;
    }
}
