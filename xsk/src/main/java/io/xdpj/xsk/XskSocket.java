package io.xdpj.xsk;

import java.util.ArrayList;
import java.util.List;

import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingKind;
import io.xdpj.ring.RingProducer;
import io.xdpj.ring.XskRing;

/**
 * An AF_XDP-style socket: up to four rings (fill and completion belong to the UMEM owner and move to the buffer
 * pool at bind; Rx and Tx are the socket's own), bound to one (device, queue) with the kernel's bind rules and
 * flags (facts A.8), counting what the kernel counts (facts A.2, A.7).
 *
 * <p>Set-up follows the socket calls:
 * <pre>{@code
 * XskSocket s = new XskSocket();          // socket(AF_XDP, SOCK_RAW, 0)
 * s.registerUmem(umem);                   // setsockopt(XDP_UMEM_REG)
 * s.createFillRing(2048);                 // setsockopt(XDP_UMEM_FILL_RING)
 * s.createCompletionRing(2048);           // setsockopt(XDP_UMEM_COMPLETION_RING)
 * s.createRxRing(2048);                   // setsockopt(XDP_RX_RING)
 * s.createTxRing(2048);                   // setsockopt(XDP_TX_RING)
 * s.bind(dev, 0, XskSocket.XDP_USE_NEED_WAKEUP);
 * }</pre>
 * The application then produces on {@link #fillRing()} and {@link #txRing()} and consumes {@link #rxRing()} and
 * {@link #completionRing()} through each ring's {@code producer()} / {@code consumer()} handle.
 *
 * <p>Two kinds of socket behind the same calls: the in-process model (this class with the buffer pool and a driver
 * in this process as the kernel side), and a real kernel AF_XDP socket when the UMEM was created by a port whose
 * sockets live in the kernel ({@link XskBackend}): {@link #registerUmem} then opens the kernel socket, the rings are
 * the kernel's, mapped and wrapped, and the port binds through {@link #bindBackend}. A socket sharing a UMEM has no
 * UMEM of its own to tell it; its rings move to the kernel at bind, so take them from {@link #rxRing()} and
 * {@link #txRing()} after binding.
 */
public final class XskSocket implements AutoCloseable {

    /** Bind flags (sockaddr_xdp.sxdp_flags, facts A.1). */
    public static final int XDP_SHARED_UMEM = 1;
    public static final int XDP_COPY = 1 << 1;
    public static final int XDP_ZEROCOPY = 1 << 2;
    public static final int XDP_USE_NEED_WAKEUP = 1 << 3;
    public static final int XDP_USE_SG = 1 << 4;
    /** XDP_OPTIONS_ZEROCOPY in {@link #options()}. */
    public static final int XDP_OPTIONS_ZEROCOPY = 1;
    /** Wakeup directions, as the kernel's XDP_WAKEUP_RX / XDP_WAKEUP_TX. */
    public static final int XDP_WAKEUP_RX = 1;
    public static final int XDP_WAKEUP_TX = 1 << 1;

    private static final int KNOWN_FLAGS = XDP_SHARED_UMEM | XDP_COPY | XDP_ZEROCOPY | XDP_USE_NEED_WAKEUP
        | XDP_USE_SG;

    enum State { READY, BOUND, UNBOUND }

    private volatile State state = State.READY;
    private Umem umem;
    private XskRing fillTmp;
    private XskRing completionTmp;
    private XskRing rx;
    private XskRing tx;
    private RingProducer rxProducer;
    private RingConsumer txConsumer;
    private XskBufferPool pool;
    private NetDevice dev;
    private int queueId = -1;
    private int bindFlags;
    private final List<MapSlot> mapSlots = new ArrayList<>();
    /** The kernel socket, or null for the in-process model. */
    private XskBackend backend;
    /** In-process rings replaced by kernel rings at bind (kept until close: stale handles must not hit freed memory). */
    private final List<XskRing> retired = new ArrayList<>();

    // Counters: written by the queue's poller only (see the class doc of XskBufferPool).
    long rxDropped;
    long rxQueueFull;
    long rxInvalidDescs;
    long txInvalidDescs;
    long txRingEmptyDescs;
    long wakeups;
    /** On the poller's XSKMAP flush list (the kernel's {@code flush_node.prev != NULL}). */
    boolean onFlushList;

    private record MapSlot(XskMap map, int key) {
    }

    /** XDP_UMEM_REG: attaches a registered UMEM. */
    public synchronized void registerUmem(Umem u) {
        requireReady("XDP_UMEM_REG");
        if (umem != null) {
            throw new XskException(Errno.EBUSY, "socket already has a UMEM; one UMEM per socket");
        }
        final XskBackend.Provider provider = XskBackend.providerFor(u);
        if (provider != null) {
            backend = provider.open(u); // socket(AF_XDP) + XDP_UMEM_REG; throws before anything changed here
        }
        umem = u;
        u.acquire();
    }

    /** XDP_UMEM_FILL_RING. Needs a registered UMEM. */
    public synchronized XskRing createFillRing(int entries) {
        requireUmem("XDP_UMEM_FILL_RING");
        fillTmp = newRing(fillTmp, RingKind.ADDRESS, entries, "fill", XskBackend.XDP_UMEM_FILL_RING);
        return fillTmp;
    }

    /** XDP_UMEM_COMPLETION_RING. Needs a registered UMEM. */
    public synchronized XskRing createCompletionRing(int entries) {
        requireUmem("XDP_UMEM_COMPLETION_RING");
        completionTmp = newRing(completionTmp, RingKind.ADDRESS, entries, "completion",
            XskBackend.XDP_UMEM_COMPLETION_RING);
        return completionTmp;
    }

    /** XDP_RX_RING. */
    public synchronized XskRing createRxRing(int entries) {
        rx = newRing(rx, RingKind.DESCRIPTOR, entries, "rx", XskBackend.XDP_RX_RING);
        rxProducer = rx.producer();
        return rx;
    }

    /**
     * XDP_TX_RING. Sets NEED_WAKEUP at creation: Tx must be woken up explicitly the first time (facts A.4); a kernel
     * socket's kernel sets it itself.
     */
    public synchronized XskRing createTxRing(int entries) {
        tx = newRing(tx, RingKind.DESCRIPTOR, entries, "tx", XskBackend.XDP_TX_RING);
        if (backend == null) {
            tx.setFlags(XskRing.NEED_WAKEUP);
        }
        txConsumer = tx.consumer();
        return tx;
    }

    private XskRing newRing(XskRing existing, RingKind kind, int entries, String name, int ringOption) {
        requireReady("creating the " + name + " ring");
        if (existing != null) {
            throw new XskException(Errno.EINVAL, "the " + name + " ring already exists");
        }
        if (entries <= 0 || Integer.bitCount(entries) != 1) {
            throw new XskException(Errno.EINVAL, name + " ring size " + entries + " is not a power of two");
        }
        return backend != null ? backend.createRing(ringOption, kind, entries) : XskRing.allocate(kind, entries);
    }

    private void requireReady(String what) {
        if (state != State.READY) {
            throw new XskException(Errno.EBUSY, what + ": socket is already bound or closed");
        }
    }

    private void requireUmem(String what) {
        if (umem == null) {
            throw new XskException(Errno.EINVAL, what + ": register a UMEM first (XDP_UMEM_REG)");
        }
    }

    /**
     * Binds the socket to queue {@code queueId} of {@code device} (facts A.8). Without XDP_COPY or XDP_ZEROCOPY,
     * zero-copy is used when the device supports it, else copy mode.
     *
     * @throws XskException EINVAL for bad flags, a missing ring or UMEM, or a queue out of range; EBUSY if the
     *                      socket is already bound or the queue already has a pool; EOPNOTSUPP for XDP_ZEROCOPY on
     *                      a device without zero-copy, or XDP_USE_SG; ENODEV without a device
     */
    public void bind(NetDevice device, int queueId, int flags) {
        bind(device, queueId, flags, null);
    }

    /** Binds with XDP_SHARED_UMEM, sharing the UMEM of {@code umemOwner} (a bound socket). */
    public void bindShared(NetDevice device, int queueId, XskSocket umemOwner) {
        bind(device, queueId, XDP_SHARED_UMEM, umemOwner);
    }

    void bind(NetDevice device, int qid, int flags, XskSocket owner) {
        if (device == null) {
            throw new XskException(Errno.ENODEV, "bind: no such device");
        }
        synchronized (device) {
            synchronized (this) {
                bindLocked(device, qid, flags, owner);
            }
        }
    }

    private void bindLocked(NetDevice device, int qid, int flags, XskSocket owner) {
        if (state != State.READY) {
            throw new XskException(Errno.EBUSY, "bind: socket is already bound or closed");
        }
        if (backend != null) {
            throw new XskException(Errno.EINVAL, "bind: this is a kernel AF_XDP socket (its UMEM came from a kernel "
                + "port); bind it through that port");
        }
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new XskException(Errno.EINVAL, "bind: unknown flags 0x" + Integer.toHexString(flags & ~KNOWN_FLAGS));
        }
        if (rx == null && tx == null) {
            throw new XskException(Errno.EINVAL, "bind: the socket needs an Rx or a Tx ring (XDP_RX_RING/XDP_TX_RING)");
        }
        if (qid < 0 || qid >= device.rxQueueCount()) {
            throw new XskException(Errno.EINVAL, "bind: queue " + qid + " does not exist on " + device + " ("
                + device.rxQueueCount() + " queues)");
        }
        if ((flags & XDP_USE_SG) != 0) {
            throw new XskException(Errno.EOPNOTSUPP, "bind: XDP_USE_SG (multi-buffer) is not supported; use a chunk "
                + "size that holds the largest frame");
        }
        final XdpRxQueue rxq = device.rxQueue(qid);
        final boolean newPool;
        if ((flags & XDP_SHARED_UMEM) != 0) {
            newPool = bindSharedUmem(device, rxq, flags, owner);
        } else {
            bindOwnUmem(device, rxq, flags);
            newPool = true;
        }
        this.dev = device;
        this.queueId = qid;
        this.bindFlags = flags;
        if (rx != null) {
            rxq.addRxSocket(this);
        }
        if (tx != null) {
            pool.addTxSocket(this);
        }
        pool.users++;
        state = State.BOUND; // volatile: publishes the bound socket to the poller (xsk_is_bound is an acquire)
        if (newPool) {
            device.hooks().poolEnabled(qid, pool);
        }
    }

    private void bindOwnUmem(NetDevice device, XdpRxQueue rxq, int flags) {
        if (umem == null) {
            throw new XskException(Errno.EINVAL, "bind: no UMEM registered (XDP_UMEM_REG) and no XDP_SHARED_UMEM");
        }
        if (fillTmp == null || completionTmp == null) {
            throw new XskException(Errno.EINVAL, "bind: both the fill and the completion ring must be created");
        }
        if ((flags & XDP_COPY) != 0 && (flags & XDP_ZEROCOPY) != 0) {
            throw new XskException(Errno.EINVAL, "bind: XDP_COPY and XDP_ZEROCOPY exclude each other");
        }
        requireFreeQueue(device, rxq);
        if ((flags & XDP_ZEROCOPY) != 0 && !device.zeroCopyCapable()) {
            throw new XskException(Errno.EOPNOTSUPP, "bind: " + device + " does not support zero-copy; bind "
                + "without XDP_ZEROCOPY to fall back to copy mode");
        }
        final boolean zc = (flags & XDP_COPY) == 0 && device.zeroCopyCapable();
        pool = new XskBufferPool(umem, device, rxq.queueIndex(), zc, (flags & XDP_USE_NEED_WAKEUP) != 0, fillTmp,
            completionTmp);
        rxq.pool = pool;
    }

    private boolean bindSharedUmem(NetDevice device, XdpRxQueue rxq, int flags, XskSocket owner) {
        if ((flags & (XDP_COPY | XDP_ZEROCOPY | XDP_USE_NEED_WAKEUP | XDP_USE_SG)) != 0) {
            throw new XskException(Errno.EINVAL, "bind: XDP_SHARED_UMEM allows no other flag; the owner's apply");
        }
        if (umem != null) {
            throw new XskException(Errno.EINVAL, "bind: XDP_SHARED_UMEM on a socket that registered its own UMEM");
        }
        if (owner == null || owner == this) {
            throw new XskException(Errno.EBADF, "bind: XDP_SHARED_UMEM needs another AF_XDP socket");
        }
        if (owner.state != State.BOUND) {
            throw new XskException(Errno.EBADF, "bind: the socket sharing its UMEM is not bound");
        }
        final boolean sameQueue = owner.dev == device && owner.queueId == rxq.queueIndex();
        if (sameQueue) {
            if (fillTmp != null || completionTmp != null) {
                throw new XskException(Errno.EINVAL, "bind: sockets sharing a (device, queue) use the owner's fill and"
                    + " completion rings; do not create your own");
            }
            pool = owner.pool;
        } else {
            if (fillTmp == null || completionTmp == null) {
                throw new XskException(Errno.EINVAL, "bind: sharing a UMEM on another (device, queue) needs this "
                    + "socket's own fill and completion rings");
            }
            requireFreeQueue(device, rxq);
            final boolean zc = owner.pool.zeroCopy() && device.zeroCopyCapable();
            pool = new XskBufferPool(owner.umem, device, rxq.queueIndex(), zc, owner.pool.usesNeedWakeup(), fillTmp,
                completionTmp);
            rxq.pool = pool;
        }
        umem = owner.umem;
        umem.acquire();
        return !sameQueue;
    }

    /**
     * Binds through a kernel backend (called by ports whose sockets live in the kernel, e.g.
     * {@code KernelXdpPort.bind}): the kernel applies the bind rules (facts A.8). A socket without a backend yet (one
     * sharing {@code owner}'s UMEM) gets one from {@code provider}, and its rings move to the kernel: they must be
     * unused, and the application takes the new ones from {@link #rxRing()} / {@link #txRing()}.
     *
     * @param owner the socket whose UMEM is shared (XDP_SHARED_UMEM in {@code flags}), else null
     * @throws XskException EBUSY if already bound or closed, EINVAL without rings or with used rings to move; the
     *                      backend's exceptions for what the kernel refuses
     */
    public void bindBackend(XskBackend.Provider provider, int qid, int flags, XskSocket owner) {
        synchronized (this) {
            if (state != State.READY) {
                throw new XskException(Errno.EBUSY, "bind: socket is already bound or closed");
            }
            if (rx == null && tx == null) {
                throw new XskException(Errno.EINVAL, "bind: the socket needs an Rx or a Tx ring (XDP_RX_RING/"
                    + "XDP_TX_RING)");
            }
            final XskBackend ownerBackend = owner == null ? null : owner.backend;
            if (owner != null && (ownerBackend == null || !owner.isBound())) {
                throw new XskException(Errno.EBADF, "bind: XDP_SHARED_UMEM needs a bound kernel AF_XDP socket");
            }
            if (backend == null) {
                adoptBackend(provider.open(null));
            }
            backend.bind(qid, flags, ownerBackend);
            if (owner != null && umem == null) {
                umem = owner.umem;
                umem.acquire();
            }
            queueId = qid;
            bindFlags = flags;
            state = State.BOUND;
        }
    }

    /** Moves this socket's (unused) in-process rings into {@code b}'s kernel socket. */
    private void adoptBackend(XskBackend b) {
        for (XskRing r : new XskRing[] {rx, tx, fillTmp, completionTmp}) {
            if (r != null && (r.producerIndex() != 0 || r.consumerIndex() != 0)) {
                b.close();
                throw new XskException(Errno.EINVAL, "bind: a ring of this socket was used before binding to a "
                    + "kernel port (" + r + "); its rings move to the kernel at bind, so use them only after bind");
            }
        }
        backend = b;
        try {
            rx = moved(rx, XskBackend.XDP_RX_RING);
            tx = moved(tx, XskBackend.XDP_TX_RING);
            fillTmp = moved(fillTmp, XskBackend.XDP_UMEM_FILL_RING);
            completionTmp = moved(completionTmp, XskBackend.XDP_UMEM_COMPLETION_RING);
        } catch (RuntimeException e) {
            backend = null;
            b.close();
            throw e;
        }
        rxProducer = rx == null ? null : rx.producer();
        txConsumer = tx == null ? null : tx.consumer();
    }

    private XskRing moved(XskRing old, int ringOption) {
        if (old == null) {
            return null;
        }
        final XskRing r = backend.createRing(ringOption, old.kind(), old.size());
        retired.add(old);
        return r;
    }

    private static void requireFreeQueue(NetDevice device, XdpRxQueue rxq) {
        if (rxq.pool != null) {
            throw new XskException(Errno.EBUSY, "bind: " + rxq + " already has an AF_XDP buffer pool; share that "
                + "socket's UMEM with XDP_SHARED_UMEM or use another queue");
        }
    }

    /**
     * Unbinds and releases the socket: removes it from every XSKMAP, from its Rx queue and pool; the pool goes when
     * its last socket does. Stop the queue's poller first (see the package doc). Idempotent.
     */
    @Override
    public void close() {
        final NetDevice device = dev;
        if (device == null) {
            synchronized (this) {
                closeLocked();
            }
            return;
        }
        synchronized (device) {
            synchronized (this) {
                closeLocked();
            }
        }
    }

    private void closeLocked() {
        if (state == State.UNBOUND) {
            return;
        }
        final boolean wasBound = state == State.BOUND;
        state = State.UNBOUND;
        for (MapSlot slot : new ArrayList<>(mapSlots)) {
            slot.map().deleteIf(slot.key(), this);
        }
        mapSlots.clear();
        if (backend != null) {
            backend.close(); // unmaps the rings; closing the fd takes the socket out of the kernel's XSKMAPs
            for (XskRing r : retired) {
                r.free();
            }
            retired.clear();
        } else if (wasBound) {
            final XdpRxQueue rxq = dev.rxQueue(queueId);
            rxq.removeRxSocket(this);
            pool.removeTxSocket(this);
            if (--pool.users == 0) {
                rxq.pool = null;
                dev.hooks().poolDisabled(queueId);
            }
        }
        if (umem != null) {
            umem.release();
        }
    }

    synchronized void addedToMap(XskMap map, int key) {
        mapSlots.add(new MapSlot(map, key));
    }

    synchronized void removedFromMap(XskMap map, int key) {
        mapSlots.remove(new MapSlot(map, key));
    }

    /**
     * Kernel side of the Tx ring: takes up to {@code max} descriptors into {@code addrs/lens} from {@code offset},
     * limited by the completion ring's room, skipping invalid ones; reserves their completion slots.
     */
    int txPeek(long[] addrs, int[] lens, int offset, int max, RingProducer cq) {
        final RingConsumer t = txConsumer;
        int n = t.peek(max);
        if (n == 0) {
            txRingEmptyDescs++;
            return 0;
        }
        n = Math.min(n, cq.free(n)); // back-pressure: never take more than the completion ring can report
        if (n == 0) {
            return 0;
        }
        final int idx = t.peekIndex();
        int taken = 0;
        for (int i = 0; i < n; i++) {
            final long addr = t.descAddr(idx + i);
            final int len = t.descLen(idx + i);
            if (!umem.validDesc(addr, len, t.descOptions(idx + i))) {
                txInvalidDescs++;
                continue;
            }
            addrs[offset + taken] = addr;
            lens[offset + taken] = len;
            taken++;
        }
        t.release(n);
        if (taken > 0) {
            cq.reserve(taken);
            final int c = cq.reservedIndex();
            for (int i = 0; i < taken; i++) {
                cq.putAddr(c + i, addrs[offset + i]);
            }
        }
        return taken;
    }

    /**
     * Asks the queue's poller to run, as sendto()/recvfrom()/poll() do when a ring's need_wakeup flag is set.
     *
     * @param flags {@link #XDP_WAKEUP_RX} and/or {@link #XDP_WAKEUP_TX}
     */
    public void wakeup(int flags) {
        final NetDevice device = dev;
        final XskBackend b = backend;
        if (state != State.BOUND || device == null && b == null) {
            throw new XskException(Errno.ENXIO, "wakeup: socket is not bound");
        }
        wakeups++;
        if (b != null) {
            b.wakeup(flags); // sendto()/recvfrom() on the kernel socket; never throws
        } else {
            device.hooks().wakeup(queueId, flags);
        }
    }

    /** Fills {@code out} with the socket's counters (getsockopt XDP_STATISTICS). */
    public void statistics(XdpStatistics out) {
        if (backend != null) {
            backend.statistics(out);
            return;
        }
        out.rxDropped = rxDropped;
        out.rxInvalidDescs = rxInvalidDescs;
        out.txInvalidDescs = txInvalidDescs;
        out.rxRingFull = rxQueueFull;
        out.rxFillRingEmptyDescs = pool == null ? 0 : pool.fillEmptyDescs;
        out.txRingEmptyDescs = txRingEmptyDescs;
    }

    /** getsockopt XDP_OPTIONS: {@link #XDP_OPTIONS_ZEROCOPY} when bound in zero-copy mode. */
    public int options() {
        if (backend != null) {
            return backend.options();
        }
        return pool != null && pool.zeroCopy() ? XDP_OPTIONS_ZEROCOPY : 0;
    }

    /** Whether the socket is bound (acquire: pairs with the volatile store at the end of bind). */
    public boolean isBound() {
        return state == State.BOUND;
    }

    /** The fill ring the application produces to (the pool's, for sockets sharing a pool). */
    public XskRing fillRing() {
        return pool != null ? pool.fillRing() : fillTmp;
    }

    /** The completion ring the application consumes (the pool's, for sockets sharing a pool). */
    public XskRing completionRing() {
        return pool != null ? pool.completionRing() : completionTmp;
    }

    public XskRing rxRing() {
        return rx;
    }

    public XskRing txRing() {
        return tx;
    }

    /** Kernel side of the Rx ring (the data path's producer handle). */
    RingProducer rxProducer() {
        return rxProducer;
    }

    public Umem umem() {
        return umem;
    }

    public XskBufferPool pool() {
        return pool;
    }

    public NetDevice device() {
        return dev;
    }

    /** The kernel socket behind this one, or null for the in-process model. */
    public XskBackend backend() {
        return backend;
    }

    public int queueId() {
        return queueId;
    }

    public int bindFlags() {
        return bindFlags;
    }

    /** How often the application called {@link #wakeup(int)}. */
    public long wakeups() {
        return wakeups;
    }

    @Override
    public String toString() {
        final String where = dev != null ? dev.name() + " q" + queueId
            : backend != null ? backend + " q" + queueId : "unbound";
        return "xsk[" + where + ", " + state + "]";
    }
}
