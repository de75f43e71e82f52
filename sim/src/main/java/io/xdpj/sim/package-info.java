/**
 * The simulated Intel XL710 PF: a device model faithful to the hardware facts
 * ({@code /work/shared/reference/i40e-facts.md}), against which the driver is developed and tested.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * SimulatedXl710 nic = SimulatedXl710.create(SimConfig.builder().build(), Wire.of(source, sink));
 * AgentRunner runner = SimAgent.start(nic, new BusySpinIdleStrategy()); // or call nic.step() from a test
 * // the driver uses nic.bar0(), nic.config(), nic.dma() exactly as it would a VFIO device
 * nic.faults().linkDown();                                               // fault injection
 * }</pre>
 *
 * <h2>Parts</h2>
 * <ul>
 *   <li>{@link io.xdpj.sim.SimulatedXl710}: the {@code PciFunction}; {@code step()} runs faults, resets, NVM, queue
 *       switches, admin queue, then the data plane;</li>
 *   <li>{@link io.xdpj.sim.SimConfig}: identity and firmware state (device id, versions, MAC, PF, port, queues,
 *       link), each default marked as from the facts or a model choice;</li>
 *   <li>{@code regs}: BAR0 ({@link io.xdpj.sim.regs.Bar0}, where the memory-ordering pairs are written down), the
 *       register store with reset domains, queue registers, interrupts, NVM;</li>
 *   <li>{@code adminq}: the admin queue rings and the firmware's command handlers;</li>
 *   <li>{@code hmc}: segment descriptors and the context fetch;</li>
 *   <li>{@code fault}: fault injection;</li>
 *   <li>{@link io.xdpj.sim.LanDataPlane}: what the control plane drives in the data plane ({@code lan}: Rx/Tx
 *       engines, filters, RSS, statistics; {@code wire}: frame sources and sinks; {@code iommu}: the IOMMU every
 *       device access goes through).</li>
 * </ul>
 *
 * <h2>Model choices</h2>
 * Where the facts leave behaviour open, the class that implements it says what the model does, in a paragraph
 * starting "Model choice(s)" or marked UNVERIFIED with the facts section (e.g. reset-domain hierarchy in
 * {@link io.xdpj.sim.regs.ResetDomain}, AQ error codes in {@link io.xdpj.sim.adminq.SwitchFirmware} and
 * {@link io.xdpj.sim.adminq.Firmware}, HMC error encodings in {@link io.xdpj.sim.hmc.LanHmc}).
 */
package io.xdpj.sim;
