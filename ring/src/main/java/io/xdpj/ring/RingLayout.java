package io.xdpj.ring;

/**
 * Where a ring's producer index, consumer index, flags word and first entry sit in its memory, as byte offsets,
 * the way {@code struct xdp_ring_offset} (returned by {@code getsockopt(XDP_MMAP_OFFSETS)}) describes a kernel
 * AF_XDP ring (facts A.2, A.3). A ring built over memory the kernel laid out takes the kernel's offsets; a ring
 * of our own uses {@link #KERNEL}, the current kernel layout.
 *
 * @param producer offset of the u32 producer index
 * @param consumer offset of the u32 consumer index
 * @param flags    offset of the u32 flags word (XDP_RING_NEED_WAKEUP)
 * @param desc     offset of entry 0
 */
public record RingLayout(int producer, int consumer, int flags, int desc) {

    /**
     * The current kernel layout of {@code struct xdp_ring}: producer and consumer each on their own cache line with
     * a padding line between them, flags after the second padding word, entries on the next line (facts A.3:
     * producer@0, consumer@128, flags@196, desc@320 with 64-byte lines).
     */
    public static final RingLayout KERNEL = new RingLayout(0, 128, 196, 320);

    public RingLayout {
        requireAligned("producer", producer);
        requireAligned("consumer", consumer);
        requireAligned("flags", flags);
        if ((desc & 7) != 0 || desc < 0) {
            throw new IllegalArgumentException("desc offset " + desc + " must be a non-negative multiple of 8");
        }
        if (producer == consumer || producer == flags || consumer == flags) {
            throw new IllegalArgumentException("producer, consumer and flags must not overlap: " + producer + ", "
                + consumer + ", " + flags);
        }
        if (Math.max(producer, Math.max(consumer, flags)) + 4 > desc) {
            throw new IllegalArgumentException("entries at " + desc + " would overlap the index words");
        }
    }

    private static void requireAligned(String name, int offset) {
        if (offset < 0 || (offset & 3) != 0) {
            throw new IllegalArgumentException(name + " offset " + offset + " must be a non-negative multiple of 4");
        }
    }

    /** Bytes a ring of {@code entries} entries of {@code kind} needs with this layout. */
    public long bytesFor(int entries, RingKind kind) {
        return desc + (long) entries * kind.entrySize();
    }
}
