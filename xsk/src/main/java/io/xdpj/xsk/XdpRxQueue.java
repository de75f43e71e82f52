package io.xdpj.xsk;

import java.util.ArrayList;
import java.util.List;

/**
 * One Rx queue of a device as the XDP stage sees it: the kernel's {@code netdev_rx_queue} (with the RFC's patch
 * 1/8 fields) plus the {@code xdp_rxq_info} memory model.
 *
 * <p>RFC patch 1/8: {@link #xsk()} holds the socket when exactly one socket with an Rx ring is bound to this queue,
 * and null otherwise; a count is kept at bind and unbind and the pointer is restored when the count drops back
 * to one. {@code redirect_xsk} and the driver's REDIRECT_XSK handling read it on the data path (the poller's
 * thread); bind/unbind change it on the control path while the queue's poller is stopped (see the package doc),
 * so plain fields suffice.
 */
public final class XdpRxQueue {

    private final NetDevice dev;
    private final int queueIndex;
    private final List<XskSocket> rxSockets = new ArrayList<>();
    XskSocket xsk;
    int xskRefcnt;
    XskBufferPool pool;

    XdpRxQueue(NetDevice dev, int queueIndex) {
        this.dev = dev;
        this.queueIndex = queueIndex;
    }

    public NetDevice dev() {
        return dev;
    }

    public int queueIndex() {
        return queueIndex;
    }

    /** The single socket with an Rx ring bound to this queue, or null if there are none or several. */
    public XskSocket xsk() {
        return xsk;
    }

    /** Sockets with an Rx ring bound to this queue. */
    public int xskRefcnt() {
        return xskRefcnt;
    }

    /** The buffer pool bound to this queue (zero-copy or copy mode), or null. */
    public XskBufferPool pool() {
        return pool;
    }

    /** Whether Rx buffers of this queue are UMEM frames (the kernel's MEM_TYPE_XSK_BUFF_POOL). */
    public boolean zeroCopy() {
        return pool != null && pool.zeroCopy();
    }

    void addRxSocket(XskSocket s) {
        rxSockets.add(s);
        xskRefcnt = rxSockets.size();
        xsk = xskRefcnt == 1 ? s : null;
    }

    void removeRxSocket(XskSocket s) {
        if (rxSockets.remove(s)) {
            xskRefcnt = rxSockets.size();
            xsk = xskRefcnt == 1 ? rxSockets.get(0) : null;
        }
    }

    @Override
    public String toString() {
        return dev.name() + " rx queue " + queueIndex;
    }
}
