package io.xdpj.i40e.hw.aq;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The 32-byte admin queue descriptor, {@code struct i40e_aq_desc} (facts 3.2), and its flag bits (facts 3.3).
 *
 * <pre>
 *  0       2        4         6        8             12            16                              32
 *  | flags | opcode | datalen | retval | cookie_high | cookie_low  | params: param0 param1 addr_high addr_low |
 * </pre>
 * Static accessors over a buffer holding the ring (no descriptor objects); all fields little-endian.
 */
public final class AdminQueueDescriptor {

    private AdminQueueDescriptor() {
    }

    /** Descriptor size in bytes (facts 3.2). */
    public static final int SIZE = 32;
    /** Facts 3.2. */
    public static final int FLAGS = 0;
    /** Facts 3.2. */
    public static final int OPCODE = 2;
    /** Indirect buffer length in bytes; FW may rewrite it (facts 3.2). */
    public static final int DATALEN = 4;
    /** FW return code (facts 3.2, 3.4). */
    public static final int RETVAL = 6;
    /** Opaque to FW (facts 3.2). */
    public static final int COOKIE_HIGH = 8;
    /** Opaque to FW (facts 3.2). */
    public static final int COOKIE_LOW = 12;
    /** Start of the 16-byte params area (facts 3.2). */
    public static final int PARAMS = 16;
    /** Direct param0 / indirect param0 (facts 3.2). */
    public static final int PARAM0 = 16;
    /** Direct param1 / indirect param1 (facts 3.2). */
    public static final int PARAM1 = 20;
    /** Indirect buffer address bits 63:32 (facts 3.2). */
    public static final int ADDR_HIGH = 24;
    /** Indirect buffer address bits 31:0 (facts 3.2). */
    public static final int ADDR_LOW = 28;
    /** Params-relative offset of addr_high (facts 3.2). */
    public static final int PARAMS_ADDR_HIGH = ADDR_HIGH - PARAMS;
    /** Params-relative offset of addr_low (facts 3.2). */
    public static final int PARAMS_ADDR_LOW = ADDR_LOW - PARAMS;

    /** Descriptor done, set by FW on completion (facts 3.3). */
    public static final int FLAG_DD = 0x0001;
    /** Completion, set by FW (facts 3.3). */
    public static final int FLAG_CMP = 0x0002;
    /** Error (facts 3.3). */
    public static final int FLAG_ERR = 0x0004;
    /** VF error (facts 3.3). */
    public static final int FLAG_VFE = 0x0008;
    /** Large buffer: set when the buffer is larger than {@link #LARGE_BUF} (facts 3.3). */
    public static final int FLAG_LB = 0x0200;
    /** Buffer holds data for FW to read (facts 3.3). */
    public static final int FLAG_RD = 0x0400;
    /** VF command (facts 3.3; expansion UNVERIFIED). */
    public static final int FLAG_VFC = 0x0800;
    /** Descriptor carries a buffer address (facts 3.3). */
    public static final int FLAG_BUF = 0x1000;
    /** Set by the drivers on every command (facts 3.3; expansion UNVERIFIED). */
    public static final int FLAG_SI = 0x2000;
    /** Facts 3.3 (expansion UNVERIFIED). */
    public static final int FLAG_EI = 0x4000;
    /** Facts 3.3 (expansion UNVERIFIED). */
    public static final int FLAG_FE = 0x8000;
    /** {@code I40E_AQ_LARGE_BUF}: buffers above this many bytes set LB (facts 3.3). */
    public static final int LARGE_BUF = 512;
    /** Buffer size all three drivers use ({@code I40E_MAX_AQ_BUF_SIZE}, facts 3.5). */
    public static final int MAX_BUF_SIZE = 4096;

    public static int flags(DirectBuffer b, int d) {
        return b.getShort(d + FLAGS, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    public static void flags(MutableDirectBuffer b, int d, int value) {
        b.putShort(d + FLAGS, (short) value, ByteOrder.LITTLE_ENDIAN);
    }

    public static int opcode(DirectBuffer b, int d) {
        return b.getShort(d + OPCODE, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    public static void opcode(MutableDirectBuffer b, int d, int value) {
        b.putShort(d + OPCODE, (short) value, ByteOrder.LITTLE_ENDIAN);
    }

    public static int datalen(DirectBuffer b, int d) {
        return b.getShort(d + DATALEN, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    public static void datalen(MutableDirectBuffer b, int d, int value) {
        b.putShort(d + DATALEN, (short) value, ByteOrder.LITTLE_ENDIAN);
    }

    public static int retval(DirectBuffer b, int d) {
        return b.getShort(d + RETVAL, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    public static void retval(MutableDirectBuffer b, int d, int value) {
        b.putShort(d + RETVAL, (short) value, ByteOrder.LITTLE_ENDIAN);
    }

    /** The indirect buffer address: {@code addr_high << 32 | addr_low} (facts 3.2). */
    public static long bufferAddress(DirectBuffer b, int d) {
        final long high = b.getInt(d + ADDR_HIGH, ByteOrder.LITTLE_ENDIAN) & 0xFFFFFFFFL;
        final long low = b.getInt(d + ADDR_LOW, ByteOrder.LITTLE_ENDIAN) & 0xFFFFFFFFL;
        return high << 32 | low;
    }

    public static void bufferAddress(MutableDirectBuffer b, int d, long address) {
        b.putInt(d + ADDR_HIGH, (int) (address >>> 32), ByteOrder.LITTLE_ENDIAN);
        b.putInt(d + ADDR_LOW, (int) address, ByteOrder.LITTLE_ENDIAN);
    }

    /** Unsigned byte at params-relative {@code offset}. */
    public static int param8(DirectBuffer b, int d, int offset) {
        return b.getByte(d + PARAMS + offset) & 0xFF;
    }

    public static void param8(MutableDirectBuffer b, int d, int offset, int value) {
        b.putByte(d + PARAMS + offset, (byte) value);
    }

    /** Unsigned little-endian u16 at params-relative {@code offset}. */
    public static int param16(DirectBuffer b, int d, int offset) {
        return b.getShort(d + PARAMS + offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    public static void param16(MutableDirectBuffer b, int d, int offset, int value) {
        b.putShort(d + PARAMS + offset, (short) value, ByteOrder.LITTLE_ENDIAN);
    }

    /** Little-endian u32 at params-relative {@code offset}. */
    public static int param32(DirectBuffer b, int d, int offset) {
        return b.getInt(d + PARAMS + offset, ByteOrder.LITTLE_ENDIAN);
    }

    public static void param32(MutableDirectBuffer b, int d, int offset, int value) {
        b.putInt(d + PARAMS + offset, value, ByteOrder.LITTLE_ENDIAN);
    }
}
