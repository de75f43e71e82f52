package io.xdpj.bench.xdpsock;

import static io.xdpj.bench.xdpsock.ToolRun.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The soak of issue 8 at 10^6 frames with faults, in its own JVM with native memory tracking on (so the off-heap
 * figure covers every native allocation). A fixed seed makes the fault schedule repeatable; the timing still varies.
 */
class SoakTest {

    private static final long FRAMES = 1_000_000;
    private static final long SEED = 20261125L;

    @Test
    void millionFramesWithFaultsBalanceExactlyWithoutCorruptionFaultsStallsOrGrowth() throws Exception {
        final String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process p = new ProcessBuilder(javaBin, "-Xmx256m", "-XX:+UseParallelGC",
            "-XX:NativeMemoryTracking=summary", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), Xdpsock.class.getName(), "soak", "--frames",
            Long.toString(FRAMES), "--faults", "--seed", Long.toString(SEED), "--rate", "250000", "--json")
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), json);
        assertEquals(FRAMES, field(json, "generated"), json);
        assertEquals(0, field(json, "unaccounted"), json);
        assertEquals(FRAMES, field(json, "delivered") + field(json, "drop_total"), json);
        assertEquals(0, field(json, "corrupt"), json);
        assertEquals(0, field(json, "dma_faults"), json);
        assertEquals(0, field(json, "stalls"), json);
        assertEquals(0, field(json, "dma_mappings_left"), json);
        assertTrue(field(json, "heap_growth_bytes") <= SoakReport.HEAP_GROWTH_LIMIT, json);
        assertTrue(field(json, "offheap_growth_bytes") <= SoakReport.OFFHEAP_GROWTH_LIMIT, json);
        assertTrue(json.contains("\"offheap_source\":\"nmt_other_committed\""), json);
        // Every kind of fault was injected, and each admin-queue error came back as a typed exception.
        assertTrue(field(json, "link_flaps") > 0, json);
        assertTrue(field(json, "fw_resets") > 0, json);
        // Each firmware reset was reported and answered by one reopen, unless it landed as a phase ended.
        assertEquals(field(json, "fw_resets"), field(json, "port_reopens") + field(json, "fw_resets_at_phase_end"),
            json);
        assertTrue(field(json, "port_reopens") > 0, json);
        assertTrue(field(json, "aq_errors") > 0, json);
        // Each AQ error came back as a typed exception, unless a firmware reset replaced the port first.
        assertEquals(field(json, "aq_errors"), field(json, "aq_errors_reported") + field(json, "aq_errors_unused"),
            json);
        assertTrue(field(json, "aq_errors_reported") > 0, json);
        assertTrue(field(json, "fill_starvations") > 0, json);
        assertTrue(field(json, "rx_full_bursts") > 0, json);
        // Frames were delivered on every configuration, and both device-side drop reasons occurred.
        assertTrue(field(json, "delivered") > 0, json);
        assertTrue(field(json, "rx_oversize") > 0, json);
        assertTrue(json.contains("\"ok\":true"), json);
    }

    /**
     * Without faults the long-frame drops are exact. Sizes cycle through the 24 of {@link Soak#SIZES}. Zero-copy
     * 4096-byte chunks hold 4096 − 256 = 3840 bytes; with chained frames rxmax = min(5 × 3840, 9728) = 9728, so
     * 4096, 6007 and 9000 span descriptors (3 per cycle) and none is refused. Copy-mode 2048-byte buffers hold 1792;
     * rxmax = min(5 × 1792, 9728) = 8960, so 2048 … 6007 span descriptors (7 per cycle) and 9000 (9004 with FCS) is
     * refused. 24024 frames with half as warm-up: 8 phases of 3003 frames = 125 cycles + 60, 61, 64: oversize
     * 4 × 125 = 500, decided before any descriptor is needed, so exact; of the 4 × 375 + 4 × 875 = 5000 frames that
     * span descriptors, those the unpaced device found descriptors for are multi-buffer drops, the rest discards.
     */
    @Test
    void withoutFaultsTheOversizeDropsAreExactAndEverythingBalances() {
        final SoakReport r = new Soak(24_024, false, 1, 0.5, 0, false, new java.io.PrintStream(
            java.io.OutputStream.nullOutputStream())).run();
        assertEquals(24_024, r.generated, r.json());
        assertEquals(500, r.drops.get("rx_oversize"), r.json());
        assertTrue(r.drops.get("driver_multi_buffer") > 0 && r.drops.get("driver_multi_buffer") <= 5000, r.json());
        assertEquals(0, r.unaccounted(), r.json());
        assertEquals(0, r.corrupt, r.json());
        assertEquals(0, r.stalls, r.json());
        assertEquals(0, r.dmaFaults, r.json());
        assertEquals(0, r.dmaMappingsLeft, r.json());
        assertEquals(0, r.offheapGrowth, r.json()); // DMA live bytes (no NMT in this JVM)
        assertEquals(8, r.phases.size(), r.json());
        assertEquals(0, r.linkFlaps + r.fwResets + r.aqErrorsInjected + r.fillStarvations + r.rxFullBursts);
    }

}
