package io.xdpj.ring;

/**
 * The producer side of an {@link XskRing}: reserve slots, write entries, submit them with one release store.
 * Keeps a cached producer index (slots reserved, not yet published) and a cached copy of the consumer index,
 * refreshed only when the cached view has too little room (facts A.4). One thread at a time.
 *
 * <pre>{@code
 * if (fill.reserve(n) == n) {
 *     int idx = fill.reservedIndex();
 *     for (int i = 0; i < n; i++) fill.putAddr(idx + i, addrs[i]);
 *     fill.submit();
 * }
 * }</pre>
 * Indices are free-running u32 values held in {@code int}s; entry accessors mask them.
 */
public final class RingProducer extends RingSide {

    private int cachedProd;
    private int publishedProd;
    private int cachedCons;
    private int reservedIndex;

    RingProducer(XskRing ring) {
        super(ring);
        // Adopt whatever the memory holds (a wrapped kernel ring may have been used before).
        this.cachedProd = buffer.getIntAcquire(producerOffset);
        this.publishedProd = cachedProd;
        this.cachedCons = buffer.getIntAcquire(consumerOffset);
    }

    /**
     * Free slots, refreshing the cached consumer index only when fewer than {@code wanted} are free in the cached
     * view (the kernel's {@code xskq_prod_nb_free}).
     */
    public int free(int wanted) {
        int free = size - (cachedProd - cachedCons);
        if (free >= wanted) {
            return free;
        }
        cachedCons = buffer.getIntAcquire(consumerOffset); // (A) pairs with (D) in RingConsumer.publish
        return size - (cachedProd - cachedCons);
    }

    /**
     * Reserves exactly {@code n} slots or none (libxdp's {@code xsk_ring_prod__reserve}). A batch never overwrites
     * an unread entry: it is granted only when at least {@code n} slots are free.
     *
     * @return {@code n}, or 0 when fewer than {@code n} slots are free
     */
    public int reserve(int n) {
        if (free(n) < n) {
            return 0;
        }
        reservedIndex = cachedProd;
        cachedProd += n;
        return n;
    }

    /** Reserves {@code min(max, free)} slots and returns how many. */
    public int reserveUpTo(int max) {
        final int n = Math.min(max, free(max));
        reservedIndex = cachedProd;
        cachedProd += n;
        return n;
    }

    /** Index of the first slot of the last reservation. */
    public int reservedIndex() {
        return reservedIndex;
    }

    /** Gives back the last {@code n} reserved, unsubmitted slots (libxdp's {@code xsk_ring_prod__cancel}). */
    public void cancel(int n) {
        cachedProd -= n;
    }

    /** Writes an address entry (fill and completion rings). Plain store; published by {@link #submit()}. */
    public void putAddr(int index, long addr) {
        buffer.putLong(descOffset + ((index & mask) << 3), addr);
    }

    /** Writes a descriptor entry (Rx and Tx rings). Plain stores; published by {@link #submit()}. */
    public void putDesc(int index, long addr, int len, int options) {
        final int at = descOffset + ((index & mask) << 4);
        buffer.putLong(at, addr);
        buffer.putInt(at + 8, len);
        buffer.putInt(at + 12, options);
    }


    /** Publishes every reserved slot with one release store of the producer index (B; pairs with (C)). */
    public void submit() {
        publishedProd = cachedProd;
        buffer.putIntRelease(producerOffset, cachedProd);
    }

    /**
     * Publishes only the oldest {@code n} reserved slots (the kernel's {@code xskq_prod_submit_n}): the completion
     * ring reserves slots when Tx descriptors are taken and publishes them as the device completes them.
     */
    public void submit(int n) {
        publishedProd += n;
        buffer.putIntRelease(producerOffset, publishedProd); // (B) pairs with (C)
    }

    /** Reserved slots not yet published. */
    public int pending() {
        return cachedProd - publishedProd;
    }

    /** Entries the consumer has not yet released, as this side last saw it (no refresh). */
    public int cachedUsed() {
        return cachedProd - cachedCons;
    }
}
