package io.xdpj.i40e.hw.hmc;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The one routine that places a (width, lsb) field into, and reads it out of, the little-endian byte image of an HMC
 * context object (facts 5.5): the value is masked to {@code width} bits and its bit 0 lands at absolute bit
 * {@code lsb}, that is byte {@code lsb / 8}, bit {@code lsb % 8}; bits outside the field are left unchanged
 * (read-modify-write).
 *
 * <p>Byte-granular, so one routine serves every width from 1 to 64 and every alignment. Control path only (contexts
 * are written once per queue enable).
 */
public final class ContextPacking {

    private ContextPacking() {
    }

    /** Writes {@code value} (masked to the field width) into the field at {@code offset + lsb/8}. */
    public static void put(MutableDirectBuffer buffer, int offset, ContextField field, long value) {
        put(buffer, offset, field.lsb(), field.width(), value);
    }

    /** Reads the field as an unsigned value (zero-extended; a 64-bit field returns all 64 bits). */
    public static long get(DirectBuffer buffer, int offset, ContextField field) {
        return get(buffer, offset, field.lsb(), field.width());
    }

    /** Writes the low {@code width} bits of {@code value} at absolute bit {@code lsb} of the image at offset. */
    public static void put(MutableDirectBuffer buffer, int offset, int lsb, int width, long value) {
        checkWidth(width);
        long remainingValue = value;
        int bit = lsb;
        int remaining = width;
        while (remaining > 0) {
            final int index = offset + (bit >>> 3);
            final int shift = bit & 7;
            final int n = Math.min(8 - shift, remaining);
            final int mask = ((1 << n) - 1) << shift;
            final int old = buffer.getByte(index) & 0xFF;
            final int bits = ((int) remainingValue & ((1 << n) - 1)) << shift;
            buffer.putByte(index, (byte) ((old & ~mask) | bits));
            remainingValue >>>= n;
            bit += n;
            remaining -= n;
        }
    }

    /** Reads {@code width} bits starting at absolute bit {@code lsb} of the image at {@code offset}. */
    public static long get(DirectBuffer buffer, int offset, int lsb, int width) {
        checkWidth(width);
        long value = 0;
        int bit = lsb;
        int done = 0;
        while (done < width) {
            final int index = offset + (bit >>> 3);
            final int shift = bit & 7;
            final int n = Math.min(8 - shift, width - done);
            final long bits = ((buffer.getByte(index) & 0xFF) >>> shift) & ((1 << n) - 1);
            value |= bits << done;
            bit += n;
            done += n;
        }
        return value;
    }

    private static void checkWidth(int width) {
        if (width < 1 || width > 64) {
            throw new IllegalArgumentException("context field width must be 1..64 bits, got " + width);
        }
    }
}
