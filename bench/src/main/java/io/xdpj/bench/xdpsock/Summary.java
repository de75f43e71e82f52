package io.xdpj.bench.xdpsock;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the tool reports at exit: {@code generated} frames = {@code delivered} + the sum of {@code drops}, exactly,
 * once the generator has stopped and the rings are drained. Printed as one JSON object with {@code --json}.
 */
final class Summary {
    String mode;
    String path;
    String rx;
    String device;
    long generated;
    long delivered;
    final Map<String, Long> drops = new LinkedHashMap<>();
    double seconds;
    long gcAfterWarmup = -1;
    final Map<String, Object> extra = new LinkedHashMap<>();

    long dropTotal() {
        return sum(drops);
    }

    /** Appends {@code "name":{"k":v,...},} to a JSON object being built (this summary's and the soak's drops). */
    static void appendCounts(StringBuilder j, String name, Map<String, Long> counts) {
        j.append('"').append(name).append("\":{");
        boolean first = true;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (!first) {
                j.append(',');
            }
            first = false;
            j.append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        j.append("},");
    }

    /** The sum of the counts of {@code drops} (this summary's and the soak's). */
    static long sum(Map<String, Long> drops) {
        long sum = 0;
        for (long v : drops.values()) {
            sum += v;
        }
        return sum;
    }

    /** Frames neither delivered nor counted in any drop counter: 0 when the accounting balances. */
    long unaccounted() {
        return generated - delivered - dropTotal();
    }

    double mpps() {
        return seconds > 0 ? delivered / seconds / 1e6 : 0;
    }

    String json() {
        StringBuilder j = new StringBuilder("{");
        field(j, "mode", mode).append(',');
        field(j, "path", path).append(',');
        field(j, "rx", rx).append(',');
        field(j, "device", device).append(',');
        j.append("\"generated\":").append(generated).append(',');
        j.append("\"delivered\":").append(delivered).append(',');
        appendCounts(j, "drops", drops);
        j.append("\"unaccounted\":").append(unaccounted()).append(',');
        j.append("\"mpps\":").append(String.format(Locale.ROOT, "%.3f", mpps())).append(',');
        j.append("\"seconds\":").append(String.format(Locale.ROOT, "%.3f", seconds)).append(',');
        j.append("\"gc_count_after_warmup\":").append(gcAfterWarmup);
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            j.append(",\"").append(e.getKey()).append("\":");
            if (e.getValue() instanceof Number) {
                j.append(e.getValue());
            } else {
                j.append('"').append(escape(String.valueOf(e.getValue()))).append('"');
            }
        }
        return j.append('}').toString();
    }

    private static StringBuilder field(StringBuilder j, String name, String value) {
        return j.append('"').append(name).append("\":\"").append(escape(value)).append('"');
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
