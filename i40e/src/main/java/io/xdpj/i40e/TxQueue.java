package io.xdpj.i40e;

import org.agrona.concurrent.AtomicBuffer;

import io.xdpj.i40e.hw.desc.RingGeometry;
import io.xdpj.i40e.hw.desc.TxDescriptor;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.ring.FrameCopy;
import io.xdpj.vfio.DmaAllocator;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.Mmio;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.XskBufferPool;

/**
 * One LAN Tx queue: a ring of 16-byte data descriptors in DMA memory (facts 7.3), its HMC context (facts 5.7) and
 * its enable handshake (facts 6.2). Two roles use it: the XDP Tx side (frames copied into driver buffers: XDP_TX,
 * DEVMAP) and the AF_XDP Tx side of a queue pair (zero-copy from the UMEM, or copied in copy mode).
 *
 * <h2>Completion: DD write-back, not head write-back</h2>
 * Facts 12: Linux uses head write-back, DPDK and iPXE the DTYPE = 0xF write-back of RS descriptors. We set RS on
 * the last descriptor of every burst and poll that descriptor's DTYPE (facts 7.5): the completion is then read from
 * the descriptor the device rewrote, in the ring's own cache lines, and does not depend on when the device updates
 * the head (UNVERIFIED, facts 14). The RS positions are kept in {@code rsIndex}, a FIFO of burst ends.
 *
 * <h2>Memory ordering</h2>
 * Pair: descriptors (plain stores) → QTX_TAIL {@link Mmio#write32} (release, one per burst); device completion
 * (release store of qword1 = DESC_DONE) → {@link TxDescriptor#qword1Acquire} of the RS descriptor here.
 *
 * <p>Single-threaded per queue (the owner's poller, or under the port's XDP Tx lock).
 */
final class TxQueue implements AutoCloseable {

    /** Settle after GLLAN_TXPRE_QDIS before disable, 10 µs (DPDK {@code I40E_PRE_TX_Q_CFG_WAIT_US}, facts 6.2). */
    static final long PRE_QDIS_NANOS = 10_000L;
    /** CMD of every data descriptor: EOP | ICRC (facts 7.3: all drivers set ICRC). */
    static final int CMD_EOP_ICRC = TxDescriptor.I40E_TX_DESC_CMD_EOP | TxDescriptor.I40E_TX_DESC_CMD_ICRC;
    static final long RS_BIT = (long) TxDescriptor.I40E_TX_DESC_CMD_RS << TxDescriptor.I40E_TXD_QW1_CMD_SHIFT;

    final int queue;
    private final int absoluteQueue;
    private final int count;
    private final int mask;
    private final Mmio bar;
    private final int tailRegister;
    private final DmaMemory ringMemory;
    private final AtomicBuffer ring;
    private final DmaMemory bufferMemory;
    private final int bufferSize;
    private final int[] rsIndex;
    private int rsHead;
    private int rsTail;
    private int ntu;
    private int ntc;
    private int pending;
    private int lastWritten = -1;
    private boolean enabled;

    // Zero-copy Tx scratch (no allocation per burst).
    private final long[] txAddrs;
    private final int[] txLens;

    // Counters: single writer (the owner), read by statistics.
    long packets;
    long bytes;
    long ringFull;
    long tooBig;
    long completions;

    TxQueue(int queue, int absoluteQueue, int count, Mmio bar, DmaAllocator dma, int bufferSize) {
        this.queue = queue;
        this.absoluteQueue = absoluteQueue;
        this.count = count;
        this.mask = count - 1;
        this.bar = bar;
        this.tailRegister = LanQueueRegisters.QTX_TAIL(queue);
        this.ringMemory = dma.allocate(RingGeometry.ringBytes(count, TxDescriptor.SIZE), 4096, "tx ring q" + queue);
        this.ring = ringMemory.buffer();
        this.bufferSize = bufferSize;
        this.bufferMemory = dma.allocate((long) count * bufferSize, 4096, "tx buffers q" + queue);
        this.rsIndex = new int[count];
        this.txAddrs = new long[count];
        this.txLens = new int[count];
    }

    /**
     * Context and queue control (facts 6.2 steps 1-2): zeroed context with new_context, base, qlen, rdylist =
     * the VSI's qs_handle[0]; head write-back off (see the class comment); QTX_CTL = PF queue | pf_id.
     */
    void configure(LanHmc hmc, int pfId, int qsHandle) {
        final TxQueueContext ctx = new TxQueueContext();
        ctx.newContext = 1;
        ctx.base = ringMemory.iova() / TxQueueContext.BASE_UNIT;
        ctx.qlen = count;
        ctx.rdylist = qsHandle;
        hmc.writeTxContext(queue, ctx);
        bar.write32(LanQueueRegisters.QTX_CTL(queue), (LanQueueRegisters.QTX_CTL_PF_QUEUE << LanQueueRegisters.QTX_CTL_PFVF_Q_SHIFT)
            | (pfId << LanQueueRegisters.QTX_CTL_PF_INDX_SHIFT));
        bar.read32(LanQueueRegisters.QTX_CTL(queue)); // flush (facts 6.2 step 2)
        ring.setMemory(0, count * TxDescriptor.SIZE, (byte) 0);
        ntu = 0;
        ntc = 0;
        rsHead = 0;
        rsTail = 0;
        pending = 0;
        lastWritten = -1;
    }

    /**
     * Enable (facts 6.2, Linux order): clear the pre-disable, wait REQ == STAT, QTX_HEAD = 0, set REQ, wait STAT.
     */
    void enable(PfReset pf, Deadline deadline) {
        pf.preTxQueueDisable(absoluteQueue, false);
        QueueEnable.switchOn(bar, deadline, LanQueueRegisters.QTX_ENA(queue), "tx queue " + queue + " enable",
            "QTX_ENA(" + queue + ")", () -> bar.write32(LanQueueRegisters.QTX_HEAD(queue), 0),
            " (base, qlen, rdylist)");
        enabled = true;
    }

    /** Disable (facts 6.4): SET_QDIS, 10 µs, wait REQ == STAT, clear REQ, wait STAT == 0. */
    void disable(PfReset pf, Deadline deadline) {
        enabled = false;
        pf.preTxQueueDisable(absoluteQueue, true);
        deadline.sleep(PRE_QDIS_NANOS);
        QueueEnable.switchOff(bar, deadline, LanQueueRegisters.QTX_ENA(queue), "tx queue " + queue + " disable",
            "QTX_ENA(" + queue + ")");
    }


    boolean enabled() {
        return enabled;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Data path

    /** Free descriptors ({@code I40E_DESC_UNUSED}: one stays unused, facts 7.2). */
    int free() {
        return (ntc - ntu - 1) & mask;
    }

    /**
     * Reaps completed bursts: while the oldest RS descriptor reads DTYPE = DESC_DONE (acquire), everything up to it
     * is done (facts 7.5).
     *
     * @return descriptors completed
     */
    int clean() {
        int done = 0;
        while (rsHead != rsTail) {
            final int rs = rsIndex[rsHead];
            final long qw1 = TxDescriptor.qword1Acquire(ring, rs * TxDescriptor.SIZE); // pairs with the device's release
            if (!TxDescriptor.isDescDone(qw1)) {
                break;
            }
            final int next = (rs + 1) & mask;
            done += (next - ntc) & mask;
            ntc = next;
            rsHead = (rsHead + 1) & mask;
        }
        completions += done;
        return done;
    }

    /**
     * Copies a frame into the next descriptor's buffer and writes the descriptor (plain stores); {@link #flush}
     * publishes. Data path: returns false (and counts) when the ring is full or the frame does not fit a buffer.
     */
    boolean xmitCopy(long address, int length) {
        if (length > bufferSize || length <= 0) {
            tooBig++;
            return false;
        }
        if (free() == 0 && (clean() == 0 || free() == 0)) {
            ringFull++;
            return false;
        }
        final int i = ntu;
        final long buf = (long) i * bufferSize;
        FrameCopy.copy(address, bufferMemory.address() + buf, length);
        TxDescriptor.putData(ring, i * TxDescriptor.SIZE, bufferMemory.iova() + buf,
            TxDescriptor.dataQword1(CMD_EOP_ICRC, 0, length, 0));
        lastWritten = i;
        ntu = (i + 1) & mask;
        pending++;
        packets++;
        bytes += length;
        return true;
    }

    /** Sets RS on the burst's last descriptor, records it, and writes the tail once (release). */
    void flush() {
        if (pending == 0) {
            return;
        }
        final int last = lastWritten;
        final int off = last * TxDescriptor.SIZE + TxDescriptor.QWORD1_OFFSET;
        ring.putLong(off, ring.getLong(off) | RS_BIT);
        rsIndex[rsTail] = last;
        rsTail = (rsTail + 1) & mask;
        pending = 0;
        bar.write32(tailRegister, ntu); // release: publishes the burst's descriptors and buffers
    }

    /**
     * AF_XDP transmit from {@code pool}'s sockets (the kernel's {@code i40e_xmit_zc}, facts 11): reap completions
     * into the completion ring, then take as many Tx descriptors as there are free slots, one descriptor each,
     * RS on the last, one tail write.
     *
     * @param umemIova the UMEM's IOVA (zero-copy), or -1 to copy into driver buffers (copy mode)
     * @return frames queued
     */
    int xmitXsk(XskBufferPool pool, long umemIova, int budget) {
        final int done = clean();
        if (done > 0) {
            pool.txCompleted(done);
        }
        final int room = Math.min(free(), budget);
        if (room == 0) {
            return 0;
        }
        final int n = pool.txPeekBatch(txAddrs, txLens, room);
        if (n == 0) {
            return 0;
        }
        final Umem umem = pool.umem();
        final long umemBase = umem.address();
        int i = ntu;
        for (int k = 0; k < n; k++) {
            final long addr = umem.addressOf(txAddrs[k]);
            final int len = txLens[k];
            final long iova;
            if (umemIova >= 0) {
                iova = umemIova + (addr - umemBase);
            } else {
                if (len > bufferSize) {
                    tooBig++; // only with hugepage chunks over 4 KiB in copy mode: sent truncated, and counted
                }
                final long buf = (long) i * bufferSize;
                FrameCopy.copy(addr, bufferMemory.address() + buf, Math.min(len, bufferSize));
                iova = bufferMemory.iova() + buf;
            }
            TxDescriptor.putData(ring, i * TxDescriptor.SIZE, iova, TxDescriptor.dataQword1(CMD_EOP_ICRC, 0,
                Math.min(len, umemIova >= 0 ? TxDescriptor.I40E_MAX_DATA_PER_TXD : bufferSize), 0));
            bytes += len;
            lastWritten = i;
            i = (i + 1) & mask;
        }
        ntu = i;
        pending += n;
        packets += n;
        flush();
        return n;
    }

    /** Descriptors handed to the device and not yet completed. */
    int inFlight() {
        return (ntu - ntc) & mask;
    }

    @Override
    public void close() {
        ringMemory.close();
        bufferMemory.close();
    }
}
