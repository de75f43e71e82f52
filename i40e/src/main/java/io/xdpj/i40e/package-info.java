/**
 * The i40e PF poll-mode driver (Intel Ethernet 700 series: X710/XL710/XXV710), written from
 * {@code reference/i40e-facts.md}.
 *
 * <p>Public API: {@link io.xdpj.i40e.I40ePort#open} brings a PF up from any {@link io.xdpj.vfio.PciFunction} (a
 * VFIO-bound device, or {@code io.xdpj.sim.SimulatedXl710}) with an {@link io.xdpj.i40e.I40eConfig}; the port gives
 * the AF_XDP {@link io.xdpj.xsk.NetDevice}, UMEMs in DMA memory ({@link io.xdpj.i40e.I40ePort#createUmem}), socket
 * binds, the XDP program, the per-queue {@link io.xdpj.i40e.I40eQueuePoller} (run on your thread or on managed
 * threads), link state, admin-queue service and {@code ethtool -S}-like statistics. {@link io.xdpj.i40e.I40eRxMetadata}
 * gives programs the descriptor's RSS hash and ptype.
 *
 * <p>One class per hardware block or bring-up step, named as Intel names them:
 * <ul>
 *   <li>{@code AdminQueue} (ATQ/ARQ, facts 3) and {@code AdminCommands} (facts 4);</li>
 *   <li>{@code PfReset}: {@code i40e_clear_hw} and {@code i40e_pf_reset} (facts 2.2, 2.3);</li>
 *   <li>{@code LanHmc}: direct SD 0 and the FPM registers (facts 5.3);</li>
 *   <li>{@code RxQueue} / {@code TxQueue}: rings, contexts, enable handshakes (facts 5.6, 5.7, 6, 7) and the data
 *       path; {@code XdpTxPort}: the port's XDP transmit side;</li>
 *   <li>{@code I40eStatistics}: GLPRT/GLV counters with the offset logic of facts 8.</li>
 * </ul>
 * Errors on the control path are {@link io.xdpj.i40e.I40eException} / {@link io.xdpj.i40e.AdminQueueException}; the
 * data path counts. Every hardware wait has a deadline from {@link io.xdpj.i40e.I40eConfig#clock()}.
 */
package io.xdpj.i40e;
