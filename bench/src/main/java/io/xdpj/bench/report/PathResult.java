package io.xdpj.bench.report;

/**
 * One measured cell of the comparison: a delivery path under one variant (batch size, or scalar/batched Rx) of
 * one benchmark.
 *
 * @param benchmark  the benchmark's simple name
 * @param path       the delivery path ({@code redirect}, {@code redirect-xsk}, ...)
 * @param variant    the other parameters, e.g. {@code batch=64} or {@code rx=batched}
 * @param nsPerPacket mean time per packet
 * @param nsError    the half-width of JMH's 99.9% confidence interval
 * @param bytesPerOp allocation per packet from JMH's gc profiler, NaN if not measured
 */
public record PathResult(String benchmark, String path, String variant, double nsPerPacket, double nsError,
                         double bytesPerOp) {

    /** Millions of packets per second on one core. */
    public double mpps() {
        return 1000.0 / nsPerPacket;
    }

    /** Cycles per packet at {@code mhz}. */
    public double cycles(double mhz) {
        return nsPerPacket * mhz / 1000.0;
    }
}
