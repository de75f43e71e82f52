package io.xdpj.xsk;

/**
 * The XDP stage of one Rx queue, as a driver's Rx loop uses it: builds the context for each received frame, runs
 * the program exactly once per frame, acts on the result, and at the end of the poll cycle flushes what the
 * cycle's results ask for (the i40e driver's {@code i40e_run_xdp_zc} + {@code i40e_finalize_xdp_rx}).
 *
 * <p>Three ways in, on the same frames:
 * <ul>
 *   <li>{@link #receive}: scalar, one frame at a time (the kernel's path; REDIRECT_XSK handled per frame as in
 *       RFC patch 4/8);</li>
 *   <li>{@link #receiveBatch}: the RFC's batched path (patch 7/8): run the program frame by frame while it returns
 *       REDIRECT_XSK; if the whole batch did, push it with one {@code xsk_rcv_batch}; at the first other action,
 *       push what came before, act on that frame with the result already computed, and finish the batch
 *       scalar;</li>
 *   <li>{@link #receiveBatchSameTarget}: the reviewers' counter-proposal (no new action): the program returns
 *       REDIRECT through the ordinary helper, and the stage compares each frame's redirect target with the first
 *       one's (one reference compare); a batch that all goes to one socket is pushed at once.</li>
 * </ul>
 *
 * <p>Buffer ownership: in zero-copy mode a frame handle is a UMEM chunk address from the queue's pool; a frame
 * delivered to a socket belongs to the application, every other frame goes back to the pool here. In copy mode
 * the handle is the address of a driver buffer; this stage copies what it keeps and the driver reuses every
 * buffer after the call.
 *
 * <p>Single-threaded (the queue's poller). Never throws on the data path: a program that throws is counted and
 * treated as XDP_ABORTED.
 */
public final class XdpRxRunner {

    /** Largest batch {@link #receiveBatch} and {@link #receiveBatchSameTarget} take. */
    public static final int MAX_BATCH = 256;

    private static final int RESULT_REDIR = 1;
    private static final int RESULT_REDIR_XSK = 1 << 1;
    private static final int RESULT_TX = 1 << 2;

    private final XdpRxQueue rxq;
    private final XdpRedirect redirect;
    private final XdpBuff ctx;
    private final XdpTransmitter xdpTx;
    private final XdpPassHandler passHandler;
    private final int copyFrameSize;
    private final int copyHeadroom;
    private XdpProgram program;

    // Mode, refreshed by refreshMode() when a pool comes or goes.
    private boolean zeroCopy;
    private XskBufferPool pool;
    private long umemBase;
    private int zcHeadroom;
    private int zcFrameSize;

    private int results;
    private final long[] batchAddr = new long[MAX_BATCH];
    private final int[] batchLen = new int[MAX_BATCH];

    // Counters (single writer: this poller).
    long frames;
    final long[] actions = new long[XdpAction.COUNT];
    long programFaults;
    long dropAborted;
    long dropDrop;
    long dropPassNoHandler;
    long dropTxFull;
    long dropRedirect;
    long dropXsk;

    /**
     * @param rxq           the queue
     * @param redirect      the poller's redirect machinery (shared by the queues one poller serves)
     * @param program       the XDP program
     * @param passHandler   where XDP_PASS frames go, or null to count and drop them
     * @param copyFrameSize size of the driver's Rx buffers in copy mode (headroom included)
     * @param copyHeadroom  bytes the driver leaves before the data in its buffers in copy mode
     */
    public XdpRxRunner(XdpRxQueue rxq, XdpRedirect redirect, XdpProgram program, XdpPassHandler passHandler,
                       int copyFrameSize, int copyHeadroom) {
        this.rxq = rxq;
        this.redirect = redirect;
        this.ctx = new XdpBuff(redirect.ri);
        this.ctx.rxq = rxq;
        this.xdpTx = rxq.dev().transmitter();
        this.passHandler = passHandler;
        this.copyFrameSize = copyFrameSize;
        this.copyHeadroom = copyHeadroom;
        this.program = program;
        refreshMode();
    }

    /** Re-reads the queue's memory model: call after a pool was installed or removed (control path). */
    public void refreshMode() {
        pool = rxq.pool;
        zeroCopy = pool != null && pool.zeroCopy();
        if (zeroCopy) {
            umemBase = pool.umem().address();
            zcHeadroom = pool.headroom();
            zcFrameSize = pool.umem().chunkSize() - pool.headroom();
        }
    }

    /** Replaces the program (control path; the queue's poller must not be running). */
    public void setProgram(XdpProgram program) {
        this.program = program;
    }

    /** Whether frames of this queue are UMEM frames. */
    public boolean zeroCopy() {
        return zeroCopy;
    }

    /** The queue's pool (zero-copy frames come from it), or null. */
    public XskBufferPool pool() {
        return pool;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Per frame

    /** Scalar path: one frame of {@code len} bytes in buffer {@code handle}. */
    public void receive(long handle, int len) {
        act(run(handle, len), handle);
    }

    /** Points the context at the frame and runs the program once. */
    private int run(long handle, int len) {
        final XdpBuff c = ctx;
        if (zeroCopy) {
            c.set(umemBase + handle + zcHeadroom, zcFrameSize, Umem.XDP_PACKET_HEADROOM, len, handle);
        } else {
            c.set(handle, copyFrameSize, copyHeadroom, len, handle);
        }
        frames++;
        int act;
        try {
            act = program.run(c);
        } catch (RuntimeException e) {
            programFaults++;
            act = XdpAction.ABORTED;
        }
        if (act < 0 || act >= XdpAction.COUNT) {
            act = XdpAction.ABORTED; // bpf_warn_invalid_xdp_action, then treated as aborted
        }
        actions[act]++;
        return act;
    }

    /** Acts on the program's result for the frame the context points at. */
    private void act(int act, long handle) {
        switch (act) {
            case XdpAction.REDIRECT_XSK -> actRedirectXsk(handle);
            case XdpAction.REDIRECT -> actRedirect(handle);
            case XdpAction.TX -> actTx(handle);
            case XdpAction.PASS -> actPass(handle);
            case XdpAction.DROP -> {
                dropDrop++;
                recycle(handle);
            }
            default -> {
                dropAborted++;
                recycle(handle);
            }
        }
    }

    private void actRedirectXsk(long handle) {
        final XskSocket xs = rxq.xsk;
        if (xs != null && redirect.xskRcv(xs, ctx) == 0) {
            results |= RESULT_REDIR_XSK;
            if (!zeroCopy) {
                recycle(handle);
            }
            return;
        }
        dropXsk++;
        recycle(handle);
    }

    private void actRedirect(long handle) {
        final int r = redirect.doRedirect(ctx);
        if (r < 0) {
            dropRedirect++;
            recycle(handle);
            return;
        }
        results |= RESULT_REDIR;
        if (r > 0 || !zeroCopy) {
            recycle(handle); // copied (DEVMAP/CPUMAP, or copy-mode socket): the buffer stays ours
        }
    }

    private void actTx(long handle) {
        if (xdpTx != null && xdpTx.xmit(ctx.dataAddress(), ctx.length())) {
            results |= RESULT_TX;
        } else {
            dropTxFull++;
        }
        recycle(handle);
    }

    private void actPass(long handle) {
        if (passHandler != null) {
            passHandler.onPass(ctx);
        } else {
            dropPassNoHandler++;
        }
        recycle(handle);
    }

    /** Gives a frame the stage does not keep back: to the pool (zero-copy); the driver reuses it (copy). */
    private void recycle(long handle) {
        if (zeroCopy) {
            pool.free(handle);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Batches

    /**
     * The RFC's batched path (patch 7/8) over {@code n} frames ({@code n <= MAX_BATCH}) whose descriptors the
     * driver already saw written back. The program runs exactly once per frame.
     */
    public void receiveBatch(long[] handles, int[] lens, int n) {
        final XskSocket xs = rxq.xsk;
        final int frameLen = zeroCopy && xs != null ? xs.pool().frameLen() : -1;
        int i = 0;
        int act = XdpAction.REDIRECT_XSK;
        for (; i < n; i++) {
            act = run(handles[i], lens[i]);
            if (act != XdpAction.REDIRECT_XSK || ctx.length() > frameLen) {
                break;
            }
            batchAddr[i] = XdpRedirect.descAddr(pool, ctx);
            batchLen[i] = ctx.length();
        }
        if (i > 0) {
            pushBatch(xs, handles, i);
            results |= RESULT_REDIR_XSK;
        }
        if (i < n) {
            act(act, handles[i]);
            finishScalar(handles, lens, i + 1, n);
        }
    }

    /**
     * The reviewers' counter-proposal: no new action; frames the program redirects to the same socket through the
     * ordinary redirect helper go in one push. The comparison with the first frame's target is the only per-frame
     * addition to the kernel's path.
     */
    public void receiveBatchSameTarget(long[] handles, int[] lens, int n) {
        final RedirectInfo ri = redirect.ri;
        Object target = null;
        int frameLen = -1;
        int i = 0;
        int act = XdpAction.REDIRECT;
        for (; i < n; i++) {
            act = run(handles[i], lens[i]);
            if (act != XdpAction.REDIRECT || ri.mapType != RedirectInfo.MAP_TYPE_XSKMAP || ri.kernFlags != 0) {
                break;
            }
            if (target == null) {
                final XskSocket first = (XskSocket) ri.tgtValue;
                if (!zeroCopy || !XdpRedirect.batchable(first, rxq)) {
                    break;
                }
                target = first;
                frameLen = first.pool().frameLen();
            }
            if (ri.tgtValue != target || ctx.length() > frameLen) {
                break;
            }
            batchAddr[i] = XdpRedirect.descAddr(pool, ctx);
            batchLen[i] = ctx.length();
        }
        if (i > 0) {
            final XskSocket xs = (XskSocket) target;
            if (i == n) {
                ri.mapId = 0; // consumed here instead of by do_redirect
                ri.mapType = RedirectInfo.MAP_TYPE_UNSPEC;
            }
            pushBatch(xs, handles, i);
            redirect.markForFlush(xs);
            results |= RESULT_REDIR;
        }
        if (i < n) {
            act(act, handles[i]);
            finishScalar(handles, lens, i + 1, n);
        }
    }

    /** Pushes the first {@code count} frames of the batch to {@code xs}; frames that did not fit are recycled. */
    private void pushBatch(XskSocket xs, long[] handles, int count) {
        if (XdpRedirect.xskRcvBatch(xs, batchAddr, batchLen, count) == count) {
            return;
        }
        for (int k = 0; k < count; k++) {
            if (batchAddr[k] < 0) {
                dropXsk++;
                recycle(handles[k]);
            }
        }
    }

    private void finishScalar(long[] handles, int[] lens, int from, int n) {
        for (int k = from; k < n; k++) {
            act(run(handles[k], lens[k]), handles[k]);
        }
    }

    /**
     * End of the poll cycle ({@code i40e_finalize_xdp_rx}): {@code do_flush} if anything was redirected, one
     * {@code xsk_flush} of the queue's socket if anything took the REDIRECT_XSK path, one XDP Tx tail write if
     * anything was transmitted.
     */
    public void finish() {
        final int r = results;
        if (r == 0) {
            return;
        }
        results = 0;
        if ((r & RESULT_REDIR) != 0) {
            redirect.doFlush();
        }
        if ((r & RESULT_REDIR_XSK) != 0) {
            final XskSocket xs = rxq.xsk;
            if (xs != null) {
                XdpRedirect.xskFlush(xs);
            }
        }
        if ((r & RESULT_TX) != 0) {
            xdpTx.flush();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Counters

    /** Frames the program ran on. */
    public long frames() {
        return frames;
    }

    /** Frames for which the program returned {@code action}. */
    public long actionCount(int action) {
        return actions[action];
    }

    /** Program runs that threw (counted as ABORTED). */
    public long programFaults() {
        return programFaults;
    }

    public long dropAborted() {
        return dropAborted;
    }

    public long dropDrop() {
        return dropDrop;
    }

    public long dropPassNoHandler() {
        return dropPassNoHandler;
    }

    public long dropTxFull() {
        return dropTxFull;
    }

    public long dropRedirect() {
        return dropRedirect;
    }

    public long dropXsk() {
        return dropXsk;
    }

    public XdpRedirect redirect() {
        return redirect;
    }
}
