package io.xdpj.bench.xdpsock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a soak run found: the frame accounting summed over every phase and port instance, the fault counts, and the
 * checks. {@link #failures()} lists every invariant that does not hold (empty: the run passed).
 */
final class SoakReport {

    /**
     * Heap growth allowed between the warm-up baseline and the end, both measured after full GCs. NB: not 0: a
     * full GC's "used" after the run still differs by a few KiB run to run (JIT-compiled code's constant objects,
     * lazily created JDK caches); a leak of one object per frame or per port open would show as megabytes.
     */
    static final long HEAP_GROWTH_LIMIT = 1L << 20;
    /** Native growth allowed: one page-rounding of the allocator; every DMA block and ring is freed at close. */
    static final long OFFHEAP_GROWTH_LIMIT = 64L << 10;

    final long seed;
    final long requested;
    final boolean faults;
    long generated;
    long delivered;
    long corrupt;
    final Map<String, Long> drops = new LinkedHashMap<>();
    long dmaFaults;
    long stalls;
    long dmaMappingsLeft;
    long heapGrowth;
    long offheapGrowth;
    String offheapSource = "none";
    long linkFlaps;
    long aqErrorsInjected;
    long aqErrorsReported;
    /** AQ errors no command met before the port was replaced or the phase ended (cleared unused). */
    long aqErrorsUnused;
    long fwResets;
    long portReopens;
    /** Firmware resets injected so close to a phase's end that the phase ended before the driver reported them. */
    long fwResetsAtEnd;
    long fillStarvations;
    long rxFullBursts;
    long closeErrors;
    /** Port opens after a firmware reset that failed and were retried (the half-open port closed first). */
    long openRetries;
    double seconds;
    final List<String> phases = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    SoakReport(long seed, long requested, boolean faults) {
        this.seed = seed;
        this.requested = requested;
        this.faults = faults;
    }

    void addDrop(String reason, long n) {
        drops.merge(reason, n, Long::sum);
    }

    long dropTotal() {
        return Summary.sum(drops);
    }

    /** generated − delivered − every drop: 0 when each frame is accounted for. */
    long unaccounted() {
        return generated - delivered - dropTotal();
    }

    /** Every invariant that does not hold, one line each. */
    List<String> failures() {
        final List<String> f = new ArrayList<>();
        if (generated != requested) {
            f.add("generated " + generated + " frames, " + requested + " requested");
        }
        if (unaccounted() != 0) {
            f.add(unaccounted() + " frames neither delivered nor counted as dropped");
        }
        if (corrupt != 0) {
            f.add(corrupt + " delivered frames failed the sequence/length/checksum check");
        }
        if (dmaFaults != 0) {
            f.add(dmaFaults + " DMA faults in the model's IOMMU");
        }
        if (stalls != 0) {
            f.add(stalls + " stalls (pending work, no progress for 1 s)");
        }
        if (dmaMappingsLeft != 0) {
            f.add(dmaMappingsLeft + " IOMMU mappings left after the ports closed");
        }
        if (heapGrowth > HEAP_GROWTH_LIMIT) {
            f.add("heap grew by " + heapGrowth + " bytes after warm-up (limit " + HEAP_GROWTH_LIMIT + ")");
        }
        if (offheapGrowth > OFFHEAP_GROWTH_LIMIT) {
            f.add("off-heap memory grew by " + offheapGrowth + " bytes after warm-up (limit " + OFFHEAP_GROWTH_LIMIT
                + ", " + offheapSource + ")");
        }
        return f;
    }

    String text() {
        return String.format(Locale.ROOT, "soak %s: %d generated, %d delivered, %d dropped %s, %d unaccounted, "
                + "%d corrupt, %d DMA faults, %d stalls, heap %+d B, off-heap %+d B (%s); faults: %d link flaps, "
                + "%d AQ errors (%d reported), %d FW resets (%d reopens), %d fill starvations, %d Rx-full bursts; "
                + "%.1f s, seed %d%s", failures().isEmpty() ? "passed" : "FAILED", generated, delivered, dropTotal(),
            drops, unaccounted(), corrupt, dmaFaults, stalls, heapGrowth, offheapGrowth, offheapSource, linkFlaps,
            aqErrorsInjected, aqErrorsReported, fwResets, portReopens, fillStarvations, rxFullBursts, seconds, seed,
            failures().isEmpty() ? "" : "; " + String.join("; ", failures()));
    }

    String json() {
        final StringBuilder j = new StringBuilder("{");
        j.append("\"mode\":\"soak\",\"device\":\"simulated XL710\",");
        num(j, "seed", seed);
        j.append("\"faults\":").append(faults).append(',');
        num(j, "generated", generated);
        num(j, "delivered", delivered);
        Summary.appendCounts(j, "drops", drops);
        num(j, "drop_total", dropTotal());
        num(j, "unaccounted", unaccounted());
        num(j, "corrupt", corrupt);
        num(j, "dma_faults", dmaFaults);
        num(j, "stalls", stalls);
        num(j, "dma_mappings_left", dmaMappingsLeft);
        num(j, "heap_growth_bytes", heapGrowth);
        num(j, "offheap_growth_bytes", offheapGrowth);
        j.append("\"offheap_source\":\"").append(offheapSource).append("\",");
        j.append("\"injected\":{");
        j.append("\"link_flaps\":").append(linkFlaps).append(',');
        j.append("\"aq_errors\":").append(aqErrorsInjected).append(',');
        j.append("\"aq_errors_reported\":").append(aqErrorsReported).append(',');
        j.append("\"aq_errors_unused\":").append(aqErrorsUnused).append(',');
        j.append("\"fw_resets\":").append(fwResets).append(',');
        j.append("\"port_reopens\":").append(portReopens).append(',');
        j.append("\"fw_resets_at_phase_end\":").append(fwResetsAtEnd).append(',');
        j.append("\"fill_starvations\":").append(fillStarvations).append(',');
        j.append("\"rx_full_bursts\":").append(rxFullBursts).append(',');
        j.append("\"close_errors\":").append(closeErrors).append(',');
        j.append("\"open_retries\":").append(openRetries).append("},");
        j.append("\"phases\":[");
        for (int i = 0; i < phases.size(); i++) {
            j.append(i == 0 ? "" : ",").append(phases.get(i));
        }
        j.append("],");
        j.append("\"seconds\":").append(String.format(Locale.ROOT, "%.3f", seconds)).append(',');
        j.append("\"failures\":[");
        final List<String> f = failures();
        for (int i = 0; i < f.size(); i++) {
            j.append(i == 0 ? "" : ",").append('"').append(escape(f.get(i))).append('"');
        }
        j.append("],");
        j.append("\"notes\":[");
        for (int i = 0; i < notes.size(); i++) {
            j.append(i == 0 ? "" : ",").append('"').append(escape(notes.get(i))).append('"');
        }
        j.append("],");
        j.append("\"ok\":").append(f.isEmpty());
        return j.append('}').toString();
    }

    private static void num(StringBuilder j, String name, long v) {
        j.append('"').append(name).append("\":").append(v).append(',');
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace('\n', ' ');
    }
}
