package io.xdpj.bench;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.xdpj.i40e.I40eConfig;
import io.xdpj.i40e.I40ePort;
import io.xdpj.i40e.I40eQueuePoller;
import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;
import io.xdpj.sim.SimAgent;
import io.xdpj.sim.SimConfig;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.wire.CountingSink;
import io.xdpj.sim.lan.LanEngine;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.FrameAllowance;
import io.xdpj.sim.wire.Wire;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XdpAction;
import io.xdpj.xsk.XdpProgram;
import io.xdpj.xsk.XdpPrograms;
import io.xdpj.xsk.XdpRxRunner;
import io.xdpj.xsk.XskMap;
import io.xdpj.xsk.XskMapDirect;
import io.xdpj.xsk.XskSocket;

/**
 * The driver's Rx loop end to end: the simulated XL710 generates 64-byte frames (60 bytes + FCS on the wire) on its
 * own thread; on the benchmark thread the driver polls queue 0 (descriptors → XDP program → delivery path → flush →
 * refill from the fill ring) and the application consumes the socket's Rx ring and returns every frame to the fill
 * ring. Zero-copy. The score is per frame delivered to the application ({@link OperationsPerInvocation}); Mpps =
 * 1000 / score.
 *
 * <ul>
 *   <li>{@code path}: the program and delivery path, as in {@link XskDeliveryBenchmark}: {@code redirect} (libxdp's
 *       default program, the kernel's redirect path), {@code xskmap-direct} and {@code redirect-flag} (the RFC's
 *       rejected alternatives), {@code redirect-xsk} (the RFC's helper and action);</li>
 *   <li>{@code rx}: {@code scalar}, or {@code batched}: the RFC's batched driver path (patch 7/8) for
 *       {@code redirect-xsk}, the reviewers' same-target batched redirect for the others (which falls back to
 *       per-frame handling when the program's result is not a plain XSKMAP redirect).</li>
 * </ul>
 * The device drops (and counts) what the driver is too slow to take; the score counts only frames delivered, and
 * the teardown checks that every frame the program saw was delivered.
 *
 * <p>{@code model} says where the device runs, which decides what the figure measures:
 * <ul>
 *   <li>{@code thread}: the model on its own thread, generating as fast as it can: the end-to-end figure, bounded
 *       by the slower of the two threads (on these machines the model);</li>
 *   <li>{@code burst}: the driver's capacity on one core, with the device out of the way as a line-rate NIC with a
 *       full ring is: before each operation (untimed, {@link Level#Invocation}) the model, on its own thread,
 *       writes {@value #FRAMES_PER_OP} frames into a ring of {@value #BURST_RING} descriptors and the set-up waits
 *       until the device's head shows all of them written back; the timed part is the driver and the application
 *       taking them, from descriptor lines and buffers last written by the other core;</li>
 *   <li>{@code inline}: one core does everything (see {@link #model}).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dagrona.disable.bounds.checks=true", "-XX:+UseParallelGC", "-Xms1g", "-Xmx1g"})
public class RxLoopBenchmark {

    static final int FRAMES_PER_OP = 1024;
    static final int FRAME = 60;
    static final int UMEM_FRAMES = 8192;
    static final int CHUNK = 2048;
    static final int RING = 1024;
    /** Ring size in {@code burst} mode: room for a whole operation's frames plus the refill slack. */
    static final int BURST_RING = 2048;
    /** How long the burst set-up waits for the device to write an operation's frames. */
    static final long BURST_WAIT_NANOS = 1_000_000_000L;

    @Param({"redirect", "xskmap-direct", "redirect-flag", "redirect-xsk"})
    public String path;

    @Param({"scalar", "batched"})
    public String rx;

    /**
     * {@code burst} and {@code thread}: see the class comment. {@code inline}: the benchmark thread steps the model
     * before each poll cycle, so one core does everything; minus {@link SimRxBenchmark} (the model alone) this
     * estimates what the driver and the application cost per frame.
     */
    @Param({"burst", "thread"})
    public String model;

    private SimulatedXl710 device;
    private AgentRunner sim;
    I40ePort port; // package-private: RxLoopBenchmarkTest reads its counters
    private XskSocket xsk;
    private I40eQueuePoller poller;
    private RingConsumer rxRing;
    private RingProducer fill;
    private boolean inline;
    private FrameAllowance budget; // burst mode: the model's wire, frames only as fillRing() allows them
    private int ringSize;
    private long polls;
    private long emptyPolls;

    @Setup(Level.Trial)
    public void setUp() {
        final FrameGenerator gen = FrameGenerator.builder().sizes(FRAME).flows(1).build();
        budget = model.equals("burst") ? new FrameAllowance(gen) : null;
        ringSize = budget != null ? BURST_RING : RING;
        device = SimulatedXl710.create(SimConfig.builder().build(),
            Wire.of(budget != null ? budget : gen, new CountingSink()));
        inline = model.equals("inline");
        sim = SimAgent.start(device, new BusySpinIdleStrategy()); // bring-up needs the model stepping
        final I40eConfig.RxMode mode = rx.equals("scalar") ? I40eConfig.RxMode.SCALAR
            : path.equals("redirect-xsk") ? I40eConfig.RxMode.BATCHED : I40eConfig.RxMode.BATCHED_SAME_TARGET;
        port = I40ePort.open(device, I40eConfig.builder().ringSize(ringSize).rxMode(mode).rxBudget(256).build());
        final Umem umem = port.createUmem(new UmemConfig((long) UMEM_FRAMES * CHUNK, CHUNK, 0, 0, false));
        xsk = new XskSocket();
        xsk.registerUmem(umem);
        xsk.createFillRing(UMEM_FRAMES);
        xsk.createCompletionRing(UMEM_FRAMES);
        xsk.createRxRing(4096);
        fill = xsk.fillRing().producer();
        fill.reserve(UMEM_FRAMES);
        for (int f = 0; f < UMEM_FRAMES; f++) {
            fill.putAddr(fill.reservedIndex() + f, (long) f * CHUNK);
        }
        fill.submit();
        final XskMap map = new XskMap(64);
        final XskMapDirect direct = new XskMapDirect(64);
        final XdpProgram program = switch (path) {
            case "redirect" -> XdpPrograms.libxdpDefault(map);
            case "xskmap-direct" -> XdpPrograms.xskmapDirect(direct);
            case "redirect-flag" -> XdpPrograms.redirectFlag(map);
            case "redirect-xsk" -> XdpPrograms.redirectXsk(map);
            default -> throw new IllegalArgumentException("unknown path " + path);
        };
        port.attachProgram(program, null);
        port.bind(xsk, 0, XskSocket.XDP_ZEROCOPY);
        map.update(0, xsk);
        direct.update(0, xsk);
        poller = port.poller(0);
        rxRing = xsk.rxRing().consumer();
        if (inline) {
            sim.close(); // from here the benchmark thread steps the model
            sim = null;
        }
    }

    /** {@code burst}: lets the model write one operation's frames and waits until all are written back. */
    @Setup(Level.Invocation)
    public void fillRing() {
        if (budget == null) {
            return;
        }
        final LanEngine engine = device.engine();
        final int target = (engine.rxHead(0) + FRAMES_PER_OP) % ringSize;
        budget.allow(FRAMES_PER_OP);
        final long deadline = System.nanoTime() + BURST_WAIT_NANOS;
        while (engine.rxHead(0) != target) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("burst: the device wrote back up to descriptor " + engine.rxHead(0)
                    + ", not " + target + ", within 1 s; check port.rx_discards (" + port.statistics()
                    .get("port.rx_discards") + ") and that the driver refilled the ring");
            }
            Thread.onSpinWait();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        final XdpRxRunner r = port.runner(0);
        final long delivered = r.actionCount(XdpAction.REDIRECT) + r.actionCount(XdpAction.REDIRECT_XSK);
        final long dropped = r.dropXsk() + r.dropRedirect();
        // Which side limits the figure: discards mean the model outran the driver; none mean the driver waited.
        System.err.printf("%s/%s: %d frames delivered, %d discarded by the device for lack of descriptors, "
            + "%d empty poll cycles of %d%n", path, rx, r.frames(), port.statistics().get("rx_discards"),
            emptyPolls, polls);
        if (sim == null) {
            sim = SimAgent.start(device, new BusySpinIdleStrategy()); // teardown needs the model stepping again
        }
        port.close();
        sim.close();
        device.close();
        if (delivered != r.frames() || dropped != 0) {
            throw new IllegalStateException(path + "/" + rx + ": " + r.frames() + " frames, " + delivered
                + " redirected, " + dropped + " dropped by the XDP stage");
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES_PER_OP)
    public long rxLoop() {
        long last = 0;
        int got = 0;
        while (got < FRAMES_PER_OP) {
            polls++;
            if (inline) {
                device.step();
            }
            if (poller.doWork() == 0) {
                emptyPolls++;
            }
            final int n = rxRing.peek(256);
            if (n == 0) {
                continue;
            }
            final int idx = rxRing.peekIndex();
            fill.reserve(n);
            final int f = fill.reservedIndex();
            for (int i = 0; i < n; i++) {
                last = rxRing.descAddr(idx + i);
                fill.putAddr(f + i, last & ~(CHUNK - 1L));
            }
            fill.submit();
            rxRing.release(n);
            got += n;
        }
        return last;
    }
}
