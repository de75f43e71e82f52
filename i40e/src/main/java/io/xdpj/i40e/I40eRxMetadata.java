package io.xdpj.i40e;

import org.agrona.UnsafeApi;

import io.xdpj.xsk.XdpBuff;

/**
 * Receive hints for XDP programs: the RSS hash and the packet type (ptype) of the Rx descriptor (facts 7.2), which
 * the driver writes into the 8 bytes just before the packet data when {@link I40eConfig#rxMetadata()} is on (the
 * kernel's XDP metadata area, {@code data_meta}; in zero-copy mode an AF_XDP application also finds them there).
 *
 * <pre>
 *   data − 8: u32 RSS hash | data − 4: u16 ptype | data − 2: u16 flags (bit 0: hash valid, FLTSTAT == 3)
 * </pre>
 * NB: valid only while the program has not moved the packet start ({@code adjustHead}); read them first.
 */
public final class I40eRxMetadata {

    /** Bytes the driver writes before the packet data. */
    public static final int SIZE = 8;
    /** Flags bit: the hash is the RSS hash (FLTSTAT == 3, facts 7.2). */
    public static final int FLAG_RSS_HASH_VALID = 1;

    private I40eRxMetadata() {
    }

    /** The RSS hash of the packet the context points at. */
    public static int rssHash(XdpBuff ctx) {
        return UnsafeApi.getInt(ctx.dataAddress() - SIZE);
    }

    /** The 8-bit ptype index of the Rx descriptor (facts 7.2, e.g. 24 = IPv4/UDP). */
    public static int ptype(XdpBuff ctx) {
        return UnsafeApi.getShort(ctx.dataAddress() - 4) & 0xFFFF;
    }

    /** Whether {@link #rssHash} is a valid RSS hash. */
    public static boolean rssHashValid(XdpBuff ctx) {
        return (UnsafeApi.getShort(ctx.dataAddress() - 2) & FLAG_RSS_HASH_VALID) != 0;
    }

    /** Driver side: writes the hints before the data at process address {@code data}. */
    static void write(long data, int hash, int ptype, boolean hashValid) {
        UnsafeApi.putLong(data - SIZE, (hash & 0xFFFF_FFFFL) | (long) (ptype & 0xFFFF) << 32
            | (long) (hashValid ? FLAG_RSS_HASH_VALID : 0) << 48);
    }
}
