package io.xdpj.xsk.kernel;

import org.agrona.concurrent.Agent;

import io.xdpj.ring.XskRing;
import io.xdpj.xsk.XskSocket;

/**
 * The poller of one queue of a kernel port. The kernel's NAPI moves the packets; what is left for the application's
 * thread is to kick the kernel when, and only when, it has to (facts A.4):
 * <ul>
 *   <li>Tx: when the Tx ring holds descriptors the kernel has not taken and either the ring's need_wakeup flag is
 *       set or the socket was bound without XDP_USE_NEED_WAKEUP (then the kernel never says, and copy-mode Tx runs
 *       only inside sendmsg): {@code sendto(MSG_DONTWAIT)};</li>
 *   <li>Rx: when the socket uses need_wakeup and the fill ring's flag is set: {@code recvfrom(MSG_DONTWAIT)}.</li>
 * </ul>
 * {@link #doWork()} returns the kicks made, allocates nothing and never throws (the kicks count their errors).
 */
public final class KernelQueuePoller implements Agent {

    /** One socket bound on the queue, its rings cached in final fields. */
    record Entry(XskSocket socket, XskRing tx, XskRing fill, boolean needWakeup) {
    }

    private final String name;
    private final int queue;
    /** Replaced (never mutated) at bind and close, with pollers stopped. */
    private volatile Entry[] entries = new Entry[0];

    KernelQueuePoller(String ifname, int queue) {
        this.name = "xsk-" + ifname + "-q" + queue;
        this.queue = queue;
    }

    void entries(Entry[] e) {
        entries = e;
    }

    /** One cycle: the kicks the kernel asked for. */
    @Override
    public int doWork() {
        int work = 0;
        final Entry[] es = entries;
        for (Entry e : es) {
            final XskRing tx = e.tx();
            if (tx != null && tx.producerIndex() != tx.consumerIndex() && (!e.needWakeup() || tx.needsWakeup())) {
                e.socket().wakeup(XskSocket.XDP_WAKEUP_TX);
                work++;
            }
            final XskRing fill = e.fill();
            if (fill != null && e.needWakeup() && fill.needsWakeup()) {
                e.socket().wakeup(XskSocket.XDP_WAKEUP_RX);
                work++;
            }
        }
        return work;
    }

    @Override
    public String roleName() {
        return name;
    }

    /** The queue index. */
    public int queue() {
        return queue;
    }
}
