package io.xdpj.sim.lan;

/**
 * The Toeplitz hash used for receive-side scaling, computed with one lookup table per input byte.
 *
 * <p>Toeplitz over key K and input bits i0 i1 ...: for every input bit set at position p, XOR in the 32 key bits
 * starting at key bit p (key bit 0 = most significant bit of K[0]). Because that is linear in the input, the hash
 * of an input byte at position j is a fixed function of (j, value): {@link #table} holds it, built once per key,
 * and a hash is the XOR of one lookup per input byte.
 *
 * <p>Input layouts (the Microsoft RSS convention, network byte order): IPv4 2-tuple = source address, destination
 * address (8 bytes); IPv4 4-tuple = those and source port, destination port (12 bytes); IPv6 the same with 16-byte
 * addresses (32 / 36 bytes). The i40e key is 52 bytes (AQ 0x0B02: 40-byte standard + 12-byte extended key).
 *
 * <p>Immutable and allocation-free after construction.
 */
public final class RssHash {

    /** Longest input hashed: the IPv6 4-tuple. */
    public static final int MAX_INPUT = 36;

    private final int inputBytes;
    private final int[] table;

    /**
     * Builds the tables for {@code key}; inputs of up to {@code key.length − 4} bytes (at most {@link #MAX_INPUT})
     * can be hashed.
     */
    public RssHash(byte[] key) {
        if (key.length < 12) {
            throw new IllegalArgumentException("an RSS key needs at least 12 bytes to hash an IPv4 2-tuple, got "
                + key.length);
        }
        this.inputBytes = Math.min(MAX_INPUT, key.length - 4);
        this.table = new int[inputBytes * 256];
        for (int j = 0; j < inputBytes; j++) {
            for (int bit = 0; bit < 8; bit++) {
                final int window = keyWindow(key, j * 8 + bit);
                final int mask = 0x80 >>> bit;
                for (int v = 0; v < 256; v++) {
                    if ((v & mask) != 0) {
                        table[j * 256 + v] ^= window;
                    }
                }
            }
        }
    }

    /** The 32 key bits starting at bit {@code p} (bit 0 = MSB of key[0]). */
    private static int keyWindow(byte[] key, int p) {
        long bits = 0;
        for (int k = 0; k < 5; k++) {
            final int at = p / 8 + k;
            bits = (bits << 8) | (at < key.length ? key[at] & 0xFF : 0);
        }
        return (int) (bits >>> (8 - p % 8));
    }

    /** How many input bytes this key can hash. */
    public int inputBytes() {
        return inputBytes;
    }

    /** Contribution of input byte {@code position} holding {@code value}. */
    int byteAt(int position, int value) {
        return table[(position << 8) | (value & 0xFF)];
    }

    /** Contribution of a big-endian 32-bit word at input positions {@code position .. position + 3}. */
    int word(int position, int bigEndianValue) {
        final int base = position << 8;
        return table[base | (bigEndianValue >>> 24)] ^ table[base + 256 | (bigEndianValue >>> 16 & 0xFF)]
            ^ table[base + 512 | (bigEndianValue >>> 8 & 0xFF)] ^ table[base + 768 | (bigEndianValue & 0xFF)];
    }

    /** Contribution of a big-endian 16-bit value at input positions {@code position, position + 1}. */
    int half(int position, int bigEndianValue) {
        final int base = position << 8;
        return table[base | (bigEndianValue >>> 8 & 0xFF)] ^ table[base + 256 | (bigEndianValue & 0xFF)];
    }

    /** Hash of an IPv4 pair (addresses as big-endian ints, as they sit in the header). */
    public int ipv4(int src, int dst) {
        return word(0, src) ^ word(4, dst);
    }

    /** Hash of an IPv4 4-tuple. */
    public int ipv4(int src, int dst, int srcPort, int dstPort) {
        return word(0, src) ^ word(4, dst) ^ half(8, srcPort) ^ half(10, dstPort);
    }

    /** Hash of any input (control path and tests). */
    public int hash(byte[] input) {
        if (input.length > inputBytes) {
            throw new IllegalArgumentException("input of " + input.length + " bytes is longer than this key covers ("
                + inputBytes + ")");
        }
        int h = 0;
        for (int j = 0; j < input.length; j++) {
            h ^= byteAt(j, input[j]);
        }
        return h;
    }
}
