package io.xdpj.sim.lan;

import static io.xdpj.sim.lan.TestFrames.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class FlowHashCacheTest {

    @Test
    void aHitReturnsTheMicrosoftVectorAndCountsOnce() {
        final RssHash h = new RssHash(FilterAndRssTest.KEY);
        final FlowHashCache c = new FlowHashCache();
        final int src = ip(66, 9, 149, 187);
        final int dst = ip(161, 142, 100, 80);
        final int portPair = (2794 << 16) | 1766;
        for (int round = 0; round < 3; round++) {
            assertEquals(0x51ccc178, c.ipv4(h, src, dst, portPair)); // Microsoft suite, IPv4 4-tuple
        }
        assertEquals(1, c.misses);
        assertEquals(2, c.hits);
    }

    @Test
    void collidingAndRepeatedFlowsAlwaysGetTheDirectHash() {
        final RssHash h = new RssHash(FilterAndRssTest.KEY);
        final FlowHashCache c = new FlowHashCache();
        final Random random = new Random(1001);
        final int flows = 3 * FlowHashCache.ENTRIES + 7; // more flows than entries: evictions and collisions
        final int[][] tuples = new int[flows][];
        for (int f = 0; f < flows; f++) {
            tuples[f] = new int[] {random.nextInt(), random.nextInt(), random.nextInt()};
        }
        for (int n = 0; n < 20_011; n++) {
            final int[] t = tuples[random.nextInt(flows)];
            assertEquals(h.ipv4(t[0], t[1], t[2] >>> 16, t[2] & 0xFFFF), c.ipv4(h, t[0], t[1], t[2]));
        }
        assertEquals(20_011, c.hits + c.misses);
    }

    @Test
    void aNewKeyForgetsEveryRememberedHash() {
        final byte[] other = FilterAndRssTest.KEY.clone();
        other[0] ^= 0x5A;
        final RssHash first = new RssHash(FilterAndRssTest.KEY);
        final RssHash second = new RssHash(other);
        final FlowHashCache c = new FlowHashCache();
        final int src = ip(199, 92, 111, 2);
        final int dst = ip(65, 69, 140, 83);
        final int portPair = (14230 << 16) | 4739;
        assertEquals(0xc626b0ea, c.ipv4(first, src, dst, portPair));
        final int expected = second.ipv4(src, dst, 14230, 4739);
        assertEquals(expected, c.ipv4(second, src, dst, portPair));
        assertEquals(2, c.misses);
        assertEquals(0xc626b0ea, c.ipv4(first, src, dst, portPair));
        assertEquals(3, c.misses);
    }
}
