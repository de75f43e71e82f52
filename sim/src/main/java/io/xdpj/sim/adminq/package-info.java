/**
 * The simulated XL710's admin-queue firmware (facts 3, 4): the ATQ/ARQ registers and rings
 * ({@link io.xdpj.sim.adminq.AdminQueue}), the command handlers (general, switch/VSI/filters/RSS, PHY/link), the
 * link-status events, and the hooks fault injection uses to fail or stall commands.
 */
package io.xdpj.sim.adminq;
