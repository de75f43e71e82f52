package io.xdpj.i40e.hw.desc;

/**
 * Descriptor ring geometry and buffer-size limits (facts 7.6, with the context field widths of facts 5.6/5.7).
 *
 * <p>Index arithmetic shared by driver and model. NB: the rings keep one descriptor unused: tail == head means
 * "nothing handed to the other side", never "full" (facts 7.2, {@code I40E_DESC_UNUSED}).
 */
public final class RingGeometry {

    private RingGeometry() {
    }

    /** Ring lengths are whole multiples of 32 descriptors ({@code I40E_REQ_DESCRIPTOR_MULTIPLE}, facts 7.6). */
    public static final int I40E_REQ_DESCRIPTOR_MULTIPLE = 32;
    /** Smallest ring length the drivers accept ({@code I40E_MIN_NUM_DESCRIPTORS}, facts 7.6). */
    public static final int I40E_MIN_NUM_DESCRIPTORS = 64;
    /** Largest ring length Linux accepts ({@code I40E_MAX_NUM_DESCRIPTORS}, facts 7.6). */
    public static final int I40E_MAX_NUM_DESCRIPTORS = 4096;
    /** Largest ring length DPDK accepts and the largest multiple of 32 in 13 bits ({@code I40E_MAX_RING_DESC}). */
    public static final int I40E_MAX_RING_DESC = 8160;
    /** Largest value of the 13-bit qlen context field (facts 5.6, 5.7; derived). */
    public static final int QLEN_FIELD_MAX = (1 << 13) - 1;
    /** Ring base alignment: the context holds base / 128 ({@code I40E_RING_BASE_ALIGN}, facts 7.6). */
    public static final int I40E_RING_BASE_ALIGN = 128;
    /** Ring allocations are rounded up to 4096 bytes (facts 7.6). */
    public static final int RING_SIZE_ROUNDING = 4096;

    /** Rx data buffers are sized in 128-byte units (context dbuff, {@code I40E_RXQ_CTX_DBUFF_SHIFT} = 7). */
    public static final int RX_BUFFER_UNIT = 1 << 7;
    /** Largest single Rx buffer Linux uses ({@code I40E_MAX_RXBUFFER} = 9728, facts 7.6). */
    public static final int I40E_MAX_RXBUFFER = 9728;
    /** Largest Rx data buffer DPDK programs: 16K − 128 ({@code I40E_RX_MAX_DATA_BUF_SIZE}, facts 7.6). */
    public static final int I40E_RX_MAX_DATA_BUF_SIZE = 16 * 1024 - 128;
    /** Largest frame the port handles ({@code I40E_FRAME_SIZE_MAX}, PRTGL_SAH.MFS default 0x2600, facts 7.6). */
    public static final int I40E_FRAME_SIZE_MAX = 9728;
    /** Most Rx buffers one frame may span ({@code I40E_MAX_CHAINED_RX_BUFFERS}, facts 7.2). */
    public static final int I40E_MAX_CHAINED_RX_BUFFERS = 5;
    /** Linux adds one u32 after the Tx ring for the head write-back (facts 5.7, 7.6). */
    public static final int TX_HEAD_WRITEBACK_EXTRA = 4;

    /** Whether {@code count} is a ring length the hardware context accepts: a multiple of 32 in 64..8160. */
    public static boolean isValidRingLength(int count) {
        return count >= I40E_MIN_NUM_DESCRIPTORS && count <= I40E_MAX_RING_DESC
            && count % I40E_REQ_DESCRIPTOR_MULTIPLE == 0;
    }

    /** Bytes of a ring of {@code count} descriptors of {@code descriptorBytes}, rounded up to 4096 (facts 7.6). */
    public static long ringBytes(int count, int descriptorBytes) {
        return roundUp((long) count * descriptorBytes, RING_SIZE_ROUNDING);
    }

    /** Bytes of a Tx ring with the Linux head write-back slot after it: count × 16 + 4, rounded to 4096. */
    public static long txRingBytesWithHeadWriteBack(int count) {
        return roundUp((long) count * TxDescriptor.SIZE + TX_HEAD_WRITEBACK_EXTRA, RING_SIZE_ROUNDING);
    }

    /** The next index after {@code index} in a ring of {@code count} (any length, not only powers of two). */
    public static int next(int index, int count) {
        final int n = index + 1;
        return n == count ? 0 : n;
    }

    /** {@code (to − from) mod count} for indices in 0..count−1: how far {@code to} is ahead of {@code from}. */
    public static int distance(int from, int to, int count) {
        final int d = to - from;
        return d < 0 ? d + count : d;
    }

    /**
     * Descriptors the driver may still hand to the device: {@code (nextToClean − nextToUse − 1) mod count}
     * ({@code I40E_DESC_UNUSED}, facts 7.2). A freshly reset ring has count − 1.
     */
    public static int unused(int nextToClean, int nextToUse, int count) {
        final int d = nextToClean - nextToUse - 1;
        return d < 0 ? d + count : d;
    }

    /** Rx buffer size rounded down to the 128-byte dbuff unit (facts 5.6). */
    public static int rxBufferFloor(int bytes) {
        return bytes & -RX_BUFFER_UNIT;
    }

    private static long roundUp(long value, long granule) {
        return (value + granule - 1) / granule * granule;
    }
}
