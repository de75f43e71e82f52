package io.xdpj.bench.xdpsock;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xdpsock} for xdpj: the kernel sample's modes and options on the simulated XL710 (default), a real
 * 700-series port through VFIO ({@code --pci}), or any Linux interface through the kernel's AF_XDP ({@code -i}).
 *
 * <pre>
 * java -jar bench/target/xdpsock.jar rxdrop -d 10 --path redirect-xsk --rx batched --json
 * java -jar bench/target/xdpsock.jar rxdrop -i veth0 -c -d 10 --json
 * </pre>
 */
@Command(name = "xdpsock", mixinStandardHelpOptions = true, version = "xdpj xdpsock 0.1",
    subcommands = SoakCommand.class,
    description = "Receive, transmit or forward through an AF_XDP-style socket on the simulated XL710 (default), a "
        + "real X710/XL710/XXV710 port (--pci) or a Linux interface through the kernel's AF_XDP (-i), like the "
        + "kernel's xdpsock sample.")
public final class Xdpsock implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", defaultValue = "rxdrop",
        description = "rxdrop (default), txonly or l2fwd")
    String mode;

    @Option(names = {"-r", "--rxdrop"}, description = "Same as the rxdrop mode (xdpsock -r).")
    boolean rxdropFlag;

    @Option(names = {"-t", "--txonly"}, description = "Same as the txonly mode (xdpsock -t).")
    boolean txonlyFlag;

    @Option(names = {"-l", "--l2fwd"}, description = "Same as the l2fwd mode (xdpsock -l).")
    boolean l2fwdFlag;

    @Option(names = "--pci", paramLabel = "ADDR",
        description = "PCI address of a real 700-series port (e.g. 0000:01:00.0); default: the simulated XL710.")
    String pci;

    @Option(names = {"-i", "--interface"}, paramLabel = "IFNAME", description = "A Linux interface (e.g. eth0, "
        + "veth0) driven through the kernel's AF_XDP with libxdp's default XDP program loaded by the tool, as the "
        + "kernel's xdpsock -i does; needs root (CAP_NET_RAW, CAP_BPF, CAP_NET_ADMIN).")
    String iface;

    @Option(names = {"-N", "--xdp-native"}, description = "With -i: native (driver) XDP only (xdpsock -N).")
    boolean xdpNative;

    @Option(names = {"-S", "--xdp-skb"}, description = "With -i: generic (skb) XDP (xdpsock -S). Default: native "
        + "when the driver has it, else generic.")
    boolean xdpSkb;

    @Option(names = {"-q", "--queue"}, description = "Queue to bind to (default ${DEFAULT-VALUE}).")
    int queue = 0;

    @Option(names = {"-B", "--busy-poll"}, negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Run the driver's poller on the application's thread (default); --no-busy-poll runs it on "
            + "its own thread.")
    boolean busyPoll;

    @Option(names = {"-b", "--batch-size"}, description = "Descriptors the application takes per ring access, and "
        + "the driver's Rx batch in batched mode (default ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = {"-z", "--zero-copy"}, description = "Force zero-copy mode (XDP_ZEROCOPY).")
    boolean zeroCopy;

    @Option(names = {"-c", "--copy"}, description = "Force copy mode (XDP_COPY).")
    boolean copy;

    @Option(names = {"-f", "--frame-size"}, description = "UMEM frame (chunk) size: 2048 or 4096 (default "
        + "${DEFAULT-VALUE}).")
    int frameSize = 4096;

    @Option(names = {"-m", "--no-need-wakeup"}, description = "Bind without XDP_USE_NEED_WAKEUP.")
    boolean noNeedWakeup;

    @Option(names = "--path", description = "Delivery path: redirect (default), xskmap-direct, redirect-flag, "
        + "redirect-xsk, batched-redirect.")
    String path = "redirect";

    @Option(names = "--rx", description = "Driver Rx mode: scalar (default) or batched.")
    String rx = "scalar";

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS",
        description = "Run for this long; runs until interrupted (Ctrl-C) when absent.")
    Double duration;

    @Option(names = {"-n", "--interval"}, paramLabel = "SECONDS",
        description = "Statistics interval (default ${DEFAULT-VALUE}); 0 prints none.")
    double interval = 1;

    @Option(names = "--json", description = "Print one JSON summary on stdout at exit (statistics go to stderr).")
    boolean json;

    @Option(names = "--rate", paramLabel = "PPS",
        description = "Model only: generator rate in frames per second (default: as fast as possible).")
    double rate;

    @Option(names = {"-s", "--packet-size"}, description = "Frame length without FCS, for the generator and txonly "
        + "(default ${DEFAULT-VALUE}: 64 bytes on the wire).")
    int packetSize = 60;

    @Option(names = "--frames", description = "Model only: stop the generator after this many frames.")
    long frames;

    @Option(names = "--keep-sending", description = "Model only: the generator keeps sending after the run ends, as "
        + "a real peer does; the tool then stops reception and counts from the device's counters, as with --pci.")
    boolean keepSending;

    @Option(names = "--pcap-in", paramLabel = "FILE", description = "Model only: read Rx frames from a pcap file "
        + "instead of the generator.")
    java.nio.file.Path pcapIn;

    @Option(names = "--pcap-out", paramLabel = "FILE", description = "Model only: write transmitted frames to a "
        + "pcap file.")
    java.nio.file.Path pcapOut;

    @Option(names = "--warmup", paramLabel = "SECONDS",
        description = "Seconds before the GC count is taken as the baseline (default ${DEFAULT-VALUE}).")
    double warmup = 1;

    /** The mode after the xdpsock-style flags are folded in. */
    String effectiveMode() {
        int flags = (rxdropFlag ? 1 : 0) + (txonlyFlag ? 1 : 0) + (l2fwdFlag ? 1 : 0);
        if (flags > 1) {
            throw new IllegalArgumentException("give one of -r, -t, -l");
        }
        String m = rxdropFlag ? "rxdrop" : txonlyFlag ? "txonly" : l2fwdFlag ? "l2fwd" : mode;
        if (!m.equals("rxdrop") && !m.equals("txonly") && !m.equals("l2fwd")) {
            throw new IllegalArgumentException("unknown mode '" + m + "'; use rxdrop, txonly or l2fwd");
        }
        return m;
    }

    @Override
    public Integer call() throws Exception {
        final XdpsockRun run = new XdpsockRun(this);
        try {
            return report(run.run());
        } finally {
            run.reported();
        }
    }

    private Integer report(Summary summary) {
        final PrintStream out = System.out;
        if (json) {
            out.println(summary.json());
        } else {
            out.printf("%s done: %d frames generated, %d delivered, %d dropped (%s), %.3f Mpps over %.2f s, "
                    + "%d GCs after warm-up%n", summary.mode, summary.generated, summary.delivered,
                summary.dropTotal(), summary.drops, summary.mpps(), summary.seconds, summary.gcAfterWarmup);
        }
        if (summary.unaccounted() != 0) {
            System.err.println("xdpsock: " + summary.unaccounted() + " frames are neither delivered nor counted as "
                + "dropped");
            return 3;
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool; errors are one line on stderr (exit 1), usage errors picocli's message (exit 2). */
    public static int run(String... args) {
        final CommandLine cl = new CommandLine(new Xdpsock());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("xdpsock: " + oneLine(e));
            return 1;
        });
        return cl.execute(args);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.replace('\n', ' ');
    }
}
