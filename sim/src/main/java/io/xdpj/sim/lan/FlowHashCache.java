package io.xdpj.sim.lan;

import java.util.Arrays;

/**
 * The IPv4 4-tuple RSS hashes of recently seen flows, so the model computes Toeplitz once per flow instead of once
 * per frame. Agent thread only.
 *
 * <p>Why: a real XL710 hashes in its parser at line rate for free; the model's table-driven Toeplitz costs twelve
 * table loads (from 12 KiB of tables) per frame on the thread that stands in for the hardware. The hash is a pure
 * function of (key, tuple), so remembering it changes no result: a hit returns exactly what
 * {@link RssHash#ipv4(int, int, int, int)} would.
 *
 * <p>Direct-mapped, {@value #ENTRIES} entries, indexed by a multiplicative mix of the tuple; a new key (a new
 * {@link RssHash} object, since hashes are immutable and replaced whole by {@code setRss}) empties it.
 */
final class FlowHashCache {

    static final int ENTRIES = 256;
    private static final int INDEX_SHIFT = 32 - Integer.numberOfTrailingZeros(ENTRIES);

    private final long[] addresses = new long[ENTRIES];
    private final int[] ports = new int[ENTRIES];
    private final int[] hashes = new int[ENTRIES];
    private final boolean[] valid = new boolean[ENTRIES];
    private RssHash key;
    long hits;
    long misses;

    /**
     * The 4-tuple hash: {@code src}, {@code dst} and {@code srcDstPorts} (source port in the high half) as
     * big-endian values read from the headers.
     */
    int ipv4(RssHash h, int src, int dst, int srcDstPorts) {
        if (h != key) {
            Arrays.fill(valid, false);
            key = h;
        }
        final long addressPair = ((long) src << 32) | (dst & 0xFFFF_FFFFL);
        final int i = ((src ^ Integer.rotateLeft(dst, 11) ^ Integer.rotateLeft(srcDstPorts, 22)) * 0x9E37_79B1)
            >>> INDEX_SHIFT;
        if (valid[i] && addresses[i] == addressPair && ports[i] == srcDstPorts) {
            hits++;
            return hashes[i];
        }
        misses++;
        final int v = h.ipv4(src, dst, srcDstPorts >>> 16, srcDstPorts & 0xFFFF);
        addresses[i] = addressPair;
        ports[i] = srcDstPorts;
        hashes[i] = v;
        valid[i] = true;
        return v;
    }
}
