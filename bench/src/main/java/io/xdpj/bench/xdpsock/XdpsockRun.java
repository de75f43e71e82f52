package io.xdpj.bench.xdpsock;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import io.xdpj.i40e.I40eConfig;
import io.xdpj.i40e.I40ePort;
import io.xdpj.i40e.I40eQueuePoller;
import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;
import io.xdpj.sim.SimAgent;
import io.xdpj.sim.SimConfig;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.wire.CountingSink;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.FrameSink;
import io.xdpj.sim.wire.FrameSource;
import io.xdpj.sim.wire.PcapReader;
import io.xdpj.sim.wire.PcapWriter;
import io.xdpj.sim.wire.Wire;
import io.xdpj.vfio.PciFunction;
import io.xdpj.vfio.linux.HugePages;
import io.xdpj.vfio.linux.VfioPciFunction;
import io.xdpj.vfio.pci.PciAddress;
import io.xdpj.vfio.pci.PciDeviceInfo;
import io.xdpj.vfio.pci.SysfsPci;
import io.xdpj.vfio.pci.VfioPciBinder;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XdpPort;
import io.xdpj.xsk.XdpRxRunner;
import io.xdpj.xsk.XdpStatistics;
import io.xdpj.xsk.XskMap;
import io.xdpj.xsk.XskMapDirect;
import io.xdpj.xsk.XskSocket;
import io.xdpj.xsk.kernel.KernelXdpPort;

/**
 * One run of the tool: sets up the device (model, VFIO, or a kernel interface with {@code -i}), the port, a UMEM and
 * a socket, runs the mode's loop until
 * the duration ends or Ctrl-C, stops the generator, drains, and builds the {@link Summary}. The loops allocate
 * nothing per frame.
 */
final class XdpsockRun {

    private static final int RING = 2048;
    private static final int UMEM_FRAMES = 8192;
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** Poll cycles that take what the device wrote back before reception stops (a live peer never leaves it empty). */
    private static final int STOP_POLL_CYCLES = 64;

    private final Xdpsock o;
    private final String mode;
    private final Path path;
    private volatile boolean stop;
    private boolean draining;
    /**
     * The count comes from the device's counters because the peer may keep sending ({@code --pci}, or
     * {@code --keep-sending} on the model): see {@link #stopReception()} and {@link #summarize}.
     */
    private final boolean deviceCounted;
    /** {@link I40ePort#stopReception()} ran: the poller runs on this thread for Tx completions only. */
    private boolean receptionStopped;
    private final CountDownLatch finished = new CountDownLatch(1);

    private Gate gate;
    private FrameGenerator generator;
    private PcapReader pcapReader;
    private FrameSink sink;
    private SimulatedXl710 model;
    private AgentRunner modelRunner;
    private PciFunction fn;
    private I40ePort port;
    private XskSocket xsk;
    private Umem umem;
    /** The poller's cycle: the driver's (model, VFIO) or the kernel port's wakeup kicks (-i). */
    private IntSupplier work;
    /** With -i: the kernel port, and its counters right after bind (the interface counters are cumulative). */
    private KernelXdpPort kport;
    private Map<String, Long> kernelBase;
    private XdpRxRunner runner;
    private RingConsumer rx;
    private RingProducer fill;
    private RingProducer tx;
    private RingConsumer comp;
    private long consumed;
    private long forwarded;
    private long txSubmitted;
    private long txCompleted;
    private long appTxFull;

    XdpsockRun(Xdpsock options) {
        this.o = options;
        this.mode = options.effectiveMode();
        this.path = Path.parse(options.path);
        this.deviceCounted = options.pci != null || options.keepSending;
        if (!options.rx.equals("scalar") && !options.rx.equals("batched")) {
            throw new IllegalArgumentException("unknown Rx mode '" + options.rx + "'; use scalar or batched");
        }
        if (options.zeroCopy && options.copy) {
            throw new IllegalArgumentException("-z and -c exclude each other");
        }
        if (options.frameSize != 2048 && options.frameSize != 4096) {
            throw new IllegalArgumentException("frame size " + options.frameSize + ": use 2048 or 4096");
        }
        if (options.batch < 1 || options.batch > 256) {
            throw new IllegalArgumentException("batch size " + options.batch + " is outside 1..256");
        }
        checkKernelOptions(options);
        if (options.keepSending && options.pci != null) {
            throw new IllegalArgumentException("--keep-sending drives the simulated XL710's wire; with --pci the peer "
                + "decides (the count then always comes from the device)");
        }
    }

    /** -i runs the kernel's own XDP_REDIRECT path: the userspace driver's and the model's options do not apply. */
    private static void checkKernelOptions(Xdpsock o) {
        if (o.iface == null) {
            if (o.xdpNative || o.xdpSkb) {
                throw new IllegalArgumentException("-N and -S choose the kernel's XDP mode; they need -i IFNAME");
            }
            return;
        }
        if (o.pci != null) {
            throw new IllegalArgumentException("-i and --pci exclude each other");
        }
        if (o.xdpNative && o.xdpSkb) {
            throw new IllegalArgumentException("-N and -S exclude each other");
        }
        if (!o.path.equals("redirect") || !o.rx.equals("scalar")) {
            throw new IllegalArgumentException("with -i the kernel runs its own XDP_REDIRECT path; --path and --rx "
                + "select the userspace driver's paths");
        }
        if (o.pcapIn != null || o.pcapOut != null || o.rate > 0 || o.frames > 0 || o.keepSending) {
            throw new IllegalArgumentException("--pcap-in, --pcap-out, --rate, --frames and --keep-sending drive the "
                + "simulated XL710; with -i the traffic comes from the interface");
        }
    }

    /**
     * Runs to the end (duration, generator exhausted, or Ctrl-C), drains and closes; the caller reports, then calls
     * {@link #reported()} so that a Ctrl-C shutdown waits for the report.
     */
    Summary run() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::interrupted, "xdpsock-ctrl-c"));
        try {
            open();
            return loop();
        } finally {
            close();
        }
    }

    /** The summary has been printed: a pending Ctrl-C shutdown may proceed. */
    void reported() {
        finished.countDown();
    }

    /** Ctrl-C: ask the loop to stop, then wait until it drained, reported and closed everything. */
    private void interrupted() {
        stop = true;
        try {
            finished.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Set-up

    private void open() {
        int flags = o.noNeedWakeup ? 0 : XskSocket.XDP_USE_NEED_WAKEUP;
        flags |= o.zeroCopy ? XskSocket.XDP_ZEROCOPY : o.copy ? XskSocket.XDP_COPY : 0;
        final XdpPort xp;
        if (o.iface != null) {
            kport = KernelXdpPort.open(o.iface, o.xdpNative ? KernelXdpPort.XdpMode.NATIVE
                : o.xdpSkb ? KernelXdpPort.XdpMode.GENERIC : KernelXdpPort.XdpMode.AUTO, KernelXdpPort.Attach.AUTO);
            xp = kport;
        } else {
            fn = o.pci == null ? openModel() : openVfio(o.pci);
            final boolean batched = o.rx.equals("batched");
            final I40eConfig.Builder cfg = I40eConfig.builder().rxQueues(o.queue + 1).ringSize(1024)
                .rxMode(path.rxMode(batched)).promiscuous(true).rxBudget(256);
            if (batched) {
                cfg.batchSize(Math.min(o.batch, 64));
            }
            port = I40ePort.open(fn, cfg.build());
            xp = port;
        }
        umem = xp.createUmem(new UmemConfig((long) UMEM_FRAMES * o.frameSize, o.frameSize, 0, 0, false));
        xsk = new XskSocket();
        xsk.registerUmem(umem);
        xsk.createFillRing(UMEM_FRAMES);
        xsk.createCompletionRing(UMEM_FRAMES);
        xsk.createRxRing(RING);
        xsk.createTxRing(RING);
        if (kport != null) {
            kport.bind(xsk, o.queue, flags); // enters the socket in the kernel XSKMAP at key = queue
            work = kport.poller(o.queue)::doWork;
        } else {
            final XskMap map = new XskMap(64);
            final XskMapDirect direct = new XskMapDirect(64);
            port.attachProgram(path.program(map, direct), null);
            port.bind(xsk, o.queue, flags);
            map.update(o.queue, xsk);
            direct.update(o.queue, xsk);
            runner = port.runner(o.queue);
            final I40eQueuePoller poller = port.poller(o.queue);
            work = poller::doWork;
        }
        rx = xsk.rxRing().consumer();
        fill = xsk.fillRing().producer();
        tx = xsk.txRing().producer();
        comp = xsk.completionRing().consumer();
        if (mode.equals("txonly")) {
            writeTxFrames();
        } else {
            fill.reserve(UMEM_FRAMES);
            for (int f = 0; f < UMEM_FRAMES; f++) {
                fill.putAddr(fill.reservedIndex() + f, (long) f * o.frameSize);
            }
            fill.submit();
        }
        work.getAsInt(); // posts the fill ring's frames on the Rx ring before the first frame arrives
        if (!o.busyPoll) {
            xp.startPollers(new BusySpinIdleStrategy());
        }
        if (kport != null) {
            kernelBase = kport.statistics();
        }
        if (gate != null && !mode.equals("txonly")) {
            gate.open = true;
        }
    }

    private PciFunction openModel() {
        final FrameSource source;
        if (o.pcapIn != null) {
            pcapReader = PcapReader.open(o.pcapIn);
            source = pcapReader;
        } else {
            final FrameGenerator.Builder g = FrameGenerator.builder().sizes(o.packetSize).flows(1);
            if (o.rate > 0) {
                g.rate(o.rate);
            }
            if (o.frames > 0) {
                g.count(o.frames);
            }
            generator = g.build();
            source = generator;
        }
        gate = new Gate(source);
        sink = o.pcapOut != null ? PcapWriter.open(o.pcapOut) : new CountingSink();
        model = SimulatedXl710.create(SimConfig.builder().build(), Wire.of(gate, sink));
        modelRunner = SimAgent.start(model, new BusySpinIdleStrategy());
        return model;
    }

    private static PciFunction openVfio(String address) {
        final PciAddress a = PciAddress.parse(address);
        final SysfsPci sysfs = SysfsPci.system();
        final PciDeviceInfo info = sysfs.device(a);
        if (!"vfio-pci".equals(info.driver())) {
            if (!isRoot()) {
                throw new IllegalStateException(a + " is bound to " + info.driver() + ", not vfio-pci; as root run: "
                    + "echo vfio-pci > /sys/bus/pci/devices/" + a + "/driver_override; echo " + a
                    + " > /sys/bus/pci/devices/" + a + "/driver/unbind; echo " + a
                    + " > /sys/bus/pci/drivers_probe (or run xdpsock as root to let it bind)");
            }
            System.err.println("xdpsock: " + new VfioPciBinder(sysfs).bindToVfio(a));
        }
        ensureHugePages();
        return VfioPciFunction.open(a);
    }

    /**
     * DMA memory comes from 2 MiB huge pages: the UMEM (up to 32 MiB), the driver's rings, buffers and admin queue,
     * each block at least one page. Reserves what is missing when running as root, else says how.
     */
    private static void ensureHugePages() {
        final long page = 2L << 20;
        final long needed = (long) UMEM_FRAMES * 4096 / page + 64;
        final HugePages pool = HugePages.system();
        final long free = pool.free(page);
        if (free >= needed) {
            return;
        }
        if (!isRoot()) {
            throw new IllegalStateException(pool.advice(page, needed - free));
        }
        final long got = pool.reserve(page, pool.reserved(page) + needed - free);
        System.err.println("xdpsock: reserved huge pages: the 2 MiB pool now has " + got + " pages");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** txonly: every UMEM frame holds a generated frame (valid headers, sequence number, checksum). */
    private void writeTxFrames() {
        final FrameGenerator g = FrameGenerator.builder().sizes(o.packetSize).flows(1).build();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        for (int f = 0; f < UMEM_FRAMES; f++) {
            view.wrap(umem.address() + (long) f * o.frameSize, o.frameSize);
            g.poll(view, 0, o.frameSize);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The loops

    private Summary loop() {
        final Stats stats = new Stats(this);
        final long start = System.nanoTime();
        final long end = o.duration == null ? Long.MAX_VALUE : start + (long) (o.duration * 1e9);
        final long warmupEnd = start + (long) (o.warmup * 1e9);
        final boolean print = o.interval > 0;
        final long intervalNanos = print ? (long) (o.interval * 1e9) : 0;
        long nextPrint = start + intervalNanos;
        long gcBaseline = -1;
        long txNext = 0;
        while (!stop) {
            step(txNext);
            if (mode.equals("txonly")) {
                txNext = txSubmitted;
            }
            final long now = System.nanoTime();
            if (gcBaseline < 0 && now >= warmupEnd) {
                gcBaseline = gcCount();
            }
            if (print && now >= nextPrint) {
                stats.print(now);
                nextPrint += intervalNanos;
            }
            if (now >= end || generatorEnded()) {
                break;
            }
        }
        final long stopped = System.nanoTime();
        final long gcAfter = gcBaseline < 0 ? -1 : gcCount() - gcBaseline;
        drain();
        final Summary s = summarize((stopped - start) / 1e9);
        s.gcAfterWarmup = gcAfter;
        return s;
    }

    private boolean generatorEnded() {
        return generator != null && generator.exhausted() || pcapReader != null && pcapReader.ended();
    }

    /** One round of the application (and of the poller when it runs here). */
    private void step(long txNext) {
        if (o.busyPoll || receptionStopped) {
            work.getAsInt();
        }
        switch (mode) {
            case "rxdrop" -> rxDrop();
            case "l2fwd" -> l2fwd();
            default -> txOnly(txNext);
        }
    }

    /** Takes Rx descriptors and returns their frames to the fill ring. */
    private void rxDrop() {
        final int n = rx.peek(o.batch);
        if (n == 0) {
            kickRxIfAsked();
            return;
        }
        final int idx = rx.peekIndex();
        fill.reserve(n); // the fill ring holds every frame: it always has room for those coming back
        final int f = fill.reservedIndex();
        final long mask = umem.chunkMask();
        for (int i = 0; i < n; i++) {
            fill.putAddr(f + i, rx.descAddr(idx + i) & mask);
        }
        fill.submit();
        rx.release(n);
        consumed += n;
    }

    /** Swaps the MAC addresses of each received frame and sends it back out; completions refill the fill ring. */
    private void l2fwd() {
        recycleCompletions(true);
        final int n = rx.peek(o.batch);
        if (n == 0) {
            kickRxIfAsked();
            return;
        }
        final int idx = rx.peekIndex();
        final int room = tx.reserveUpTo(n);
        final int t = tx.reservedIndex();
        for (int i = 0; i < n; i++) {
            final long addr = rx.descAddr(idx + i);
            final int len = rx.descLen(idx + i);
            if (i < room) {
                swapMacs(umem.addressOf(addr));
                tx.putDesc(t + i, addr, len, 0);
            } else {
                recycleToFill(addr & umem.chunkMask()); // Tx ring full: the frame goes back, counted
                appTxFull++;
            }
        }
        tx.submit();
        rx.release(n);
        consumed += n;
        forwarded += room;
        kickTxIfAsked();
    }

    /** Keeps the Tx ring full of frames; completed frames are sent again. */
    private void txOnly(long txNext) {
        recycleCompletions(false);
        if (draining) {
            return; // stopped: only completions are collected
        }
        final long inFlight = txSubmitted - txCompleted;
        final int want = (int) Math.min(o.batch, Math.min(RING, UMEM_FRAMES) - inFlight);
        if (want <= 0) {
            return;
        }
        final int n = tx.reserveUpTo(want);
        final int t = tx.reservedIndex();
        for (int i = 0; i < n; i++) {
            final long frame = ((txNext + i) % UMEM_FRAMES) * o.frameSize;
            tx.putDesc(t + i, frame, o.packetSize, 0);
        }
        tx.submit();
        txSubmitted += n;
        kickTxIfAsked();
    }

    private void recycleCompletions(boolean toFill) {
        final int n = comp.peek(RING);
        if (n == 0) {
            return;
        }
        if (toFill) {
            final int idx = comp.peekIndex();
            fill.reserve(n);
            final int f = fill.reservedIndex();
            for (int i = 0; i < n; i++) {
                fill.putAddr(f + i, comp.addr(idx + i) & umem.chunkMask());
            }
            fill.submit();
        }
        comp.release(n);
        txCompleted += n;
    }

    private void recycleToFill(long chunk) {
        if (fill.reserve(1) == 1) {
            fill.putAddr(fill.reservedIndex(), chunk);
            fill.submit();
        }
    }

    private static void swapMacs(long frame) {
        final long dst = UnsafeApi.getLong(frame);      // bytes 0..7: dst MAC + 2 bytes of src
        final int srcTail = UnsafeApi.getInt(frame + 8); // bytes 8..11: last 4 bytes of src
        final short srcHead = UnsafeApi.getShort(frame + 6);
        UnsafeApi.putShort(frame + 6, (short) dst);                 // new src bytes 6..7 = old dst 0..1
        UnsafeApi.putInt(frame + 8, (int) (dst >>> 16));            // new src bytes 8..11 = old dst 2..5
        UnsafeApi.putShort(frame, srcHead);                          // new dst 0..1 = old src 6..7
        UnsafeApi.putInt(frame + 2, srcTail);                        // new dst 2..5 = old src 8..11
    }

    private void kickRxIfAsked() {
        if (!o.busyPoll && xsk.fillRing().needsWakeup()) {
            xsk.wakeup(XskSocket.XDP_WAKEUP_RX);
        }
    }

    private void kickTxIfAsked() {
        if (xsk.txRing().needsWakeup()) {
            xsk.wakeup(XskSocket.XDP_WAKEUP_TX);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Stop, drain, account

    /**
     * Stops the generator (the model's wire; unless {@code --keep-sending}), or reception where the peer may keep
     * sending ({@link #stopReception()}), then keeps the data path and the application running until every frame is
     * accounted for (delivered or counted as dropped) and every transmitted frame is completed, or the data path made
     * no progress for {@link #DRAIN_NANOS}.
     */
    private void drain() {
        if (gate != null && !o.keepSending) {
            gate.open = false;
        }
        draining = true;
        if (deviceCounted && !mode.equals("txonly")) {
            stopReception();
        }
        long lastProgress = System.nanoTime();
        long lastMark = -1;
        while (System.nanoTime() - lastProgress < DRAIN_NANOS) {
            for (int i = 0; i < 1000; i++) {
                step(txSubmitted);
            }
            final long mark = consumed + txCompleted + (runner == null ? 0 : runner.frames());
            if (mark != lastMark) {
                lastMark = mark;
                lastProgress = System.nanoTime();
            }
            if (balanced()) {
                return;
            }
        }
    }

    /**
     * A peer that keeps sending never lets the rings drain, and the device's counters, read one register at a time,
     * would catch a frame in one counter and not yet in another. So the port stops reception
     * ({@link I40ePort#stopReception()}: the VSI takes no more frames, the queue is disabled, what the device wrote
     * back and no poller took is counted in {@code rx-N.dropped_at_stop}); before that the poller takes what is
     * written back, at most {@link #STOP_POLL_CYCLES} cycles. From then on the VSI's counters hold still and the
     * poller runs here, for Tx completions only.
     */
    private void stopReception() {
        if (!o.busyPoll) {
            port.stopPollers();
        }
        for (int i = 0; i < STOP_POLL_CYCLES; i++) {
            final int n = work.getAsInt();
            step(txSubmitted);
            if (n == 0) {
                break;
            }
        }
        port.stopReception();
        receptionStopped = true;
    }

    private boolean balanced() {
        if (mode.equals("txonly")) {
            return txCompleted == txSubmitted;
        }
        return summarize(0).unaccounted() == 0 && (!mode.equals("l2fwd") || txCompleted == forwarded);
    }

    private Summary summarize(double seconds) {
        if (kport != null) {
            return summarizeKernel(seconds);
        }
        final Summary s = new Summary();
        s.mode = mode;
        s.path = path.label;
        s.rx = o.rx;
        s.device = o.pci == null ? "simulated XL710" : o.pci;
        s.seconds = seconds;
        final Map<String, Long> st = port.statistics();
        if (mode.equals("txonly")) {
            s.generated = txSubmitted;
            s.delivered = txCompleted;
            s.drops.put("tx_invalid_descs", socketStats().txInvalidDescs);
            s.extra.put("tx_in_flight", txSubmitted - txCompleted);
            s.extra.put("wire_frames", wireFrames());
            return s;
        }
        if (deviceCounted) {
            // The peer's frames are known only by the device's count: those it gave this port's VSI.
            s.generated = vsiReceived(st);
            putPortCounters(st, s.extra);
        } else {
            // The model's wire is known: frames lost at the port, before the VSI, are drops too.
            s.generated = generator != null ? generator.generated() : pcapReader.frames();
            putPortDrops(st, s.drops);
        }
        s.delivered = mode.equals("l2fwd") ? forwarded : consumed;
        putVsiDrops(st, o.queue, s.drops);
        s.drops.put("xdp_aborted", runner.dropAborted());
        s.drops.put("xdp_drop", runner.dropDrop());
        s.drops.put("xdp_pass_no_handler", runner.dropPassNoHandler());
        s.drops.put("xdp_tx_full", runner.dropTxFull());
        s.drops.put("xdp_redirect_failed", runner.dropRedirect());
        s.drops.put("xdp_xsk_failed", runner.dropXsk());
        if (mode.equals("l2fwd")) {
            s.drops.put("app_tx_ring_full", appTxFull);
            s.extra.put("wire_frames", wireFrames());
        }
        // Frames still in flight inside the data path while running (0 after the drain).
        final long inFlight = s.generated - s.delivered - s.dropTotal();
        s.extra.put("in_flight_at_stop", Math.max(inFlight, 0));
        final XdpStatistics xs = socketStats();
        s.extra.put("rx_ring_full", xs.rxRingFull);
        s.extra.put("rx_dropped", xs.rxDropped);
        s.extra.put("rx_fill_ring_empty_descs", xs.rxFillRingEmptyDescs);
        s.extra.put("zero_copy", xsk.options() == XskSocket.XDP_OPTIONS_ZEROCOPY ? 1 : 0);
        return s;
    }

    // The device's part of the count, from the driver's statistics (I40ePort#statistics names). Each frame the port
    // takes off the wire is in exactly one of: the port's good-packet counters (GLPRT_UPRC/MPRC/BPRC), its size and
    // length errors (GLPRT_RUC, GLPRT_ROC, GLPRT_RLEC, not good packets), its discards (GLPRT_RDPC). A good packet
    // the switch gives the VSI is in the VSI's packet counters (GLV_UPRC/MPRC/BPRC) even when the VSI then discards
    // it for lack of descriptors (GLV_RDPC): DPDK's i40e_dev_stats_get computes ipackets = GLV_UPRC + GLV_MPRC +
    // GLV_BPRC − GLV_RDPC and imissed = GLPRT_RDPC + GLV_RDPC (two different events), and Linux reports GLV_RDPC as
    // rx_missed_errors (buffer exhaustion). So a VSI discard is a drop and is never added to the frames received.

    /** Frames the device gave the port's VSI: GLV_UPRC + GLV_MPRC + GLV_BPRC, its discards included. */
    static long vsiReceived(Map<String, Long> st) {
        return st.get("rx_unicast") + st.get("rx_multicast") + st.get("rx_broadcast");
    }

    /**
     * Frames the port took off the wire and lost before any VSI: size and length errors (not good packets, so not in
     * any packet counter) and the port's own discards (GLPRT_RDPC). Drops when the frames on the wire are known (the
     * model's generator); otherwise they were never part of the VSI's count.
     */
    static void putPortDrops(Map<String, Long> st, Map<String, Long> drops) {
        drops.put("port_rx_discards", st.get("port.rx_discards"));
        drops.put("rx_oversize", st.get("port.rx_oversize"));
        drops.put("rx_undersize", st.get("port.rx_undersize"));
        drops.put("rx_length_errors", st.get("port.rx_length_errors"));
    }

    /** The port's counters, as extra fields when the VSI's count is the reference (they move while a peer sends). */
    private static void putPortCounters(Map<String, Long> st, Map<String, Object> extra) {
        extra.put("port_rx_packets", st.get("port.rx_unicast") + st.get("port.rx_multicast")
            + st.get("port.rx_broadcast"));
        extra.put("port_rx_discards", st.get("port.rx_discards"));
        extra.put("port_rx_oversize", st.get("port.rx_oversize"));
        extra.put("port_rx_undersize", st.get("port.rx_undersize"));
        extra.put("port_rx_length_errors", st.get("port.rx_length_errors"));
    }

    /**
     * Frames the VSI received and lost: its discards (GLV_RDPC: no descriptor, queue stopped), and the driver's
     * counters of {@code queue}: frames written back but not taken when the queue stopped (a socket bind restarts
     * it; so does {@link I40ePort#stopReception()}), descriptors with errors, frames too long for the buffer,
     * frames over several descriptors.
     */
    static void putVsiDrops(Map<String, Long> st, int queue, Map<String, Long> drops) {
        final String q = "rx-" + queue + ".";
        drops.put("rx_discards", st.get("rx_discards"));
        drops.put("driver_dropped_at_stop", st.get(q + "dropped_at_stop"));
        drops.put("driver_rx_errors", st.get(q + "errors"));
        drops.put("driver_oversize", st.get(q + "oversize"));
        drops.put("driver_multi_buffer", st.get(q + "multi_buffer_drops"));
    }

    /**
     * With -i the socket sees only what the kernel's program redirected to it, so {@code generated} is that: the
     * frames the application took plus the socket's drop counters (XDP_STATISTICS). Frames the kernel dropped before
     * XDP show in the interface's counters ({@code if_*} deltas).
     */
    private Summary summarizeKernel(double seconds) {
        final Summary s = new Summary();
        s.mode = mode;
        s.path = "kernel-redirect";
        s.rx = kport.xdpMode().name().toLowerCase(java.util.Locale.ROOT) + "-xdp";
        s.device = o.iface;
        s.seconds = seconds;
        final XdpStatistics xs = socketStats();
        if (mode.equals("txonly")) {
            s.generated = txSubmitted;
            s.delivered = txCompleted;
            s.drops.put("tx_invalid_descs", xs.txInvalidDescs);
            s.extra.put("tx_in_flight", txSubmitted - txCompleted);
        } else {
            s.delivered = mode.equals("l2fwd") ? forwarded : consumed;
            s.drops.put("rx_dropped", xs.rxDropped);
            s.drops.put("rx_ring_full", xs.rxRingFull);
            if (mode.equals("l2fwd")) {
                s.drops.put("app_tx_ring_full", appTxFull);
            }
            s.generated = consumed + xs.rxDropped + xs.rxRingFull;
            s.extra.put("rx_fill_ring_empty_descs", xs.rxFillRingEmptyDescs);
            s.extra.put("rx_invalid_descs", xs.rxInvalidDescs);
        }
        s.extra.put("zero_copy", xsk.options() == XskSocket.XDP_OPTIONS_ZEROCOPY ? 1 : 0);
        final Map<String, Long> st = kport.statistics();
        final String q = "xsk-" + o.queue + ".";
        s.extra.put("tx_kicks", st.get(q + "tx_kicks"));
        s.extra.put("rx_kicks", st.get(q + "rx_kicks"));
        s.extra.put("kick_errors", st.get(q + "kick_errors"));
        s.extra.put("kick_last_errno", st.get(q + "kick_last_errno"));
        for (Map.Entry<String, Long> e : st.entrySet()) {
            if (e.getKey().startsWith("if.") && kernelBase != null && kernelBase.containsKey(e.getKey())) {
                s.extra.put("if_" + e.getKey().substring(3), e.getValue() - kernelBase.get(e.getKey()));
            }
        }
        return s;
    }

    private XdpStatistics socketStats() {
        final XdpStatistics x = new XdpStatistics();
        xsk.statistics(x);
        return x;
    }

    private long wireFrames() {
        if (sink instanceof CountingSink c) {
            return c.frames();
        }
        if (sink instanceof PcapWriter w) {
            return w.frames();
        }
        return -1;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(gc.getCollectionCount(), 0);
        }
        return n;
    }

    private void close() {
        RuntimeException failure = null;
        try {
            if (kport != null) {
                kport.close(); // stops its pollers first
            }
            if (port != null) {
                if (!o.busyPoll) {
                    port.stopPollers();
                }
                port.close();
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        if (modelRunner != null) {
            modelRunner.close();
        }
        if (model != null) {
            model.close();
        } else if (fn != null) {
            fn.close();
        }
        if (sink instanceof PcapWriter w) {
            w.close();
        }
        if (pcapReader != null) {
            pcapReader.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Periodic statistics in xdpsock's layout, on stderr with --json, else stdout. */
    private static final class Stats {
        private final XdpsockRun r;
        private long lastNanos;
        private long lastRx;
        private long lastTx;
        private final long begin = System.nanoTime();

        Stats(XdpsockRun r) {
            this.r = r;
            this.lastNanos = begin;
        }

        void print(long now) {
            final PrintStream out = r.o.json ? System.err : System.out;
            final double dt = (now - lastNanos) / 1e9;
            final long rxTotal = r.mode.equals("txonly") ? 0 : r.consumed;
            final long txTotal = r.mode.equals("rxdrop") ? 0 : r.mode.equals("l2fwd") ? r.forwarded : r.txSubmitted;
            out.printf("%n sock0@%s:%d %s %s/%s%n", r.o.iface != null ? r.o.iface : r.o.pci == null ? "sim-xl710"
                : r.o.pci, r.o.queue, r.mode, r.kport != null ? "kernel-redirect" : r.path.label,
                r.kport != null ? r.kport.xdpMode().name().toLowerCase(java.util.Locale.ROOT) + "-xdp" : r.o.rx);
            out.printf("                   pps            pkts           %.2f%n", (now - begin) / 1e9);
            out.printf("rx                 %-14s %-14s%n", fmt((rxTotal - lastRx) / dt), fmt(rxTotal));
            out.printf("tx                 %-14s %-14s%n", fmt((txTotal - lastTx) / dt), fmt(txTotal));
            if (r.kport != null && !r.mode.equals("txonly")) {
                final XdpStatistics xs = r.socketStats();
                out.printf("rx dropped         %-14s (xsk rx_dropped %s, rx_ring_full %s)%n",
                    fmt(xs.rxDropped + xs.rxRingFull), fmt(xs.rxDropped), fmt(xs.rxRingFull));
            } else if (!r.mode.equals("txonly")) {
                out.printf("rx dropped         %-14s (device %s, xsk %s)%n", fmt(
                        r.runner.dropXsk() + r.runner.dropRedirect()), fmt(r.port.statistics().get("rx_discards")),
                    fmt(r.runner.dropXsk() + r.runner.dropRedirect()));
            }
            lastNanos = now;
            lastRx = rxTotal;
            lastTx = txTotal;
        }

        private static String fmt(double v) {
            return String.format("%,d", (long) v);
        }
    }

}
