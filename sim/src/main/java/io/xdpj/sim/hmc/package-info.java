/**
 * The LAN HMC of the simulated XL710 (facts 5): segment descriptors programmed through PFHMC_SDCMD/SDDATALOW/HIGH,
 * direct and paged backing, the per-function FPM bases and counts, and the queue-context fetch by DMA through the
 * IOMMU when a queue is enabled.
 */
package io.xdpj.sim.hmc;
