/**
 * The hardware-access layer: what a driver sees of a PCI function.
 *
 * <ul>
 *   <li>{@link io.xdpj.vfio.Mmio}: BAR register reads and writes;</li>
 *   <li>{@link io.xdpj.vfio.DmaMemory}: host memory with a process address and an IOVA, mapped for the device,
 *       handed out by a {@link io.xdpj.vfio.DmaAllocator};</li>
 *   <li>{@link io.xdpj.vfio.IommuMapper}: the IOVA map/unmap calls (VFIO_IOMMU_MAP_DMA / UNMAP_DMA on a real
 *       machine, the device model's IOMMU view in the simulator);</li>
 *   <li>{@link io.xdpj.vfio.PciConfig}: PCI configuration space;</li>
 *   <li>{@link io.xdpj.vfio.PciFunction}: the four together, as one opened device.</li>
 * </ul>
 *
 * <p>Exactly one implementation of each interface is loaded in a run (the VFIO one on a real machine, the
 * simulator's in tests), so the JIT sees monomorphic call sites and inlines the register path.
 */
package io.xdpj.vfio;
