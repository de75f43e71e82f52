package io.xdpj.i40e.hw.desc;

import static io.xdpj.i40e.hw.desc.RingGeometry.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RingGeometryTest {

    @Test
    void ringLengthsAreMultiplesOf32From64To8160() {
        assertTrue(isValidRingLength(64));
        assertTrue(isValidRingLength(96));
        assertTrue(isValidRingLength(8160));
        assertFalse(isValidRingLength(32));
        assertFalse(isValidRingLength(100));
        assertFalse(isValidRingLength(8192)); // does not fit the 13-bit qlen
        assertEquals(8191, QLEN_FIELD_MAX);
    }

    @Test
    void ringBytesRoundUpTo4096() {
        assertEquals(8192, ringBytes(512, RxDescriptor.SIZE_16));
        assertEquals(16384, ringBytes(512, RxDescriptor.SIZE_32));
        assertEquals(4096, ringBytes(64, TxDescriptor.SIZE));
        assertEquals(12288, txRingBytesWithHeadWriteBack(512)); // 8192 + 4 → 12288
        assertEquals(20480, txRingBytesWithHeadWriteBack(1024)); // 16384 + 4 → 20480
    }

    @Test
    void indexArithmeticKeepsOneSlotUnused() {
        assertEquals(511, unused(0, 0, 512)); // fresh ring: count − 1
        assertEquals(0, unused(5, 4, 512)); // next_to_use just behind next_to_clean: full
        assertEquals(0, unused(0, 511, 512));
        assertEquals(9, unused(10, 0, 512));
        assertEquals(0, next(511, 512));
        assertEquals(1, next(0, 96));
        assertEquals(22, distance(500, 10, 512));
        assertEquals(1920, rxBufferFloor(2000));
        assertEquals(2048, rxBufferFloor(2048));
    }
}
