package io.xdpj.ring;

/** The two entry kinds of the AF_XDP rings (facts A.2). */
public enum RingKind {
    /** A u64 UMEM address: the fill and completion rings. */
    ADDRESS(8, 3),
    /** A {@code struct xdp_desc} {addr u64 @0, len u32 @8, options u32 @12}: the Rx and Tx rings. */
    DESCRIPTOR(16, 4);

    private final int entrySize;
    private final int shift;

    RingKind(int entrySize, int shift) {
        this.entrySize = entrySize;
        this.shift = shift;
    }

    /** Bytes per entry. */
    public int entrySize() {
        return entrySize;
    }

    /** log2 of {@link #entrySize()}. */
    int shift() {
        return shift;
    }
}
