package io.xdpj.i40e;

import java.util.concurrent.atomic.AtomicInteger;

import io.xdpj.xsk.XdpTransmitter;

/**
 * The port's XDP transmit side ({@link XdpTransmitter}): one Tx queue that XDP_TX of every poller of this port and
 * DEVMAP redirects from other ports' pollers share. Frames are copied into driver buffers (the caller's memory is
 * only valid during the call).
 *
 * <p>NB: several threads may transmit here (each port's pollers), so the queue is guarded by a try-lock (the kernel
 * takes {@code xdp_ring->tx_lock} when XDP rings are shared). A sender that finds the lock held spins briefly;
 * nothing allocates and nothing throws.
 */
final class XdpTxPort implements XdpTransmitter {

    private final TxQueue txq;
    private final AtomicInteger lock = new AtomicInteger();

    XdpTxPort(TxQueue txq) {
        this.txq = txq;
    }

    TxQueue queue() {
        return txq;
    }

    private void acquire() {
        while (!lock.compareAndSet(0, 1)) {
            Thread.onSpinWait();
        }
    }

    private void release() {
        lock.setRelease(0);
    }

    @Override
    public boolean xmit(long address, int length) {
        if (!txq.enabled()) {
            return false;
        }
        acquire();
        try {
            return txq.xmitCopy(address, length);
        } finally {
            release();
        }
    }

    @Override
    public void flush() {
        acquire();
        try {
            txq.flush();
            txq.clean();
        } finally {
            release();
        }
    }

    /** Reaps completions (from the port's service loop, so an idle queue's buffers come back). */
    int reap() {
        acquire();
        try {
            return txq.clean();
        } finally {
            release();
        }
    }
}
