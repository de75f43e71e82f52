package io.xdpj.xsk;

import java.util.ArrayList;
import java.util.List;

import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;
import io.xdpj.ring.XskRing;

/**
 * The buffer pool of one (device, queue): the kernel's {@code xsk_buff_pool}. It owns the kernel side of the fill
 * ring (consumer) and completion ring (producer) it was created with, the UMEM geometry, a free list of frames the
 * data path gave back, the fill-ring counters and the need_wakeup state. Sockets sharing a UMEM on the same
 * (device, queue) share the pool (facts A.8).
 *
 * <p>Everything here runs on the queue's poller thread except construction and {@link #addTxSocket}; the
 * counters are single-writer longs that other threads may read (a value at most slightly stale).
 */
public final class XskBufferPool {

    private final Umem umem;
    private final NetDevice dev;
    private final int queueId;
    private final boolean zeroCopy;
    private final boolean usesNeedWakeup;
    private final XskRing fillRing;
    private final XskRing completionRing;
    private final RingConsumer fq;
    private final RingProducer cq;
    private final int frameLen;
    private final int headroom;
    private final long[] freeList;
    private int freeCount;
    private int cachedNeedWakeup;
    private final List<XskSocket> txSockets = new ArrayList<>();
    private XskSocket[] txSocketArray = new XskSocket[0];

    /** Bound sockets using this pool (control path, under the device's lock). */
    int users;

    /** Fill-ring entries skipped as invalid ({@code pool->fq->invalid_descs}; not in xdp_statistics). */
    long fillInvalidDescs;
    /** Allocations that found the fill ring empty ({@code queue_empty_descs}: rx_fill_ring_empty_descs). */
    long fillEmptyDescs;
    /** Frames given back while the free list was full (lost to the pool; 0 unless frames are freed twice). */
    long freeListOverflow;

    XskBufferPool(Umem umem, NetDevice dev, int queueId, boolean zeroCopy, boolean usesNeedWakeup,
                  XskRing fillRing, XskRing completionRing) {
        this.umem = umem;
        this.dev = dev;
        this.queueId = queueId;
        this.zeroCopy = zeroCopy;
        this.usesNeedWakeup = usesNeedWakeup;
        this.fillRing = fillRing;
        this.completionRing = completionRing;
        this.fq = fillRing.consumer();
        this.cq = completionRing.producer();
        this.frameLen = umem.frameLen();
        // Tx must be woken up explicitly the first time (the kernel's xp_assign_dev): the Tx ring was created
        // with NEED_WAKEUP set, and the cached state says so.
        this.cachedNeedWakeup = XskSocket.XDP_WAKEUP_TX;
        this.headroom = umem.headroom();
        // The free list holds frames the data path took and gave back; it can never hold more distinct frames than
        // the UMEM has chunks (capped at 2^20 entries, 8 MiB; a free beyond it is counted, never silent).
        this.freeList = new long[(int) Math.min(umem.chunkCount(), 1 << 20)];
    }

    /**
     * Takes one frame: from the free list first, else from the fill ring, skipping and counting invalid
     * addresses (the kernel's {@code xp_alloc}).
     *
     * @return the frame's UMEM chunk address, or -1 if none is available (counted as fill-ring empty)
     */
    public long alloc() {
        if (freeCount > 0) {
            return freeList[--freeCount];
        }
        while (true) {
            if (fq.peek(1) == 0) {
                fillEmptyDescs++;
                return -1;
            }
            final long addr = umem.checkFillAddr(fq.addr(fq.peekIndex()));
            fq.releaseDeferred(1);
            if (addr >= 0) {
                return addr;
            }
            fillInvalidDescs++;
        }
    }

    /**
     * Takes up to {@code max} frames into {@code out[offset..]}: reused frames first, then one read of the fill
     * ring with one deferred release (the kernel's {@code xp_alloc_batch}). Invalid entries are skipped and
     * counted; an empty fill ring is counted once per call that found it empty.
     *
     * @return frames taken
     */
    public int allocBatch(long[] out, int offset, int max) {
        int taken = 0;
        while (freeCount > 0 && taken < max) {
            out[offset + taken++] = freeList[--freeCount];
        }
        if (taken == max) {
            return taken;
        }
        final int n = fq.peek(max - taken);
        final int idx = fq.peekIndex();
        int fromRing = 0;
        for (int i = 0; i < n; i++) {
            final long addr = umem.checkFillAddr(fq.addr(idx + i));
            if (addr < 0) {
                fillInvalidDescs++;
                continue;
            }
            out[offset + taken + fromRing++] = addr;
        }
        fq.releaseDeferred(n);
        if (fromRing == 0) {
            fillEmptyDescs++;
        }
        return taken + fromRing;
    }

    /** Gives a frame back to the pool (the kernel's {@code xsk_buff_free} / {@code xp_free}). */
    public void free(long chunkAddr) {
        if (freeCount < freeList.length) {
            freeList[freeCount++] = chunkAddr;
        } else {
            freeListOverflow++;
        }
    }

    /** Publishes the fill ring's consumer index (part of {@code xsk_flush}). */
    void publishFill() {
        fq.publish();
    }

    /**
     * Sets XDP_RING_NEED_WAKEUP on the fill ring, if the socket asked for need_wakeup: the driver does it when it
     * could not refill and needs the application to kick it (the kernel's {@code xsk_set_rx_need_wakeup}).
     */
    public void setRxNeedWakeup() {
        if (!usesNeedWakeup || (cachedNeedWakeup & XskSocket.XDP_WAKEUP_RX) != 0) {
            return;
        }
        fillRing.setFlags(fillRing.flags() | XskRing.NEED_WAKEUP);
        cachedNeedWakeup |= XskSocket.XDP_WAKEUP_RX;
    }

    /** Clears the fill ring's NEED_WAKEUP (the kernel's {@code xsk_clear_rx_need_wakeup}). */
    public void clearRxNeedWakeup() {
        if (!usesNeedWakeup || (cachedNeedWakeup & XskSocket.XDP_WAKEUP_RX) == 0) {
            return;
        }
        fillRing.setFlags(fillRing.flags() & ~XskRing.NEED_WAKEUP);
        cachedNeedWakeup &= ~XskSocket.XDP_WAKEUP_RX;
    }

    /** Sets NEED_WAKEUP on the Tx ring of every socket transmitting through this pool. */
    public void setTxNeedWakeup() {
        if (!usesNeedWakeup || (cachedNeedWakeup & XskSocket.XDP_WAKEUP_TX) != 0) {
            return;
        }
        for (XskSocket s : txSocketArray) {
            s.txRing().setFlags(s.txRing().flags() | XskRing.NEED_WAKEUP);
        }
        cachedNeedWakeup |= XskSocket.XDP_WAKEUP_TX;
    }

    /** Clears NEED_WAKEUP on the Tx rings. */
    public void clearTxNeedWakeup() {
        if (!usesNeedWakeup || (cachedNeedWakeup & XskSocket.XDP_WAKEUP_TX) == 0) {
            return;
        }
        for (XskSocket s : txSocketArray) {
            s.txRing().setFlags(s.txRing().flags() & ~XskRing.NEED_WAKEUP);
        }
        cachedNeedWakeup &= ~XskSocket.XDP_WAKEUP_TX;
    }

    /**
     * Takes up to {@code max} valid Tx descriptors for transmission (the kernel's
     * {@code xsk_tx_peek_release_desc_batch}): as many as the completion ring has room for (back-pressure), from
     * the sockets transmitting through this pool in turn; invalid descriptors are skipped and counted in the
     * socket's tx_invalid_descs; an empty Tx ring counts tx_ring_empty_descs. The addresses are also reserved on
     * the completion ring; {@link #txCompleted(int)} publishes them as the device completes.
     *
     * @param addrs receives UMEM addresses (unaligned offset bits kept, as the kernel does)
     * @param lens  receives lengths
     * @return descriptors taken
     */
    public int txPeekBatch(long[] addrs, int[] lens, int max) {
        int taken = 0;
        final XskSocket[] sockets = txSocketArray;
        for (int s = 0; s < sockets.length && taken < max; s++) {
            taken += sockets[s].txPeek(addrs, lens, taken, max - taken, cq);
        }
        return taken;
    }

    /** Publishes {@code n} completions (the kernel's {@code xsk_tx_completed}). */
    public void txCompleted(int n) {
        cq.submit(n);
    }

    synchronized void addTxSocket(XskSocket s) {
        txSockets.add(s);
        txSocketArray = txSockets.toArray(new XskSocket[0]);
    }

    synchronized void removeTxSocket(XskSocket s) {
        txSockets.remove(s);
        txSocketArray = txSockets.toArray(new XskSocket[0]);
    }

    public Umem umem() {
        return umem;
    }

    public NetDevice dev() {
        return dev;
    }

    public int queueId() {
        return queueId;
    }

    public boolean zeroCopy() {
        return zeroCopy;
    }

    public boolean usesNeedWakeup() {
        return usesNeedWakeup;
    }

    /** Largest frame one chunk receives: chunk size − headroom − XDP_PACKET_HEADROOM. */
    public int frameLen() {
        return frameLen;
    }

    /** User headroom of each frame. */
    public int headroom() {
        return headroom;
    }

    public XskRing fillRing() {
        return fillRing;
    }

    public XskRing completionRing() {
        return completionRing;
    }

    /** Frames currently on the free list. */
    public int freeCount() {
        return freeCount;
    }

    public long fillInvalidDescs() {
        return fillInvalidDescs;
    }

    public long fillEmptyDescs() {
        return fillEmptyDescs;
    }

    public long freeListOverflow() {
        return freeListOverflow;
    }
}
