package io.xdpj.bench;

import java.util.concurrent.TimeUnit;

import org.agrona.UnsafeApi;
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

import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;
import io.xdpj.xsk.NetDevice;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XdpProgram;
import io.xdpj.xsk.XdpPrograms;
import io.xdpj.xsk.XdpRedirect;
import io.xdpj.xsk.XdpRxRunner;
import io.xdpj.xsk.XskBufferPool;
import io.xdpj.xsk.XskMap;
import io.xdpj.xsk.XskMapDirect;
import io.xdpj.xsk.XskSocket;

/**
 * The AF_XDP delivery paths side by side, no device: 64-byte packets sit in UMEM frames as a zero-copy driver
 * hands them over; each batch is taken from the queue's pool (the driver's refill from the fill ring), the program
 * runs once per packet, the path delivers, the poll cycle ends with its flush, and the application consumes the
 * Rx ring and returns the frames to the fill ring, so the steady state holds.
 *
 * <p>Each invocation moves 64 packets, in 64/{@code batch} poll cycles of {@code batch} packets; scores are per
 * packet ({@link OperationsPerInvocation}).
 *
 * <ul>
 *   <li>{@code redirect}: libxdp's default program ({@code bpf_redirect_map} on an XSKMAP) and the kernel's path:
 *       redirect info, {@code do_redirect}, {@code xsk_rcv}, flush list, {@code do_flush};</li>
 *   <li>{@code xskmap-direct}, {@code redirect-flag}: the RFC's two rejected alternatives;</li>
 *   <li>{@code redirect-xsk}: the RFC's helper and action, scalar driver path;</li>
 *   <li>{@code redirect-xsk-batched}: the same with the RFC's batched driver path;</li>
 *   <li>{@code batched-redirect}: the reviewers' proposal: the libxdp program, batches to one socket pushed at
 *       once.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dagrona.disable.bounds.checks=true", "-XX:+UseParallelGC", "-Xms1g", "-Xmx1g"})
public class XskDeliveryBenchmark {

    static final int PACKETS_PER_OP = 64;
    static final int PACKET_LEN = 64;
    static final int FRAMES = 4096;
    static final int CHUNK = 2048;

    @Param({"redirect", "xskmap-direct", "redirect-flag", "redirect-xsk", "redirect-xsk-batched",
        "batched-redirect"})
    public String path;

    @Param({"32", "64"})
    public int batch;

    private NetDevice dev;
    private Umem umem;
    private XskSocket xsk;
    private XdpRedirect redirect;
    private XdpRxRunner runner;
    private XskBufferPool pool;
    private RingConsumer rx;
    private RingProducer fill;
    private int mode;
    private final long[] handles = new long[PACKETS_PER_OP];
    private final int[] lens = new int[PACKETS_PER_OP];

    @Setup(Level.Trial)
    public void setUp() {
        dev = new NetDevice("bench0", 1, true, null, null);
        umem = Umem.allocate(new UmemConfig((long) FRAMES * CHUNK, CHUNK, 0, 0, false));
        xsk = new XskSocket();
        xsk.registerUmem(umem);
        xsk.createFillRing(FRAMES);
        xsk.createCompletionRing(FRAMES);
        xsk.createRxRing(2048);
        xsk.bind(dev, 0, XskSocket.XDP_ZEROCOPY);
        XskMap map = new XskMap(64);
        map.update(0, xsk);
        XskMapDirect direct = new XskMapDirect(64);
        direct.update(0, xsk);
        final XdpProgram program;
        switch (path) {
            case "redirect", "batched-redirect" -> program = XdpPrograms.libxdpDefault(map);
            case "xskmap-direct" -> program = XdpPrograms.xskmapDirect(direct);
            case "redirect-flag" -> program = XdpPrograms.redirectFlag(map);
            case "redirect-xsk", "redirect-xsk-batched" -> program = XdpPrograms.redirectXsk(map);
            default -> throw new IllegalArgumentException("unknown path " + path);
        }
        mode = path.equals("redirect-xsk-batched") ? 1 : path.equals("batched-redirect") ? 2 : 0;
        redirect = new XdpRedirect();
        runner = new XdpRxRunner(dev.rxQueue(0), redirect, program, null, CHUNK, Umem.XDP_PACKET_HEADROOM);
        pool = runner.pool();
        rx = xsk.rxRing().consumer();
        fill = xsk.fillRing().producer();
        // A 64-byte UDP-like packet in every frame; frames keep their contents as they cycle.
        for (int f = 0; f < FRAMES; f++) {
            long data = umem.address() + (long) f * CHUNK + Umem.XDP_PACKET_HEADROOM;
            UnsafeApi.setMemory(data, PACKET_LEN, (byte) 0x5A);
            UnsafeApi.putShort(data + 12, (short) 0x0008);
        }
        fill.reserve(FRAMES);
        for (int f = 0; f < FRAMES; f++) {
            fill.putAddr(fill.reservedIndex() + f, (long) f * CHUNK);
        }
        fill.submit();
        java.util.Arrays.fill(lens, PACKET_LEN);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (runner.frames() != runner.actionCount(io.xdpj.xsk.XdpAction.REDIRECT)
            + runner.actionCount(io.xdpj.xsk.XdpAction.REDIRECT_XSK)) {
            throw new IllegalStateException(path + ": not every packet was redirected");
        }
        if (runner.dropXsk() + runner.dropRedirect() != 0) {
            throw new IllegalStateException(path + ": drops in the steady state");
        }
        redirect.close();
        xsk.close();
        umem.close();
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_OP)
    public long deliver() {
        long last = 0;
        for (int done = 0; done < PACKETS_PER_OP; done += batch) {
            final int n = pool.allocBatch(handles, 0, batch);
            switch (mode) {
                case 1 -> runner.receiveBatch(handles, lens, n);
                case 2 -> runner.receiveBatchSameTarget(handles, lens, n);
                default -> {
                    for (int i = 0; i < n; i++) {
                        runner.receive(handles[i], lens[i]);
                    }
                }
            }
            runner.finish();
            last = consume();
        }
        return last;
    }

    /** The application: take every Rx descriptor, give its frame back to the fill ring. */
    private long consume() {
        final int n = rx.peek(PACKETS_PER_OP);
        final int idx = rx.peekIndex();
        fill.reserve(n);
        final int f = fill.reservedIndex();
        long addr = 0;
        for (int i = 0; i < n; i++) {
            addr = rx.descAddr(idx + i);
            fill.putAddr(f + i, addr & ~(CHUNK - 1L));
        }
        fill.submit();
        rx.release(n);
        return addr;
    }
}
