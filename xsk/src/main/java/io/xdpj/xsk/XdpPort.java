package io.xdpj.xsk;

import java.util.Map;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;

/**
 * A port an application receives and transmits on through AF_XDP sockets, whatever runs underneath: the userspace
 * i40e driver ({@code io.xdpj.i40e.I40ePort}, the simulated or a VFIO-bound XL710) or a Linux interface through the
 * kernel's own AF_XDP ({@code io.xdpj.xsk.kernel.KernelXdpPort}). The application code is the same for both:
 * <pre>{@code
 * Umem umem = port.createUmem(UmemConfig.aligned(4096 * 4096L));
 * XskSocket xsk = new XskSocket();
 * xsk.registerUmem(umem);
 * xsk.createFillRing(4096); xsk.createCompletionRing(4096); xsk.createRxRing(2048); xsk.createTxRing(2048);
 * port.bind(xsk, 0, XskSocket.XDP_USE_NEED_WAKEUP);
 * // fill, then: while (...) { poller.doWork(); consume xsk.rxRing() ... }
 * }</pre>
 *
 * <p>Control methods throw a runtime exception whose message says what failed and what to check (the userspace
 * driver's {@code I40eException} or {@link XskException}, the kernel backend's {@code KernelXdpException}); they must
 * not race running pollers ({@link #stopPollers()} first).
 */
public interface XdpPort extends AutoCloseable {

    /** Creates a UMEM in memory this port can use for zero-copy; it is released when the port closes. */
    Umem createUmem(UmemConfig config);

    /**
     * Attaches the XDP program every queue runs. {@code passHandler} receives XDP_PASS frames where the port hands
     * them to the application (null: the port's default, see the implementation).
     */
    void attachProgram(XdpProgram program, XdpPassHandler passHandler);

    /** Binds {@code socket} to {@code queue} with {@link XskSocket} bind flags (XDP_COPY, XDP_USE_NEED_WAKEUP...). */
    void bind(XskSocket socket, int queue, int flags);

    /** Binds {@code socket} to {@code queue} sharing the UMEM of the bound {@code owner} (XDP_SHARED_UMEM). */
    void bindShared(XskSocket socket, int queue, XskSocket owner);

    /**
     * The poller of {@code queue}: call its {@link Agent#doWork()} from the application's loop (busy polling), or let
     * {@link #startPollers} run it. It never throws on the data path.
     */
    Agent poller(int queue);

    /** Runs every queue's poller on its own thread with {@code idle} between empty cycles. */
    void startPollers(IdleStrategy idle);

    /** Stops the pollers {@link #startPollers} started and waits for their threads. */
    void stopPollers();

    /** Counters by name, like {@code ethtool -S} (names differ by port type; each implementation lists them). */
    Map<String, Long> statistics();

    /** Unbinds every socket bound through the port and releases everything it holds. Idempotent. */
    @Override
    void close();
}
