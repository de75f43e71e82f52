package io.xdpj.vfio.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import io.xdpj.vfio.DmaAllocator;
import io.xdpj.vfio.Mmio;
import io.xdpj.vfio.PciConfig;
import io.xdpj.vfio.PciFunction;
import io.xdpj.vfio.VfioException;
import io.xdpj.vfio.pci.PciAddress;
import io.xdpj.vfio.pci.PciDeviceInfo;
import io.xdpj.vfio.pci.SysfsPci;

/**
 * A PCI function bound to vfio-pci, opened the way VFIO requires (facts D.1):
 * <ol>
 *   <li>sysfs: the function exists, is bound to vfio-pci, and has an IOMMU group (or a no-IOMMU group file);</li>
 *   <li>container: open /dev/vfio/vfio, API version 0, choose TYPE1v2/TYPE1 (or NOIOMMU);</li>
 *   <li>group: open /dev/vfio/N, check it is viable, attach it to the container;</li>
 *   <li>VFIO_SET_IOMMU, then VFIO_IOMMU_GET_INFO (page sizes, IOVA ranges);</li>
 *   <li>device fd, device info, BAR0 and config region info; mmap BAR0 as the {@link Mmio};</li>
 *   <li>the hugepage DMA allocator (empty);</li>
 *   <li>bus master enable, last: the device may DMA only from here on (facts D.5).</li>
 * </ol>
 * Each step that acquires something records its release; {@link #close()} and a failure halfway through the
 * open release in reverse order: bus master off, DMA memory unmapped from the IOMMU and freed, BAR0 unmapped,
 * device fd closed, group detached and closed, container closed.
 */
public final class VfioPciFunction implements PciFunction {

    /** Where to find things and which IOVAs to use; {@link #defaults()} is the real machine. */
    public static final class Options {
        final Syscalls sys;
        final SysfsPci sysfs;
        final HugePages hugePages;
        final Path devVfio;
        final long iovaBase;

        private Options(Syscalls sys, SysfsPci sysfs, HugePages hugePages, Path devVfio, long iovaBase) {
            this.sys = sys;
            this.sysfs = sysfs;
            this.hugePages = hugePages;
            this.devVfio = devVfio;
            this.iovaBase = iovaBase;
        }

        /** jnr-ffi system calls, /sys, /proc, /dev/vfio, IOVAs from 4 GiB. */
        public static Options defaults() {
            return new Options(null, SysfsPci.system(), HugePages.system(), Paths.get("/dev/vfio"),
                HugepageDmaAllocator.DEFAULT_IOVA_BASE);
        }

        public Options syscalls(Syscalls value) {
            return new Options(value, sysfs, hugePages, devVfio, iovaBase);
        }

        public Options sysfs(SysfsPci value) {
            return new Options(sys, value, hugePages, devVfio, iovaBase);
        }

        public Options hugePages(HugePages value) {
            return new Options(sys, sysfs, value, devVfio, iovaBase);
        }

        public Options devVfio(Path value) {
            return new Options(sys, sysfs, hugePages, value, iovaBase);
        }

        /** First IOVA of the DMA allocator (2 MiB aligned). */
        public Options iovaBase(long value) {
            return new Options(sys, sysfs, hugePages, devVfio, value);
        }

        Syscalls syscalls() {
            return sys != null ? sys : JnrSyscalls.get();
        }
    }

    private final PciAddress address;
    private final ResourceStack resources;
    private final VfioContainer container;
    private final VfioGroup group;
    private final VfioDevice device;
    private final VfioDevice.Info deviceInfo;
    private final IommuInfo iommuInfo;
    private final BarMmio bar0;
    private final VfioPciConfig config;
    private final HugepageDmaAllocator dma;
    private boolean closed;

    private VfioPciFunction(PciAddress address, ResourceStack resources, VfioContainer container, VfioGroup group,
                            VfioDevice device, VfioDevice.Info deviceInfo, IommuInfo iommuInfo, BarMmio bar0,
                            VfioPciConfig config, HugepageDmaAllocator dma) {
        this.address = address;
        this.resources = resources;
        this.container = container;
        this.group = group;
        this.device = device;
        this.deviceInfo = deviceInfo;
        this.iommuInfo = iommuInfo;
        this.bar0 = bar0;
        this.config = config;
        this.dma = dma;
    }

    /** Opens {@code address} on this machine with {@link Options#defaults()}. */
    public static VfioPciFunction open(PciAddress address) {
        return open(address, Options.defaults());
    }

    /**
     * Opens {@code address}.
     *
     * @throws VfioException saying what failed and what to do (bind the device, load a module, permissions, ...);
     *         everything acquired before the failure is released again
     */
    public static VfioPciFunction open(PciAddress address, Options options) {
        final PciDeviceInfo info = options.sysfs.device(address);
        requireBoundToVfio(info);
        final boolean noIommu = noIommu(info, options.devVfio);
        final Syscalls sys = options.syscalls();
        final ResourceStack resources = new ResourceStack();
        try {
            return openSteps(address, info, noIommu, sys, options, resources);
        } catch (RuntimeException e) {
            throw resources.unwind(e);
        }
    }

    private static VfioPciFunction openSteps(PciAddress address, PciDeviceInfo info, boolean noIommu, Syscalls sys,
                                             Options options, ResourceStack resources) {
        final VfioContainer container = VfioContainer.open(sys, options.devVfio);
        resources.push("container " + container, container::close);
        final int iommuType = container.chooseIommuType(noIommu);

        final VfioGroup group = VfioGroup.open(sys, options.devVfio, info.iommuGroup(), noIommu);
        resources.push("group " + group, group::close);
        if (!group.viable()) {
            throw new VfioException("IOMMU group " + info.iommuGroup() + " of " + address + " is not viable: every"
                + " device in it must be bound to vfio-pci or to no driver (facts D.1); members: "
                + options.sysfs.describeGroup(info) + ". Bind the others to vfio-pci (VfioPciBinder.bindToVfio) or"
                + " unbind them");
        }
        group.setContainer(container);
        resources.push("the container attachment of " + group, group::unsetContainer);
        container.setIommu(iommuType);
        final IommuInfo iommuInfo = noIommu ? null : container.iommuInfo();

        final VfioDevice device = new VfioDevice(sys, address.toString(), group.openDeviceFd(address.toString()));
        resources.push("device " + address, device::close);
        final VfioDevice.Info deviceInfo = device.info();
        if (!deviceInfo.isPci() || deviceInfo.numRegions <= VfioIoctl.VFIO_PCI_CONFIG_REGION_INDEX) {
            throw new VfioException(address + " is not a vfio-pci device (flags 0x"
                + Integer.toHexString(deviceInfo.flags) + ", " + deviceInfo.numRegions + " regions)");
        }
        final BarMmio bar0 = mapBar0(device, sys, resources);
        final VfioPciConfig config = new VfioPciConfig(device,
            device.regionInfo(VfioIoctl.VFIO_PCI_CONFIG_REGION_INDEX));

        final HugepageDmaAllocator dma = noIommu ? physicalAllocator(sys, options, resources)
            : HugepageDmaAllocator.withIommu(sys, options.hugePages, container, iommuInfo, options.iovaBase);
        resources.push("DMA memory of " + address, dma::close);
        config.enableBusMaster();
        resources.push("bus mastering of " + address, config::disableBusMaster);
        return new VfioPciFunction(address, resources, container, group, device, deviceInfo, iommuInfo, bar0, config,
            dma);
    }

    private static HugepageDmaAllocator physicalAllocator(Syscalls sys, Options options, ResourceStack resources) {
        final Pagemap pagemap = Pagemap.open(sys);
        resources.push("/proc/self/pagemap", pagemap::close);
        return HugepageDmaAllocator.physical(sys, options.hugePages, pagemap);
    }

    private static BarMmio mapBar0(VfioDevice device, Syscalls sys, ResourceStack resources) {
        final VfioDevice.Region region = device.regionInfo(VfioIoctl.VFIO_PCI_BAR0_REGION_INDEX);
        if (region.size > Integer.MAX_VALUE) {
            throw new VfioException("BAR0 of " + device.name() + " is " + region.size + " bytes; the register window"
                + " is int-indexed and maps at most 2 GiB");
        }
        final long address = device.mmap(region);
        resources.push("BAR0 mapping of " + device.name(), () -> {
            final int rc = sys.munmap(address, region.size);
            if (rc < 0) {
                throw new VfioException("munmap of BAR0 failed: " + sys.describe(rc));
            }
        });
        return new BarMmio(address, (int) region.size);
    }

    private static void requireBoundToVfio(PciDeviceInfo info) {
        if (!SysfsPci.VFIO_PCI.equals(info.driver())) {
            throw new VfioException(info.address() + " is not bound to vfio-pci (its driver is "
                + (info.driver() == null ? "none" : info.driver()) + "); bind it first: VfioPciBinder.bindToVfio, or as"
                + " root: echo vfio-pci > /sys/bus/pci/devices/" + info.address() + "/driver_override; echo "
                + info.address() + " > /sys/bus/pci/devices/" + info.address() + "/driver/unbind; echo "
                + info.address() + " > /sys/bus/pci/drivers_probe (facts D.6)");
        }
        if (info.iommuGroup() < 0) {
            throw new VfioException(info.address() + " has no IOMMU group (no iommu_group link in sysfs): enable the"
                + " IOMMU (intel_iommu=on or amd_iommu=on on the kernel command line) or vfio's no-IOMMU mode");
        }
    }

    private static boolean noIommu(PciDeviceInfo info, Path devVfio) {
        return !Files.exists(VfioGroup.path(devVfio, info.iommuGroup(), false))
            && Files.exists(VfioGroup.path(devVfio, info.iommuGroup(), true));
    }

    @Override
    public String name() {
        return address.toString();
    }

    public PciAddress address() {
        return address;
    }

    @Override
    public Mmio bar0() {
        return bar0;
    }

    /** BAR0 as its concrete class (for its mapping address in diagnostics). */
    public BarMmio bar0Mapping() {
        return bar0;
    }

    @Override
    public VfioPciConfig config() {
        return config;
    }

    @Override
    public DmaAllocator dma() {
        return dma;
    }

    /** The container, also this function's {@link io.xdpj.vfio.IommuMapper}. */
    public VfioContainer container() {
        return container;
    }

    public VfioGroup group() {
        return group;
    }

    public VfioDevice device() {
        return device;
    }

    public VfioDevice.Info deviceInfo() {
        return deviceInfo;
    }

    /** What VFIO_IOMMU_GET_INFO reported; null in no-IOMMU mode. */
    public IommuInfo iommuInfo() {
        return iommuInfo;
    }

    /** True when opened through a no-IOMMU group (IOVAs are physical addresses). */
    public boolean noIommu() {
        return iommuInfo == null;
    }

    /** Releases everything in reverse order of the open (see the class comment). Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            resources.close();
        }
    }
}
