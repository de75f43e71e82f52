package io.xdpj.sim.lan;

/** Key tables and lookup table of RSS, immutable; the engine publishes a new one on every change. */
final class RssConfig {
    final RssHash hash;
    final byte[] lut;
    final int lutMask;

    RssConfig(byte[] key, byte[] lut) {
        if (lut.length == 0 || Integer.bitCount(lut.length) != 1) {
            throw new IllegalArgumentException("the RSS lookup table must have a power-of-two number of entries "
                + "(the PF table has 512, a VSI table 64), got " + lut.length);
        }
        this.hash = new RssHash(key);
        this.lut = lut.clone();
        this.lutMask = lut.length - 1;
    }

    /** The queue for {@code hash}: LUT entry at the hash's low bits (model decision, see LanEngine). */
    int queue(int h) {
        return lut[h & lutMask] & 0xFF;
    }
}
