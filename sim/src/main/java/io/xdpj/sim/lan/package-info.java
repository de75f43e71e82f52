/**
 * The LAN data plane of the simulated XL710: the Rx and Tx DMA engines ({@link io.xdpj.sim.lan.LanEngine}) with
 * their MAC filter, RSS (Toeplitz, {@link io.xdpj.sim.lan.RssHash}) and packet-type classification, and the port and
 * VSI statistics registers ({@link io.xdpj.sim.lan.PortStatistics}, facts section 8). Descriptor layouts come from
 * {@code io.xdpj.i40e.hw.desc}, queue contexts from {@code io.xdpj.i40e.hw.hmc}.
 */
package io.xdpj.sim.lan;
