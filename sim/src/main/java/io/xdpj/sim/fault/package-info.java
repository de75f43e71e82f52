/**
 * Fault injection for the simulated XL710: link down/up, admin commands that fail or never complete, a firmware
 * (EMP) reset, DMA faults through the IOMMU, and surprise removal. See {@link io.xdpj.sim.fault.SimFaults}.
 */
package io.xdpj.sim.fault;
