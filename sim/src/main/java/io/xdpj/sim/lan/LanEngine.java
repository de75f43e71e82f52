package io.xdpj.sim.lan;

import static io.xdpj.i40e.hw.desc.RxDescriptor.I40E_RX_DESC_STATUS_CRCP_SHIFT;
import static io.xdpj.i40e.hw.desc.RxDescriptor.I40E_RX_DESC_STATUS_DD_SHIFT;
import static io.xdpj.i40e.hw.desc.RxDescriptor.I40E_RX_DESC_STATUS_EOF_SHIFT;
import static io.xdpj.i40e.hw.desc.RxDescriptor.I40E_RX_DESC_STATUS_FLTSTAT_SHIFT;
import static io.xdpj.i40e.hw.desc.RxDescriptor.I40E_RX_DESC_STATUS_UMBCAST_SHIFT;
import static io.xdpj.i40e.hw.desc.RxDescriptor.I40E_RX_DESC_FLTSTAT_RSS_HASH;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import io.xdpj.i40e.hw.desc.RingGeometry;
import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.i40e.hw.desc.TxContextDescriptor;
import io.xdpj.i40e.hw.desc.TxDescriptor;
import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import io.xdpj.ring.FrameCopy;
import io.xdpj.sim.iommu.Iommu;
import io.xdpj.sim.wire.FrameSink;
import io.xdpj.sim.wire.FrameSource;
import io.xdpj.sim.wire.MacAddress;
import io.xdpj.sim.wire.Wire;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The LAN data plane of one PF: its Rx and Tx queues' DMA engines between host memory (through the {@link Iommu})
 * and the port's {@link Wire}.
 *
 * <h2>Use</h2>
 * The register file and firmware (the control side of the model) start and stop queues from decoded queue
 * contexts, forward tail-register writes, read head registers and set filters, RSS, link and bus mastering. The
 * model's agent thread calls {@link #doWork()} in a loop: one step moves Tx descriptors to the wire, then frames
 * from the wire into Rx queues, and returns how much it did.
 *
 * <p>A new engine is a port after reset: link down, bus mastering off, every queue stopped, no MAC filter, no
 * promiscuous mode, RSS off, max frame size {@value #DEFAULT_MAX_FRAME} bytes.
 *
 * <h2>Threads and memory ordering</h2>
 * Everything except {@link #doWork()} may be called from another thread (the driver's, through BAR0 writes).
 * Tail registers are release-stored by {@link #writeRxTail}/{@link #writeTxTail} and acquire-loaded by the agent,
 * so descriptors written before the tail write are seen; head registers go the other way (see {@link QueueState}).
 * Queue start/stop, filters and RSS publish immutable objects through volatile fields; a change takes effect at
 * the next step, and a queue stop returns only when the agent no longer uses that queue. Rx write-back order per
 * descriptor: buffer bytes, qword0 (and qword2/3), then qword1 with DD by one release store; pair: the driver's
 * acquire load of qword1 ({@link RxDescriptor#qword1Acquire}). Tx completion: qword1 := DTYPE 0xF by a release
 * store on each RS descriptor once its packet has left, then the head write-back (a release store of the u32 head)
 * once per queue per step. Statistics are counted during a step and published at its end (one release store per
 * changed counter), so the registers trail the data path by at most one step.
 *
 * <h2>Rx, per frame (the model's decisions where the facts are silent are marked "model")</h2>
 * <ol>
 *   <li>Size: frames under 60 bytes (64 with FCS) count GLPRT_RUC; over the max frame size (with FCS) GLPRT_ROC;
 *       both are dropped (model).</li>
 *   <li>Port counters: GLPRT_GORC (+4 FCS bytes per frame), UPRC/MPRC/BPRC by destination, PRC size buckets.</li>
 *   <li>MAC filter ({@link MacFilter}); a frame that does not pass is dropped and counted in
 *       {@link #filteredFrames()} (a model counter, not a register).</li>
 *   <li>VSI counters GLV_GORC/UPRC/MPRC/BPRC.</li>
 *   <li>Queue: with RSS on, LUT[hash mod LUT size] (model: the hash's low bits index the LUT), else queue 0.</li>
 *   <li>Discards, counted in GLV_RDPC only: queue missing, stopped or faulted; bus mastering off; fewer free
 *       descriptors than the frame needs (free = tail − head mod count: NB tail stays one behind, equal means no
 *       free descriptor, facts 7.2); a DMA fault while writing it. Why GLV_RDPC and not GLPRT_RDPC: the VSI packet
 *       counters include the frames the VSI then discards for lack of descriptors, and the two RDPC registers count
 *       different events: DPDK's {@code i40e_dev_stats_get} computes ipackets = GLV_UPRC + GLV_MPRC + GLV_BPRC −
 *       GLV_RDPC and imissed = GLPRT_RDPC + GLV_RDPC; Linux ("i40e: Add rx_missed_errors for buffer exhaustion",
 *       2023) reports GLV_RDPC as rx_missed_errors, buffer exhaustion. Counting a discard in both would count it
 *       twice. GLPRT_RDPC (port discards, before any VSI: model, the facts do not say which) never counts here:
 *       the model has no port packet buffer to overflow. A frame longer than the queue's rxmax (with FCS) counts
 *       GLPRT_ROC instead of the port's and VSI's good-packet counters (model; rxmax semantics beyond "max frame
 *       size" are not in the facts), so every frame is in exactly one of: good packets, RUC, ROC.</li>
 *   <li>Write: frames longer than one buffer span descriptors, EOF on the last (facts 7.2), each descriptor's
 *       LENGTH_PBUF its own bytes; the chain length is bounded only through rxmax (drivers keep rxmax within
 *       {@code I40E_MAX_CHAINED_RX_BUFFERS} = 5 buffers, facts 5.6). Write-back: DD, EOF, UMBCAST, FLTSTAT = 3
 *       with the hash in qword0[63:32] when RSS hashed the frame, CRCP when the FCS was left in the buffer, the
 *       ptype; no error bits, L3L4P clear (checksums are not verified), l2tag1 0 (no VLAN stripping), LENGTH_HBUF 0
 *       (no header split). 32-byte descriptors get qword2/3 = 0. Granularity: a descriptor's write-back waits
 *       until the rest of its 64-byte cache line is written back too (four 16-byte or two 32-byte descriptors),
 *       or until the step's burst ends, whichever comes first: the four-descriptor granularity of facts 9 (an
 *       iPXE statement, UNVERIFIED against the datasheet), with the end of the burst standing in for the
 *       interrupt/ITR-forced write-back of a partial line. Why it matters here: the driver polls the descriptor
 *       at next_to_clean on another core, so writing back one descriptor at a time would move that cache line
 *       between the two cores once per frame.</li>
 *   <li>FCS: the wire carries frames without FCS ({@link FrameSource}); with crcstrip = 0 the model appends the
 *       Ethernet CRC-32 (4 bytes, as transmitted: least significant byte first) and counts them in the length.</li>
 * </ol>
 *
 * <h2>Descriptor fetch</h2>
 * With prefena set in the queue context ("prefetch enable", which both drivers set, facts 5.6) the engine reads the
 * packet addresses of up to {@value #DESCRIPTOR_FETCH} descriptors at a time, from head towards the tail it last
 * loaded, into the queue's descriptor cache, and takes the next frame's buffer from there; with prefena clear it
 * reads one descriptor per frame. The cache size and the fetch thresholds of the real device are not in the facts
 * (model). The cache is dropped when the queue restarts. Why it matters here: the driver arms descriptors on
 * another core, so each line the engine reads is a cache miss; reading 64 descriptors in one short loop lets the
 * CPU overlap those misses, where reading each one as its frame arrives waits for them one at a time.
 *
 * <h2>Tx, per queue and step</h2>
 * Descriptors from head up to tail are gathered packet by packet up to the one with EOP; a packet whose EOP is not
 * yet before tail waits (head never stops inside a packet). Context descriptors (DTYPE 1) are consumed (facts
 * 7.4); a TSO request in one is not performed (model: the packet is dropped and counted). Dropped and counted in
 * {@link #badTxDescriptors()} and GLV_TEPC (model, the facts are silent on device behaviour): a data descriptor
 * with size 0, more than 8 data descriptors in a packet ({@code I40E_MAX_BUFFER_TXD}), a packet under 17 bytes
 * ({@code I40E_MIN_TX_LEN}) or over the max frame size, any other DTYPE (which also ends the packet). Frames under
 * 60 bytes are padded with zeros to 60 (model: what Ethernet MACs do). With the link down the frame is counted in
 * GLPRT_TDOLD and not sent, but its descriptors complete. Sent frames count GLPRT_GOTC (+4 FCS), UPTC/MPTC/BPTC,
 * PTC buckets and the GLV_* Tx counters; a backend that refuses a frame counts {@link #wireTxDrops()}. Every
 * consumed descriptor with RS gets DTYPE 0xF (facts 7.5); then, with head_wb_ena, the new head is written to
 * head_wb_addr (facts 5.7; model: once per queue per step, after the DTYPE 0xF write-backs).
 *
 * <h2>DMA faults</h2>
 * Every host access goes through {@link Iommu#translate}. A refused access stops its queue (as malicious-driver
 * detection does): {@link #rxQueueFaulted}/{@link #txQueueFaulted} turn true until the queue is started again, the
 * fault is in the IOMMU's log and {@link #dmaFaults()} counts it. The ring is translated (descriptor fetch and
 * write-back) when the queue starts and after every IOMMU table change, like an IOTLB entry; each buffer per
 * access.
 *
 * <p>The data path allocates nothing per frame and never throws; it counts. NB: descriptors and the head word
 * are accessed with native-order loads and stores, so the engine requires a little-endian host.
 */
public final class LanEngine {

    /** Frames taken from the wire per {@link #doWork()} step at most. */
    public static final int RX_BURST = 64;
    /** Rx descriptors read ahead per fetch with prefena set (model; class comment, "Descriptor fetch"). */
    public static final int DESCRIPTOR_FETCH = 64;
    /** Packets sent per Tx queue per step at most. */
    public static final int TX_BURST = 64;
    /** Default max frame size, FCS included ({@code I40E_FRAME_SIZE_MAX}, PRTGL_SAH.MFS 0x2600, facts 7.6). */
    public static final int DEFAULT_MAX_FRAME = RingGeometry.I40E_FRAME_SIZE_MAX;
    /** Ethernet FCS bytes, not carried on this model's wire. */
    public static final int FCS_BYTES = 4;
    /** Smallest frame without FCS (64 with it). */
    public static final int MIN_FRAME = 60;
    /** Largest frame the staging buffers take: the 14-bit LENGTH_PBUF / TX_BUF_SZ limit (facts 7.2, 7.3). */
    public static final int MAX_STAGED_FRAME = 16383;

    private static final long DD = 1L << I40E_RX_DESC_STATUS_DD_SHIFT;
    private static final long EOF = 1L << I40E_RX_DESC_STATUS_EOF_SHIFT;
    private static final long CRCP = 1L << I40E_RX_DESC_STATUS_CRCP_SHIFT;
    private static final long FLTSTAT_RSS = (long) I40E_RX_DESC_FLTSTAT_RSS_HASH << I40E_RX_DESC_STATUS_FLTSTAT_SHIFT;
    private static final int MAX_GATHER = TxDescriptor.I40E_MAX_BUFFER_TXD;
    /** Rx write-back granularity: one 64-byte cache line of descriptors (class comment). */
    static final int WRITE_BACK_LINE = 64;
    private static final int CAST_UNICAST = 0;
    private static final int CAST_MULTICAST = 1;
    private static final int CAST_BROADCAST = 2;

    private final Iommu iommu;
    private final FrameSource source;
    private final FrameSink sink;
    private final PortStatistics stats;
    private final QueueState<RxRing>[] rxQueues;
    private final QueueState<TxRing>[] txQueues;
    private final RxClassifier classifier = new RxClassifier();
    private final ByteBuffer rxStagingBytes = ByteBuffer.allocateDirect(MAX_STAGED_FRAME + FCS_BYTES + 64);
    private final UnsafeBuffer rxStaging = new UnsafeBuffer(rxStagingBytes);
    private final long rxStagingAddress = rxStaging.addressOffset();
    private final UnsafeBuffer txStaging = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_STAGED_FRAME + 64));
    private final long txStagingAddress = txStaging.addressOffset();
    private final CRC32 crc = new CRC32();
    private final long[] gatherIova = new long[MAX_GATHER];
    /** Agent-only: statistics counted in the current step, by {@link PortStatistics} counter id. */
    private final long[] pending = new long[PortStatistics.COUNT];
    private final int[] gatherBytes = new int[MAX_GATHER];

    private volatile MacFilter filter = MacFilter.EMPTY;
    private volatile RssConfig rss;
    private volatile boolean linkUp;
    private volatile boolean busMaster;
    private volatile int maxFrameBytes = DEFAULT_MAX_FRAME;

    /** Longest a queue stop waits for the agent's current step to end. */
    private static final long STOP_WAIT_NANOS = 1_000_000_000L;

    /** Agent-only: number of the current work step. */
    private long epoch;
    /** The thread that last ran {@link #doWork()}. */
    private volatile Thread agentThread;
    /** Steps begun (volatile store at the start of each step; see {@link #awaitStepBoundary()}). */
    private volatile long startedSteps;
    /** Steps ended. */
    private volatile long completedSteps;

    // Model counters (not hardware registers). Agent-written with release stores, readable from any thread.
    private final AtomicLong filteredFrames = new AtomicLong();
    private final AtomicLong dmaFaults = new AtomicLong();
    private final AtomicLong badTxDescriptors = new AtomicLong();
    private final AtomicLong wireTxDrops = new AtomicLong();
    private final AtomicLong ignoredTailWrites = new AtomicLong();

    /**
     * @param queues the PF's queue pairs (Rx and Tx queue indices 0..queues−1, PF-relative as QRX_TAIL(q) indexes
     *               them, facts 6.1)
     */
    @SuppressWarnings("unchecked")
    public LanEngine(Iommu iommu, Wire wire, PortStatistics stats, int queues) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("the LAN engine accesses little-endian descriptors with native loads; "
                + "it needs a little-endian host (x86-64, aarch64)");
        }
        if (queues < 1 || queues > 1536) {
            throw new IllegalArgumentException("queue count " + queues + " is outside 1..1536 (facts 6.1)");
        }
        this.iommu = Objects.requireNonNull(iommu, "iommu");
        this.source = wire.source();
        this.sink = wire.sink();
        this.stats = Objects.requireNonNull(stats, "stats");
        this.rxQueues = new QueueState[queues];
        this.txQueues = new QueueState[queues];
        for (int q = 0; q < queues; q++) {
            rxQueues[q] = new QueueState<>(q);
            txQueues[q] = new QueueState<>(q);
        }
    }

    // =====================================================================================================
    // Control API (any thread)
    // =====================================================================================================

    /** Number of Rx (and of Tx) queues. */
    public int queueCount() {
        return rxQueues.length;
    }

    /** The statistics this engine counts into. */
    public PortStatistics statistics() {
        return stats;
    }

    /**
     * Starts Rx queue {@code q} from its decoded context (the QRX_ENA.QENA_REQ side effect, facts 6.3). The tail
     * register keeps its value (drivers write it before enabling); head starts at the context's head.
     *
     * @throws IllegalArgumentException if the context cannot describe a ring (the message names the field)
     */
    public void startRx(int q, RxQueueContext ctx) {
        final RxRing ring = new RxRing(ctx);
        checkRing("Rx", q, ring.count, ctx.head, ring.iova);
        if (ring.bufferBytes == 0) {
            throw new IllegalArgumentException("Rx queue " + q + ": dbuff is 0, the data buffer size must be a "
                + "non-zero multiple of 128 bytes (facts 5.6)");
        }
        if (ring.rxmax < MIN_FRAME + FCS_BYTES) {
            throw new IllegalArgumentException("Rx queue " + q + ": rxmax " + ring.rxmax + " is below the smallest "
                + "frame (" + (MIN_FRAME + FCS_BYTES) + " bytes with FCS); set it to the max frame size (facts 5.6)");
        }
        if (ctx.dtype != 0) {
            throw new IllegalArgumentException("Rx queue " + q + ": dtype " + ctx.dtype + " asks for header split, "
                + "which this model does not implement; use dtype 0");
        }
        rx(q).start(ring, ctx.head);
    }

    /**
     * Stops Rx queue {@code q} (QRX_ENA.QENA_REQ cleared). When it returns, the agent no longer touches the queue's
     * ring or buffers: called from another thread while a step is running, it waits for that step to end (see
     * {@link #awaitStepBoundary()}).
     */
    public void stopRx(int q) {
        rx(q).stop();
        awaitStepBoundary();
    }

    /** Starts Tx queue {@code q} from its decoded context (QTX_ENA.QENA_REQ, facts 6.2). */
    public void startTx(int q, TxQueueContext ctx) {
        final TxRing ring = new TxRing(ctx);
        checkRing("Tx", q, ring.count, ctx.head, ring.iova);
        tx(q).start(ring, ctx.head);
    }

    /** Stops Tx queue {@code q}; on return the agent no longer touches its ring or buffers (as {@link #stopRx}). */
    public void stopTx(int q) {
        tx(q).stop();
        awaitStepBoundary();
    }

    /**
     * Waits until a step that may have seen the queue before it was stopped has ended. Dekker pairing: the caller
     * stores the queue's ring (volatile) then loads {@link #startedSteps}; the agent stores startedSteps (volatile)
     * then loads the ring. Either the agent's step sees the stop, or this sees the step and waits for
     * {@link #completedSteps} to reach it. Not waited for on the agent's own thread (a stop from inside a step).
     *
     * @throws IllegalStateException if the step does not end within one second (is doWork stuck?)
     */
    private void awaitStepBoundary() {
        if (Thread.currentThread() == agentThread) {
            return;
        }
        final long step = startedSteps;
        if (completedSteps >= step) {
            return;
        }
        final long deadline = System.nanoTime() + STOP_WAIT_NANOS;
        while (completedSteps < step) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the model's agent thread did not finish its work step within "
                    + STOP_WAIT_NANOS / 1_000_000 + " ms after a queue stop; is doWork() blocked in a wire backend?");
            }
            Thread.onSpinWait();
        }
    }

    /**
     * QRX_TAIL(q) write (facts 6.1): the index one past the last descriptor handed to the device. Writes to an
     * unknown queue or of a value ≥ the ring length are ignored and counted ({@link #ignoredTailWrites()}).
     */
    public void writeRxTail(int q, int tail) {
        writeTail(rxQueues, q, tail);
    }

    /** QTX_TAIL(q) write (facts 6.1): the index one past the last descriptor to transmit. */
    public void writeTxTail(int q, int tail) {
        writeTail(txQueues, q, tail);
    }

    /** The Rx head: the next descriptor the device will write (0 for an unknown queue). */
    public int rxHead(int q) {
        return q >= 0 && q < rxQueues.length ? rxQueues[q].headAcquire() : 0;
    }

    /** QTX_HEAD(q).HEAD: the next descriptor the device will fetch (0 for an unknown queue). */
    public int txHead(int q) {
        return q >= 0 && q < txQueues.length ? txQueues[q].headAcquire() : 0;
    }

    /** Whether Rx queue {@code q} is started (and not stopped since). */
    public boolean rxQueueStarted(int q) {
        return rx(q).ring != null;
    }

    /** Whether Tx queue {@code q} is started (and not stopped since). */
    public boolean txQueueStarted(int q) {
        return tx(q).ring != null;
    }

    /** Whether Rx queue {@code q} was stopped by a DMA fault (until it is started again). */
    public boolean rxQueueFaulted(int q) {
        return rx(q).faulted;
    }

    /** Whether Tx queue {@code q} was stopped by a DMA fault (until it is started again). */
    public boolean txQueueFaulted(int q) {
        return tx(q).faulted;
    }

    /** The VSI's promiscuous modes (AQ 0x0254, facts 4.11). */
    public synchronized void setPromiscuous(boolean unicast, boolean multicast, boolean broadcast) {
        filter = filter.withPromiscuous(unicast, multicast, broadcast);
    }

    /** Adds a perfect-match MAC filter (AQ 0x0250, facts 4.12); {@link MacAddress} form. Idempotent. */
    public synchronized void addMacFilter(long mac) {
        filter = filter.with(mac & MacAddress.BROADCAST);
    }

    /** Removes a perfect-match MAC filter (AQ 0x0251). Returns whether it was there. */
    public synchronized boolean removeMacFilter(long mac) {
        final MacFilter before = filter;
        filter = before.without(mac & MacAddress.BROADCAST);
        return filter != before;
    }

    /** Whether {@code mac} is in the perfect-match table. */
    public boolean hasMacFilter(long mac) {
        return filter.contains(mac);
    }

    /**
     * RSS configuration (AQ 0x0B02/0x0B03 on the firmware side): the Toeplitz key (52 bytes on the i40e: 40
     * standard + 12 extended) and the lookup table of queue indices (a power-of-two size: 512 for the PF table).
     * With {@code enabled} false, or before the first call, every frame goes to queue 0.
     */
    public synchronized void setRss(byte[] key, byte[] lut, boolean enabled) {
        rss = enabled ? new RssConfig(key, lut) : null;
    }

    /** Link state: with the link down nothing is received and transmitted frames count GLPRT_TDOLD. */
    public void setLinkUp(boolean up) {
        linkUp = up;
    }

    public boolean linkUp() {
        return linkUp;
    }

    /** PCI command register bus-master enable: without it the device performs no DMA (Tx waits, Rx discards). */
    public void setBusMaster(boolean enabled) {
        busMaster = enabled;
    }

    /** Max frame size in bytes, FCS included (PRTGL_SAH.MFS / AQ 0x0603 max_frame_size, facts 2.1, 4.13). */
    public void setMaxFrameSize(int bytes) {
        if (bytes < MIN_FRAME + FCS_BYTES || bytes > MAX_STAGED_FRAME + FCS_BYTES) {
            throw new IllegalArgumentException("max frame size " + bytes + " is outside " + (MIN_FRAME + FCS_BYTES)
                + ".." + (MAX_STAGED_FRAME + FCS_BYTES));
        }
        maxFrameBytes = bytes;
    }

    public int maxFrameSize() {
        return maxFrameBytes;
    }

    /** Frames that did not pass the MAC filter (model counter). */
    public long filteredFrames() {
        return filteredFrames.get();
    }

    /** Device accesses refused by the IOMMU (model counter; the IOMMU keeps the details). */
    public long dmaFaults() {
        return dmaFaults.get();
    }

    /** Tx packets dropped for bad descriptors (model counter; GLV_TEPC counts them too). */
    public long badTxDescriptors() {
        return badTxDescriptors.get();
    }

    /** Frames the wire backend refused (model counter). */
    public long wireTxDrops() {
        return wireTxDrops.get();
    }

    /** Tail writes ignored: unknown queue or value beyond the ring (model counter). */
    public long ignoredTailWrites() {
        return ignoredTailWrites.get();
    }

    private QueueState<RxRing> rx(int q) {
        if (q < 0 || q >= rxQueues.length) {
            throw new IllegalArgumentException("Rx queue " + q + " is outside 0.." + (rxQueues.length - 1));
        }
        return rxQueues[q];
    }

    private QueueState<TxRing> tx(int q) {
        if (q < 0 || q >= txQueues.length) {
            throw new IllegalArgumentException("Tx queue " + q + " is outside 0.." + (txQueues.length - 1));
        }
        return txQueues[q];
    }

    private static void checkRing(String kind, int q, int count, int head, long iova) {
        if (count < 2 || count > RingGeometry.QLEN_FIELD_MAX) {
            throw new IllegalArgumentException(kind + " queue " + q + ": qlen " + count + " is outside 2.."
                + RingGeometry.QLEN_FIELD_MAX + " (facts 5.6/5.7)");
        }
        if (head < 0 || head >= count) {
            throw new IllegalArgumentException(kind + " queue " + q + ": head " + head + " is outside the ring of "
                + count);
        }
        if (iova == 0) {
            throw new IllegalArgumentException(kind + " queue " + q + ": base is 0; the context must hold the ring "
                + "IOVA / 128");
        }
    }

    private void writeTail(QueueState<?>[] queues, int q, int tail) {
        if (q < 0 || q >= queues.length || tail < 0 || tail > RingGeometry.QLEN_FIELD_MAX) {
            ignoredTailWrites.incrementAndGet(); // driver-side caller: may be several threads
            return;
        }
        queues[q].writeTail(tail);
    }

    // =====================================================================================================
    // Data path (the model's agent thread)
    // =====================================================================================================

    /** One step: Tx queues to the wire, then up to {@link #RX_BURST} frames from the wire. Returns work done. */
    public int doWork() {
        final long step = ++epoch;
        if (agentThread != Thread.currentThread()) {
            agentThread = Thread.currentThread();
        }
        startedSteps = step; // volatile store, then the queues' rings are loaded: see awaitStepBoundary()
        try {
            return step();
        } finally {
            completedSteps = step;
        }
    }

    private int step() {
        stepGeneration = iommu.generation(); // IOTLB invalidations are observed at step boundaries
        final boolean dma = busMaster;
        int work = 0;
        if (dma) {
            work += transmitAll();
        }
        if (linkUp) {
            work += receiveBurst(dma);
        }
        if (work != 0) {
            publishCounts();
        }
        return work;
    }

    // ---------------------------------------------- Rx ----------------------------------------------------

    /** Agent-only: the IOMMU generation at the start of the current step (see {@link #ringAddress}). */
    private long stepGeneration;

    // Agent-only: the configuration in force for the current step (volatile fields read once per step).
    private MacFilter stepFilter;
    private RssConfig stepRss;
    private int stepMaxFrame;

    private int receiveBurst(boolean dma) {
        final FrameSource from = source;
        stepFilter = filter;
        stepRss = rss;
        stepMaxFrame = maxFrameBytes;
        int frames = 0;
        while (frames < RX_BURST) {
            final int length = from.poll(rxStaging, 0, MAX_STAGED_FRAME);
            if (length <= 0) {
                break;
            }
            receive(length, dma);
            frames++;
        }
        if (frames != 0) {
            writeBackPartialLines();
        }
        return frames;
    }

    /** End of the burst: the staged write-backs of partial cache lines (the ITR-forced write-back, class comment). */
    private void writeBackPartialLines() {
        final QueueState<RxRing>[] queues = rxQueues;
        for (int q = 0; q < queues.length; q++) {
            if (queues[q].staged != 0) {
                writeBackStaged(queues[q]);
            }
        }
    }

    /**
     * Writes back the staged descriptors in ring order: qword0 (and qword2/3) plain, then qword1 with release, so
     * the driver's acquire of any descriptor's qword1 also sees every earlier descriptor's write-back (pair A of
     * the driver). Then publishes the head (release: pairs with {@link #rxHead}'s acquire).
     */
    private static void writeBackStaged(QueueState<RxRing> queue) {
        final int n = queue.staged;
        final long[] address = queue.stagedAddress;
        final long[] words = queue.stagedWords;
        final boolean wide = queue.stagedWide;
        for (int i = 0; i < n; i++) {
            final long descriptor = address[i];
            UnsafeApi.putLong(descriptor + RxDescriptor.QWORD0_OFFSET, words[2 * i]);
            if (wide) {
                UnsafeApi.putLong(descriptor + RxDescriptor.QWORD2_OFFSET, 0L);
                UnsafeApi.putLong(descriptor + RxDescriptor.QWORD3_OFFSET, 0L);
            }
            UnsafeApi.putLongRelease(null, descriptor + RxDescriptor.QWORD1_OFFSET, words[2 * i + 1]);
        }
        queue.staged = 0;
        queue.publishHead(queue.stagedHead);
    }

    /** Steps 1-4 of the class comment: size checks, port counters, MAC filter, VSI counters. */
    private void receive(int length, boolean dma) {
        final int wireBytes = length + FCS_BYTES;
        if (length < MIN_FRAME) {
            count(PortStatistics.RUC, 1);
            return;
        }
        if (wireBytes > stepMaxFrame) {
            count(PortStatistics.ROC, 1);
            return;
        }
        final long dst = MacAddress.read(rxStaging, 0);
        final int cast = dst == MacAddress.BROADCAST ? CAST_BROADCAST
            : MacAddress.isGroup(dst) ? CAST_MULTICAST : CAST_UNICAST;
        countReceived(cast, wireBytes, PortStatistics.GORC, PortStatistics.UPRC);
        count(PortStatistics.PRC64 + PortStatistics.bucket(wireBytes), 1);
        if (!stepFilter.accepts(dst, cast)) {
            increment(filteredFrames);
            return;
        }
        countReceived(cast, wireBytes, PortStatistics.V_GORC, PortStatistics.V_UPRC);
        deliver(length, wireBytes, cast, dma);
    }

    /** Steps 5-8 of the class comment: queue selection, discards, the write into the ring. */
    private void deliver(int length, int wireBytes, int cast, boolean dma) {
        final RssConfig hashing = stepRss;
        final RxClassifier c = classifier;
        c.classify(rxStaging, length, hashing);
        final int q = hashing != null && c.hashValid ? hashing.queue(c.hash) : 0;
        if (q >= rxQueues.length) {
            discard();
            return;
        }
        final QueueState<RxRing> queue = rxQueues[q];
        final RxRing ring = queue.ring;
        if (!dma || ring == null || queue.faulted) {
            discard();
            return;
        }
        if (wireBytes > ring.rxmax) {
            oversize(cast, wireBytes);
            return;
        }
        final int bytes = ring.crcStrip ? length : appendFcs(length);
        final long status = DD | ((long) cast << I40E_RX_DESC_STATUS_UMBCAST_SHIFT)
            | (c.hashValid ? FLTSTAT_RSS : 0) | (ring.crcStrip ? 0 : CRCP);
        final long qword0 = c.hashValid ? RxDescriptor.qword0(0, c.hash) : 0L;
        if (!writeFrame(queue, ring, bytes, status, qword0, c.ptype)) {
            discard();
        }
    }

    private void countReceived(int cast, int wireBytes, int octets, int unicastId) {
        count(octets, wireBytes);
        count(unicastId + cast, 1); // UPRC, MPRC, BPRC (and the GLV_ ones) are consecutive ids
    }

    /** A frame the VSI counted and then could not place: GLV_RDPC only (step 6 of the class comment). */
    private void discard() {
        count(PortStatistics.V_RDPC, 1);
    }

    /**
     * Longer than the queue's rxmax: GLPRT_ROC, and the step's good-packet counts for this frame (port, size bucket,
     * VSI) are taken back, so it is counted once (step 6). NB: nothing is published before the step ends, so no
     * reader ever sees the frame in the good-packet counters.
     */
    private void oversize(int cast, int wireBytes) {
        count(PortStatistics.ROC, 1);
        count(PortStatistics.GORC, -wireBytes);
        count(PortStatistics.UPRC + cast, -1);
        count(PortStatistics.PRC64 + PortStatistics.bucket(wireBytes), -1);
        count(PortStatistics.V_GORC, -wireBytes);
        count(PortStatistics.V_UPRC + cast, -1);
    }

    /**
     * Appends the Ethernet FCS (CRC-32, least significant byte first) after the frame. Returns the new length.
     * NB: writes only after the frame: the frame bytes stay as polled (the {@link FrameSource} poller contract).
     */
    private int appendFcs(int length) {
        crc.reset();
        rxStagingBytes.limit(length).position(0);
        crc.update(rxStagingBytes);
        rxStagingBytes.clear();
        rxStaging.putInt(length, (int) crc.getValue(), ByteOrder.LITTLE_ENDIAN);
        return length + FCS_BYTES;
    }

    /**
     * Writes {@code bytes} from the Rx staging buffer into the descriptors at head. Returns false when the frame
     * is discarded (too few free descriptors, or a DMA fault, which also stops the queue).
     */
    private boolean writeFrame(QueueState<RxRing> queue, RxRing ring, int bytes, long status, long qword0,
                               int ptype) {
        final int count = ring.count;
        int head = queue.staged != 0 ? queue.stagedHead : queue.headPlain();
        final int bufferBytes = ring.bufferBytes;
        final int needed = bytes <= bufferBytes ? 1 : (bytes + bufferBytes - 1) / bufferBytes;
        if (free(queue, ring, head, count, false) < needed && free(queue, ring, head, count, true) < needed) {
            return false;
        }
        final long ringAddress = ringAddress(queue, ring, ring.iova, ring.ringBytes);
        if (ringAddress == 0) {
            return false;
        }
        final int descriptorBytes = ring.descriptorBytes;
        int offset = 0;
        for (int i = 1; i <= needed; i++) {
            final long descriptor = ringAddress + (long) head * descriptorBytes;
            final int chunk = Math.min(bufferBytes, bytes - offset);
            final long buffer = iommu.translate(packetAddress(queue, ring, ringAddress, head), chunk, true,
                queue.index);
            if (buffer == 0) {
                fault(queue);
                if (queue.staged != 0) {
                    writeBackStaged(queue); // what was taken before the fault is written back, as before it
                }
                queue.publishHead(head);
                return false;
            }
            FrameCopy.copy(rxStagingAddress + offset, buffer, chunk);
            final long qword1 = RxDescriptor.qword1(i == needed ? status | EOF : status, 0, ptype, chunk, 0);
            head = head + 1 == count ? 0 : head + 1;
            stage(queue, descriptor, qword0, qword1, head, descriptorBytes);
            offset += chunk;
        }
        return true;
    }

    /**
     * Stages one descriptor's write-back; writes back the staged ones when this one completes its 64-byte cache
     * line or ends the ring (class comment). {@code nextHead} is the head after it.
     */
    private static void stage(QueueState<RxRing> queue, long descriptor, long qword0, long qword1, int nextHead,
                              int descriptorBytes) {
        final int n = queue.staged;
        queue.stagedAddress[n] = descriptor;
        queue.stagedWords[2 * n] = qword0;
        queue.stagedWords[2 * n + 1] = qword1;
        queue.staged = n + 1;
        queue.stagedHead = nextHead;
        queue.stagedWide = descriptorBytes == RxDescriptor.SIZE_32;
        if (((descriptor + descriptorBytes) & (WRITE_BACK_LINE - 1)) == 0 || nextHead == 0) {
            writeBackStaged(queue);
        }
    }

    /**
     * The packet buffer address of the descriptor at {@code head} (which the caller has found free), from the queue's
     * descriptor cache; a cache that is empty or holds other descriptors is refilled first.
     */
    private static long packetAddress(QueueState<RxRing> queue, RxRing ring, long ringAddress, int head) {
        if (queue.fetchedLeft == 0 || queue.fetchedIndex != head || queue.fetchedRing != ring) {
            fetchDescriptors(queue, ring, ringAddress, head);
        }
        final int next = queue.fetchedNext;
        queue.fetchedNext = next + 1;
        queue.fetchedLeft--;
        queue.fetchedIndex = head + 1 == ring.count ? 0 : head + 1;
        return queue.fetchedAddress[next];
    }

    /**
     * The descriptor fetch: reads the packet addresses of up to {@code ring.fetch} descriptors from {@code head}
     * towards the known tail in one pass (class comment). The tail was loaded with acquire by {@link #free} for this
     * ring, so the driver's descriptor stores before its tail write are visible to these plain loads.
     */
    private static void fetchDescriptors(QueueState<RxRing> queue, RxRing ring, long ringAddress, int head) {
        final int count = ring.count;
        final int stride = ring.descriptorBytes;
        final int available = queue.knownTail - head;
        final int n = Math.min(available < 0 ? available + count : available, ring.fetch);
        final long[] to = queue.fetchedAddress;
        int index = head;
        for (int i = 0; i < n; i++) {
            to[i] = UnsafeApi.getLong(ringAddress + (long) index * stride + RxDescriptor.PKT_ADDR_OFFSET);
            index = index + 1 == count ? 0 : index + 1;
        }
        queue.fetchedNext = 0;
        queue.fetchedLeft = n;
        queue.fetchedIndex = head;
        queue.fetchedRing = ring;
    }

    /**
     * Descriptors the driver has handed over beyond {@code head}: tail − head mod count (NB: equal means none).
     * The tail is re-read (acquire: pairs with the driver's release of QRX_TAIL) only when {@code reload} is set or
     * the cached value belongs to another ring; a stale tail only under-counts, since tails move forward.
     */
    private static int free(QueueState<?> queue, Object ring, int head, int count, boolean reload) {
        if (reload || queue.tailRing != ring) {
            queue.knownTail = queue.tailAcquire();
            queue.tailRing = ring;
        }
        final int free = queue.knownTail - head;
        return free < 0 ? free + count : free;
    }

    /**
     * The ring's process address, translated for device reads (descriptor fetch) and writes (write-back) when the
     * queue (re)starts and again after every IOMMU table change (map, unmap, fault injection): an IOTLB entry. 0
     * after a fault (the queue is then stopped).
     */
    private long ringAddress(QueueState<?> queue, Object ring, long iova, long ringBytes) {
        final long generation = stepGeneration;
        if (queue.ringGeneration == generation && queue.cachedRing == ring) {
            return queue.ringAddress;
        }
        final long read = iommu.translate(iova, (int) ringBytes, false, queue.index);
        final long address = read == 0 ? 0 : iommu.translate(iova, (int) ringBytes, true, queue.index);
        if (address == 0) {
            fault(queue);
            return 0;
        }
        queue.ringAddress = address;
        queue.cachedRing = ring;
        queue.ringGeneration = generation;
        return address;
    }

    private void fault(QueueState<?> queue) {
        queue.faulted = true;
        increment(dmaFaults);
    }

    // ---------------------------------------------- Tx ----------------------------------------------------

    private int transmitAll() {
        int work = 0;
        final QueueState<TxRing>[] queues = txQueues;
        for (int q = 0; q < queues.length; q++) {
            final QueueState<TxRing> queue = queues[q];
            final TxRing ring = queue.ring;
            if (ring != null && !queue.faulted) {
                work += transmit(queue, ring);
            }
        }
        return work;
    }

    private int transmit(QueueState<TxRing> queue, TxRing ring) {
        final int tail = queue.tailAcquire(); // acquire: pairs with the driver's release of QTX_TAIL
        final int start = queue.headPlain();
        if (start == tail || tail >= ring.count) {
            return 0;
        }
        final long ringAddress = ringAddress(queue, ring, ring.iova, ring.ringBytes);
        if (ringAddress == 0) {
            return 0;
        }
        int head = start;
        int packets = 0;
        while (head != tail && packets < TX_BURST) {
            final int end = gatherPacket(ringAddress, ring.count, head, tail);
            if (end < 0) {
                break; // EOP not yet written: wait for the next tail
            }
            if (!sendPacket(queue)) {
                queue.publishHead(head);
                return packets; // DMA fault: the queue stops at this packet
            }
            completeReportStatus(ringAddress, ring.count, head, end);
            head = end;
            packets++;
        }
        queue.publishHead(head); // release: pairs with txHead()'s acquire
        if (ring.headWriteBack && head != start) {
            writeBackHead(queue, ring, head);
        }
        return packets;
    }

    // Result of gatherPacket, read by sendPacket (agent-only scratch state).
    private int gathered;
    private int gatheredBytes;
    private boolean gatherBad;
    private boolean gatherUnsupported;

    /**
     * Collects the data buffers of the packet starting at {@code head}. Returns the index after its last
     * descriptor, or -1 if its EOP lies at or beyond {@code tail}.
     */
    private int gatherPacket(long ringAddress, int count, int head, int tail) {
        gathered = 0;
        gatheredBytes = 0;
        gatherBad = false;
        gatherUnsupported = false;
        int i = head;
        while (i != tail) {
            final long descriptor = ringAddress + (long) i * TxDescriptor.SIZE;
            final long qword1 = UnsafeApi.getLong(descriptor + TxDescriptor.QWORD1_OFFSET);
            i = i + 1 == count ? 0 : i + 1;
            final int dtype = TxDescriptor.dtype(qword1);
            if (dtype == TxDescriptor.I40E_TX_DESC_DTYPE_DATA) {
                addBuffer(UnsafeApi.getLong(descriptor + TxDescriptor.BUFFER_ADDR_OFFSET),
                    TxDescriptor.bufferSize(qword1));
                if (TxDescriptor.isEndOfPacket(qword1)) {
                    return i;
                }
            } else if (dtype == TxDescriptor.I40E_TX_DESC_DTYPE_CONTEXT) {
                if ((TxContextDescriptor.cmd(qword1) & TxContextDescriptor.I40E_TX_CTX_DESC_TSO) != 0) {
                    gatherUnsupported = true;
                }
            } else {
                gatherBad = true; // an unknown or device-owned DTYPE (e.g. a stale 0xF) ends the packet
                return i;
            }
        }
        return -1;
    }

    private void addBuffer(long iova, int size) {
        if (size == 0 || gathered == MAX_GATHER) {
            gatherBad = true;
            return;
        }
        gatherIova[gathered] = iova;
        gatherBytes[gathered] = size;
        gathered++;
        gatheredBytes += size;
    }

    /** Sends (or drops and counts) the gathered packet. Returns false on a DMA fault (queue stopped). */
    private boolean sendPacket(QueueState<TxRing> queue) {
        final int bytes = gatheredBytes;
        if (gatherBad || gatherUnsupported || bytes < TxDescriptor.I40E_MIN_TX_LEN
            || bytes + FCS_BYTES > maxFrameBytes) {
            increment(badTxDescriptors);
            count(PortStatistics.V_TEPC, 1);
            return true;
        }
        int offset = 0;
        for (int k = 0; k < gathered; k++) {
            final long buffer = iommu.translate(gatherIova[k], gatherBytes[k], false, queue.index);
            if (buffer == 0) {
                fault(queue);
                return false;
            }
            FrameCopy.copy(buffer, txStagingAddress + offset, gatherBytes[k]);
            offset += gatherBytes[k];
        }
        final int length = Math.max(bytes, MIN_FRAME);
        if (bytes < MIN_FRAME) {
            txStaging.setMemory(bytes, MIN_FRAME - bytes, (byte) 0);
        }
        if (!linkUp) {
            count(PortStatistics.TDOLD, 1);
            return true;
        }
        if (!sink.transmit(txStaging, 0, length)) {
            increment(wireTxDrops);
        }
        countTransmitted(length + FCS_BYTES);
        return true;
    }

    private void countTransmitted(int wireBytes) {
        final long dst = MacAddress.read(txStaging, 0);
        final int cast = dst == MacAddress.BROADCAST ? CAST_BROADCAST
            : MacAddress.isGroup(dst) ? CAST_MULTICAST : CAST_UNICAST;
        count(PortStatistics.GOTC, wireBytes);
        count(PortStatistics.UPTC + cast, 1);
        count(PortStatistics.PTC64 + PortStatistics.bucket(wireBytes), 1);
        count(PortStatistics.V_GOTC, wireBytes);
        count(PortStatistics.V_UPTC + cast, 1);
    }

    /** DTYPE 0xF on every RS data descriptor of the packet in [from, to) (facts 7.5). */
    private static void completeReportStatus(long ringAddress, int count, int from, int to) {
        for (int i = from; i != to; i = i + 1 == count ? 0 : i + 1) {
            final long qword1Address = ringAddress + (long) i * TxDescriptor.SIZE + TxDescriptor.QWORD1_OFFSET;
            final long qword1 = UnsafeApi.getLong(qword1Address);
            if (TxDescriptor.dtype(qword1) == TxDescriptor.I40E_TX_DESC_DTYPE_DATA
                && TxDescriptor.isReportStatus(qword1)) {
                // release: the packet's buffers were read before; pairs with the driver's acquire of qword1
                UnsafeApi.putLongRelease(null, qword1Address, TxDescriptor.DESC_DONE_QWORD1);
            }
        }
    }

    /** Head write-back: the u32 head at head_wb_addr (facts 5.7, 7.5). */
    private void writeBackHead(QueueState<TxRing> queue, TxRing ring, int head) {
        final long address = iommu.translate(ring.headWriteBackIova, TxDescriptor.HEAD_WRITEBACK_BYTES, true,
            queue.index);
        if (address == 0) {
            fault(queue);
            return;
        }
        // release: after the DTYPE 0xF write-backs; pairs with the driver's acquire load of the head word
        UnsafeApi.putIntRelease(null, address, head);
    }

    /** Adds to a statistics counter in this step's pending table (published by {@link #publishCounts()}). */
    private void count(int id, long n) {
        pending[id] += n;
    }

    /**
     * Publishes the step's counts: one release store per counter that changed. NB: registers therefore trail the
     * data path by at most one step (≤ {@value #RX_BURST} frames), like hardware counters that are updated
     * asynchronously; they are exact whenever {@link #doWork()} has returned.
     */
    private void publishCounts() {
        final long[] p = pending;
        for (int id = 0; id < p.length; id++) {
            if (p[id] != 0) {
                stats.add(id, p[id]);
                p[id] = 0;
            }
        }
    }

    private static void increment(AtomicLong counter) {
        counter.lazySet(counter.get() + 1); // single writer: plain read, release store
    }
}
