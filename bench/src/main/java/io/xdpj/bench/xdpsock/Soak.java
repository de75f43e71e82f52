package io.xdpj.bench.xdpsock;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import io.xdpj.i40e.I40eConfig;
import io.xdpj.i40e.I40eException;
import io.xdpj.i40e.I40ePort;
import io.xdpj.i40e.I40eQueuePoller;
import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;
import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;
import io.xdpj.ring.XskRing;
import io.xdpj.sim.SimAgent;
import io.xdpj.sim.SimConfig;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.lan.LanEngine;
import io.xdpj.sim.lan.PortStatistics;
import io.xdpj.sim.wire.CountingSink;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.Wire;
import io.xdpj.vfio.DmaAllocator;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.PciFunction;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XdpRxRunner;
import io.xdpj.xsk.XskMap;
import io.xdpj.xsk.XskMapDirect;
import io.xdpj.xsk.XskSocket;

/**
 * The soak run: eight phases on a fresh simulated XL710 each, four configurations (delivery path × Rx mode, copy
 * and zero-copy alternating) run twice: first with {@code warmupShare} of the frames (warm-up; the memory baseline
 * is taken after it), then with the rest. The application thread runs the driver's poller and the application
 * (busy poll); the model runs on its own thread, its generator as fast as the model takes frames.
 *
 * <h2>Accounting</h2>
 * Every frame the generator produced is either delivered (read from the socket's Rx ring, then checked: IPv4
 * header checksum, filler, payload checksum, length of its sequence number's size, sequence increasing) or counted
 * once in exactly one drop counter: the model's own free-running counters for what the device discards (GLV_RDPC
 * no descriptor / queue stopped / port down, GLPRT_ROC longer than the queue's rxmax, GLPRT_RUC, frames the MAC
 * filter refused while the port was closed), and the driver's and XDP stage's counters of each port instance,
 * read just before that port is closed. A phase ends when the generator is exhausted and the sum balances.
 *
 * <h2>Faults (with --faults, a seeded schedule)</h2>
 * Link flaps (cable out for 1-10 ms); admin-queue errors (Get Link Status answered with EIO, reached through a
 * link flap: the driver must report it from {@code service()} and keep running); firmware (EMP) resets: the
 * driver reports them from {@code service()}, the soak drains what was received, closes the port and opens a new
 * one on the same device (the driver does not recover in place; the frames the device discards meanwhile are in
 * its counters). The soak keeps the cable out from the close until the new socket is bound; with
 * {@code --reopen-with-traffic} frames arrive meanwhile, and those the device wrote back before the bind restarted
 * the Rx queue are the driver's {@code rx-0.dropped_at_stop} (driver_dropped_at_stop). Fill-ring starvation (the application keeps received frames for 2-20 ms); Rx-ring-full bursts
 * (the application does not read its Rx ring for 1-10 ms).
 *
 * <h2>Watchdog</h2>
 * A stall is 1 s with pending work (the generator has frames, the link is up and the port open; or frames still
 * unaccounted after the generator ended) and no progress (no frame generated, received by the XDP stage,
 * delivered or discarded by the device). A phase with 10 s of no progress is abandoned.
 */
final class Soak {

    /** Smallest --frames: 8 phases of at least 1000 frames. */
    static final long MIN_FRAMES = 8000;
    /**
     * Frame lengths (no FCS) used in turn: the Ethernet minimum, odd sizes, both copy-mode (1792-byte buffer) and
     * zero-copy (3840-byte buffer) limits from either side, jumbo frames up to 9000. The ports run with
     * {@code rxChainedFrames}: the device writes a frame longer than one buffer over several descriptors (rxmax =
     * min(5 buffers, 9728) with FCS: 8960 in copy mode, 9728 in zero-copy), which the driver drops whole and counts
     * ({@code driver_multi_buffer}); longer still, the device refuses it (GLPRT_ROC, {@code rx_oversize}).
     */
    static final int[] SIZES = {60, 61, 64, 127, 128, 255, 333, 512, 777, 1001, 1024, 1500, 1514, 1787, 1788, 1789,
        2048, 3001, 3835, 3836, 3837, 4096, 6007, 9000};
    private static final int CHUNK = 4096;
    private static final int UMEM_FRAMES = 4096;
    private static final int RX_RING = 512;
    private static final int APP_BATCH = 64;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long ABANDON_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long SERVICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long REOPEN_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The four configurations, each phase runs one. */
    static final Config[] CONFIGS = {
        new Config(Path.REDIRECT, false, true),
        new Config(Path.REDIRECT, true, false),
        new Config(Path.REDIRECT_XSK, false, false),
        new Config(Path.REDIRECT_XSK, true, true),
    };

    /** One configuration: delivery path, batched or scalar Rx, zero-copy or copy. */
    record Config(Path path, boolean batched, boolean zeroCopy) {
        String label() {
            return path.label + "/" + (batched ? "batched" : "scalar") + "/" + (zeroCopy ? "zc" : "copy");
        }
    }

    private final long frames;
    private final boolean faults;
    private final double warmupShare;
    private final double rate;
    private final boolean reopenWithTraffic;
    private final PrintStream log;
    private final Random random;
    private final SoakReport report;
    /** Live bytes of DMA memory the soak's ports hold (the off-heap figure without NMT). */
    private final AtomicLong dmaLive = new AtomicLong();

    Soak(long frames, boolean faults, long seed, double warmupShare, double rate, boolean reopenWithTraffic,
         PrintStream log) {
        this.frames = frames;
        this.reopenWithTraffic = reopenWithTraffic;
        this.rate = rate;
        this.faults = faults;
        this.warmupShare = warmupShare;
        this.log = log;
        this.random = new Random(seed);
        this.report = new SoakReport(seed, frames, faults);
    }

    SoakReport run() {
        final long start = System.nanoTime();
        final long warm = Math.max(4 * (MIN_FRAMES / 8), (long) (frames * warmupShare));
        for (int i = 0; i < CONFIGS.length; i++) {
            new Phase(CONFIGS[i], share(warm, i), true).run();
        }
        final long heap0 = SoakMemory.heapUsedAfterGc();
        final long nmt0 = SoakMemory.nmtOtherCommitted();
        final long dma0 = dmaLive.get();
        for (int i = 0; i < CONFIGS.length; i++) {
            new Phase(CONFIGS[i], share(frames - warm, i), false).run();
        }
        report.heapGrowth = SoakMemory.heapUsedAfterGc() - heap0;
        final long nmt1 = SoakMemory.nmtOtherCommitted();
        if (nmt0 >= 0 && nmt1 >= 0) {
            report.offheapGrowth = nmt1 - nmt0;
            report.offheapSource = "nmt_other_committed";
        } else {
            report.offheapGrowth = dmaLive.get() - dma0;
            report.offheapSource = "dma_live_bytes";
            report.notes.add("native memory tracking is off: off-heap growth counts DMA blocks only; run with "
                + "-XX:NativeMemoryTracking=summary for every native allocation");
        }
        report.seconds = (System.nanoTime() - start) / 1e9;
        return report;
    }

    /** Phase {@code i}'s part of {@code total}: equal parts, the remainder to the last. */
    private static long share(long total, int i) {
        final long part = total / CONFIGS.length;
        return i == CONFIGS.length - 1 ? total - part * (CONFIGS.length - 1) : part;
    }

    /** One phase: a device, a port (reopened after firmware resets), a socket, the loop, the drain, the accounting. */
    private final class Phase {
        private final Config config;
        private final long count;
        private final boolean warmup;
        private final FrameGenerator generator;
        private final Gate gate;
        private final SimulatedXl710 model;
        private final PciFunction fn;
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private final long[] held = new long[UMEM_FRAMES];
        private AgentRunner modelRunner;

        // The port instance and its socket.
        private I40ePort port;
        private Umem umem;
        private XskSocket xsk;
        private XdpRxRunner runner;
        private I40eQueuePoller poller;
        private RingConsumer rx;
        private RingProducer fill;

        private long delivered;
        private long corrupt;
        private long lastSequence = -1;
        private int heldCount;
        /** Drops counted by port instances already closed, by reason. */
        private final Map<String, Long> closedDrops = new LinkedHashMap<>();

        // Fault state (application thread only).
        private long nextFault;
        private long linkUpAt;
        private long starveUntil;
        private long rxPauseUntil;
        private boolean aqArmed;
        /** A firmware reset was injected and the driver has not reported it yet. */
        private boolean resetPending;

        /** The last faults injected, for the stall report. */
        private final ArrayDeque<String> recent = new ArrayDeque<>();

        // Watchdog.
        private long lastMark = -1;
        private long lastProgress;
        private boolean stalled;

        Phase(Config config, long count, boolean warmup) {
            this.config = config;
            this.count = count;
            this.warmup = warmup;
            final FrameGenerator.Builder g = FrameGenerator.builder().sizes(SIZES).count(count);
            if (rate > 0) {
                g.rate(rate);
            }
            this.generator = g.build();
            this.gate = new Gate(generator);
            this.model = SimulatedXl710.create(SimConfig.builder().build(), Wire.of(gate, new CountingSink()));
            this.fn = countingDma(model, dmaLive);
        }

        void run() {
            final long t0 = System.nanoTime();
            modelRunner = SimAgent.start(model, new BusySpinIdleStrategy());
            try {
                openPort();
                gate.open = true;
                lastProgress = System.nanoTime();
                nextFault = lastProgress + faultGap();
                final boolean finished = loop() && drain();
                if (!finished) {
                    report.notes.add(config.label() + ": abandoned after " + ABANDON_NANOS / 1_000_000_000L
                        + " s without progress");
                }
            } finally {
                gate.open = false;
                if (resetPending) {
                    report.fwResetsAtEnd++; // injected as the phase ended, before a service() call could see it
                }
                closePort();
                report.dmaMappingsLeft += model.iommu().mappingCount();
                modelRunner.close();
                account((System.nanoTime() - t0) / 1e9);
                model.close();
            }
        }

        // ----------------------------------------------------------------------------------------------------
        // Port instance

        /**
         * Opens a port instance with its socket and program, the fill ring full. A failure after the port opened
         * closes that port and frees the socket's rings before it is thrown (the caller may retry).
         */
        private void openPort() {
            final I40eConfig.Builder cfg = I40eConfig.builder().rxQueues(1).ringSize(512)
                .rxMode(config.path.rxMode(config.batched)).promiscuous(true).rxBudget(256).rxChainedFrames(true);
            if (config.batched) {
                cfg.batchSize(32);
            }
            final I40ePort p = I40ePort.open(fn, cfg.build());
            final XskSocket s = new XskSocket();
            try {
                final Umem u = p.createUmem(new UmemConfig((long) UMEM_FRAMES * CHUNK, CHUNK, 0, 0, false));
                s.registerUmem(u);
                s.createFillRing(UMEM_FRAMES);
                s.createCompletionRing(RX_RING);
                s.createRxRing(RX_RING);
                final XskMap map = new XskMap(4);
                final XskMapDirect direct = new XskMapDirect(4);
                p.attachProgram(config.path.program(map, direct), null);
                p.bind(s, 0, XskSocket.XDP_USE_NEED_WAKEUP
                    | (config.zeroCopy ? XskSocket.XDP_ZEROCOPY : XskSocket.XDP_COPY));
                map.update(0, s);
                direct.update(0, s);
                umem = u;
            } catch (RuntimeException e) {
                try {
                    p.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                freeRings(s);
                throw e;
            }
            port = p;
            xsk = s;
            runner = port.runner(0);
            poller = port.poller(0);
            rx = xsk.rxRing().consumer();
            fill = xsk.fillRing().producer();
            fill.reserve(UMEM_FRAMES);
            for (int f = 0; f < UMEM_FRAMES; f++) {
                fill.putAddr(fill.reservedIndex() + f, (long) f * CHUNK);
            }
            fill.submit();
            heldCount = 0;
            poller.doWork(); // posts the fill ring's frames before frames arrive
        }

        /**
         * NB: XskSocket.close leaves its rings allocated (the kernel frees them when the application unmaps them, as
         * xsk_socket__delete does): the application frees its views once the port is closed.
         */
        private void freeRings(XskSocket s) {
            for (XskRing r : new XskRing[] {s.fillRing(), s.completionRing(), s.rxRing()}) {
                if (r != null) {
                    r.free();
                }
            }
        }

        /** Closes the port instance after adding its drop counters to {@link #closedDrops}. */
        private void closePort() {
            if (port == null) {
                return;
            }
            try {
                driverDrops(port, runner, closedDrops, true);
            } catch (RuntimeException e) {
                report.notes.add(config.label() + ": statistics before close: " + e.getMessage());
            }
            try {
                port.close();
            } catch (RuntimeException e) {
                report.closeErrors++;
            }
            port = null;
            freeRings(xsk);
        }

        /** Adds (or, with {@code add} false, puts) the driver's and XDP stage's drop counters into {@code out}. */
        private void driverDrops(I40ePort p, XdpRxRunner r, Map<String, Long> out, boolean add) {
            final Map<String, Long> st = p.statistics();
            put(out, "driver_rx_errors", st.get("rx-0.errors"), add);
            put(out, "driver_oversize", st.get("rx-0.oversize"), add);
            put(out, "driver_multi_buffer", st.get("rx-0.multi_buffer_drops"), add);
            put(out, "driver_dropped_at_stop", st.getOrDefault("rx-0.dropped_at_stop", 0L), add);
            put(out, "xdp_aborted", r.dropAborted(), add);
            put(out, "xdp_drop", r.dropDrop(), add);
            put(out, "xdp_pass_no_handler", r.dropPassNoHandler(), add);
            put(out, "xdp_tx_full", r.dropTxFull(), add);
            put(out, "xdp_redirect_failed", r.dropRedirect(), add);
            put(out, "xdp_xsk_failed", r.dropXsk(), add);
        }

        private void put(Map<String, Long> out, String k, long v, boolean add) {
            if (add) {
                out.merge(k, v, Long::sum);
            } else {
                out.put(k, v);
            }
        }

        /** The device's discards, from the model's free-running counters (never reset by the driver). */
        private void deviceDrops(Map<String, Long> out) {
            final LanEngine e = model.engine();
            final PortStatistics s = e.statistics();
            out.put("rx_discards", s.value(PortStatistics.V_RDPC));
            out.put("rx_oversize", s.value(PortStatistics.ROC));
            out.put("rx_undersize", s.value(PortStatistics.RUC));
            out.put("mac_filtered", e.filteredFrames());
        }

        /** Frames neither delivered nor counted: 0 once every frame generated so far is accounted for. */
        private long inFlight() {
            final Map<String, Long> d = new LinkedHashMap<>(closedDrops);
            if (port != null) {
                final Map<String, Long> now = new LinkedHashMap<>();
                driverDrops(port, runner, now, false);
                now.forEach((k, v) -> d.merge(k, v, Long::sum));
            }
            deviceDrops(d);
            long sum = 0;
            for (long v : d.values()) {
                sum += v;
            }
            return generator.generated() - delivered - sum;
        }

        // ----------------------------------------------------------------------------------------------------
        // Loop

        /** Runs until the generator is exhausted; false if abandoned. */
        private boolean loop() {
            long nextService = 0;
            int i = 0;
            while (!generator.exhausted()) {
                poller.doWork();
                application();
                if ((++i & 63) != 0) {
                    continue;
                }
                final long now = System.nanoTime();
                if (now >= nextService) {
                    nextService = now + SERVICE_NANOS;
                    service();
                    if (faults) {
                        faults(now);
                    }
                    if (!watchdog(now, gate.open && model.engine().linkUp())) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** After the generator ended: faults off, held frames back, run until every frame is accounted for. */
        private boolean drain() {
            endFaults();
            disarmAqError();
            long next = 0;
            while (true) {
                poller.doWork();
                application();
                final long now = System.nanoTime();
                if (now >= next) {
                    next = now + SERVICE_NANOS;
                    service();
                    if (inFlight() == 0) {
                        return true;
                    }
                    if (!watchdog(now, true)) {
                        return false;
                    }
                }
            }
        }

        /** Reads the Rx ring, checks each frame, returns frames to the fill ring (or keeps them: starvation). */
        private void application() {
            final long now = rxPauseUntil != 0 || starveUntil != 0 ? System.nanoTime() : 0;
            if (rxPauseUntil != 0) {
                if (now < rxPauseUntil) {
                    return; // Rx-ring-full burst: the application does not read
                }
                rxPauseUntil = 0;
            }
            final int n = rx.peek(APP_BATCH);
            if (n == 0) {
                return;
            }
            final int idx = rx.peekIndex();
            final boolean starving = starveUntil != 0 && now < starveUntil;
            if (starveUntil != 0 && !starving) {
                starveUntil = 0;
                returnHeld();
            }
            if (!starving && fill.reserve(n) != n) {
                throw new IllegalStateException("the fill ring of " + UMEM_FRAMES + " entries has no room for "
                    + n + " frames: the application holds more frames than the UMEM has");
            }
            final int f = fill.reservedIndex();
            for (int k = 0; k < n; k++) {
                final long addr = rx.descAddr(idx + k);
                check(addr, rx.descLen(idx + k));
                final long chunk = addr & umem.chunkMask();
                if (starving) {
                    held[heldCount++] = chunk;
                } else {
                    fill.putAddr(f + k, chunk);
                }
            }
            if (!starving) {
                fill.submit();
            }
            rx.release(n);
            delivered += n;
        }

        private void returnHeld() {
            if (heldCount == 0) {
                return;
            }
            if (fill.reserve(heldCount) != heldCount) {
                throw new IllegalStateException("the fill ring has no room for the " + heldCount + " held frames");
            }
            final int f = fill.reservedIndex();
            for (int k = 0; k < heldCount; k++) {
                fill.putAddr(f + k, held[k]);
            }
            fill.submit();
            heldCount = 0;
        }

        /** Integrity (generator checksum), length (sizes in turn), order (sequence numbers increase). */
        private void check(long addr, int len) {
            view.wrap(umem.addressOf(addr), len);
            if (!FrameGenerator.verify(view, 0, len)) {
                corrupt++;
                return;
            }
            final long seq = FrameGenerator.sequence(view, 0);
            if (seq <= lastSequence || len != SIZES[(int) (seq % SIZES.length)]) {
                corrupt++;
            }
            lastSequence = seq;
        }

        // ----------------------------------------------------------------------------------------------------
        // Control path, faults, watchdog

        /** The driver's control-path service: link events, health. Failures are the faults' expected reports. */
        private void service() {
            try {
                port.service();
            } catch (I40eException e) {
                if (aqArmed && !"device health".equals(e.step())) {
                    report.aqErrorsReported++; // the AQ error came back as a typed exception; the port runs on
                    model.faults().clearCommandFaults();
                    aqArmed = false;
                    return;
                }
                if (!"device health".equals(e.step())) {
                    report.notes.add(config.label() + ": unexpected service failure: " + e.getMessage());
                }
                reopen();
            }
        }

        private void faults(long now) {
            if (linkUpAt != 0 && now >= linkUpAt) {
                model.faults().linkUp();
                linkUpAt = 0;
            }
            // One fault at a time: a second reset before the driver saw the first would make one reopen of two.
            if (now < nextFault || linkUpAt != 0 || starveUntil != 0 || rxPauseUntil != 0 || aqArmed
                || resetPending) {
                return;
            }
            nextFault = now + faultGap();
            final int pick = random.nextInt(100);
            if (recent.size() == 8) {
                recent.removeFirst();
            }
            recent.addLast(pick + "@" + delivered);
            if (pick < 25) {
                flapLink(now);
            } else if (pick < 40) {
                model.faults().failCommand(AdminQueueOpcode.GET_LINK_STATUS, AdminQueueReturnCode.EIO);
                aqArmed = true;
                report.aqErrorsInjected++;
                flapLink(now); // the link event makes the driver send Get Link Status
            } else if (pick < 46) {
                model.faults().firmwareReset();
                report.fwResets++;
                resetPending = true;
            } else if (pick < 73) {
                starveUntil = now + TimeUnit.MICROSECONDS.toNanos(2000 + random.nextInt(18_000));
                report.fillStarvations++;
            } else {
                rxPauseUntil = now + TimeUnit.MICROSECONDS.toNanos(1000 + random.nextInt(9_000));
                report.rxFullBursts++;
            }
        }

        private void flapLink(long now) {
            model.faults().linkDown();
            linkUpAt = now + TimeUnit.MICROSECONDS.toNanos(1000 + random.nextInt(9_000));
            report.linkFlaps++;
        }

        private long faultGap() {
            return TimeUnit.MILLISECONDS.toNanos(10 + random.nextInt(50));
        }

        /**
         * Clears an admin-queue error no command has met yet (its link event came while the port was being replaced,
         * or the phase ended): counted as unused, so that injected = reported + unused.
         */
        private void disarmAqError() {
            if (aqArmed) {
                report.aqErrorsUnused++;
                aqArmed = false;
            }
            model.faults().clearCommandFaults();
        }

        private void endFaults() {
            if (linkUpAt != 0) {
                model.faults().linkUp();
                linkUpAt = 0;
            }
            starveUntil = 0;
            rxPauseUntil = 0;
            returnHeld();
        }

        /**
         * Firmware reset: take what the old port received, close it (its counters are kept), open a new one. The
         * device discards (and counts) frames while no queue is enabled.
         */
        private void reopen() {
            final long quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            endFaults();
            long mark = -1;
            long lastChange = System.nanoTime();
            while (System.nanoTime() < quietUntil || System.nanoTime() - lastChange < 5_000_000L) {
                poller.doWork();
                application();
                final long m = delivered + runner.frames();
                if (m != mark) {
                    mark = m;
                    lastChange = System.nanoTime();
                }
                if (System.nanoTime() - lastChange > REOPEN_NANOS) {
                    break;
                }
            }
            if (!reopenWithTraffic) {
                model.faults().linkDown(); // see the class comment: no frame reaches the port until it is bound
            }
            resetPending = false;
            closePort();
            disarmAqError();
            final long deadline = System.nanoTime() + REOPEN_NANOS;
            while (true) {
                try {
                    openPort();
                    if (!reopenWithTraffic) {
                        model.faults().linkUp();
                    }
                    report.portReopens++;
                    return;
                } catch (RuntimeException e) {
                    report.openRetries++;
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(config.label() + ": the port could not be reopened within "
                            + REOPEN_NANOS / 1_000_000_000L + " s after a firmware reset: " + e.getMessage(), e);
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
            }
        }

        /** Counts a stall after 1 s without progress while work is pending; false after 10 s (abandon). */
        private boolean watchdog(long now, boolean pending) {
            final LanEngine e = model.engine();
            final long mark = generator.generated() + delivered + runner.frames()
                + e.statistics().value(PortStatistics.V_RDPC) + e.statistics().value(PortStatistics.ROC)
                + e.filteredFrames();
            if (mark != lastMark || !pending) {
                lastMark = mark;
                lastProgress = now;
                stalled = false;
                return true;
            }
            if (!stalled && now - lastProgress > STALL_NANOS) {
                stalled = true;
                report.stalls++;
                log.println("soak: " + config.label() + ": stall: no progress for 1 s (generated "
                    + generator.generated() + ", delivered " + delivered + ", in flight " + inFlight()
                    + "); recent faults " + recent + "; xsk rx ring " + (xsk.rxRing().producerIndex()
                    - xsk.rxRing().consumerIndex()) + ", fill ring " + (xsk.fillRing().producerIndex()
                    - xsk.fillRing().consumerIndex()) + ", held " + heldCount + ", port " + port.statistics()
                    + ", rx head " + model.engine().rxHead(0) + ", link " + model.engine().linkUp());
            }
            return now - lastProgress < ABANDON_NANOS;
        }

        // ----------------------------------------------------------------------------------------------------
        // Accounting

        private void account(double seconds) {
            final Map<String, Long> d = new LinkedHashMap<>();
            deviceDrops(d);
            closedDrops.forEach((k, v) -> d.merge(k, v, Long::sum));
            long dropped = 0;
            for (Map.Entry<String, Long> x : d.entrySet()) {
                report.addDrop(x.getKey(), x.getValue());
                dropped += x.getValue();
            }
            report.generated += generator.generated();
            report.delivered += delivered;
            report.corrupt += corrupt;
            final long faultsSeen = model.iommu().faultCount();
            report.dmaFaults += faultsSeen;
            final String line = String.format(Locale.ROOT,
                "{\"config\":\"%s\",\"warmup\":%b,\"generated\":%d,\"delivered\":%d,\"dropped\":%d,\"corrupt\":%d,"
                    + "\"dma_faults\":%d,\"seconds\":%.3f}", config.label(), warmup, generator.generated(), delivered,
                dropped, corrupt, faultsSeen, seconds);
            report.phases.add(line);
            log.println("soak: " + line);
        }
    }


    /** The model as the port sees it, with its DMA allocations counted (live bytes). */
    private static PciFunction countingDma(SimulatedXl710 model, AtomicLong live) {
        return PciFunction.withAccess(model, model.bar0(), new DmaAllocator() {
            @Override
            public DmaMemory allocate(long length, long alignment, String purpose) {
                final DmaMemory m = model.dma().allocate(length, alignment, purpose);
                live.addAndGet(m.length());
                return new CountedMemory(m, live);
            }

            @Override
            public void close() {
                model.dma().close();
            }
        });
    }

    /** A DMA block whose close is counted once. */
    private static final class CountedMemory implements DmaMemory {
        private final DmaMemory m;
        private final AtomicLong live;
        private boolean closed;

        CountedMemory(DmaMemory m, AtomicLong live) {
            this.m = m;
            this.live = live;
        }

        @Override
        public long address() {
            return m.address();
        }

        @Override
        public long iova() {
            return m.iova();
        }

        @Override
        public long length() {
            return m.length();
        }

        @Override
        public AtomicBuffer buffer() {
            return m.buffer();
        }

        @Override
        public String purpose() {
            return m.purpose();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                live.addAndGet(-m.length());
            }
            m.close();
        }
    }
}
