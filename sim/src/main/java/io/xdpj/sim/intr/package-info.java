/**
 * Interrupt delivery out of the model: the {@link io.xdpj.sim.intr.InterruptSink} that the register block
 * {@link io.xdpj.sim.regs.Interrupts} sends MSI-X vectors to.
 */
package io.xdpj.sim.intr;
