package io.xdpj.i40e.hw.desc;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The LAN Tx data descriptor, 16 bytes, DTYPE 0 (facts 7.3), and its completion write-back (DTYPE 0xF, facts 7.5).
 * All words little-endian.
 *
 * <pre>
 *  byte 0  qword0  buffer_addr (IOVA of this fragment)
 *  byte 8  qword1  [3:0] DTYPE  [13:4] CMD  [15:14] -  [33:16] OFFSET (MACLEN [22:16] 2-byte words,
 *                  IPLEN [29:23] 4-byte words, L4LEN [33:30] 4-byte words)  [47:34] TX_BUF_SZ  [63:48] L2TAG1
 * </pre>
 *
 * <h2>Completion (facts 7.5)</h2>
 * For a descriptor with RS set the device rewrites qword1 so that DTYPE reads 0xF (DESC_DONE). Whether it rewrites
 * the rest of the descriptor is UNVERIFIED (facts 14); {@link #DESC_DONE_QWORD1} is the value this project's model
 * writes. With head write-back enabled the device also writes its head index (a u32) to head_wb_addr (facts 5.7).
 *
 * <h2>Memory ordering</h2>
 * The driver writes descriptors with plain stores and publishes them with one release store to QTX_TAIL (see
 * {@code io.xdpj.vfio.Mmio#write32}). The device writes the DTYPE 0xF word with a release store
 * ({@link #putQword1Release}); the driver reads it with an acquire load ({@link #qword1Acquire}).
 */
public final class TxDescriptor {

    private TxDescriptor() {
    }

    /** Size of a Tx descriptor (data or context) in bytes (facts 7.3, 7.4). */
    public static final int SIZE = 16;
    /** Byte offset of buffer_addr (facts 7.3). */
    public static final int BUFFER_ADDR_OFFSET = 0;
    /** Byte offset of qword1, {@code cmd_type_offset_bsz} (facts 7.3). */
    public static final int QWORD1_OFFSET = 8;

    // ---- DTYPE (facts 7.3) ----
    /** qword1 [3:0]: descriptor type. */
    public static final int I40E_TXD_QW1_DTYPE_SHIFT = 0;
    /** DTYPE field mask (4 bits). */
    public static final long I40E_TXD_QW1_DTYPE_MASK = 0xFL << I40E_TXD_QW1_DTYPE_SHIFT;
    /** DTYPE 0x0: data. */
    public static final int I40E_TX_DESC_DTYPE_DATA = 0x0;
    /** DTYPE 0x1: no-op, the same value as context. */
    public static final int I40E_TX_DESC_DTYPE_NOP = 0x1;
    /** DTYPE 0x1: context (facts 7.4). */
    public static final int I40E_TX_DESC_DTYPE_CONTEXT = 0x1;
    /** DTYPE 0x2: FCoE context. */
    public static final int I40E_TX_DESC_DTYPE_FCOE_CTX = 0x2;
    /** DTYPE 0x8: flow-director filter programming. */
    public static final int I40E_TX_DESC_DTYPE_FILTER_PROG = 0x8;
    /** DTYPE 0x9: DDP context. */
    public static final int I40E_TX_DESC_DTYPE_DDP_CTX = 0x9;
    /** DTYPE 0xB: flex data. */
    public static final int I40E_TX_DESC_DTYPE_FLEX_DATA = 0xB;
    /** DTYPE 0xC: flex context 1. */
    public static final int I40E_TX_DESC_DTYPE_FLEX_CTX_1 = 0xC;
    /** DTYPE 0xD: flex context 2. */
    public static final int I40E_TX_DESC_DTYPE_FLEX_CTX_2 = 0xD;
    /** DTYPE 0xF: descriptor done, written back by the device on RS descriptors (facts 7.5). */
    public static final int I40E_TX_DESC_DTYPE_DESC_DONE = 0xF;

    // ---- CMD (facts 7.3) ----
    /** qword1 [13:4]: command bits. */
    public static final int I40E_TXD_QW1_CMD_SHIFT = 4;
    /** CMD field mask (10 bits; Linux/D-base mask 0x3FF). */
    public static final long I40E_TXD_QW1_CMD_MASK = 0x3FFL << I40E_TXD_QW1_CMD_SHIFT;
    /** CMD 0x001 (qword1 bit 4): end of packet. */
    public static final int I40E_TX_DESC_CMD_EOP = 0x0001;
    /** CMD 0x002 (qword1 bit 5): report status (DTYPE 0xF write-back). */
    public static final int I40E_TX_DESC_CMD_RS = 0x0002;
    /** CMD 0x004 (qword1 bit 6): insert CRC; every driver sets it (iPXE: without it nothing is sent). */
    public static final int I40E_TX_DESC_CMD_ICRC = 0x0004;
    /** CMD 0x008 (qword1 bit 7): insert L2TAG1. */
    public static final int I40E_TX_DESC_CMD_IL2TAG1 = 0x0008;
    /** CMD 0x010 (qword1 bit 8): dummy. */
    public static final int I40E_TX_DESC_CMD_DUMMY = 0x0010;
    /** CMD IIPT (bits 10:9) 0x000: not IP. */
    public static final int I40E_TX_DESC_CMD_IIPT_NONIP = 0x0000;
    /** CMD IIPT 0x020: IPv6. */
    public static final int I40E_TX_DESC_CMD_IIPT_IPV6 = 0x0020;
    /** CMD IIPT 0x040: IPv4 without checksum offload. */
    public static final int I40E_TX_DESC_CMD_IIPT_IPV4 = 0x0040;
    /** CMD IIPT 0x060: IPv4 with checksum offload. */
    public static final int I40E_TX_DESC_CMD_IIPT_IPV4_CSUM = 0x0060;
    /** CMD 0x080 (qword1 bit 11): FCoE. */
    public static final int I40E_TX_DESC_CMD_FCOET = 0x0080;
    /** CMD L4T (bits 13:12) 0x000: unknown / no L4 offload. */
    public static final int I40E_TX_DESC_CMD_L4T_EOFT_UNK = 0x0000;
    /** CMD L4T 0x100: TCP. */
    public static final int I40E_TX_DESC_CMD_L4T_EOFT_TCP = 0x0100;
    /** CMD L4T 0x200: SCTP. */
    public static final int I40E_TX_DESC_CMD_L4T_EOFT_SCTP = 0x0200;
    /** CMD L4T 0x300: UDP. */
    public static final int I40E_TX_DESC_CMD_L4T_EOFT_UDP = 0x0300;

    // ---- OFFSET (facts 7.3) ----
    /** qword1 [33:16]: header lengths for checksum offload. */
    public static final int I40E_TXD_QW1_OFFSET_SHIFT = 16;
    /** OFFSET field mask (18 bits). */
    public static final long I40E_TXD_QW1_OFFSET_MASK = 0x3FFFFL << I40E_TXD_QW1_OFFSET_SHIFT;
    /** Within OFFSET: MACLEN [6:0] in 2-byte words. */
    public static final int I40E_TX_DESC_LENGTH_MACLEN_SHIFT = 0;
    /** Within OFFSET: IPLEN [13:7] in 4-byte words. */
    public static final int I40E_TX_DESC_LENGTH_IPLEN_SHIFT = 7;
    /** Within OFFSET: L4LEN [17:14] in 4-byte words (TCP doff, UDP 2, SCTP 3). */
    public static final int I40E_TX_DESC_LENGTH_L4_FC_LEN_SHIFT = 14;

    // ---- TX_BUF_SZ and L2TAG1 (facts 7.3) ----
    /** qword1 [47:34]: bytes in this descriptor's buffer. */
    public static final int I40E_TXD_QW1_TX_BUF_SZ_SHIFT = 34;
    /** TX_BUF_SZ field mask (14 bits). */
    public static final long I40E_TXD_QW1_TX_BUF_SZ_MASK = 0x3FFFL << I40E_TXD_QW1_TX_BUF_SZ_SHIFT;
    /** qword1 [63:48]: VLAN tag inserted when IL2TAG1 is set. */
    public static final int I40E_TXD_QW1_L2TAG1_SHIFT = 48;
    /** L2TAG1 field mask (16 bits). */
    public static final long I40E_TXD_QW1_L2TAG1_MASK = 0xFFFFL << I40E_TXD_QW1_L2TAG1_SHIFT;

    // ---- limits (facts 7.3) ----
    /** Most bytes one data descriptor can carry (14-bit field; {@code I40E_MAX_DATA_PER_TXD}). */
    public static final int I40E_MAX_DATA_PER_TXD = 16 * 1024 - 1;
    /** Linux splits large buffers at this 4 KiB-aligned size ({@code I40E_MAX_DATA_PER_TXD_ALIGNED}). */
    public static final int I40E_MAX_DATA_PER_TXD_ALIGNED = 12288;
    /** Most data descriptors for one non-TSO packet ({@code I40E_MAX_BUFFER_TXD}; DPDK I40E_TX_MAX_MTU_SEG). */
    public static final int I40E_MAX_BUFFER_TXD = 8;
    /** Smallest packet the drivers hand to the device ({@code I40E_MIN_TX_LEN}). */
    public static final int I40E_MIN_TX_LEN = 17;

    /** The qword1 the device writes back on a completed RS descriptor: DTYPE = 0xF, other bits 0 (facts 7.5). */
    public static final long DESC_DONE_QWORD1 = (long) I40E_TX_DESC_DTYPE_DESC_DONE << I40E_TXD_QW1_DTYPE_SHIFT;
    /** Bytes of the head write-back slot at head_wb_addr: one little-endian u32 (facts 7.5). */
    public static final int HEAD_WRITEBACK_BYTES = 4;

    /**
     * Builds a data descriptor's qword1 (DTYPE 0, facts 7.3).
     *
     * @param cmd     CMD bits ({@link #I40E_TX_DESC_CMD_EOP} | {@link #I40E_TX_DESC_CMD_RS} | ...)
     * @param offset  the OFFSET field (MACLEN | IPLEN << 7 | L4LEN << 14), 0 without checksum offload
     * @param size    bytes in the buffer (≤ {@link #I40E_MAX_DATA_PER_TXD})
     * @param l2tag1  VLAN tag to insert with IL2TAG1, else 0
     */
    public static long dataQword1(int cmd, int offset, int size, int l2tag1) {
        return ((long) I40E_TX_DESC_DTYPE_DATA << I40E_TXD_QW1_DTYPE_SHIFT)
            | (((long) cmd << I40E_TXD_QW1_CMD_SHIFT) & I40E_TXD_QW1_CMD_MASK)
            | (((long) offset << I40E_TXD_QW1_OFFSET_SHIFT) & I40E_TXD_QW1_OFFSET_MASK)
            | (((long) size << I40E_TXD_QW1_TX_BUF_SZ_SHIFT) & I40E_TXD_QW1_TX_BUF_SZ_MASK)
            | (((long) l2tag1 << I40E_TXD_QW1_L2TAG1_SHIFT) & I40E_TXD_QW1_L2TAG1_MASK);
    }

    /** The OFFSET field from header lengths in bytes: MACLEN/2, IPLEN/4, L4LEN/4 (facts 7.3 units). */
    public static int offsetField(int macHeaderBytes, int ipHeaderBytes, int l4HeaderBytes) {
        return ((macHeaderBytes >>> 1) << I40E_TX_DESC_LENGTH_MACLEN_SHIFT)
            | ((ipHeaderBytes >>> 2) << I40E_TX_DESC_LENGTH_IPLEN_SHIFT)
            | ((l4HeaderBytes >>> 2) << I40E_TX_DESC_LENGTH_L4_FC_LEN_SHIFT);
    }

    /** DTYPE of qword1. */
    public static int dtype(long qword1) {
        return (int) ((qword1 & I40E_TXD_QW1_DTYPE_MASK) >>> I40E_TXD_QW1_DTYPE_SHIFT);
    }

    /** CMD bits of qword1. */
    public static int cmd(long qword1) {
        return (int) ((qword1 & I40E_TXD_QW1_CMD_MASK) >>> I40E_TXD_QW1_CMD_SHIFT);
    }

    /** OFFSET field of qword1. */
    public static int offset(long qword1) {
        return (int) ((qword1 & I40E_TXD_QW1_OFFSET_MASK) >>> I40E_TXD_QW1_OFFSET_SHIFT);
    }

    /** TX_BUF_SZ of qword1 (bytes). */
    public static int bufferSize(long qword1) {
        return (int) ((qword1 & I40E_TXD_QW1_TX_BUF_SZ_MASK) >>> I40E_TXD_QW1_TX_BUF_SZ_SHIFT);
    }

    /** L2TAG1 of qword1. */
    public static int l2tag1(long qword1) {
        return (int) ((qword1 & I40E_TXD_QW1_L2TAG1_MASK) >>> I40E_TXD_QW1_L2TAG1_SHIFT);
    }

    /** Whether the CMD field of qword1 has EOP. */
    public static boolean isEndOfPacket(long qword1) {
        return (qword1 & ((long) I40E_TX_DESC_CMD_EOP << I40E_TXD_QW1_CMD_SHIFT)) != 0;
    }

    /** Whether the CMD field of qword1 has RS. */
    public static boolean isReportStatus(long qword1) {
        return (qword1 & ((long) I40E_TX_DESC_CMD_RS << I40E_TXD_QW1_CMD_SHIFT)) != 0;
    }

    /** Whether qword1 shows the device's completion: DTYPE == 0xF (the DPDK test, facts 7.5). */
    public static boolean isDescDone(long qword1) {
        return (qword1 & I40E_TXD_QW1_DTYPE_MASK) == DESC_DONE_QWORD1;
    }

    /** Writes a data descriptor with plain stores (the tail write publishes it). */
    public static void putData(AtomicBuffer ring, int offset, long bufferIova, long qword1) {
        ring.putLong(offset + BUFFER_ADDR_OFFSET, bufferIova);
        ring.putLong(offset + QWORD1_OFFSET, qword1);
    }

    /** Acquire load of qword1 (driver polling for DTYPE 0xF; pairs with {@link #putQword1Release}). */
    public static long qword1Acquire(AtomicBuffer ring, int offset) {
        return ring.getLongAcquire(offset + QWORD1_OFFSET);
    }

    /** Release store of qword1 (device completion write-back; pairs with {@link #qword1Acquire}). */
    public static void putQword1Release(AtomicBuffer ring, int offset, long qword1) {
        ring.putLongRelease(offset + QWORD1_OFFSET, qword1);
    }
}
