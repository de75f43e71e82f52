package io.xdpj.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import io.xdpj.bench.report.ComparisonReport;
import io.xdpj.bench.report.PathResult;

/**
 * The comparison run: the JMH matrix of the delivery-path benchmarks with the GC profiler, the core clock measured
 * by {@code bench/clock/measure-clock.sh}, and the results written as {@code comparison.md} and
 * {@code comparison.svg}.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.xdpj.bench.Compare [--include REGEX] [--forks N] [--warmup N]
 *      [--iterations N] [--clock-mhz MHZ] [--out DIR] [--param NAME=V1,V2 ...]
 * </pre>
 */
public final class Compare {

    private Compare() {
    }

    public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
        final Map<String, String> opt = parse(args);
        final String include = opt.getOrDefault("include", "XskDeliveryBenchmark|RxLoopBenchmark");
        final int forks = Integer.parseInt(opt.getOrDefault("forks", "3"));
        final int warmup = Integer.parseInt(opt.getOrDefault("warmup", "5"));
        final int iterations = Integer.parseInt(opt.getOrDefault("iterations", "5"));
        final Path out = Path.of(opt.getOrDefault("out", "bench/results"));
        final double mhz = opt.containsKey("clock-mhz") ? Double.parseDouble(opt.get("clock-mhz")) : measureClock();

        ChainedOptionsBuilder jmh = new OptionsBuilder().include(include).forks(forks)
            .warmupIterations(warmup).warmupTime(TimeValue.seconds(1))
            .measurementIterations(iterations).measurementTime(TimeValue.seconds(1))
            .addProfiler(GCProfiler.class);
        for (Map.Entry<String, String> p : opt.entrySet()) {
            if (p.getKey().startsWith("param:")) { // --param NAME=V1,V2 overrides a benchmark @Param
                jmh = jmh.param(p.getKey().substring(6), p.getValue().split(","));
            }
        }
        final Collection<RunResult> runs = new Runner(jmh.build()).run();

        final List<PathResult> cells = new ArrayList<>();
        for (RunResult run : runs) {
            cells.add(cell(run));
        }
        final String machine = String.format(Locale.ROOT,
            "Measured %s on %s (%d cores), %s %s; JMH %d forks × %d × 1 s after %d × 1 s warm-up; "
                + "core clock %.0f MHz measured with bench/clock/measure-clock.sh.",
            LocalDate.now(), cpuModel(), Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), forks, iterations,
            warmup, mhz);
        final ComparisonReport report = new ComparisonReport(cells, mhz, machine);
        Files.createDirectories(out);
        Files.writeString(out.resolve("comparison.md"), report.markdown(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("comparison.svg"), report.svg(), StandardCharsets.UTF_8);
        System.out.println(report.markdown());
        System.out.println("wrote " + out.resolve("comparison.md") + " and " + out.resolve("comparison.svg"));
    }

    /** One JMH result as a table cell; time units are converted to ns per packet. */
    static PathResult cell(RunResult run) {
        final var params = run.getParams();
        final String name = params.getBenchmark();
        final String bench = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1,
            name.lastIndexOf('.'));
        final Map<String, String> others = new TreeMap<>();
        for (String key : params.getParamsKeys()) {
            if (!key.equals("path")) {
                others.put(key, params.getParam(key));
            }
        }
        final Result<?> primary = run.getPrimaryResult();
        final double factor = nsFactor(primary.getScoreUnit());
        double ns = primary.getScore() * factor;
        double err = primary.getScoreError() * factor;
        if (primary.getScoreUnit().startsWith("ops/")) { // throughput: ns per op is the reciprocal
            final double opsPerNs = primary.getScore() / factor;
            ns = 1 / opsPerNs;
            err = ns * primary.getScoreError() / primary.getScore();
        }
        final Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
        return new PathResult(bench, params.getParam("path"), others.toString().replaceAll("[{}]", ""), ns, err,
            alloc == null ? Double.NaN : alloc.getScore());
    }

    /** ns per unit of the score's time unit ("ns/op", "us/op", "ops/us", ...). */
    static double nsFactor(String unit) {
        final String u = unit.startsWith("ops/") ? unit.substring(4) : unit.substring(0, unit.indexOf('/'));
        return switch (u) {
            case "ns" -> 1;
            case "us" -> TimeUnit.MICROSECONDS.toNanos(1);
            case "ms" -> TimeUnit.MILLISECONDS.toNanos(1);
            case "s" -> TimeUnit.SECONDS.toNanos(1);
            default -> throw new IllegalArgumentException("unexpected JMH score unit " + unit);
        };
    }

    private static double measureClock() throws IOException, InterruptedException {
        final Process p = new ProcessBuilder("bench/clock/measure-clock.sh").redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("bench/clock/measure-clock.sh failed (is gcc installed?): " + out
                + "; pass --clock-mhz to give the clock yourself");
        }
        return Double.parseDouble(out);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }

    private static Map<String, String> parse(String[] args) {
        final Map<String, String> opt = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: Compare [--include REGEX] [--forks N] [--warmup N] "
                    + "[--iterations N] [--clock-mhz MHZ] [--out DIR] [--param NAME=V1,V2]; bad argument " + args[i]);
            }
            if (args[i].equals("--param")) {
                final String[] kv = args[++i].split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("--param wants NAME=V1,V2, got " + args[i]);
                }
                opt.put("param:" + kv[0], kv[1]);
            } else {
                opt.put(args[i].substring(2), args[++i]);
            }
        }
        return opt;
    }
}
