package io.xdpj.i40e.hw.hmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class RxQueueContextTest {

    /**
     * base = 0x12345680 / 128 = 0x2468AD at bit 32 → bytes 4..6 = AD 68 24;
     * qlen = 512 at bit 89 → value bit 9 at abs bit 98 = byte 12 bit 2 → byte 12 = 0x04;
     * dbuff = 2048 / 128 = 16 at bit 102 → value bit 4 at abs bit 106 = byte 13 bit 2 → byte 13 = 0x04;
     * crcstrip at bit 117 = byte 14 bit 5 → 0x20;
     * rxmax = 9728 = 0x2600 at bit 174 = byte 21 bit 6 → 0x2600 << 6 = 0x098000 → bytes 21..23 = 00 80 09
     * (iPXE's mfs u16 at byte 22 = 9728 >> 2 = 0x0980 agrees, facts 5.6);
     * prefena at bit 201 = byte 25 bit 1 → 0x02.
     */
    private static final byte[] GOLDEN = bytes(
        0x00, 0x00, 0x00, 0x00, 0xAD, 0x68, 0x24, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x04, 0x04, 0x20, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x09,
        0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);

    static byte[] bytes(int... values) {
        final byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static RxQueueContext sample() {
        final RxQueueContext ctx = new RxQueueContext();
        ctx.base = 0x12345680L / 128;
        ctx.qlen = 512;
        ctx.dbuff = 2048 / 128;
        ctx.crcstrip = 1;
        ctx.rxmax = 9728;
        ctx.prefena = 1;
        return ctx;
    }

    @Test
    void packsTheGoldenImage() {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RxQueueContext.OBJECT_SIZE]);
        buffer.setMemory(0, RxQueueContext.OBJECT_SIZE, (byte) 0x5A);
        sample().pack(buffer, 0);
        assertArrayEquals(GOLDEN, buffer.byteArray());
    }

    @Test
    void packsAtAnOffsetWithoutTouchingNeighbours() {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[3 * RxQueueContext.OBJECT_SIZE]);
        buffer.setMemory(0, buffer.capacity(), (byte) 0xEE);
        sample().pack(buffer, RxQueueContext.OBJECT_SIZE);
        final byte[] middle = new byte[RxQueueContext.OBJECT_SIZE];
        buffer.getBytes(RxQueueContext.OBJECT_SIZE, middle);
        assertArrayEquals(GOLDEN, middle);
        assertEquals((byte) 0xEE, buffer.getByte(RxQueueContext.OBJECT_SIZE - 1));
        assertEquals((byte) 0xEE, buffer.getByte(2 * RxQueueContext.OBJECT_SIZE));
    }

    @Test
    void unpacksTheGoldenImage() {
        final RxQueueContext ctx = new RxQueueContext().unpack(new UnsafeBuffer(GOLDEN), 0);
        assertEquals(0x2468ADL, ctx.base);
        assertEquals(0x12345680L, ctx.ringIova());
        assertEquals(512, ctx.queueLength());
        assertEquals(16, ctx.dbuff);
        assertEquals(2048, ctx.dataBufferBytes());
        assertEquals(16, ctx.descriptorBytes());
        assertTrue(ctx.crcStrip());
        assertEquals(9728, ctx.maxFrameBytes());
        assertEquals(1, ctx.prefena);
        assertEquals(0, ctx.head);
        assertEquals(0, ctx.l2tsel);
        assertEquals(0, ctx.lrxqthresh);
    }

    @Test
    void everyFieldRoundTripsAtItsMaximum() {
        final RxQueueContext in = new RxQueueContext();
        in.head = 0x1FFF;
        in.cpuid = 0xFF;
        in.base = (1L << 57) - 1;
        in.qlen = 0x1FFF;
        in.dbuff = 0x7F;
        in.hbuff = 0x1F;
        in.dtype = 3;
        in.dsize = 1;
        in.crcstrip = 1;
        in.fcEna = 1;
        in.l2tsel = 1;
        in.hsplit0 = 0xF;
        in.hsplit1 = 3;
        in.showiv = 1;
        in.rxmax = 0x3FFF;
        in.tphrdescEna = 1;
        in.tphwdescEna = 1;
        in.tphdataEna = 1;
        in.tphheadEna = 1;
        in.lrxqthresh = 7;
        in.prefena = 1;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RxQueueContext.OBJECT_SIZE]);
        in.pack(buffer, 0);
        final RxQueueContext out = new RxQueueContext().unpack(buffer, 0);
        assertEquals(in.toString(), out.toString());
        assertEquals(32, out.descriptorBytes());
        // Bits 0..201 minus the unused ones are set; bytes 26..31 stay zero (facts 5.6: fields occupy bytes 0..25).
        for (int i = 26; i < RxQueueContext.OBJECT_SIZE; i++) {
            assertEquals(0, buffer.getByte(i), "byte " + i);
        }
        // Bits 21..31 are unused: byte 2 holds cpuid bits 3..7 in bits 0..4 only.
        assertEquals(0x1F, buffer.getByte(2) & 0xFF);
        assertEquals(0, buffer.getByte(3));
    }

    @Test
    void oversizedValuesAreMaskedToTheFieldWidth() {
        final RxQueueContext in = new RxQueueContext();
        in.qlen = 0x2000 | 5; // bit 13 does not fit the 13-bit qlen and must not spill into dbuff
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RxQueueContext.OBJECT_SIZE]);
        in.pack(buffer, 0);
        final RxQueueContext out = new RxQueueContext().unpack(buffer, 0);
        assertEquals(5, out.qlen);
        assertEquals(0, out.dbuff);
        assertFalse(out.crcStrip());
    }
}
