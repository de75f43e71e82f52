/**
 * The port's wire: where received frames come from ({@link io.xdpj.sim.wire.FrameSource}) and where transmitted
 * frames go ({@link io.xdpj.sim.wire.FrameSink}). Backends: a traffic generator with verifiable payloads
 * ({@link io.xdpj.sim.wire.FrameGenerator}), classic pcap files ({@link io.xdpj.sim.wire.PcapReader},
 * {@link io.xdpj.sim.wire.PcapWriter}), a loopback cable ({@link io.xdpj.sim.wire.Loopback}) and a Linux TAP
 * interface ({@link io.xdpj.sim.wire.TapDevice}). Frames on this wire carry no FCS.
 */
package io.xdpj.sim.wire;
