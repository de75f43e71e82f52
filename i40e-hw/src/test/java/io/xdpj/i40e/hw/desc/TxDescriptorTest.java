package io.xdpj.i40e.hw.desc;

import static io.xdpj.i40e.hw.desc.TxDescriptor.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Golden values worked out by hand from facts 7.3-7.5 (iPXE's layout quoted there: EOP 0x10, RS 0x20, ICRC 0x40). */
class TxDescriptorTest {

    @Test
    void masksSitWhereFacts73PutThem() {
        assertEquals(0xFL, I40E_TXD_QW1_DTYPE_MASK);
        assertEquals(0x3FF0L, I40E_TXD_QW1_CMD_MASK);
        assertEquals(0x3_FFFF_0000L, I40E_TXD_QW1_OFFSET_MASK); // bits 33:16
        assertEquals(0xFFFC_0000_0000L, I40E_TXD_QW1_TX_BUF_SZ_MASK); // bits 47:34
        assertEquals(0xFFFF_0000_0000_0000L, I40E_TXD_QW1_L2TAG1_MASK);
    }

    @Test
    void plainFrameDescriptorMatchesIpxeLayout() {
        // EOP|RS|ICRC = 0x7 << 4 = 0x70 in the low dword; 60 << 34 = (60 << 2) = 0xF0 in the high dword
        final long q1 = dataQword1(I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS | I40E_TX_DESC_CMD_ICRC, 0, 60, 0);
        assertEquals(0x0000_00F0_0000_0070L, q1);
        assertEquals(I40E_TX_DESC_DTYPE_DATA, dtype(q1));
        assertEquals(60, bufferSize(q1));
        assertTrue(isEndOfPacket(q1));
        assertTrue(isReportStatus(q1));
        assertFalse(isDescDone(q1));
    }

    @Test
    void checksumOffloadDescriptorWithVlan() {
        // MACLEN 14 B = 7 words, IPLEN 20 B = 5 dwords, L4LEN 8 B = 2 dwords → 7 | 5 << 7 | 2 << 14 = 0x8287
        assertEquals(0x8287, offsetField(14, 20, 8));
        // CMD EOP|RS|ICRC|IIPT_IPV4_CSUM|L4T_UDP = 0x367 → 0x3670; OFFSET 0x8287 << 16; 1514 << 34 → high 0x17A8
        final int cmd = I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS | I40E_TX_DESC_CMD_ICRC
            | I40E_TX_DESC_CMD_IIPT_IPV4_CSUM | I40E_TX_DESC_CMD_L4T_EOFT_UDP | I40E_TX_DESC_CMD_IL2TAG1;
        final long q1 = dataQword1(cmd, 0x8287, 1514, 0x0123);
        assertEquals(0x0123_17A8_8287_36F0L, q1); // IL2TAG1 adds 0x8 << 4 = 0x80
        assertEquals(cmd, cmd(q1));
        assertEquals(0x8287, offset(q1));
        assertEquals(1514, bufferSize(q1));
        assertEquals(0x0123, l2tag1(q1));
        assertEquals(I40E_MAX_DATA_PER_TXD, bufferSize(dataQword1(0, 0, I40E_MAX_DATA_PER_TXD, 0)));
    }

    @Test
    void completionIsDtypeF() {
        assertEquals(0xFL, DESC_DONE_QWORD1);
        assertTrue(isDescDone(DESC_DONE_QWORD1));
        assertTrue(isDescDone(0x0000_00F0_0000_007FL)); // DPDK tests only the low 4 bits
        assertFalse(isDescDone(0x1L)); // context / NOP
        final UnsafeBuffer ring = new UnsafeBuffer(ByteBuffer.allocateDirect(32));
        putData(ring, 16, 0xABCD_E000L, 0x0000_00F0_0000_0070L);
        assertEquals(0x70, ring.getByte(24));
        assertEquals((byte) 0xF0, ring.getByte(28));
        putQword1Release(ring, 16, DESC_DONE_QWORD1);
        assertTrue(isDescDone(qword1Acquire(ring, 16)));
        assertEquals(0xABCD_E000L, ring.getLong(16)); // the model rewrites qword1 only
    }

    @Test
    void contextDescriptorPacking() {
        // DTYPE 1 | TSO 0x01 << 4 = 0x11; TSO_LEN 0x12345 << 30 = 0x48D1_4000_0000;
        // MSS 1448 = 0x5A8 << 50 → 0x16A0 << 48
        final long q1 = TxContextDescriptor.qword1(TxContextDescriptor.I40E_TX_CTX_DESC_TSO, 0x12345, 1448);
        assertEquals(0x16A0_48D1_4000_0011L, q1);
        assertEquals(I40E_TX_DESC_DTYPE_CONTEXT, dtype(q1));
        assertEquals(0x12345, TxContextDescriptor.tsoLength(q1));
        assertEquals(1448, TxContextDescriptor.mss(q1));
        assertEquals(TxContextDescriptor.I40E_TX_CTX_DESC_TSO, TxContextDescriptor.cmd(q1));
        // EXT_IP 3 | EXT_IPLEN 5 << 2 | NATT 1 << 9 | NATLEN 4 << 12 = 0x4217; l2tag2 0x42 at bit 32
        final int params = TxContextDescriptor.I40E_TX_CTX_EXT_IP_IPV4
            | (5 << TxContextDescriptor.I40E_TXD_CTX_QW0_EXT_IPLEN_SHIFT)
            | (1 << TxContextDescriptor.I40E_TXD_CTX_QW0_NATT_SHIFT)
            | (4 << TxContextDescriptor.I40E_TXD_CTX_QW0_NATLEN_SHIFT);
        final long q0 = TxContextDescriptor.qword0(params, 0x42);
        assertEquals(0x0000_0042_0000_4217L, q0);
        assertEquals(0x42, TxContextDescriptor.l2tag2(q0));
    }
}
