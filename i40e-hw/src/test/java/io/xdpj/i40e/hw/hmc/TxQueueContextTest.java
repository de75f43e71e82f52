package io.xdpj.i40e.hw.hmc;

import static io.xdpj.i40e.hw.hmc.RxQueueContextTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class TxQueueContextTest {

    private static final long RING = 0x0ABCDE00L;

    /** Bytes that are non-zero in the golden image, as (index, value) pairs; computed by hand from facts 5.7. */
    private static final byte[] GOLDEN = new byte[TxQueueContext.OBJECT_SIZE];

    static {
        // new_context at bit 30 = byte 3 bit 6 (iPXE: flags u16 at byte 2, NEW = 0x4000).
        GOLDEN[3] = 0x40;
        // base = 0x0ABCDE00 / 128 = 0x1579BC at bit 32 → bytes 4..6 = BC 79 15.
        System.arraycopy(bytes(0xBC, 0x79, 0x15), 0, GOLDEN, 4, 3);
        // head_wb_ena at bit 160 = byte 20 bit 0; qlen = 1024 at bit 161 → 1024 << 1 = 0x800 → byte 21 = 0x08
        // (iPXE: count u16 at byte 20 = n << 1).
        GOLDEN[20] = 0x01;
        GOLDEN[21] = 0x08;
        // head_wb_addr = ring + 1024 × 16 = 0x0ABD1E00 at bit 192 = bytes 24..31 little-endian.
        System.arraycopy(bytes(0x00, 0x1E, 0xBD, 0x0A), 0, GOLDEN, 24, 4);
        // rdylist = 0x2A5 at bit 980 = byte 122 bit 4 → 0x2A50 → bytes 122..123 = 50 2A (iPXE: qset << 4 at 122).
        GOLDEN[122] = 0x50;
        GOLDEN[123] = 0x2A;
    }

    private static TxQueueContext sample() {
        final TxQueueContext ctx = new TxQueueContext();
        ctx.newContext = 1;
        ctx.base = RING / 128;
        ctx.qlen = 1024;
        ctx.headWbEna = 1;
        ctx.headWbAddr = RING + 1024 * 16;
        ctx.rdylist = 0x2A5;
        return ctx;
    }

    @Test
    void packsTheGoldenImage() {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TxQueueContext.OBJECT_SIZE]);
        buffer.setMemory(0, TxQueueContext.OBJECT_SIZE, (byte) 0x33);
        sample().pack(buffer, 0);
        assertArrayEquals(GOLDEN, buffer.byteArray());
    }

    @Test
    void unpacksTheGoldenImage() {
        final TxQueueContext ctx = new TxQueueContext().unpack(new UnsafeBuffer(GOLDEN), 0);
        assertEquals(RING, ctx.ringIova());
        assertEquals(1024, ctx.queueLength());
        assertTrue(ctx.headWritebackEnabled());
        assertEquals(0x0ABD1E00L, ctx.headWritebackIova());
        assertEquals(0x2A5, ctx.rdylist);
        assertEquals(1, ctx.newContext);
        assertEquals(0, ctx.rdylistAct);
        assertEquals(0, ctx.head);
    }

    @Test
    void everyFieldRoundTripsAtItsMaximum() {
        final TxQueueContext in = new TxQueueContext();
        in.head = 0x1FFF;
        in.newContext = 1;
        in.base = (1L << 57) - 1;
        in.fcEna = 1;
        in.timesyncEna = 1;
        in.fdEna = 1;
        in.altVlanEna = 1;
        in.cpuid = 0xFF;
        in.theadWb = 0x1FFF;
        in.headWbEna = 1;
        in.qlen = 0x1FFF;
        in.tphrdescEna = 1;
        in.tphrpacketEna = 1;
        in.tphwdescEna = 1;
        in.headWbAddr = 0xFEDCBA9876543210L;
        in.crc = 0xCAFEBABE;
        in.rdylist = 0x3FF;
        in.rdylistAct = 1;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TxQueueContext.OBJECT_SIZE]);
        in.pack(buffer, 0);
        final TxQueueContext out = new TxQueueContext().unpack(buffer, 0);
        assertEquals(in.toString(), out.toString());
        assertEquals(0xFEDCBA9876543210L, buffer.getLong(24, java.nio.ByteOrder.LITTLE_ENDIAN));
        // crc at bit 896 = byte 112, a whole little-endian u32.
        assertEquals(0xCAFEBABE, buffer.getInt(112, java.nio.ByteOrder.LITTLE_ENDIAN));
        // rdylist_act at bit 990 = byte 123 bit 6; bit 991 (byte 123 bit 7) is unused.
        assertEquals(0x7F, buffer.getByte(123) & 0xFF);
    }
}
