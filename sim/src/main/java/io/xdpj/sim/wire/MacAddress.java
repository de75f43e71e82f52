package io.xdpj.sim.wire;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * MAC addresses as {@code long}s: the 48 bits in wire order, the first byte on the wire in bits 47:40
 * ({@code 02:00:00:00:00:01} is {@code 0x0200_0000_0001L}). The filter API of the LAN engine and the generator
 * both use this form.
 */
public final class MacAddress {

    private MacAddress() {
    }

    /** ff:ff:ff:ff:ff:ff. */
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    /** Bit of the first byte that marks a group (multicast or broadcast) address: I/G, bit 0 of byte 0. */
    public static final long GROUP_BIT = 1L << 40;

    /** Reads the 6 bytes at {@code offset} (e.g. a frame's destination MAC at 0, source at 6). */
    public static long read(DirectBuffer buffer, int offset) {
        final long high = buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFFL;
        final long low = buffer.getInt(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
        return (high << 32) | low;
    }

    /** Writes the 6 bytes of {@code mac} at {@code offset}. */
    public static void write(MutableDirectBuffer buffer, int offset, long mac) {
        buffer.putShort(offset, (short) (mac >>> 32), ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + 2, (int) mac, ByteOrder.BIG_ENDIAN);
    }

    /** From 6 bytes in wire order (e.g. the pf_lan_mac of AQ 0x0107, facts 4.8). */
    public static long of(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, got " + bytes.length);
        }
        long mac = 0;
        for (byte b : bytes) {
            mac = (mac << 8) | (b & 0xFF);
        }
        return mac;
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}. */
    public static long parse(String text) {
        final String[] parts = text.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address (6 hex bytes separated by ':'): " + text);
        }
        long mac = 0;
        for (String part : parts) {
            mac = (mac << 8) | Integer.parseInt(part, 16);
        }
        return mac;
    }

    /** Whether the address is a group address (multicast, including broadcast). */
    public static boolean isGroup(long mac) {
        return (mac & GROUP_BIT) != 0;
    }

    /** Formats as {@code aa:bb:cc:dd:ee:ff}. */
    public static String toString(long mac) {
        final StringBuilder s = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) {
                s.append(':');
            }
            final int b = (int) (mac >>> shift) & 0xFF;
            s.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return s.toString();
    }
}
