package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.xdpj.sim.wire.CountingSink;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.xsk.XdpAction;

/**
 * Every XDP action on one queue: the program picks the action from the frame's sequence number (seq mod 5: DROP,
 * ABORTED, PASS, TX, REDIRECT_XSK). 1001 frames: 201 + 200 + 200 + 200 + 200. DROP/ABORTED are recycled and counted,
 * PASS reaches the handler intact, TX leaves on the wire, REDIRECT_XSK reaches the socket; nothing else happens.
 */
class XdpActionsTest {

    @ParameterizedTest(name = "{0} zc={1}")
    @CsvSource({"SCALAR,true", "SCALAR,false", "BATCHED,true", "BATCHED,false"})
    void everyActionDoesWhatItSays(String mode, boolean zeroCopy) {
        final CountingSink wire = new CountingSink();
        final long[] passed = new long[2];
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        final XskRxBed.Programs programs = (map, direct) -> ctx -> switch ((int) (ctx.getIntBE(46) & 0x7FFF_FFFF) % 5) {
            case 0 -> XdpAction.DROP;
            case 1 -> XdpAction.ABORTED;
            case 2 -> XdpAction.PASS;
            case 3 -> XdpAction.TX;
            default -> map.redirectXsk(ctx, ctx.rxQueueIndex(), XdpAction.DROP);
        };
        final I40eConfig config = I40eConfig.builder().ringSize(512).rxMode(I40eConfig.RxMode.valueOf(mode)).build();
        try (XskRxBed t = new XskRxBed(programs, frame -> {
            view.wrap(frame.dataAddress(), frame.length());
            passed[0]++;
            if (!FrameGenerator.verify(view, 0, frame.length())) {
                passed[1]++;
            }
        }, config, zeroCopy, true, 1001, wire, XskRxPathTest.MIXED)) {
            t.run();
            final var r = t.port.runner(0);
            assertEquals(1001, r.frames());
            assertEquals(201, r.actionCount(XdpAction.DROP));
            assertEquals(201, r.dropDrop());
            assertEquals(200, r.dropAborted());
            assertEquals(200, passed[0]);
            assertEquals(0, passed[1], "PASS frames intact");
            assertEquals(200, r.actionCount(XdpAction.TX));
            assertEquals(0, r.dropTxFull());
            assertEquals(200, t.delivered);
            assertEquals(0, t.corrupt);
            // XDP_TX frames reach the wire once the device processed the XDP Tx queue.
            final long guard = System.nanoTime() + 10_000_000_000L;
            while (wire.frames() < 200 && System.nanoTime() < guard) {
                t.port.service();
            }
            assertEquals(200, wire.frames());
            assertEquals(200, t.port.xdpTxPackets());
            assertEquals(0, t.bed.dmaFaults());
        }
    }
}
