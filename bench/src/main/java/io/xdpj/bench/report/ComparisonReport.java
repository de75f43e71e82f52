package io.xdpj.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns measured {@link PathResult}s into the comparison's Markdown table and SVG chart: per benchmark and
 * variant, each path's Mpps, ns/packet (± error), cycles/packet at the measured clock, throughput ratio to the
 * {@code redirect} baseline of the same benchmark and variant, and B/op.
 */
public final class ComparisonReport {

    /** The path every ratio is taken against: the kernel's redirect path. */
    public static final String BASELINE = "redirect";

    private final List<PathResult> results;
    private final double mhz;
    private final String machine;

    /**
     * @param results measured cells
     * @param mhz     the measured core clock (cycles/packet = ns/packet × MHz / 1000)
     * @param machine one line saying where and on which JDK the numbers were produced
     */
    public ComparisonReport(List<PathResult> results, double mhz, String machine) {
        this.results = List.copyOf(results);
        this.mhz = mhz;
        this.machine = machine;
    }

    /** Throughput of {@code r} relative to the baseline path of its benchmark and variant (NaN if none). */
    public double ratio(PathResult r) {
        for (PathResult b : results) {
            if (b.benchmark().equals(r.benchmark()) && b.variant().equals(r.variant())
                && b.path().equals(BASELINE)) {
                return b.nsPerPacket() / r.nsPerPacket();
            }
        }
        return Double.NaN;
    }

    /** The Markdown table, one row per cell, in measurement order. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| benchmark | variant | path | Mpps | ns/packet | cycles/packet @ ")
            .append(fmt("%.0f", mhz)).append(" MHz | × redirect | B/op |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        for (PathResult r : results) {
            md.append("| ").append(r.benchmark()).append(" | ").append(r.variant()).append(" | ").append(r.path())
                .append(" | ").append(fmt("%.1f", r.mpps()))
                .append(" | ").append(fmt("%.2f", r.nsPerPacket())).append(" ± ").append(fmt("%.2f", r.nsError()))
                .append(" | ").append(fmt("%.1f", r.cycles(mhz)))
                .append(" | ").append(Double.isNaN(ratio(r)) ? "–" : fmt("%.2f", ratio(r)))
                .append(" | ").append(Double.isNaN(r.bytesPerOp()) ? "–" : fmt("%.3f", r.bytesPerOp()))
                .append(" |\n");
        }
        md.append("\n").append(machine).append("\n");
        return md.toString();
    }

    /** A horizontal bar chart of Mpps, one group per benchmark and variant, one bar per path. */
    public String svg() {
        Map<String, List<PathResult>> groups = new LinkedHashMap<>();
        for (PathResult r : results) {
            groups.computeIfAbsent(r.benchmark() + " (" + r.variant() + ")", k -> new ArrayList<>()).add(r);
        }
        double max = results.stream().mapToDouble(PathResult::mpps).max().orElse(1);
        final int barH = 16;
        final int gap = 4;
        final int labelW = 170;
        final int chartW = 520;
        final int groupGap = 30;
        int height = 40;
        for (List<PathResult> g : groups.values()) {
            height += groupGap + g.size() * (barH + gap);
        }
        StringBuilder svg = new StringBuilder();
        svg.append(fmt("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "font-family=\"sans-serif\" font-size=\"12\">\n", labelW + chartW + 120, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">"
            + "Packets per second on one core (Mpps, higher is better)</text>\n");
        int y = 40;
        for (Map.Entry<String, List<PathResult>> e : groups.entrySet()) {
            y += groupGap;
            svg.append(fmt("<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>\n", y - 8, esc(e.getKey())));
            for (PathResult r : e.getValue()) {
                int w = (int) Math.round(chartW * r.mpps() / max);
                String color = r.path().equals(BASELINE) ? "#888888"
                    : r.path().startsWith("redirect-xsk") ? "#1f77b4" : "#ff7f0e";
                svg.append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", labelW - 6,
                    y + barH - 4, esc(r.path())));
                svg.append(fmt("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", labelW, y,
                    Math.max(w, 1), barH, color));
                double ratio = ratio(r);
                svg.append(fmt("<text x=\"%d\" y=\"%d\">%.1f%s</text>\n", labelW + w + 6, y + barH - 4, r.mpps(),
                    Double.isNaN(ratio) ? "" : fmt(" (×%.2f)", ratio)));
                y += barH + gap;
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
