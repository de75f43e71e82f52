package io.xdpj.xsk;

/**
 * A socket's counters, field for field {@code struct xdp_statistics} (facts A.2), each incremented in the same
 * situation as in the kernel. A reusable holder: {@link XskSocket#statistics(XdpStatistics)} fills it.
 */
public final class XdpStatistics {
    /** Frame longer than the Rx frame size, or copy mode found no fill-ring frame to copy into. */
    public long rxDropped;
    /** Invalid descriptors of the socket's Rx queue object. */
    public long rxInvalidDescs;
    /** Invalid descriptors read from the Tx ring (skipped). */
    public long txInvalidDescs;
    /** The Rx ring had no free slot for a frame. */
    public long rxRingFull;
    /** The fill ring was empty when the data path wanted a frame. */
    public long rxFillRingEmptyDescs;
    /** The Tx ring was empty when the data path looked for work. */
    public long txRingEmptyDescs;

    @Override
    public String toString() {
        return "rx_dropped=" + rxDropped + " rx_invalid_descs=" + rxInvalidDescs + " tx_invalid_descs="
            + txInvalidDescs + " rx_ring_full=" + rxRingFull + " rx_fill_ring_empty_descs=" + rxFillRingEmptyDescs
            + " tx_ring_empty_descs=" + txRingEmptyDescs;
    }
}
