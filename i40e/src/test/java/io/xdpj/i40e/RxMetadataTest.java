package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.sim.wire.CountingSink;
import io.xdpj.xsk.XdpAction;

/**
 * The Rx descriptor's ptype and RSS hash reach the program ({@link I40eRxMetadata}): every generated frame is
 * IPv4/UDP (ptype 24, facts 7.2) and hashed by RSS (FLTSTAT = 3); frames of the same flow carry the same hash.
 */
class RxMetadataTest {

    @ParameterizedTest(name = "{0} zc={1}")
    @CsvSource({"SCALAR,true", "BATCHED,true", "SCALAR,false", "BATCHED,false"})
    void ptypeAndHashAreAvailable(String mode, boolean zeroCopy) {
        final long[] seen = new long[4]; // frames, ptype 24, hash valid, hash consistent per flow
        final int[] flowHash = new int[7];
        final boolean[] flowSeen = new boolean[7];
        final XskRxBed.Programs programs = (map, direct) -> ctx -> {
            seen[0]++;
            if (I40eRxMetadata.ptype(ctx) == RxDescriptor.PTYPE_IPV4_UDP) {
                seen[1]++;
            }
            if (I40eRxMetadata.rssHashValid(ctx)) {
                seen[2]++;
            }
            final int flow = ctx.getShortBE(34) - 1024; // the generator's source port = 1024 + flow
            final int h = I40eRxMetadata.rssHash(ctx);
            if (!flowSeen[flow]) {
                flowSeen[flow] = true;
                flowHash[flow] = h;
            }
            if (flowHash[flow] == h) {
                seen[3]++;
            }
            return map.redirectXsk(ctx, ctx.rxQueueIndex(), XdpAction.DROP);
        };
        final I40eConfig config = I40eConfig.builder().ringSize(512).rxMode(I40eConfig.RxMode.valueOf(mode))
            .rxMetadata(true).build();
        try (XskRxBed t = new XskRxBed(programs, null, config, zeroCopy, true, 1001, new CountingSink(),
            XskRxPathTest.MIXED)) {
            t.run();
            assertEquals(1001, t.delivered);
            assertEquals(1001, seen[0]);
            assertEquals(1001, seen[1], "ptype IPv4/UDP");
            assertEquals(1001, seen[2], "RSS hash valid");
            assertEquals(1001, seen[3], "one hash per flow");
            assertEquals(0, t.corrupt);
        }
    }
}
