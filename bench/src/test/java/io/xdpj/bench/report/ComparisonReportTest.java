package io.xdpj.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ComparisonReportTest {

    private final List<PathResult> cells = List.of(
        new PathResult("XskDeliveryBenchmark", "redirect", "batch=64", 12.5, 0.25, 0.0),
        new PathResult("XskDeliveryBenchmark", "redirect-xsk", "batch=64", 10.0, 0.5, 0.0),
        new PathResult("XskDeliveryBenchmark", "redirect-xsk", "batch=32", 11.0, 0.5, Double.NaN));

    @Test
    void ratiosAreTakenAgainstTheSameVariantsBaseline() {
        ComparisonReport r = new ComparisonReport(cells, 3000, "test machine");
        assertEquals(1.25, r.ratio(cells.get(1)), 1e-9);
        assertEquals(1.0, r.ratio(cells.get(0)), 1e-9);
        assertTrue(Double.isNaN(r.ratio(cells.get(2))), "no redirect cell for batch=32");
    }

    @Test
    void markdownRowsCarryMppsCyclesAndRatio() {
        String md = new ComparisonReport(cells, 3000, "test machine").markdown();
        assertTrue(md.contains("| XskDeliveryBenchmark | batch=64 | redirect-xsk | 100.0 | 10.00 ± 0.50 | 30.0 | 1.25 "
            + "| 0.000 |"), md);
        assertTrue(md.contains("| batch=32 | redirect-xsk | 90.9 | 11.00 ± 0.50 | 33.0 | – | – |"), md);
        assertTrue(md.contains("cycles/packet @ 3000 MHz"));
        assertTrue(md.endsWith("test machine\n"));
    }

    @Test
    void svgHasOneBarPerCellScaledToTheFastest() {
        String svg = new ComparisonReport(cells, 3000, "m").svg();
        assertEquals(3, svg.split("<rect x=").length - 1);
        assertTrue(svg.contains("width=\"520\""), "the fastest cell spans the chart");
        assertTrue(svg.contains("100.0 (×1.25)"));
    }
}
