/**
 * The hardware-access interfaces on real Linux: VFIO through jnr-ffi system calls.
 *
 * <ul>
 *   <li>{@link io.xdpj.vfio.linux.VfioPciFunction}: a vfio-pci function opened as VFIO requires (container, group,
 *       device; facts D.1), with BAR0 as {@link io.xdpj.vfio.linux.BarMmio}, config space as
 *       {@link io.xdpj.vfio.linux.VfioPciConfig} and DMA memory from {@link io.xdpj.vfio.linux.HugepageDmaAllocator};
 *       closed in reverse order, also after a failure halfway through the open;</li>
 *   <li>{@link io.xdpj.vfio.linux.VfioContainer}, {@link io.xdpj.vfio.linux.VfioGroup},
 *       {@link io.xdpj.vfio.linux.VfioDevice}: the three VFIO file types, each error saying what to do;</li>
 *   <li>{@code Vfio*} layout classes and {@link io.xdpj.vfio.linux.VfioIoctl}: facts D.2 and D.3 as constants;</li>
 *   <li>{@link io.xdpj.vfio.linux.HugePages} and {@link io.xdpj.vfio.linux.Pagemap}: huge page pools and
 *       virtual-to-physical translation (facts D.7);</li>
 *   <li>{@link io.xdpj.vfio.linux.Syscalls}: the system calls, returning {@code -errno}, so tests can substitute a
 *       fake kernel; {@link io.xdpj.vfio.linux.JnrSyscalls} is the real one.</li>
 * </ul>
 */
package io.xdpj.vfio.linux;
