package io.xdpj.xsk;


import io.xdpj.ring.RingKind;
import io.xdpj.ring.XskRing;

/**
 * The other side of an {@link XskSocket} when that side is not this process: a real kernel AF_XDP socket
 * ({@code io.xdpj.xsk.kernel}). An {@link XskSocket} without a backend is the in-process model (its rings are
 * allocated here and a driver in this process is their kernel side); with one, every socket call goes to the
 * backend: rings are created and mapped by it, bind, statistics, options and wakeups are system calls.
 *
 * <p>How a socket finds its backend: a port whose sockets are kernel sockets registers a {@link Provider} for each
 * UMEM it creates; {@link XskSocket#registerUmem} asks for one, so a socket registering that UMEM becomes a kernel
 * socket before its first ring exists (the kernel needs the socket and the UMEM registration before the rings). A
 * socket with no UMEM of its own (XDP_SHARED_UMEM) gets its backend from the port at bind.
 */
public interface XskBackend {

    /** Socket option names of the four rings, as setsockopt(SOL_XDP, ...) numbers them (facts A.1). */
    int XDP_RX_RING = 2;
    int XDP_TX_RING = 3;
    int XDP_UMEM_FILL_RING = 5;
    int XDP_UMEM_COMPLETION_RING = 6;

    /** Opens kernel sockets for a port. */
    interface Provider {
        /**
         * Opens a kernel socket; with {@code umem} non-null, also registers it (XDP_UMEM_REG).
         *
         * @throws RuntimeException saying what failed and what to check
         */
        XskBackend open(Umem umem);
    }

    /**
     * Creates ring {@code ringOption} (one of the XDP_*_RING names above) of {@code entries} entries and returns it
     * wrapped over the kernel's memory (no copy).
     */
    XskRing createRing(int ringOption, RingKind kind, int entries);

    /**
     * Binds to {@code queue} with {@code flags}; {@code owner} is the backend of the socket whose UMEM is shared
     * (with XDP_SHARED_UMEM), else null.
     */
    void bind(int queue, int flags, XskBackend owner);

    /** Kicks the kernel ({@link XskSocket#XDP_WAKEUP_RX} / {@link XskSocket#XDP_WAKEUP_TX}). Never throws; counts. */
    void wakeup(int flags);

    /** getsockopt(XDP_STATISTICS) into {@code out}. */
    void statistics(XdpStatistics out);

    /** getsockopt(XDP_OPTIONS). */
    int options();

    /** Unmaps the rings and closes the socket. Idempotent. */
    void close();

    /** Registers the provider of kernel sockets for {@code umem} (the port that created it). */
    static void register(Umem umem, Provider provider) {
        umem.backendProvider(provider);
    }

    /** Forgets {@code umem}'s provider (its port closes). */
    static void unregister(Umem umem) {
        umem.backendProvider(null);
    }

    /** The provider registered for {@code umem}, or null for an in-process UMEM. */
    static Provider providerFor(Umem umem) {
        return umem.backendProvider();
    }
}
