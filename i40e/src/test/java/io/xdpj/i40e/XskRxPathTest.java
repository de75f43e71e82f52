package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.xdpj.xsk.XdpAction;

/**
 * Every delivery path × every Rx mode × zero-copy/copy, 1001 frames of mixed sizes through the model into an AF_XDP
 * socket: every frame is accounted for (delivered, or a counted drop), payloads are intact, order is kept, no DMA
 * fault, and the program ran exactly once per frame the driver handed on.
 */
class XskRxPathTest {

    static final int[] MIXED = {60, 1514, 64, 333, 128, 1000, 61, 777};

    static Stream<Arguments> paths() {
        final List<Arguments> out = new ArrayList<>();
        for (String path : new String[] {"redirect", "xskmap-direct", "redirect-flag", "redirect-xsk"}) {
            for (I40eConfig.RxMode mode : I40eConfig.RxMode.values()) {
                out.add(Arguments.of(path, mode, true));
                out.add(Arguments.of(path, mode, false));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} zc={2}")
    @MethodSource("paths")
    void framesAreDeliveredOrCounted(String path, I40eConfig.RxMode mode, boolean zeroCopy) {
        try (XskRxBed t = new XskRxBed(path, mode, zeroCopy, true, 1001, MIXED)) {
            t.run();
            assertEquals(1001, t.generator.generated());
            assertEquals(1001, t.accounted());
            assertEquals(1001, t.delivered, () -> "paced: nothing may be dropped " + t.port.statistics());
            assertEquals(0, t.corrupt, "corrupt payloads");
            assertEquals(0, t.outOfOrder, "frames out of order");
            assertEquals(0, t.bed.dmaFaults());
            assertTrue(t.delivered > 0);
            assertEquals(t.delivered, t.port.runner(0).actionCount(
                path.equals("redirect-xsk") ? XdpAction.REDIRECT_XSK : XdpAction.REDIRECT));
            final long ran = t.port.runner(0).frames();
            // The program ran once per frame the driver handed on: delivered + the stage's own drops.
            assertEquals(t.port.statistics().get("rx-0.packets"), ran);
            long actions = 0;
            for (int a = 0; a < XdpAction.COUNT; a++) {
                actions += t.port.runner(0).actionCount(a);
            }
            assertEquals(ran, actions);
        }
    }

    /**
     * Overrun: the wire delivers 64 frames per model step whatever the driver does. Frames the device had no
     * descriptor for are counted in GLV_RDPC (the VSI's discards); delivered + counted = generated, payloads intact,
     * order kept.
     */
    @ParameterizedTest(name = "overrun {0} {1} zc={2}")
    @MethodSource("paths")
    void overrunIsCounted(String path, I40eConfig.RxMode mode, boolean zeroCopy) {
        try (XskRxBed t = new XskRxBed(path, mode, zeroCopy, false, 1001, MIXED)) {
            t.run();
            assertEquals(1001, t.accounted());
            assertEquals(1001 - t.delivered, t.port.statistics().get("rx_discards"));
            assertEquals(0, t.corrupt);
            assertEquals(0, t.outOfOrder);
            assertEquals(0, t.bed.dmaFaults());
        }
    }

    /**
     * rxChainedFrames: rxmax = min(5 buffers, 9728) = 5 × 1792 = 8960 bytes with FCS, so the device writes frames of
     * 1793..8956 bytes over 2..5 descriptors and the driver drops each whole, counted once; longer ones the device
     * refuses (GLPRT_ROC). 1001 frames over 8 sizes (126 of the first, 125 of each other): 60, 1514 and 1792 (one
     * full buffer) delivered = 376; 3000, 1793, 8956 multi-buffer drops = 375; 9000, 8957 (8961 with FCS) oversize
     * = 250. The 4096-descriptor ring holds all 1501 descriptors these frames take, so the device never lacks one.
     */
    @ParameterizedTest(name = "chained frames {0} zc={1}")
    @org.junit.jupiter.params.provider.CsvSource({"SCALAR,true", "BATCHED,true", "SCALAR,false", "BATCHED,false"})
    void framesSpanningDescriptorsAreDroppedWholeAndCountedOnce(String mode, boolean zeroCopy) {
        final I40eConfig config = I40eConfig.builder().ringSize(4096).rxMode(I40eConfig.RxMode.valueOf(mode))
            .rxChainedFrames(true).build();
        try (XskRxBed t = new XskRxBed((map, direct) -> XskRxBed.program("redirect-xsk", map, direct), null, config,
            zeroCopy, false, 1001, new io.xdpj.sim.wire.CountingSink(), 60, 3000, 1514, 9000, 1792, 1793, 8956, 8957)) {
            t.run();
            final java.util.Map<String, Long> s = t.port.statistics();
            assertEquals(1001, t.accounted());
            assertEquals(0, s.get("rx_discards"));
            assertEquals(376, t.delivered);
            assertEquals(375, s.get("rx-0.multi_buffer_drops"));
            assertEquals(250, s.get("port.rx_oversize"));
            assertEquals(0, s.get("rx-0.oversize"));
            assertEquals(0, t.corrupt);
            assertEquals(0, t.outOfOrder);
            assertEquals(0, t.bed.dmaFaults());
        }
    }

    /**
     * Frames the device wrote back that the driver had not yet taken when the queue stops (closing the socket
     * switches the queue to copy mode and restarts it) are counted, not lost: 37 written back, none polled, 37 in
     * rx-0.dropped_at_stop, and the device's counters show all 37 received.
     */
    @Test
    void framesWrittenBackButNotTakenAtAQueueStopAreCounted() {
        try (XskRxBed t = new XskRxBed("redirect-xsk", I40eConfig.RxMode.BATCHED, true, true, 37, MIXED)) {
            t.port.poller(0).doWork(); // posts the fill ring's frames
            t.gate.allow(37);
            t.gate.open();
            final long guard = System.nanoTime() + 10_000_000_000L;
            while (t.bed.device.engine().rxHead(0) != 37 && System.nanoTime() < guard) {
                Thread.onSpinWait();
            }
            assertEquals(37, t.bed.device.engine().rxHead(0));
            assertEquals(0, t.port.statistics().get("rx-0.dropped_at_stop"));
            t.xsk.close();
            assertEquals(37, t.port.statistics().get("rx-0.dropped_at_stop"));
            assertEquals(0, t.port.statistics().get("rx-0.packets"));
            assertEquals(37, t.port.statistics().get("port.rx_unicast"));
        }
    }

    /**
     * stopReception while frames keep arriving: 23 frames taken by the poller, 18 more written back and not taken
     * (rx-0.dropped_at_stop), then 57 arrive after the stop. The switch no longer gives them to the VSI, so its
     * counters stay at 41 received and 0 discarded while the port's count 98; the poller does nothing more and the
     * port refuses to start again.
     */
    @Test
    void stopReceptionFreezesTheVsiCountersWhileFramesKeepArriving() {
        try (XskRxBed t = new XskRxBed("redirect-xsk", I40eConfig.RxMode.SCALAR, true, true, 98, MIXED)) {
            final I40eQueuePoller poller = t.port.poller(0);
            poller.doWork(); // posts the fill ring's frames
            t.gate.allow(23);
            t.gate.open();
            awaitHead(t, 23);
            assertEquals(23, poller.doWork());
            t.gate.allow(41);
            awaitHead(t, 41);
            t.port.stopReception();
            t.gate.allow(98);
            final long guard = System.nanoTime() + 10_000_000_000L;
            while (t.bed.device.engine().filteredFrames() != 57 && System.nanoTime() < guard) {
                Thread.onSpinWait();
            }
            assertEquals(57, t.bed.device.engine().filteredFrames());
            assertEquals(0, poller.doWork());
            final java.util.Map<String, Long> s = t.port.statistics();
            assertEquals(98, s.get("port.rx_unicast"));
            assertEquals(41, s.get("rx_unicast"));
            assertEquals(0, s.get("rx_discards"));
            assertEquals(23, s.get("rx-0.packets"));
            assertEquals(18, s.get("rx-0.dropped_at_stop"));
            assertEquals(23, t.consume());
            assertEquals(0, t.corrupt);
            assertThrows(I40eException.class, () -> t.port.startPollers(new org.agrona.concurrent.NoOpIdleStrategy()));
        }
    }

    private static void awaitHead(XskRxBed t, int head) {
        final long guard = System.nanoTime() + 10_000_000_000L;
        while (t.bed.device.engine().rxHead(0) != head && System.nanoTime() < guard) {
            Thread.onSpinWait();
        }
        assertEquals(head, t.bed.device.engine().rxHead(0));
    }

    /**
     * The batched path on a ring the device filled first: 3 × 64 + 1 frames written back before the driver polls,
     * one poll cycle takes exactly 3 batches and the odd frame goes the scalar way.
     */
    @ParameterizedTest(name = "batches {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"BATCHED", "BATCHED_SAME_TARGET"})
    void aWrittenBackRingIsTakenInWholeBatches(String mode) {
        final String path = mode.equals("BATCHED") ? "redirect-xsk" : "redirect";
        try (XskRxBed t = new XskRxBed(path, I40eConfig.RxMode.valueOf(mode), true, true, 193, MIXED)) {
            final I40eQueuePoller poller = t.port.poller(0);
            poller.doWork();
            t.gate.allow(193);
            t.gate.open();
            final long guard = System.nanoTime() + 10_000_000_000L;
            while (t.bed.device.engine().rxHead(0) != 193 && System.nanoTime() < guard) {
                Thread.onSpinWait();
            }
            assertEquals(193, t.bed.device.engine().rxHead(0));
            poller.doWork();
            assertEquals(3, t.port.statistics().get("rx-0.batches"));
            assertEquals(193, t.port.runner(0).frames());
            t.run();
            assertEquals(193, t.delivered);
            assertEquals(0, t.corrupt);
            assertEquals(0, t.outOfOrder);
        }
    }

    /** 10^6 frames on every path × Rx mode × zero-copy/copy, paced: all delivered intact and in order. */
    @ParameterizedTest(name = "10^6 {0} {1} zc={2}")
    @MethodSource("paths")
    void aMillionFrames(String path, I40eConfig.RxMode mode, boolean zeroCopy) {
        try (XskRxBed t = new XskRxBed(path, mode, zeroCopy, true, 1_000_000, MIXED)) {
            t.run();
            assertEquals(1_000_000, t.delivered, () -> "paced: nothing may be dropped " + t.port.statistics());
            assertEquals(1_000_000, t.accounted());
            assertEquals(0, t.corrupt);
            assertEquals(0, t.outOfOrder);
            assertEquals(1_000_000, t.port.runner(0).frames());
            assertEquals(0, t.bed.dmaFaults());
        }
    }
}
