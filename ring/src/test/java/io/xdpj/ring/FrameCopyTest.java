package io.xdpj.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** FrameCopy copies exactly the bytes asked for, on both sides of its inline limit, at any alignment. */
class FrameCopyTest {

    @Test
    void everyLengthAndAlignmentCopiesExactlyItsBytes() {
        final UnsafeBuffer from = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
        final UnsafeBuffer to = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
        for (int i = 0; i < 1024; i++) {
            from.putByte(i, (byte) (i * 31 + 7));
        }
        for (int length = 0; length <= FrameCopy.INLINE_MAX + 67; length++) {
            for (int shift = 0; shift < 8; shift += 3) {
                to.setMemory(0, 1024, (byte) 0x5A);
                FrameCopy.copy(from.addressOffset() + shift, to.addressOffset() + 8 + shift, length);
                for (int i = 0; i < 1024; i++) {
                    final int src = i - 8;
                    final byte expected = src >= shift && src < shift + length ? from.getByte(src) : (byte) 0x5A;
                    assertEquals(expected, to.getByte(i), "length " + length + " shift " + shift + " byte " + i);
                }
            }
        }
    }
}
