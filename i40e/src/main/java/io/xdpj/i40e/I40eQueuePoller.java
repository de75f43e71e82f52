package io.xdpj.i40e;

import org.agrona.concurrent.Agent;

import io.xdpj.xsk.XskBufferPool;

/**
 * The poller of one queue pair: an Agrona {@link Agent} whose {@link #doWork()} is the poll cycle, a flat list of
 * steps (the kernel's NAPI poll of an i40e queue vector):
 * <ol>
 *   <li>receive up to the budget and hand the frames to the XDP stage; end the cycle with its flushes; refill past
 *       the threshold with one tail write ({@link RxQueue#poll});</li>
 *   <li>AF_XDP transmit: reap completions to the completion ring, post the sockets' Tx descriptors, one tail
 *       write ({@link TxQueue#xmitXsk}).</li>
 * </ol>
 * Run it on a managed thread ({@link I40ePort#startPollers}) or call {@link #doWork()} from your own loop. One
 * thread per poller; never throws on the data path.
 */
public final class I40eQueuePoller implements Agent {

    private final RxQueue rxq;
    private final TxQueue txq;
    private final int budget;
    private XskBufferPool txPool;
    private long txUmemIova;

    I40eQueuePoller(RxQueue rxq, TxQueue txq, int budget) {
        this.rxq = rxq;
        this.txq = txq;
        this.budget = budget;
    }

    /** Control path (poller stopped): the pool AF_XDP transmit takes descriptors from, or null. */
    void txPool(XskBufferPool pool, long umemIova) {
        this.txPool = pool;
        this.txUmemIova = umemIova;
    }

    /** One poll cycle. Returns the work done (frames received + frames transmitted). */
    @Override
    public int doWork() {
        int work = 0;
        if (rxq.enabled()) {
            work += rxq.poll(budget);
        }
        final XskBufferPool pool = txPool;
        if (pool != null && txq.enabled()) {
            // A busy poller always runs: the application never needs to kick Tx (the pool starts with it set).
            pool.clearTxNeedWakeup();
            work += txq.xmitXsk(pool, txUmemIova, budget);
        }
        return work;
    }

    @Override
    public String roleName() {
        return "i40e-q" + rxq.queue;
    }

    /** The queue index. */
    public int queue() {
        return rxq.queue;
    }
}
