package io.xdpj.i40e.hw.desc;

/**
 * The LAN Tx context descriptor, 16 bytes, DTYPE 1 (facts 7.4). It occupies a ring slot ahead of the data
 * descriptors of the packet it describes (TSO, tunnels, timestamps, L2TAG2); a plain L2 transmit needs none.
 *
 * <pre>
 *  qword0 [31:0]  tunneling_params: EXT_IP [1:0], EXT_IPLEN [7:2] (4-byte words), NATT [10:9], EIP_NOINC [11],
 *                 NATLEN [18:12] (2-byte words), DECTTL [22:19], L4T_CS [23]
 *         [47:32] l2tag2     [63:48] reserved
 *  qword1 [3:0]   DTYPE = 1  [19:4] CMD  [47:30] TSO_LEN  [63:50] MSS (also TARGET VSI [58:50])
 * </pre>
 */
public final class TxContextDescriptor {

    private TxContextDescriptor() {
    }

    /** qword0 [1:0]: outer IP type (facts 7.4). */
    public static final int I40E_TXD_CTX_QW0_EXT_IP_SHIFT = 0;
    /** EXT_IP mask. */
    public static final long I40E_TXD_CTX_QW0_EXT_IP_MASK = 0x3L << I40E_TXD_CTX_QW0_EXT_IP_SHIFT;
    /** EXT_IP 0: none. */
    public static final int I40E_TX_CTX_EXT_IP_NONE = 0x0;
    /** EXT_IP 1: IPv6. */
    public static final int I40E_TX_CTX_EXT_IP_IPV6 = 0x1;
    /** EXT_IP 2: IPv4 without checksum. */
    public static final int I40E_TX_CTX_EXT_IP_IPV4_NO_CSUM = 0x2;
    /** EXT_IP 3: IPv4 with checksum. */
    public static final int I40E_TX_CTX_EXT_IP_IPV4 = 0x3;
    /** qword0 [7:2]: outer IP header length in 4-byte words (facts 7.4). */
    public static final int I40E_TXD_CTX_QW0_EXT_IPLEN_SHIFT = 2;
    /** EXT_IPLEN mask. */
    public static final long I40E_TXD_CTX_QW0_EXT_IPLEN_MASK = 0x3FL << I40E_TXD_CTX_QW0_EXT_IPLEN_SHIFT;
    /** qword0 [10:9]: tunnel type, 1 UDP, 2 GRE (facts 7.4). */
    public static final int I40E_TXD_CTX_QW0_NATT_SHIFT = 9;
    /** NATT mask. */
    public static final long I40E_TXD_CTX_QW0_NATT_MASK = 0x3L << I40E_TXD_CTX_QW0_NATT_SHIFT;
    /** qword0 bit 11: do not increment the outer IP id (facts 7.4). */
    public static final int I40E_TXD_CTX_QW0_EIP_NOINC_SHIFT = 11;
    /** qword0 [18:12]: tunnel header length in 2-byte words (facts 7.4). */
    public static final int I40E_TXD_CTX_QW0_NATLEN_SHIFT = 12;
    /** NATLEN mask. */
    public static final long I40E_TXD_CTX_QW0_NATLEN_MASK = 0x7FL << I40E_TXD_CTX_QW0_NATLEN_SHIFT;
    /** qword0 [22:19]: DECTTL (facts 7.4). */
    public static final int I40E_TXD_CTX_QW0_DECTTL_SHIFT = 19;
    /** DECTTL mask. */
    public static final long I40E_TXD_CTX_QW0_DECTTL_MASK = 0xFL << I40E_TXD_CTX_QW0_DECTTL_SHIFT;
    /** qword0 bit 23: L4T_CS (facts 7.4). */
    public static final int I40E_TXD_CTX_QW0_L4T_CS_SHIFT = 23;
    /** qword0 [47:32]: l2tag2 (facts 7.4). */
    public static final int I40E_TXD_CTX_QW0_L2TAG2_SHIFT = 32;
    /** l2tag2 mask. */
    public static final long I40E_TXD_CTX_QW0_L2TAG2_MASK = 0xFFFFL << I40E_TXD_CTX_QW0_L2TAG2_SHIFT;

    /** qword1 [3:0]: DTYPE, 1 for a context descriptor (facts 7.4). */
    public static final int I40E_TXD_CTX_QW1_DTYPE_SHIFT = 0;
    /** DTYPE mask. */
    public static final long I40E_TXD_CTX_QW1_DTYPE_MASK = 0xFL << I40E_TXD_CTX_QW1_DTYPE_SHIFT;
    /** qword1 [19:4]: context command bits (facts 7.4). */
    public static final int I40E_TXD_CTX_QW1_CMD_SHIFT = 4;
    /** CMD mask (16 bits). */
    public static final long I40E_TXD_CTX_QW1_CMD_MASK = 0xFFFFL << I40E_TXD_CTX_QW1_CMD_SHIFT;
    /** CMD 0x01: TSO. */
    public static final int I40E_TX_CTX_DESC_TSO = 0x01;
    /** CMD 0x02: timestamp. */
    public static final int I40E_TX_CTX_DESC_TSYN = 0x02;
    /** CMD 0x04: insert L2TAG2. */
    public static final int I40E_TX_CTX_DESC_IL2TAG2 = 0x04;
    /** CMD 0x08: insert L2TAG2 as the inner L2 header tag. */
    public static final int I40E_TX_CTX_DESC_IL2TAG2_IL2H = 0x08;
    /** CMD switch [5:4] 0x00: no tag. */
    public static final int I40E_TX_CTX_DESC_SWTCH_NOTAG = 0x00;
    /** CMD switch 0x10: uplink. */
    public static final int I40E_TX_CTX_DESC_SWTCH_UPLINK = 0x10;
    /** CMD switch 0x20: local. */
    public static final int I40E_TX_CTX_DESC_SWTCH_LOCAL = 0x20;
    /** CMD switch 0x30: VSI. */
    public static final int I40E_TX_CTX_DESC_SWTCH_VSI = 0x30;
    /** CMD 0x40: SWPE. */
    public static final int I40E_TX_CTX_DESC_SWPE = 0x40;
    /** qword1 [47:30]: TSO payload length (18 bits, facts 7.4). */
    public static final int I40E_TXD_CTX_QW1_TSO_LEN_SHIFT = 30;
    /** TSO_LEN mask. */
    public static final long I40E_TXD_CTX_QW1_TSO_LEN_MASK = 0x3FFFFL << I40E_TXD_CTX_QW1_TSO_LEN_SHIFT;
    /** qword1 [63:50]: MSS (14 bits, facts 7.4). */
    public static final int I40E_TXD_CTX_QW1_MSS_SHIFT = 50;
    /** MSS mask. */
    public static final long I40E_TXD_CTX_QW1_MSS_MASK = 0x3FFFL << I40E_TXD_CTX_QW1_MSS_SHIFT;
    /** qword1 [58:50]: target VSI, the same bits as MSS (facts 7.4). */
    public static final int I40E_TXD_CTX_QW1_VSI_SHIFT = 50;
    /** Target VSI mask (9 bits). */
    public static final long I40E_TXD_CTX_QW1_VSI_MASK = 0x1FFL << I40E_TXD_CTX_QW1_VSI_SHIFT;

    /** TSO MSS lower bound (DPDK {@code I40E_MIN_TSO_MSS}, facts 7.3). */
    public static final int I40E_MIN_TSO_MSS = 256;
    /** TSO MSS upper bound (DPDK {@code I40E_MAX_TSO_MSS}, facts 7.3). */
    public static final int I40E_MAX_TSO_MSS = 9674;

    /** Builds a context descriptor's qword1 (facts 7.4). */
    public static long qword1(int cmd, int tsoLength, int mss) {
        return ((long) TxDescriptor.I40E_TX_DESC_DTYPE_CONTEXT << I40E_TXD_CTX_QW1_DTYPE_SHIFT)
            | (((long) cmd << I40E_TXD_CTX_QW1_CMD_SHIFT) & I40E_TXD_CTX_QW1_CMD_MASK)
            | (((long) tsoLength << I40E_TXD_CTX_QW1_TSO_LEN_SHIFT) & I40E_TXD_CTX_QW1_TSO_LEN_MASK)
            | (((long) mss << I40E_TXD_CTX_QW1_MSS_SHIFT) & I40E_TXD_CTX_QW1_MSS_MASK);
    }

    /** Builds a context descriptor's qword0 from the tunneling parameters and l2tag2 (facts 7.4). */
    public static long qword0(int tunnelingParams, int l2tag2) {
        return (tunnelingParams & 0xFFFF_FFFFL) | (((long) l2tag2 << I40E_TXD_CTX_QW0_L2TAG2_SHIFT)
            & I40E_TXD_CTX_QW0_L2TAG2_MASK);
    }

    /** Context CMD bits of qword1. */
    public static int cmd(long qword1) {
        return (int) ((qword1 & I40E_TXD_CTX_QW1_CMD_MASK) >>> I40E_TXD_CTX_QW1_CMD_SHIFT);
    }

    /** TSO_LEN of qword1. */
    public static int tsoLength(long qword1) {
        return (int) ((qword1 & I40E_TXD_CTX_QW1_TSO_LEN_MASK) >>> I40E_TXD_CTX_QW1_TSO_LEN_SHIFT);
    }

    /** MSS of qword1. */
    public static int mss(long qword1) {
        return (int) ((qword1 & I40E_TXD_CTX_QW1_MSS_MASK) >>> I40E_TXD_CTX_QW1_MSS_SHIFT);
    }

    /** l2tag2 of qword0. */
    public static int l2tag2(long qword0) {
        return (int) ((qword0 & I40E_TXD_CTX_QW0_L2TAG2_MASK) >>> I40E_TXD_CTX_QW0_L2TAG2_SHIFT);
    }
}
