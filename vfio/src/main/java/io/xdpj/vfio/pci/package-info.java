/**
 * PCI functions as Linux's sysfs shows them: discovery ({@link io.xdpj.vfio.pci.SysfsPci}), the 700-series IDs
 * ({@link io.xdpj.i40e.hw.Intel700SeriesIds}, i40e facts 1.1), and moving a function to vfio-pci and back
 * ({@link io.xdpj.vfio.pci.VfioPciBinder}, facts D.6).
 */
package io.xdpj.vfio.pci;
