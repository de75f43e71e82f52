package io.xdpj.i40e;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;

import io.xdpj.i40e.hw.desc.RingGeometry;
import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.vfio.DmaAllocator;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.Mmio;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.XdpRxRunner;
import io.xdpj.xsk.XskBufferPool;

/**
 * One LAN Rx queue: a ring of 16-byte descriptors in DMA memory (facts 7.1/7.2), its HMC context (facts 5.6), its
 * enable handshake (facts 6.3), and the receive loop that feeds the queue's {@link XdpRxRunner}: scalar, or the
 * RFC's batched path (look ahead that a whole batch is written back, read the batch after one acquire, one call).
 *
 * <h2>Choices where the drivers disagree (facts 12)</h2>
 * <ul>
 *   <li>16-byte descriptors (Linux): half the descriptor bytes per packet of DPDK/iPXE's 32-byte format, and
 *       nothing the driver reads lives in qwords 2-3.</li>
 *   <li>"Done" is the DD bit (DPDK, iPXE), the datasheet's status bit, not Linux's LENGTH_PBUF ≠ 0 inference. A
 *       descriptor is only examined while it is armed (between next_to_clean and next_to_use), so a stale write-back
 *       of the previous lap is never read; arming rewrites qword1 to 0 anyway (facts 7.1).</li>
 *   <li>One buffer per frame, as Linux zero-copy does (rxmax = buffer size, facts 11). A device that still writes a
 *       frame over several descriptors (or may, with {@link I40eConfig#rxChainedFrames()}) gets that frame dropped
 *       and counted ({@code multiBufferDrops}), never reassembled and never crashing.</li>
 * </ul>
 *
 * <h2>Memory ordering</h2>
 * Pair A: the device's write-back (release store of qword1, DD last) → {@link RxDescriptor#qword1Acquire} here; the
 * batched path does one acquire of the batch's last descriptor and plain reads of the others (the device writes back
 * in ring order). Pair B: descriptor arming (plain stores) → QRX_TAIL {@link Mmio#write32} (release), once per
 * refill.
 *
 * <p>Single-threaded: the queue's poller.
 */
final class RxQueue implements AutoCloseable {

    /** "HW needs up to 50ms to finish RX queue disable" (Linux, facts 6.4). */
    static final long DISABLE_SETTLE_NANOS = 50_000_000L;

    private static final long DD = RxDescriptor.DD_MASK;
    private static final long EOF = RxDescriptor.EOF_MASK;
    /** Error bits that make a frame unusable: RXE, HBO, OVERSIZE (facts 7.2); checksum errors are left to the program. */
    private static final long BAD_ERRORS = (1L << (RxDescriptor.I40E_RXD_QW1_ERROR_SHIFT + RxDescriptor.I40E_RX_DESC_ERROR_RXE_SHIFT))
        | (1L << (RxDescriptor.I40E_RXD_QW1_ERROR_SHIFT + RxDescriptor.I40E_RX_DESC_ERROR_HBO_SHIFT))
        | (1L << (RxDescriptor.I40E_RXD_QW1_ERROR_SHIFT + RxDescriptor.I40E_RX_DESC_ERROR_OVERSIZE_SHIFT));
    private static final long OVERSIZE_ERROR = 1L << (RxDescriptor.I40E_RXD_QW1_ERROR_SHIFT
        + RxDescriptor.I40E_RX_DESC_ERROR_OVERSIZE_SHIFT);
    private static final int DESC = RxDescriptor.SIZE_16;

    final int queue;
    private final int count;
    private final int mask;
    private final Mmio bar;
    private final int tailRegister;
    private final DmaMemory ringMemory;
    private final AtomicBuffer ring;
    private final long ringAddress;
    private final DmaMemory copyBuffers;
    private final int copyBufferSize;
    private final boolean metadata;
    /** rxmax beyond one buffer: the device chains long frames, the driver drops them counted (I40eConfig). */
    private final boolean chained;
    private final int refillThreshold;
    private final int batch;
    private final I40eConfig.RxMode mode;

    /** Per descriptor: the frame handle (UMEM chunk address in zero-copy, buffer address in copy mode). */
    private final long[] handles;
    private final long[] batchHandles;
    private final int[] batchLens;
    private int ntc;
    private int ntu;
    private boolean dropping;

    // Zero-copy state, refreshed by the control path when a pool comes or goes (poller stopped).
    private XskBufferPool pool;
    private long dmaBase;
    private int maxFrame;
    private XdpRxRunner runner;
    private boolean enabled;

    // Counters: single writer (the poller).
    long packets;
    long bytes;
    long rxErrors;
    long oversize;
    long multiBufferDrops;
    /** Frames written back but not yet received when the queue stopped (see {@link #releaseBuffers}). */
    long droppedAtStop;
    long allocFailed;
    long batches;
    long cycles;

    RxQueue(int queue, I40eConfig config, Mmio bar, DmaAllocator dma) {
        this.queue = queue;
        this.count = config.ringSize();
        this.mask = count - 1;
        this.bar = bar;
        this.tailRegister = LanQueueRegisters.QRX_TAIL(queue);
        this.ringMemory = dma.allocate(RingGeometry.ringBytes(count, DESC), 4096, "rx ring q" + queue);
        this.ring = ringMemory.buffer();
        this.ringAddress = ringMemory.address();
        this.copyBufferSize = config.copyBufferSize();
        this.copyBuffers = dma.allocate((long) count * copyBufferSize, 4096, "rx copy buffers q" + queue);
        this.metadata = config.rxMetadata();
        this.chained = config.rxChainedFrames();
        this.refillThreshold = config.refillThreshold();
        this.batch = config.batchSize();
        this.mode = config.rxMode();
        this.handles = new long[count];
        this.batchHandles = new long[batch];
        this.batchLens = new int[batch];
    }

    void runner(XdpRxRunner r) {
        this.runner = r;
    }

    XdpRxRunner runner() {
        return runner;
    }

    /** Frames one copy-mode buffer holds after the XDP headroom. */
    int copyFrameCapacity() {
        return copyBufferSize - Umem.XDP_PACKET_HEADROOM;
    }

    /**
     * Selects the buffer source: the zero-copy pool (UMEM IOVA {@code umemIova}) or driver buffers ({@code pool} null).
     * Control path; the queue must be disabled.
     */
    void bufferSource(XskBufferPool zcPool, long umemIova) {
        this.pool = zcPool;
        if (zcPool != null) {
            this.dmaBase = umemIova + zcPool.headroom() + Umem.XDP_PACKET_HEADROOM;
            this.maxFrame = zcPool.frameLen();
        } else {
            this.dmaBase = copyBuffers.iova() - copyBuffers.address() + Umem.XDP_PACKET_HEADROOM;
            this.maxFrame = copyFrameCapacity();
        }
    }

    boolean zeroCopy() {
        return pool != null;
    }

    /**
     * Context (facts 5.6, Linux values): base, qlen, dbuff = the buffer's data bytes in 128-byte units (floored so
     * the device never writes past a buffer), 16-byte descriptors, CRC strip, l2tsel 1, rxmax = the same bytes (one
     * buffer per frame), lrxqthresh 1, prefena 1; then QRX_TAIL = 0 (facts 6.3 step 2).
     */
    void configure(LanHmc hmc) {
        final int dataBytes = RingGeometry.rxBufferFloor(Math.min(maxFrame, RingGeometry.I40E_RX_MAX_DATA_BUF_SIZE));
        final RxQueueContext ctx = new RxQueueContext();
        ctx.base = ringMemory.iova() / RxQueueContext.BASE_UNIT;
        ctx.qlen = count;
        ctx.dbuff = dataBytes / RxQueueContext.DBUFF_UNIT;
        ctx.dsize = 0;
        ctx.crcstrip = 1;
        ctx.l2tsel = 1;
        ctx.rxmax = Math.min(chained ? RingGeometry.I40E_MAX_CHAINED_RX_BUFFERS * dataBytes : dataBytes,
            RingGeometry.I40E_FRAME_SIZE_MAX);
        ctx.lrxqthresh = 1;
        ctx.prefena = 1;
        hmc.writeRxContext(queue, ctx);
        maxFrame = dataBytes;
        ring.setMemory(0, count * DESC, (byte) 0);
        ntc = 0;
        ntu = 0;
        dropping = false;
        bar.write32(tailRegister, 0);
    }

    /** Posts buffers to every descriptor but one and writes the tail (facts 6.3 step 3). */
    void fill() {
        if (refill(count - 1) == 0 && pool == null) {
            throw new I40eException("rx queue " + queue + " fill", "no buffer could be posted");
        }
    }

    /** Enable (facts 6.3): wait REQ == STAT, set REQ, wait STAT. */
    void enable(Deadline deadline) {
        QueueEnable.switchOn(bar, deadline, LanQueueRegisters.QRX_ENA(queue), "rx queue " + queue + " enable",
            "QRX_ENA(" + queue + ")", () -> { }, "");
        enabled = true;
    }

    /** Disable (facts 6.4): wait REQ == STAT, clear REQ, wait STAT == 0, then give back every posted buffer. */
    void disable(Deadline deadline, boolean settle) {
        enabled = false;
        QueueEnable.switchOff(bar, deadline, LanQueueRegisters.QRX_ENA(queue), "rx queue " + queue + " disable",
            "QRX_ENA(" + queue + ")");
        if (settle) {
            deadline.sleep(DISABLE_SETTLE_NANOS);
        }
        releaseBuffers();
    }

    /**
     * Returns every armed zero-copy buffer to the pool (copy-mode buffers stay the queue's). A descriptor the device
     * already wrote back holds a frame nobody will see: counted in {@link #droppedAtStop}, so a queue restart (a
     * bind, a reset) loses nothing uncounted.
     */
    void releaseBuffers() {
        for (int i = ntc; i != ntu; i = (i + 1) & mask) {
            if ((RxDescriptor.qword1Acquire(ring, i * DESC) & DD) != 0) { // pair A; the queue is disabled
                droppedAtStop++;
            }
            if (pool != null) {
                pool.free(handles[i]);
            }
        }
        ntc = ntu;
    }


    boolean enabled() {
        return enabled;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Data path

    /** Descriptors armed and not yet cleaned. */
    int armed() {
        return (ntu - ntc) & mask;
    }

    /** One poll cycle's receive: up to {@code budget} descriptors. Returns frames handed to the XDP stage. */
    int poll(int budget) {
        cycles++;
        int done = 0;
        if (mode != I40eConfig.RxMode.SCALAR) {
            done = pollBatches(budget);
        }
        done += pollScalar(budget - done);
        runner.finish();
        if (((ntc - ntu - 1) & mask) >= refillThreshold) {
            refill(count - 1);
        }
        return done;
    }

    /**
     * The RFC's batched path (patch 7/8): while a whole batch is armed, does not wrap, and its last descriptor is
     * written back (one acquire), read the batch's lengths with plain loads and hand it to the runner in one call.
     * A batch with anything unusual (no EOF, an error, a frame too long) goes through the scalar path instead, which
     * handles and counts each case; the program still runs once per frame.
     */
    private int pollBatches(int budget) {
        final int n = batch;
        int done = 0;
        while (budget - done >= n) {
            final int first = ntc;
            if (armed() < n || first + n > count) {
                break;
            }
            final long lastQw1 = RxDescriptor.qword1Acquire(ring, ((first + n - 1) * DESC)); // pair A
            if ((lastQw1 & DD) == 0) {
                break;
            }
            if (!gather(first, n)) {
                break;
            }
            if (mode == I40eConfig.RxMode.BATCHED) {
                runner.receiveBatch(batchHandles, batchLens, n);
            } else {
                runner.receiveBatchSameTarget(batchHandles, batchLens, n);
            }
            ntc = (first + n) & mask;
            done += n;
            batches++;
        }
        return done;
    }

    /** Reads a batch's descriptors (plain loads after the acquire of the last); false if any needs the scalar path. */
    private boolean gather(int first, int n) {
        final long base = ringAddress + (long) first * DESC;
        final int max = maxFrame;
        long bytesIn = 0;
        for (int i = 0; i < n; i++) {
            final long qw1 = UnsafeApi.getLong(base + (long) i * DESC + RxDescriptor.QWORD1_OFFSET);
            final int len = (int) ((qw1 & RxDescriptor.I40E_RXD_QW1_LENGTH_PBUF_MASK) >>> RxDescriptor.I40E_RXD_QW1_LENGTH_PBUF_SHIFT);
            if ((qw1 & (DD | EOF | BAD_ERRORS)) != (DD | EOF) || len == 0 || len > max) {
                return false;
            }
            final long h = handles[first + i];
            if (metadata) {
                writeMetadata(h, UnsafeApi.getLong(base + (long) i * DESC), qw1);
            }
            batchHandles[i] = h;
            batchLens[i] = len;
            bytesIn += len;
        }
        packets += n;
        bytes += bytesIn;
        return true;
    }

    /** The scalar path: one descriptor at a time while armed and written back. */
    private int pollScalar(int budget) {
        final XdpRxRunner r = runner;
        int done = 0;
        while (done < budget && ntc != ntu) {
            final int i = ntc;
            final long qw1 = RxDescriptor.qword1Acquire(ring, i * DESC); // pair A
            if ((qw1 & DD) == 0) {
                break;
            }
            ntc = (i + 1) & mask;
            done++;
            final long h = handles[i];
            if (!usable(qw1)) {
                recycle(h);
                continue;
            }
            final int len = (int) ((qw1 & RxDescriptor.I40E_RXD_QW1_LENGTH_PBUF_MASK) >>> RxDescriptor.I40E_RXD_QW1_LENGTH_PBUF_SHIFT);
            if (metadata) {
                writeMetadata(h, RxDescriptor.qword0(ring, i * DESC), qw1);
            }
            packets++;
            bytes += len;
            r.receive(h, len);
        }
        return done;
    }

    /** Classifies a written-back descriptor; counts and returns false for frames that are not handed on. */
    private boolean usable(long qw1) {
        if ((qw1 & EOF) == 0) {
            dropping = true; // a frame spanning descriptors: drop it whole (class comment)
            return false;
        }
        if (dropping) {
            dropping = false;
            multiBufferDrops++;
            return false;
        }
        if ((qw1 & BAD_ERRORS) != 0) {
            if ((qw1 & OVERSIZE_ERROR) != 0) {
                oversize++;
            } else {
                rxErrors++;
            }
            return false;
        }
        final int len = (int) ((qw1 & RxDescriptor.I40E_RXD_QW1_LENGTH_PBUF_MASK) >>> RxDescriptor.I40E_RXD_QW1_LENGTH_PBUF_SHIFT);
        if (len == 0 || len > maxFrame) {
            oversize++;
            return false;
        }
        return true;
    }

    private void recycle(long handle) {
        if (pool != null) {
            pool.free(handle);
        }
    }

    private void writeMetadata(long handle, long qw0, long qw1) {
        final long data = pool != null
            ? pool.umem().address() + handle + pool.headroom() + Umem.XDP_PACKET_HEADROOM
            : handle + Umem.XDP_PACKET_HEADROOM;
        final boolean hashValid = RxDescriptor.fltstat(qw1) == RxDescriptor.I40E_RX_DESC_FLTSTAT_RSS_HASH;
        I40eRxMetadata.write(data, RxDescriptor.filterStatus(qw0), RxDescriptor.ptype(qw1), hashValid);
    }

    /**
     * Arms up to {@code max} descriptors from next_to_use (never wrapping inside one allocation, as Linux's
     * {@code i40e_alloc_rx_buffers_zc}, facts 11) and writes the tail once.
     *
     * @return descriptors armed
     */
    int refill(int max) {
        int want = Math.min(max, (ntc - ntu - 1) & mask);
        int armedNow = 0;
        while (want > 0) {
            final int start = ntu;
            final int chunk = Math.min(want, count - start);
            final int got = pool != null ? pool.allocBatch(handles, start, chunk) : copyHandles(start, chunk);
            final long dma = dmaBase;
            for (int k = 0; k < got; k++) {
                RxDescriptor.arm(ring, (start + k) * DESC, dma + handles[start + k]);
            }
            ntu = (start + got) & mask;
            armedNow += got;
            want -= got;
            if (got < chunk) {
                allocFailed++;
                break;
            }
        }
        if (armedNow > 0) {
            bar.write32(tailRegister, ntu); // pair B: release publishes the armed descriptors
        }
        if (pool != null && pool.usesNeedWakeup()) {
            if (armedNow == 0 && ntc == ntu) {
                pool.setRxNeedWakeup();
            } else {
                pool.clearRxNeedWakeup();
            }
        }
        return armedNow;
    }

    /** Copy mode: each descriptor owns buffer i for good; handle = the buffer's process address. */
    private int copyHandles(int start, int n) {
        final long base = copyBuffers.address();
        for (int k = 0; k < n; k++) {
            handles[start + k] = base + (long) (start + k) * copyBufferSize;
        }
        return n;
    }

    @Override
    public void close() {
        ringMemory.close();
        copyBuffers.close();
    }
}
