/**
 * The BAR0 register file of the simulated XL710: {@link io.xdpj.sim.regs.Bar0} (the {@code Mmio} the driver sees),
 * the plain registers with their reset values and reset domains, the queue enable/tail registers, the interrupt
 * cause registers and the NVM Shadow-RAM access registers. Offsets and fields come from
 * {@code io.xdpj.i40e.hw.reg}; behaviour from the facts sheet sections cited at each class.
 */
package io.xdpj.sim.regs;
