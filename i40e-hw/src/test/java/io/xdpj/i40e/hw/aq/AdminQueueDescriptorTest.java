package io.xdpj.i40e.hw.aq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class AdminQueueDescriptorTest {

    @Test
    void writesTheLittleEndianLayoutOfFacts32() {
        final UnsafeBuffer ring = new UnsafeBuffer(new byte[2 * AdminQueueDescriptor.SIZE]);
        final int d = AdminQueueDescriptor.SIZE; // second slot
        AdminQueueDescriptor.flags(ring, d, AdminQueueDescriptor.FLAG_BUF | AdminQueueDescriptor.FLAG_SI);
        AdminQueueDescriptor.opcode(ring, d, AdminQueueOpcode.GET_SWITCH_CONFIG);
        AdminQueueDescriptor.datalen(ring, d, 512);
        AdminQueueDescriptor.retval(ring, d, AdminQueueReturnCode.ENOMEM);
        AdminQueueDescriptor.bufferAddress(ring, d, 0x0000_0001_2345_6780L);
        final byte[] expected = {
            0x00, 0x30, 0x00, 0x02, 0x00, 0x02, 0x09, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00, 0x00, (byte) 0x80, 0x67, 0x45, 0x23,
        };
        final byte[] slot = new byte[AdminQueueDescriptor.SIZE];
        ring.getBytes(d, slot);
        assertArrayEquals(expected, slot);
        assertEquals(0x1_2345_6780L, AdminQueueDescriptor.bufferAddress(ring, d));
        assertEquals(0x3000, AdminQueueDescriptor.flags(ring, d));
        assertEquals(0, ring.getLong(0), "first slot untouched");
    }

    @Test
    void paramAccessorsAreParamsRelative() {
        final UnsafeBuffer ring = new UnsafeBuffer(new byte[AdminQueueDescriptor.SIZE]);
        AdminQueueDescriptor.param16(ring, 0, AqGetVersion.API_MAJOR, 1);
        AdminQueueDescriptor.param16(ring, 0, AqGetVersion.API_MINOR, 0x0F);
        AdminQueueDescriptor.param32(ring, 0, AqGetVersion.FW_BUILD, 0xDEADBEEF);
        assertEquals(1, ring.getByte(16 + 12));
        assertEquals(0x0F, ring.getByte(16 + 14));
        assertEquals((byte) 0xEF, ring.getByte(16 + 4));
        assertEquals(1, AdminQueueDescriptor.param16(ring, 0, AqGetVersion.API_MAJOR));
        assertEquals(0xDEADBEEF, AdminQueueDescriptor.param32(ring, 0, AqGetVersion.FW_BUILD));
    }

    @Test
    void returnCodeNames() {
        assertEquals("ESRCH", AdminQueueReturnCode.name(3));
        assertEquals("EFBIG", AdminQueueReturnCode.name(22));
        assertEquals("retval 23", AdminQueueReturnCode.name(23));
        assertEquals(13, AdminQueueReturnCode.EEXIST);
    }

    @Test
    void vsiPropertiesOffsetsMatchIpxe() {
        // iPXE reads queue[0] at byte 30 and qset[0] at byte 96 (facts 4.10).
        assertEquals(30, AqVsi.QUEUE_MAPPING);
        assertEquals(96, AqVsi.QS_HANDLE);
        assertEquals(112, AqVsi.STAT_COUNTER_IDX);
        // tc_mapping for 8 queues at offset 0: 0 | log2(8) << 9 = 0x600 (facts 4.10).
        assertEquals(0x600, 3 << AqVsi.TC_QUE_NUMBER_SHIFT);
    }
}
