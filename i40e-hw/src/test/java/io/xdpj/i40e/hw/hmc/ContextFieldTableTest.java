package io.xdpj.i40e.hw.hmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ContextFieldTableTest {

    private static int checkNoOverlap(ContextField[] fields, int objectSize) {
        final BitSet used = new BitSet();
        int highest = 0;
        for (ContextField f : fields) {
            for (int b = f.lsb(); b < f.lsb() + f.width(); b++) {
                assertFalse(used.get(b), f.fieldName() + " overlaps at bit " + b);
                used.set(b);
            }
            highest = Math.max(highest, f.lsb() + f.width() - 1);
            assertTrue(f.lsb() + f.width() <= objectSize * 8, f.fieldName() + " runs past the object");
        }
        return highest;
    }

    @Test
    void rxFieldsDoNotOverlapAndEndAtBit201() {
        assertEquals(201, checkNoOverlap(RxContextField.values(), RxQueueContext.OBJECT_SIZE));
        assertEquals(21, RxContextField.values().length);
    }

    @Test
    void txFieldsDoNotOverlapAndEndAtBit990() {
        assertEquals(990, checkNoOverlap(TxContextField.values(), TxQueueContext.OBJECT_SIZE));
        assertEquals(18, TxContextField.values().length);
    }

    @Test
    void putLeavesBitsOutsideTheFieldUnchanged() {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        buffer.setMemory(0, 16, (byte) 0xFF);
        // A 13-bit field at bit 89 (Rx qlen) set to 0 clears bits 89..101 only: byte 11 bits 1..7, byte 12 bits 0..5.
        ContextPacking.put(buffer, 0, RxContextField.QLEN, 0);
        assertEquals(0x01, buffer.getByte(11) & 0xFF);
        assertEquals(0xC0, buffer.getByte(12) & 0xFF);
        assertEquals(0xFF, buffer.getByte(10) & 0xFF);
        assertEquals(0xFF, buffer.getByte(13) & 0xFF);
    }

    @Test
    void getReadsASixtyFourBitFieldAtAnUnalignedBit() {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        ContextPacking.put(buffer, 0, 3, 64, 0x8000000000000001L);
        assertEquals(0x08, buffer.getByte(0) & 0xFF);
        assertEquals(0x04, buffer.getByte(8) & 0xFF);
        assertEquals(0x8000000000000001L, ContextPacking.get(buffer, 0, 3, 64));
    }
}
