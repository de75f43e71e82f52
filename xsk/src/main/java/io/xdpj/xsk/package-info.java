/**
 * AF_XDP-style sockets and the software XDP stage.
 *
 * <p>UMEM ({@link io.xdpj.xsk.Umem}), sockets ({@link io.xdpj.xsk.XskSocket}) with their fill, completion, Rx and
 * Tx rings, the buffer pool per (device, queue) ({@link io.xdpj.xsk.XskBufferPool}), maps (XSKMAP, DEVMAP,
 * CPUMAP and the RFC's rejected XSKMAP_DIRECT), the XDP program API ({@link io.xdpj.xsk.XdpProgram},
 * {@link io.xdpj.xsk.XdpBuff}), the per-poller redirect info with {@code do_redirect}/{@code do_flush}
 * ({@link io.xdpj.xsk.XdpRedirect}), and the driver-facing Rx stage ({@link io.xdpj.xsk.XdpRxRunner}) that runs
 * every delivery path side by side: the kernel's redirect path, the RFC's REDIRECT_XSK fast path (scalar and
 * batched), the RFC's two rejected alternatives and the reviewers' batched redirect.
 *
 * <p>Threading: a socket's application side (fill/Tx producer, Rx/completion consumer) is one thread; the kernel
 * side (the poller running {@link io.xdpj.xsk.XdpRxRunner} for the socket's queue) is another. The rings carry the
 * ordering between them (see {@link io.xdpj.ring.XskRing}). Control operations (bind, close, map updates) are
 * synchronized on the device and must not race a running poller of the same queue: stop the queue's poller first,
 * as the kernel quiesces NAPI when it installs a pool.
 */
package io.xdpj.xsk;
