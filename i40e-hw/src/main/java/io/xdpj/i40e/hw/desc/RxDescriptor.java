package io.xdpj.i40e.hw.desc;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The LAN Rx descriptor, 16 or 32 bytes (facts 7.1, 7.2). All words little-endian.
 *
 * <pre>
 * read format (driver → device, facts 7.1)          write-back format (device → driver, facts 7.2)
 *  byte 0  qword0  pkt_addr (data buffer IOVA)       qword0 [15:0] mirroring_status/fcoe_ctx_id
 *                                                           [31:16] l2tag1   [63:32] RSS hash / FD_ID / FCoE param
 *  byte 8  qword1  hdr_addr (0: no header split)     qword1 [18:0] status [26:19] error [37:30] ptype
 *                  NB: overlays the status word,            [51:38] LENGTH_PBUF [62:52] LENGTH_HBUF [63] SPH
 *                  bit 0 is DD: drivers write 0 here
 *  byte 16 qword2  rsvd1 = 0   (32-byte only)        qword2 [15:0] ext_status [47:32] l2tag2_1 [63:48] l2tag2_2
 *  byte 24 qword3  rsvd2 = 0   (32-byte only)        qword3 [31:0] flex_bytes_lo [63:32] flex_bytes_hi / fd_id
 * </pre>
 *
 * <h2>Memory ordering (the descriptor's status word pair)</h2>
 * The device writes the data buffer and qword0 (and qword2/3) with plain stores, then qword1 with one release
 * store ({@link #putQword1Release}); the driver reads qword1 with an acquire load ({@link #qword1Acquire}) and,
 * only if DD is set (or LENGTH_PBUF is non-zero, the Linux test, facts 7.2), reads qword0 and the buffer.
 *
 * <p>Static, allocation-free accessors over raw {@code long} words or an Agrona buffer; shared by the driver and
 * the device model.
 */
public final class RxDescriptor {

    private RxDescriptor() {
    }

    /** Size of a 16-byte descriptor (context dsize = 0, facts 5.6). */
    public static final int SIZE_16 = 16;
    /** Size of a 32-byte descriptor (context dsize = 1, facts 5.6). */
    public static final int SIZE_32 = 32;

    // ---- read format (facts 7.1) ----
    /** Byte offset of pkt_addr, the data buffer IOVA (facts 7.1). */
    public static final int PKT_ADDR_OFFSET = 0;
    /** Byte offset of hdr_addr; overlays the write-back qword1, so drivers write 0 (facts 7.1). */
    public static final int HDR_ADDR_OFFSET = 8;
    /** Byte offset of rsvd1 (32-byte descriptors; drivers write 0, facts 7.1). */
    public static final int RSVD1_OFFSET = 16;
    /** Byte offset of rsvd2 (32-byte descriptors; drivers write 0, facts 7.1). */
    public static final int RSVD2_OFFSET = 24;

    // ---- write-back format: word offsets (facts 7.2) ----
    /** Byte offset of write-back qword0. */
    public static final int QWORD0_OFFSET = 0;
    /** Byte offset of write-back qword1 ({@code status_error_len}). */
    public static final int QWORD1_OFFSET = 8;
    /** Byte offset of write-back qword2 (32-byte descriptors only). */
    public static final int QWORD2_OFFSET = 16;
    /** Byte offset of write-back qword3 (32-byte descriptors only). */
    public static final int QWORD3_OFFSET = 24;

    /** qword0 [15:0]: mirroring status / FCoE context id (facts 7.2). */
    public static final int I40E_RXD_QW0_MIRROR_STATUS_SHIFT = 0;
    /** qword0 [31:16]: l2tag1, the stripped VLAN tag, valid when L2TAG1P (facts 7.2). */
    public static final int I40E_RXD_QW0_L2TAG1_SHIFT = 16;
    /** qword0 [63:32]: RSS hash (FLTSTAT = 3), FD_ID or FCoE parameter (facts 7.2). */
    public static final int I40E_RXD_QW0_HI_DWORD_SHIFT = 32;

    // ---- qword1 status (facts 7.2) ----
    /** qword1 [18:0]: status bits. */
    public static final int I40E_RXD_QW1_STATUS_SHIFT = 0;
    /** Number of status bits ({@code I40E_RX_DESC_STATUS_LAST}, facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_LAST = 19;
    /** Status field mask in qword1 (facts 7.2). */
    public static final long I40E_RXD_QW1_STATUS_MASK =
        ((1L << I40E_RX_DESC_STATUS_LAST) - 1) << I40E_RXD_QW1_STATUS_SHIFT;
    /** Status bit 0: descriptor done (facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_DD_SHIFT = 0;
    /** Status bit 1: end of frame, the last buffer of a packet (facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_EOF_SHIFT = 1;
    /** Status bit 2: l2tag1 valid (facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_L2TAG1P_SHIFT = 2;
    /** Status bit 3: L3/L4 integrity checks done (facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_L3L4P_SHIFT = 3;
    /** Status bit 4: CRC present in the buffer (facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_CRCP_SHIFT = 4;
    /** Status bits 6:5: timestamp register index (facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_TSYNINDX_SHIFT = 5;
    /** Status bit 7: timestamp valid (facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_TSYNVALID_SHIFT = 7;
    /** Status bit 8: EXT_UDP_0, reserved in X710/XL710 (facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_EXT_UDP_0_SHIFT = 8;
    /** Status bits 10:9: 0 unicast, 1 multicast, 2 broadcast, 3 mirrored (facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_UMBCAST_SHIFT = 9;
    /** UMBCAST field mask in qword1 (2 bits, facts 7.2). */
    public static final long I40E_RX_DESC_STATUS_UMBCAST_MASK = 0x3L << I40E_RX_DESC_STATUS_UMBCAST_SHIFT;
    /** Status bit 11: flow-director filter match (facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_FLM_SHIFT = 11;
    /** Status bits 13:12: filter status, 3 = RSS hash in qword0[63:32] (facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_FLTSTAT_SHIFT = 12;
    /** FLTSTAT field mask in qword1 (2 bits, facts 7.2). */
    public static final long I40E_RX_DESC_STATUS_FLTSTAT_MASK = 0x3L << I40E_RX_DESC_STATUS_FLTSTAT_SHIFT;
    /** Status bit 14: loopback (facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_LPBK_SHIFT = 14;
    /** Status bit 15: IPv6 extension header address (facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_IPV6EXADD_SHIFT = 15;
    /** Status bit 18: inner UDP checksum zero (facts 7.2). */
    public static final int I40E_RX_DESC_STATUS_INT_UDP_0_SHIFT = 18;

    /** UMBCAST value: unicast (facts 7.2). */
    public static final int I40E_RX_DESC_UMBCAST_UNICAST = 0;
    /** UMBCAST value: multicast (facts 7.2). */
    public static final int I40E_RX_DESC_UMBCAST_MULTICAST = 1;
    /** UMBCAST value: broadcast (facts 7.2). */
    public static final int I40E_RX_DESC_UMBCAST_BROADCAST = 2;
    /** UMBCAST value: mirrored (facts 7.2). */
    public static final int I40E_RX_DESC_UMBCAST_MIRRORED = 3;

    /** FLTSTAT value: no data (facts 7.2). */
    public static final int I40E_RX_DESC_FLTSTAT_NO_DATA = 0;
    /** FLTSTAT value: FD_ID in 16-byte descriptors, reserved otherwise (facts 7.2). */
    public static final int I40E_RX_DESC_FLTSTAT_RSV_FD_ID = 1;
    /** FLTSTAT value: reserved (facts 7.2). */
    public static final int I40E_RX_DESC_FLTSTAT_RSV = 2;
    /** FLTSTAT value: qword0[63:32] holds the RSS hash (facts 7.2). */
    public static final int I40E_RX_DESC_FLTSTAT_RSS_HASH = 3;

    // ---- qword1 error (facts 7.2) ----
    /** qword1 [26:19]: error bits. */
    public static final int I40E_RXD_QW1_ERROR_SHIFT = 19;
    /** Error field mask in qword1 (8 bits, facts 7.2). */
    public static final long I40E_RXD_QW1_ERROR_MASK = 0xFFL << I40E_RXD_QW1_ERROR_SHIFT;
    /** Error bit 0 (qword1 bit 19): receive error; only meaningful with EOF (facts 7.2). */
    public static final int I40E_RX_DESC_ERROR_RXE_SHIFT = 0;
    /** Error bit 1 (qword1 bit 20): RECIPE (facts 7.2). */
    public static final int I40E_RX_DESC_ERROR_RECIPE_SHIFT = 1;
    /** Error bit 2 (qword1 bit 21): header buffer overflow (facts 7.2). */
    public static final int I40E_RX_DESC_ERROR_HBO_SHIFT = 2;
    /** Error bit 3 (qword1 bit 22): IP checksum error (facts 7.2). */
    public static final int I40E_RX_DESC_ERROR_IPE_SHIFT = 3;
    /** Error bit 4 (qword1 bit 23): L4 checksum error (facts 7.2). */
    public static final int I40E_RX_DESC_ERROR_L4E_SHIFT = 4;
    /** Error bit 5 (qword1 bit 24): outer IP checksum error (facts 7.2). */
    public static final int I40E_RX_DESC_ERROR_EIPE_SHIFT = 5;
    /** Error bit 6 (qword1 bit 25): oversize (facts 7.2). */
    public static final int I40E_RX_DESC_ERROR_OVERSIZE_SHIFT = 6;
    /** Error bit 7 (qword1 bit 26): parser error (facts 7.2). */
    public static final int I40E_RX_DESC_ERROR_PPRS_SHIFT = 7;

    // ---- qword1 ptype and lengths (facts 7.2) ----
    /** qword1 [37:30]: packet type index. */
    public static final int I40E_RXD_QW1_PTYPE_SHIFT = 30;
    /** Ptype field mask in qword1 (8 bits, facts 7.2). */
    public static final long I40E_RXD_QW1_PTYPE_MASK = 0xFFL << I40E_RXD_QW1_PTYPE_SHIFT;
    /** qword1 [51:38]: bytes written to the data buffer. */
    public static final int I40E_RXD_QW1_LENGTH_PBUF_SHIFT = 38;
    /** LENGTH_PBUF field mask in qword1 (14 bits, facts 7.2). */
    public static final long I40E_RXD_QW1_LENGTH_PBUF_MASK = 0x3FFFL << I40E_RXD_QW1_LENGTH_PBUF_SHIFT;
    /** qword1 [62:52]: bytes written to the header buffer. */
    public static final int I40E_RXD_QW1_LENGTH_HBUF_SHIFT = 52;
    /** LENGTH_HBUF field mask in qword1 (11 bits, facts 7.2). */
    public static final long I40E_RXD_QW1_LENGTH_HBUF_MASK = 0x7FFL << I40E_RXD_QW1_LENGTH_HBUF_SHIFT;
    /** qword1 bit 63: split header; also marks a programming-status write-back (facts 7.2). */
    public static final int I40E_RXD_QW1_LENGTH_SPH_SHIFT = 63;
    /** SPH bit mask in qword1 (facts 7.2). */
    public static final long I40E_RXD_QW1_LENGTH_SPH_MASK = 1L << I40E_RXD_QW1_LENGTH_SPH_SHIFT;

    /** qword1 DD bit mask (status bit 0, facts 7.2). */
    public static final long DD_MASK = 1L << (I40E_RXD_QW1_STATUS_SHIFT + I40E_RX_DESC_STATUS_DD_SHIFT);
    /** qword1 EOF bit mask (status bit 1, facts 7.2). */
    public static final long EOF_MASK = 1L << (I40E_RXD_QW1_STATUS_SHIFT + I40E_RX_DESC_STATUS_EOF_SHIFT);

    // ---- ptype values (Linux i40e_ptype_lookup, facts 7.2) ----
    /** Ptype 1: L2 MAC, payload layer 2 ({@code I40E_RX_PTYPE_L2_MAC_PAY2}). */
    public static final int I40E_RX_PTYPE_L2_MAC_PAY2 = 1;
    /** Ptype 2: L2 timesync. */
    public static final int I40E_RX_PTYPE_L2_TIMESYNC_PAY2 = 2;
    /** Ptype 11: ARP. */
    public static final int I40E_RX_PTYPE_L2_ARP = 11;
    /** Ptype 22: IPv4 fragment. */
    public static final int PTYPE_IPV4_FRAG = 22;
    /** Ptype 23: IPv4, other L4. */
    public static final int PTYPE_IPV4_OTHER = 23;
    /** Ptype 24: IPv4/UDP. */
    public static final int PTYPE_IPV4_UDP = 24;
    /** Ptype 26: IPv4/TCP. */
    public static final int PTYPE_IPV4_TCP = 26;
    /** Ptype 27: IPv4/SCTP. */
    public static final int PTYPE_IPV4_SCTP = 27;
    /** Ptype 28: IPv4/ICMP. */
    public static final int PTYPE_IPV4_ICMP = 28;
    /** Ptype 88: IPv6 fragment. */
    public static final int PTYPE_IPV6_FRAG = 88;
    /** Ptype 89: IPv6, other L4. */
    public static final int PTYPE_IPV6_OTHER = 89;
    /** Ptype 90: IPv6/UDP. */
    public static final int PTYPE_IPV6_UDP = 90;
    /** Ptype 92: IPv6/TCP. */
    public static final int PTYPE_IPV6_TCP = 92;
    /** Ptype 93: IPv6/SCTP. */
    public static final int PTYPE_IPV6_SCTP = 93;
    /** Ptype 94: IPv6/ICMP. */
    public static final int PTYPE_IPV6_ICMP = 94;

    // ---- qword2 (32-byte write-back, facts 7.2) ----
    /** qword2 ext_status bit 0: l2tag2 present. */
    public static final int I40E_RX_DESC_EXT_STATUS_L2TAG2P_SHIFT = 0;
    /** qword2 ext_status bit 1: l2tag3 present. */
    public static final int I40E_RX_DESC_EXT_STATUS_L2TAG3P_SHIFT = 1;
    /** qword2 ext_status bits 3:2: flex bytes low. */
    public static final int I40E_RX_DESC_EXT_STATUS_FLEXBL_SHIFT = 2;
    /** qword2 ext_status bits 5:4: flex bytes high. */
    public static final int I40E_RX_DESC_EXT_STATUS_FLEXBH_SHIFT = 4;
    /** qword2 [47:32]: l2tag2_1. */
    public static final int I40E_RXD_QW2_L2TAG2_1_SHIFT = 32;
    /** qword2 [63:48]: l2tag2_2 (DPDK's second VLAN when L2TAG2P). */
    public static final int I40E_RXD_QW2_L2TAG2_2_SHIFT = 48;

    // ---- qword1 builders and field accessors (pure functions on the raw word) ----

    /**
     * Builds a write-back qword1 (facts 7.2).
     *
     * @param status     the 19 status bits (DD, EOF, UMBCAST, FLTSTAT...)
     * @param error      the 8 error bits
     * @param ptype      packet type index
     * @param lengthPbuf bytes in the data buffer (14 bits)
     * @param lengthHbuf bytes in the header buffer (11 bits)
     */
    public static long qword1(long status, int error, int ptype, int lengthPbuf, int lengthHbuf) {
        return ((status << I40E_RXD_QW1_STATUS_SHIFT) & I40E_RXD_QW1_STATUS_MASK)
            | (((long) error << I40E_RXD_QW1_ERROR_SHIFT) & I40E_RXD_QW1_ERROR_MASK)
            | (((long) ptype << I40E_RXD_QW1_PTYPE_SHIFT) & I40E_RXD_QW1_PTYPE_MASK)
            | (((long) lengthPbuf << I40E_RXD_QW1_LENGTH_PBUF_SHIFT) & I40E_RXD_QW1_LENGTH_PBUF_MASK)
            | (((long) lengthHbuf << I40E_RXD_QW1_LENGTH_HBUF_SHIFT) & I40E_RXD_QW1_LENGTH_HBUF_MASK);
    }

    /** Builds a write-back qword0: l2tag1 in [31:16], the filter status (RSS hash) in [63:32] (facts 7.2). */
    public static long qword0(int l2tag1, int filterStatus) {
        return ((long) (l2tag1 & 0xFFFF) << I40E_RXD_QW0_L2TAG1_SHIFT)
            | ((filterStatus & 0xFFFF_FFFFL) << I40E_RXD_QW0_HI_DWORD_SHIFT);
    }

    /** The 19 status bits. */
    public static int status(long qword1) {
        return (int) ((qword1 & I40E_RXD_QW1_STATUS_MASK) >>> I40E_RXD_QW1_STATUS_SHIFT);
    }

    /** Whether DD (descriptor done) is set. */
    public static boolean isDone(long qword1) {
        return (qword1 & DD_MASK) != 0;
    }

    /** Whether EOF (last buffer of a packet) is set. */
    public static boolean isEndOfFrame(long qword1) {
        return (qword1 & EOF_MASK) != 0;
    }

    /** UMBCAST: 0 unicast, 1 multicast, 2 broadcast, 3 mirrored. */
    public static int umbcast(long qword1) {
        return (int) ((qword1 & I40E_RX_DESC_STATUS_UMBCAST_MASK) >>> I40E_RX_DESC_STATUS_UMBCAST_SHIFT);
    }

    /** FLTSTAT: 3 means qword0[63:32] holds the RSS hash. */
    public static int fltstat(long qword1) {
        return (int) ((qword1 & I40E_RX_DESC_STATUS_FLTSTAT_MASK) >>> I40E_RX_DESC_STATUS_FLTSTAT_SHIFT);
    }

    /** The 8 error bits. */
    public static int error(long qword1) {
        return (int) ((qword1 & I40E_RXD_QW1_ERROR_MASK) >>> I40E_RXD_QW1_ERROR_SHIFT);
    }

    /** The packet type index. */
    public static int ptype(long qword1) {
        return (int) ((qword1 & I40E_RXD_QW1_PTYPE_MASK) >>> I40E_RXD_QW1_PTYPE_SHIFT);
    }

    /** Bytes in the data buffer (LENGTH_PBUF). */
    public static int lengthPbuf(long qword1) {
        return (int) ((qword1 & I40E_RXD_QW1_LENGTH_PBUF_MASK) >>> I40E_RXD_QW1_LENGTH_PBUF_SHIFT);
    }

    /** Bytes in the header buffer (LENGTH_HBUF). */
    public static int lengthHbuf(long qword1) {
        return (int) ((qword1 & I40E_RXD_QW1_LENGTH_HBUF_MASK) >>> I40E_RXD_QW1_LENGTH_HBUF_SHIFT);
    }

    /** Whether SPH (split header / programming status) is set. */
    public static boolean sph(long qword1) {
        return (qword1 & I40E_RXD_QW1_LENGTH_SPH_MASK) != 0;
    }

    /** l2tag1 from write-back qword0. */
    public static int l2tag1(long qword0) {
        return (int) ((qword0 >>> I40E_RXD_QW0_L2TAG1_SHIFT) & 0xFFFF);
    }

    /** The RSS hash (or FD_ID / FCoE parameter, per FLTSTAT) from write-back qword0. */
    public static int filterStatus(long qword0) {
        return (int) (qword0 >>> I40E_RXD_QW0_HI_DWORD_SHIFT);
    }

    // ---- buffer accessors ----

    /**
     * Arms a descriptor for the device (read format, facts 7.1): pkt_addr = buffer IOVA, hdr_addr = 0 (which also
     * clears DD and LENGTH_PBUF of the previous write-back). Plain stores: the tail register write publishes them.
     */
    public static void arm(AtomicBuffer ring, int offset, long bufferIova) {
        ring.putLong(offset + PKT_ADDR_OFFSET, bufferIova);
        ring.putLong(offset + HDR_ADDR_OFFSET, 0L);
    }

    /** Clears rsvd1/rsvd2 of a 32-byte descriptor (facts 7.1: DPDK zeroes them). */
    public static void clearReserved32(AtomicBuffer ring, int offset) {
        ring.putLong(offset + RSVD1_OFFSET, 0L);
        ring.putLong(offset + RSVD2_OFFSET, 0L);
    }

    /** pkt_addr of a read-format descriptor. */
    public static long pktAddr(AtomicBuffer ring, int offset) {
        return ring.getLong(offset + PKT_ADDR_OFFSET);
    }

    /** Acquire load of qword1 (driver side; pairs with the device's {@link #putQword1Release}). */
    public static long qword1Acquire(AtomicBuffer ring, int offset) {
        return ring.getLongAcquire(offset + QWORD1_OFFSET);
    }

    /** Plain load of write-back qword0 (after {@link #qword1Acquire} saw DD). */
    public static long qword0(AtomicBuffer ring, int offset) {
        return ring.getLong(offset + QWORD0_OFFSET);
    }

    /** Release store of qword1 (device side: the last store of a write-back; pairs with {@link #qword1Acquire}). */
    public static void putQword1Release(AtomicBuffer ring, int offset, long qword1) {
        ring.putLongRelease(offset + QWORD1_OFFSET, qword1);
    }
}
