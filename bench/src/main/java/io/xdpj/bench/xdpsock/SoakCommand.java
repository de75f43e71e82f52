package io.xdpj.bench.xdpsock;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xdpsock soak}: the reliability run of issue 8 on the simulated XL710.
 *
 * <pre>
 * java -XX:NativeMemoryTracking=summary -jar bench/target/xdpsock.jar soak --frames 1000000 --faults --json
 * </pre>
 *
 * Exit status 0 when every invariant of {@link SoakReport#failures()} holds, 3 otherwise (the JSON says which).
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
    description = "Drive the driver on the simulated XL710 with mixed frame sizes (60..9000 bytes), both delivery "
        + "paths, both Rx modes, copy and zero-copy in turn; with --faults inject link flaps, admin-queue errors, "
        + "firmware resets, fill-ring starvation and Rx-ring-full bursts. Checks generated = delivered + drops, no "
        + "corrupt frame, no DMA fault, no stall, no memory growth after warm-up.")
public final class SoakCommand implements Callable<Integer> {

    @Option(names = "--frames", required = true, paramLabel = "N",
        description = "Frames to generate in total (split over the phases; ≥ 8000).")
    long frames;

    @Option(names = "--faults", description = "Inject faults at random (seeded) times.")
    boolean faults;

    @Option(names = "--json", description = "Print one JSON summary on stdout (progress goes to stderr).")
    boolean json;

    @Option(names = "--seed", paramLabel = "SEED",
        description = "Seed of the fault schedule (default: from the clock; printed in the summary).")
    Long seed;

    @Option(names = "--warmup-share", paramLabel = "FRACTION",
        description = "Share of the frames run as warm-up before the memory baseline (default ${DEFAULT-VALUE}).")
    double warmupShare = 0.1;

    @Option(names = "--rate", paramLabel = "PPS",
        description = "Generator rate in frames per second (default: as fast as the model takes them).")
    double rate;

    @Option(names = "--reopen-with-traffic", description = "After a firmware reset, reopen the port with the link up "
        + "(frames arrive while the new socket binds and restarts the Rx queue: driver_dropped_at_stop).")
    boolean reopenWithTraffic;

    @Override
    public Integer call() {
        if (frames < Soak.MIN_FRAMES) {
            throw new IllegalArgumentException("--frames " + frames + " is below " + Soak.MIN_FRAMES
                + " (each of the 8 phases needs frames to move)");
        }
        if (warmupShare <= 0 || warmupShare >= 1) {
            throw new IllegalArgumentException("--warmup-share must be in (0, 1), got " + warmupShare);
        }
        final long s = seed != null ? seed : System.nanoTime();
        final SoakReport report = new Soak(frames, faults, s, warmupShare, rate, reopenWithTraffic, System.err).run();
        if (json) {
            System.out.println(report.json());
        } else {
            System.out.println(report.text());
        }
        return report.failures().isEmpty() ? 0 : 3;
    }
}
