package io.xdpj.i40e.hw.desc;

import static io.xdpj.i40e.hw.desc.RxDescriptor.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Golden values worked out by hand from facts 7.1/7.2 (and cross-checked against iPXE's layout quoted there). */
class RxDescriptorTest {

    private static final long DD_EOF = (1 << I40E_RX_DESC_STATUS_DD_SHIFT) | (1 << I40E_RX_DESC_STATUS_EOF_SHIFT);

    @Test
    void shiftsAndMasksSitWhereFacts72PutThem() {
        assertEquals(0x7FFFFL, I40E_RXD_QW1_STATUS_MASK);
        assertEquals(0x7F8_0000L, I40E_RXD_QW1_ERROR_MASK); // bits 26:19
        assertEquals(0x3F_C000_0000L, I40E_RXD_QW1_PTYPE_MASK); // bits 37:30
        assertEquals(0x000F_FFC0_0000_0000L, I40E_RXD_QW1_LENGTH_PBUF_MASK); // bits 51:38
        assertEquals(0x7FF0_0000_0000_0000L, I40E_RXD_QW1_LENGTH_HBUF_MASK); // bits 62:52
        assertEquals(0x8000_0000_0000_0000L, I40E_RXD_QW1_LENGTH_SPH_MASK);
        assertEquals(0x600L, I40E_RX_DESC_STATUS_UMBCAST_MASK);
        assertEquals(0x3000L, I40E_RX_DESC_STATUS_FLTSTAT_MASK);
    }

    @Test
    void writeBackOfA60ByteUdpFrame() {
        // DD|EOF = 0x3; ptype 24 << 30 = 0x6_0000_0000; 60 << 38: high dword 60 << 6 = 0xF00
        final long q1 = qword1(DD_EOF, 0, PTYPE_IPV4_UDP, 60, 0);
        assertEquals(0x0000_0F06_0000_0003L, q1);
        // iPXE's reading (facts 7.2): DD = low dword bit 0, length = (high dword >> 6) & 0x3FFF
        assertEquals(60, (int) ((q1 >>> 32) >>> 6) & 0x3FFF);
        assertTrue(isDone(q1));
        assertTrue(isEndOfFrame(q1));
        assertEquals(PTYPE_IPV4_UDP, ptype(q1));
        assertEquals(60, lengthPbuf(q1));
    }

    @Test
    void writeBackOfTheMiddleAndLastBuffersOfA9000ByteFrame() {
        // 2048 = 0x800 → high dword 0x800 << 6 = 0x2_0000; no EOF
        assertEquals(0x0002_0006_0000_0001L, qword1(1, 0, PTYPE_IPV4_UDP, 2048, 0));
        // 808 = 0x328 → high dword 0x328 << 6 = 0xCA00
        assertEquals(0x0000_CA06_0000_0003L, qword1(DD_EOF, 0, PTYPE_IPV4_UDP, 808, 0));
        assertFalse(isEndOfFrame(0x0002_0006_0000_0001L));
    }

    @Test
    void broadcastFrameWithRssHash() {
        // status DD|EOF | UMBCAST 2 << 9 (0x400) | FLTSTAT 3 << 12 (0x3000) = 0x3403; ptype 1 << 30; 64 << 38
        final long status = DD_EOF | ((long) I40E_RX_DESC_UMBCAST_BROADCAST << I40E_RX_DESC_STATUS_UMBCAST_SHIFT)
            | ((long) I40E_RX_DESC_FLTSTAT_RSS_HASH << I40E_RX_DESC_STATUS_FLTSTAT_SHIFT);
        final long q1 = qword1(status, 0, I40E_RX_PTYPE_L2_MAC_PAY2, 64, 0);
        assertEquals(0x0000_1000_4000_3403L, q1);
        assertEquals(I40E_RX_DESC_UMBCAST_BROADCAST, umbcast(q1));
        assertEquals(I40E_RX_DESC_FLTSTAT_RSS_HASH, fltstat(q1));
        final long q0 = qword0(0x0064, 0xDEADBEEF);
        assertEquals(0xDEAD_BEEF_0064_0000L, q0);
        assertEquals(0xDEADBEEF, filterStatus(q0));
        assertEquals(0x64, l2tag1(q0));
    }

    @Test
    void errorBitsStartAtBit19() {
        assertEquals(0x8_0003L, qword1(DD_EOF, 1 << I40E_RX_DESC_ERROR_RXE_SHIFT, 0, 0, 0)); // iPXE RXE 0x80000
        assertEquals(0x200_0003L, qword1(DD_EOF, 1 << I40E_RX_DESC_ERROR_OVERSIZE_SHIFT, 0, 0, 0));
        assertEquals(0x40_0003L, qword1(DD_EOF, 1 << I40E_RX_DESC_ERROR_IPE_SHIFT, 0, 0, 0));
    }

    @Test
    void decodersExtractEveryFieldOfAFullWord() {
        // bits 62:30 all set (ptype 0xFF, PBUF 0x3FFF, HBUF 0x7FF), errors RXE (19) and OVERSIZE (25), status 0x3403
        final long q1 = 0x7FFF_FFFF_C208_3403L;
        assertEquals(q1, qword1(0x3403, 0x41, 0xFF, 16383, 0x7FF));
        assertEquals(0x3403, status(q1));
        assertEquals(0x41, error(q1));
        assertEquals(0xFF, ptype(q1));
        assertEquals(16383, lengthPbuf(q1));
        assertEquals(0x7FF, lengthHbuf(q1));
        assertFalse(sph(q1));
        assertTrue(sph(q1 | Long.MIN_VALUE));
        // out-of-range inputs are masked, never spill into neighbours
        assertEquals(0x1L, qword1(1, 0, 0, 0x4000, 0)); // 0x4000 needs 15 bits: masked to 0
    }

    @Test
    void armWritesPktAddrAndClearsTheStatusWordLittleEndian() {
        final UnsafeBuffer ring = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        ring.setMemory(0, 64, (byte) 0x5A);
        arm(ring, 32, 0x1122_3344_5566_7780L);
        assertEquals((byte) 0x80, ring.getByte(32));
        assertEquals((byte) 0x11, ring.getByte(39));
        assertEquals(0L, ring.getLong(40));
        assertEquals(0x1122_3344_5566_7780L, pktAddr(ring, 32));
        assertFalse(isDone(qword1Acquire(ring, 32)));
        putQword1Release(ring, 32, 0x0000_0F06_0000_0003L);
        assertEquals(0x03, ring.getByte(40)); // DD|EOF in byte 8 of the descriptor
        assertEquals(60, lengthPbuf(qword1Acquire(ring, 32)));
        clearReserved32(ring, 0);
        assertEquals(0L, ring.getLong(16));
        assertEquals(0L, ring.getLong(24));
    }
}
