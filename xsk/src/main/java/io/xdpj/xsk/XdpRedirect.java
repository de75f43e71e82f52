package io.xdpj.xsk;

import java.util.IdentityHashMap;

import io.xdpj.ring.FrameCopy;
import io.xdpj.ring.OffHeapMemory;
import io.xdpj.ring.RingProducer;

/**
 * One poller's redirect machinery: its {@link RedirectInfo} and its three flush lists (the kernel's per-CPU
 * {@code bpf_redirect_info} and {@code xskmap/dev/cpu flush lists}, since v6.11 the {@code bpf_net_context}; facts
 * B.2-B.4), with {@code do_redirect}, {@code xsk_rcv} and its batched form, and {@code do_flush}.
 *
 * <p>Single-threaded: one instance per poller thread, used only by it.
 *
 * <p>Every per-packet step of the redirect path corresponds to a step of the kernel's path and no more: the
 * helper fills the redirect info; {@link #doRedirect} reads the map type, clears it, and for XSKMAP calls
 * {@link #xskMapRedirect} ({@code xsk_rcv} + put on the flush list once); DEVMAP and CPUMAP frames are converted
 * (copied, as the kernel copies a zero-copy buffer into an {@code xdp_frame}) into a per-target bulk queue; and
 * {@link #doFlush} walks the DEVMAP, CPUMAP and XSKMAP lists.
 */
public final class XdpRedirect implements AutoCloseable {

    /** Frames a DEVMAP bulk queue holds before it transmits (the kernel's DEV_MAP_BULK_SIZE). */
    public static final int DEV_MAP_BULK_SIZE = 16;
    /** Frames a CPUMAP bulk queue holds before it enqueues (the kernel's CPU_MAP_BULK_SIZE). */
    public static final int CPU_MAP_BULK_SIZE = 8;
    /** Largest frame DEVMAP and CPUMAP convert: one page, as the kernel's ZC-to-frame copy. */
    public static final int MAX_FRAME_COPY = 4096;

    final RedirectInfo ri = new RedirectInfo();

    private final XskSocket[] xskFlushList = new XskSocket[64];
    private int xskFlushCount;
    private final BulkQueue[] devFlushList = new BulkQueue[NetDevice.MAX_IFINDEX + 1];
    private int devFlushCount;
    private final BulkQueue[] cpuFlushList = new BulkQueue[256];
    private int cpuFlushCount;
    private final BulkQueue[] devQueues = new BulkQueue[NetDevice.MAX_IFINDEX + 1];
    private final IdentityHashMap<CpuMapEntry, BulkQueue> cpuQueues = new IdentityHashMap<>();

    /** Redirects that failed (no target, unknown map type, target refused). */
    long redirectErrors;
    /** DEVMAP frames the target device's transmit ring had no room for. */
    long devmapXmitDrops;
    /** DEVMAP/CPUMAP frames larger than {@link #MAX_FRAME_COPY}. */
    long frameTooBig;

    /** The redirect info the helpers of programs run by this poller fill in. */
    public RedirectInfo redirectInfo() {
        return ri;
    }

    /**
     * {@code xdp_do_redirect}: acts on what the program's redirect helper recorded (facts B.3).
     *
     * @return 0 when the frame went to a socket (a zero-copy buffer now belongs to the application), 1 when it was
     *     copied to a DEVMAP/CPUMAP bulk queue (the caller still owns and recycles the buffer), or a negative errno
     */
    public int doRedirect(XdpBuff xdp) {
        final RedirectInfo r = ri;
        if ((r.kernFlags & RedirectInfo.RI_F_RXQ_XSK) != 0) {
            return redirectRxqFlag(r, xdp);
        }
        final int mapType = r.mapType;
        if (mapType == RedirectInfo.MAP_TYPE_XSKMAP) {
            final XskSocket xs = (XskSocket) r.tgtValue;
            r.mapId = 0;
            r.mapType = RedirectInfo.MAP_TYPE_UNSPEC;
            return xskMapRedirect(xs, xdp);
        }
        if (mapType == RedirectInfo.MAP_TYPE_XSKMAP_DIRECT) {
            return redirectXskmapDirect(r, xdp);
        }
        return doRedirectFrame(r, xdp, mapType);
    }

    /** The first rejected alternative: the Rx queue's socket, else the map's entry for the key. */
    private int redirectXskmapDirect(RedirectInfo r, XdpBuff xdp) {
        XskSocket xs = xdp.rxq.xsk;
        if (xs == null) {
            xs = ((XskMapDirect) r.tgtValue).lookup((int) r.tgtIndex);
        }
        r.mapId = 0;
        r.mapType = RedirectInfo.MAP_TYPE_UNSPEC;
        if (xs == null) {
            redirectErrors++;
            return -Errno.ENOENT.code();
        }
        return xskMapRedirect(xs, xdp);
    }

    /** The second rejected alternative: the redirect-info flag names the Rx queue's socket. */
    private int redirectRxqFlag(RedirectInfo r, XdpBuff xdp) {
        r.kernFlags &= ~RedirectInfo.RI_F_RXQ_XSK;
        r.mapId = 0;
        r.mapType = RedirectInfo.MAP_TYPE_UNSPEC;
        final XskSocket xs = xdp.rxq.xsk;
        if (xs == null) {
            redirectErrors++;
            return -Errno.ENOENT.code();
        }
        return xskMapRedirect(xs, xdp);
    }

    private int doRedirectFrame(RedirectInfo r, XdpBuff xdp, int mapType) {
        final Object target = r.tgtValue;
        r.mapId = 0;
        r.mapType = RedirectInfo.MAP_TYPE_UNSPEC;
        r.tgtValue = null;
        if (mapType == RedirectInfo.MAP_TYPE_DEVMAP) {
            return enqueue(devQueue((NetDevice) target), xdp);
        }
        if (mapType == RedirectInfo.MAP_TYPE_CPUMAP) {
            return enqueue(cpuQueue((CpuMapEntry) target), xdp);
        }
        redirectErrors++;
        return -Errno.EINVAL.code(); // a miss (UNSPEC) or a map type without redirect support (-EBADRQC in kernel)
    }

    /**
     * {@code __xsk_map_redirect}: {@link #xskRcv} and, on success, put the socket on the XSKMAP flush list if it is
     * not on it yet.
     */
    public int xskMapRedirect(XskSocket xs, XdpBuff xdp) {
        final int err = xskRcv(xs, xdp);
        if (err == 0 && !xs.onFlushList) {
            addToXskFlushList(xs);
        }
        return err;
    }

    private void addToXskFlushList(XskSocket xs) {
        if (xskFlushCount == xskFlushList.length) {
            flushXskList(); // more sockets than slots in one cycle: flush early rather than lose one
        }
        xs.onFlushList = true;
        xskFlushList[xskFlushCount++] = xs;
    }

    /**
     * {@code xsk_rcv} (facts A.7): checks the socket is bound to the packet's device and queue (-EINVAL) and the
     * frame fits a UMEM frame (rx_dropped, -ENOSPC); zero-copy pushes the frame's own descriptor, copy mode first
     * takes a frame from the fill ring (rx_dropped and -ENOMEM if none) and copies. A full Rx ring counts
     * rx_ring_full and returns -ENOBUFS.
     */
    public int xskRcv(XskSocket xs, XdpBuff xdp) {
        if (!xs.isBound() || xdp.rxq.dev() != xs.device() || xdp.rxq.queueIndex() != xs.queueId()) {
            return -Errno.EINVAL.code();
        }
        final XskBufferPool pool = xs.pool();
        final int len = xdp.dataEnd - xdp.data;
        if (len > pool.frameLen()) {
            xs.rxDropped++;
            return -Errno.ENOSPC.code();
        }
        if (xdp.rxq.pool == pool && pool.zeroCopy()) {
            return xskRcvZc(xs, descAddr(pool, xdp), len);
        }
        return xskRcvCopy(xs, pool, xdp, len);
    }

    /** The UMEM address of the packet data, as the descriptor carries it (the kernel's {@code xp_get_handle}). */
    static long descAddr(XskBufferPool pool, XdpBuff xdp) {
        final Umem umem = pool.umem();
        final long hardStartOffset = xdp.hardStart - umem.address();
        if (!umem.unaligned()) {
            return hardStartOffset + xdp.data;
        }
        return hardStartOffset + ((long) xdp.data << Umem.XSK_UNALIGNED_BUF_OFFSET_SHIFT);
    }

    /** Zero-copy push of one descriptor ({@code __xsk_rcv_zc}). */
    static int xskRcvZc(XskSocket xs, long addr, int len) {
        final RingProducer rx = xs.rxProducer();
        if (rx.reserve(1) == 0) {
            xs.rxQueueFull++;
            return -Errno.ENOBUFS.code();
        }
        rx.putDesc(rx.reservedIndex(), addr, len, 0);
        return 0;
    }

    private static int xskRcvCopy(XskSocket xs, XskBufferPool pool, XdpBuff xdp, int len) {
        final long chunk = pool.alloc();
        if (chunk < 0) {
            xs.rxDropped++;
            return -Errno.ENOMEM.code();
        }
        final Umem umem = pool.umem();
        final long dataOffset = chunk + pool.headroom() + Umem.XDP_PACKET_HEADROOM;
        FrameCopy.copy(xdp.hardStart + xdp.data, umem.address() + dataOffset, len);
        final long addr = umem.unaligned()
            ? chunk + pool.headroom() + ((long) Umem.XDP_PACKET_HEADROOM << Umem.XSK_UNALIGNED_BUF_OFFSET_SHIFT)
            : dataOffset;
        final int err = xskRcvZc(xs, addr, len);
        if (err != 0) {
            pool.free(chunk);
        }
        return err;
    }

    /**
     * The RFC's {@code xsk_rcv_batch} (patch 5/8), zero-copy only: pushes {@code n} descriptors with one reserve
     * and leaves one submit to {@link #xskFlush}. A batch never overwrites an unread Rx entry: when fewer than
     * {@code n} slots are free it falls back to one descriptor at a time, counting rx_ring_full for each that
     * does not fit, as the kernel's per-packet path would.
     *
     * @return the number delivered; each descriptor not delivered has its {@code addrs[i]} set to -1 (its buffer
     *     is still the caller's)
     */
    public static int xskRcvBatch(XskSocket xs, long[] addrs, int[] lens, int n) {
        final RingProducer rx = xs.rxProducer();
        if (rx.reserve(n) == n) {
            final int idx = rx.reservedIndex();
            for (int i = 0; i < n; i++) {
                rx.putDesc(idx + i, addrs[i], lens[i], 0);
            }
            return n;
        }
        int done = 0;
        for (int i = 0; i < n; i++) {
            if (xskRcvZc(xs, addrs[i], lens[i]) == 0) {
                done++;
            } else {
                addrs[i] = -1;
            }
        }
        return done;
    }

    /**
     * {@code xsk_flush} (facts A.7): publishes the socket's Rx producer index (one release store) and its pool's
     * fill-ring consumer index.
     */
    public static void xskFlush(XskSocket xs) {
        xs.rxProducer().submit();
        xs.pool().publishFill();
    }

    /** Whether {@code xs} can take a batch from this Rx queue ({@code xsk_rcv_check} once for the batch). */
    static boolean batchable(XskSocket xs, XdpRxQueue rxq) {
        return xs.isBound() && rxq.dev() == xs.device() && rxq.queueIndex() == xs.queueId()
            && rxq.pool == xs.pool() && rxq.pool.zeroCopy();
    }

    /** Puts {@code xs} on the XSKMAP flush list (after a batched delivery to it). */
    void markForFlush(XskSocket xs) {
        if (!xs.onFlushList) {
            addToXskFlushList(xs);
        }
    }

    /**
     * {@code xdp_do_flush}: walks the DEVMAP list (transmit each bulk queue, one tail write per device), the CPUMAP
     * list (one enqueue per entry) and the XSKMAP list ({@link #xskFlush} each socket), emptying each (facts B.4).
     */
    public void doFlush() {
        flushDevList();
        flushCpuList();
        flushXskList();
    }

    private void flushDevList() {
        for (int i = 0; i < devFlushCount; i++) {
            final BulkQueue bq = devFlushList[i];
            bq.transmit(this);
            bq.onFlushList = false;
            devFlushList[i] = null;
        }
        devFlushCount = 0;
    }

    private void flushCpuList() {
        for (int i = 0; i < cpuFlushCount; i++) {
            final BulkQueue bq = cpuFlushList[i];
            bq.toCpu();
            bq.onFlushList = false;
            cpuFlushList[i] = null;
        }
        cpuFlushCount = 0;
    }

    private void flushXskList() {
        for (int i = 0; i < xskFlushCount; i++) {
            final XskSocket xs = xskFlushList[i];
            xskFlush(xs);
            xs.onFlushList = false;
            xskFlushList[i] = null;
        }
        xskFlushCount = 0;
    }

    private int enqueue(BulkQueue bq, XdpBuff xdp) {
        final int len = xdp.dataEnd - xdp.data;
        if (len > MAX_FRAME_COPY) {
            frameTooBig++;
            return -Errno.ENOSPC.code();
        }
        if (bq.count == bq.capacity) {
            if (bq.device != null) {
                bq.transmit(this);
            } else {
                bq.toCpu();
            }
        }
        final long slot = bq.base + (long) bq.count * MAX_FRAME_COPY;
        FrameCopy.copy(xdp.hardStart + xdp.data, slot, len);
        bq.addresses[bq.count] = slot;
        bq.lengths[bq.count] = len;
        bq.count++;
        if (!bq.onFlushList) {
            bq.onFlushList = true;
            if (bq.device != null) {
                devFlushList[devFlushCount++] = bq;
            } else {
                cpuFlushList[cpuFlushCount++] = bq;
            }
        }
        return 1;
    }

    private BulkQueue devQueue(NetDevice dev) {
        BulkQueue bq = devQueues[dev.ifindex()];
        if (bq == null) { // once per (poller, device), on the first redirect to it
            bq = new BulkQueue(dev, null, DEV_MAP_BULK_SIZE);
            devQueues[dev.ifindex()] = bq;
        }
        return bq;
    }

    private BulkQueue cpuQueue(CpuMapEntry entry) {
        BulkQueue bq = cpuQueues.get(entry);
        if (bq == null) { // once per (poller, entry)
            if (cpuQueues.size() == cpuFlushList.length) {
                throw new IllegalStateException("more than " + cpuFlushList.length + " CPUMAP entries per poller");
            }
            bq = new BulkQueue(null, entry, CPU_MAP_BULK_SIZE);
            cpuQueues.put(entry, bq);
        }
        return bq;
    }

    /** Frees the bulk queues' staging memory. Flush first; the poller must be stopped. */
    @Override
    public void close() {
        for (BulkQueue bq : devQueues) {
            if (bq != null) {
                bq.memory.close();
            }
        }
        for (BulkQueue bq : cpuQueues.values()) {
            bq.memory.close();
        }
    }

    /** Redirects that failed. */
    public long redirectErrors() {
        return redirectErrors;
    }

    /** DEVMAP frames dropped because the target's transmit ring was full. */
    public long devmapXmitDrops() {
        return devmapXmitDrops;
    }

    /** DEVMAP/CPUMAP frames too large to convert. */
    public long frameTooBig() {
        return frameTooBig;
    }

    /** A per-poller, per-target bulk queue of converted (copied) frames: the kernel's {@code xdp_bulk_queue}. */
    private static final class BulkQueue {
        final NetDevice device;
        final CpuMapEntry cpu;
        final int capacity;
        final OffHeapMemory memory;
        final long base;
        final long[] addresses;
        final int[] lengths;
        int count;
        boolean onFlushList;

        BulkQueue(NetDevice device, CpuMapEntry cpu, int capacity) {
            this.device = device;
            this.cpu = cpu;
            this.capacity = capacity;
            this.memory = OffHeapMemory.allocate((long) capacity * MAX_FRAME_COPY, 64);
            this.base = memory.address();
            this.addresses = new long[capacity];
            this.lengths = new int[capacity];
        }

        /** {@code bq_xmit_all}: hand every frame to the device, then one flush (XDP_XMIT_FLUSH). */
        void transmit(XdpRedirect owner) {
            final XdpTransmitter tx = device.transmitter();
            for (int i = 0; i < count; i++) {
                if (!tx.xmit(addresses[i], lengths[i])) {
                    owner.devmapXmitDrops++;
                }
            }
            tx.flush();
            count = 0;
        }

        /** {@code bq_flush_to_queue}: one enqueue of every frame on the entry's queue. */
        void toCpu() {
            cpu.enqueueBulk(addresses, lengths, count);
            count = 0;
        }
    }
}
