/**
 * The simulated device's IOMMU: the IOVA translation table that VFIO_IOMMU_MAP_DMA/UNMAP_DMA build on a real machine
 * ({@link io.xdpj.sim.iommu.Iommu}, an {@link io.xdpj.vfio.IommuMapper}), the per-access check every model DMA goes
 * through, the fault log ({@link io.xdpj.sim.iommu.DmaFault}) and the fault-injection hook.
 */
package io.xdpj.sim.iommu;
