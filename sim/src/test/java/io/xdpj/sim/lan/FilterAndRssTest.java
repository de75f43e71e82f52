package io.xdpj.sim.lan;

import static io.xdpj.sim.lan.TestFrames.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.sim.wire.MacAddress;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class FilterAndRssTest {

    /** The Microsoft RSS verification key (40 bytes), padded to the i40e's 52 with 12 more bytes. */
    static final byte[] KEY = new byte[52];

    static {
        final int[] ms = {0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f,
            0xb0, 0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c, 0x6a,
            0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa};
        for (int i = 0; i < ms.length; i++) {
            KEY[i] = (byte) ms[i];
        }
        for (int i = ms.length; i < KEY.length; i++) {
            KEY[i] = (byte) (0x11 * i);
        }
    }

    /** Microsoft RSS verification suite, IPv4: source, destination, ports, 2-tuple hash, 4-tuple hash. */
    private static final long[][] IPV4 = {
        {ip(66, 9, 149, 187), ip(161, 142, 100, 80), 2794, 1766, 0x323e8fc2L, 0x51ccc178L},
        {ip(199, 92, 111, 2), ip(65, 69, 140, 83), 14230, 4739, 0xd718262aL, 0xc626b0eaL},
        {ip(24, 19, 198, 95), ip(12, 22, 207, 184), 12898, 38024, 0xd2d0a5deL, 0x5c2b394aL},
        {ip(38, 27, 205, 30), ip(209, 142, 163, 6), 48228, 2217, 0x82989176L, 0xafc7327fL},
        {ip(153, 39, 163, 191), ip(202, 188, 127, 2), 44251, 1303, 0x5d1809c5L, 0x10e828a2L},
    };

    @Test
    void toeplitzMatchesTheMicrosoftVerificationSuite() {
        final RssHash h = new RssHash(KEY);
        for (long[] v : IPV4) {
            assertEquals((int) v[4], h.ipv4((int) v[0], (int) v[1]));
            assertEquals((int) v[5], h.ipv4((int) v[0], (int) v[1], (int) v[2], (int) v[3]));
        }
        // IPv6: 3ffe:2501:200:1fff::7 port 2794 → 3ffe:2501:200:3::1 port 1766, TCP hash 0x40207d3d
        final byte[] input = new byte[36];
        final int[] src = {0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x1f, 0xff, 0, 0, 0, 0, 0, 0, 0, 0x07};
        final int[] dst = {0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0, 0x01};
        for (int i = 0; i < 16; i++) {
            input[i] = (byte) src[i];
            input[16 + i] = (byte) dst[i];
        }
        input[32] = (byte) (2794 >> 8);
        input[33] = (byte) 2794;
        input[34] = (byte) (1766 >> 8);
        input[35] = (byte) 1766;
        assertEquals(0x40207d3d, h.hash(input));
    }

    @Test
    void rssSpreadsFlowsOverTheLookupTable() {
        try (EngineFixture f = new EngineFixture(4)) {
            final EngineFixture.RxSide[] rx = new EngineFixture.RxSide[4];
            for (int q = 0; q < 4; q++) {
                rx[q] = f.rx(q, 64, 16, 2048, true, 9728);
            }
            final byte[] lut = new byte[512];
            for (int i = 0; i < lut.length; i++) {
                lut[i] = (byte) (i % 4); // entry i → queue i mod 4, so queue = hash & 3
            }
            f.engine.setRss(KEY, lut, true);
            final int[] perQueue = new int[4];
            for (long[] v : IPV4) {
                final UnsafeBuffer frame = TestFrames.ipv4(EngineFixture.LOCAL_MAC, 6, (int) v[0], (int) v[1],
                    (int) v[2], (int) v[3], 60);
                f.wireIn.transmit(frame, 0, 60);
                f.engine.doWork();
                // 0x51ccc178 → 0, c626b0ea → 2, 5c2b394a → 2, afc7327f → 3, 10e828a2 → 2
                final int q = (int) (v[5] & 3);
                final int slot = perQueue[q]++;
                final long qword1 = rx[q].qword1(slot);
                assertTrue(RxDescriptor.isDone(qword1), "frame for queue " + q);
                assertEquals(RxDescriptor.I40E_RX_DESC_FLTSTAT_RSS_HASH, RxDescriptor.fltstat(qword1));
                assertEquals(RxDescriptor.PTYPE_IPV4_TCP, RxDescriptor.ptype(qword1));
                assertEquals((int) v[5], RxDescriptor.filterStatus(rx[q].qword0(slot)));
            }
            assertEquals(1, perQueue[0]);
            assertEquals(0, perQueue[1]);
            assertEquals(3, perQueue[2]);
            assertEquals(1, perQueue[3]);
            // an ICMP frame hashes over the address pair: 0x323e8fc2 & 3 = 2
            f.wireIn.transmit(TestFrames.ipv4(EngineFixture.LOCAL_MAC, 1, (int) IPV4[0][0], (int) IPV4[0][1], 0, 0, 60),
                0, 60);
            f.engine.doWork();
            assertEquals(RxDescriptor.PTYPE_IPV4_ICMP, RxDescriptor.ptype(rx[2].qword1(3)));
            assertEquals(0x323e8fc2, RxDescriptor.filterStatus(rx[2].qword0(3)));
            // RSS off: everything to queue 0, no hash
            f.engine.setRss(KEY, lut, false);
            f.wireIn.transmit(TestFrames.ipv4(EngineFixture.LOCAL_MAC, 6, (int) IPV4[1][0], (int) IPV4[1][1], 14230,
                4739, 60), 0, 60);
            f.engine.doWork();
            assertEquals(0, RxDescriptor.fltstat(rx[0].qword1(1)));
            assertEquals(0L, rx[0].qword0(1));
        }
    }

    @Test
    void macFilterAndPromiscuousModesDecideWhatIsDelivered() {
        try (EngineFixture f = new EngineFixture(1)) {
            final EngineFixture.RxSide rx = f.rx(0, 64, 16, 2048, true, 9728);
            final long other = 0x0200_0000_0099L;
            final long group = 0x0100_5E00_0001L;
            final long[] dsts = {other, group, MacAddress.BROADCAST, EngineFixture.LOCAL_MAC};
            // 1) only the local MAC passes (broadcast too needs broadcast promiscuous, facts 4.11)
            send(f, dsts);
            assertEquals(1, f.engine.rxHead(0));
            assertEquals(3, f.engine.filteredFrames());
            // 2) multicast address added to the table
            f.engine.addMacFilter(group);
            send(f, dsts);
            assertEquals(3, f.engine.rxHead(0));
            // 3) broadcast promiscuous
            f.engine.setPromiscuous(false, false, true);
            send(f, dsts);
            assertEquals(6, f.engine.rxHead(0));
            // 4) everything promiscuous, group filter removed
            assertTrue(f.engine.removeMacFilter(group));
            assertFalse(f.engine.removeMacFilter(group));
            f.engine.setPromiscuous(true, true, true);
            send(f, dsts);
            assertEquals(10, f.engine.rxHead(0));
            // port counters see every frame, the VSI counters only the delivered ones
            assertEquals(8, f.stats.value(PortStatistics.UPRC));
            assertEquals(4, f.stats.value(PortStatistics.MPRC));
            assertEquals(4, f.stats.value(PortStatistics.BPRC));
            assertEquals(5, f.stats.value(PortStatistics.V_UPRC)); // local ×4 + other ×1
            assertEquals(3, f.stats.value(PortStatistics.V_MPRC)); // rounds 2, 3 (table) and 4 (promiscuous)
            assertEquals(2, f.stats.value(PortStatistics.V_BPRC)); // rounds 3 and 4
            assertEquals(6, f.engine.filteredFrames());
        }
    }

    private static void send(EngineFixture f, long[] dsts) {
        for (long dst : dsts) {
            f.wireIn.transmit(TestFrames.generated(dst, 60, 0), 0, 60);
        }
        f.engine.doWork();
    }
}
