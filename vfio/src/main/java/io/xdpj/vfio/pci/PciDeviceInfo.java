package io.xdpj.vfio.pci;

import java.util.List;
import java.util.Locale;

import io.xdpj.i40e.hw.Intel700SeriesIds;

/**
 * One PCI function as sysfs describes it at the moment it was read: identity, current driver, IOMMU group and
 * the group's other members.
 */
public final class PciDeviceInfo {
    /** PCI class code of a PCI-to-PCI bridge (base 0x06, sub 0x04); bridges do not count against a group's
     * viability (facts D.6). */
    public static final int CLASS_PCI_BRIDGE = 0x0604;

    private final PciAddress address;
    private final int vendor;
    private final int device;
    private final int classCode;
    private final String driver;
    private final int iommuGroup;
    private final List<PciAddress> groupMembers;

    public PciDeviceInfo(PciAddress address, int vendor, int device, int classCode, String driver, int iommuGroup,
                         List<PciAddress> groupMembers) {
        this.address = address;
        this.vendor = vendor;
        this.device = device;
        this.classCode = classCode;
        this.driver = driver;
        this.iommuGroup = iommuGroup;
        this.groupMembers = List.copyOf(groupMembers);
    }

    public PciAddress address() {
        return address;
    }

    public int vendor() {
        return vendor;
    }

    public int device() {
        return device;
    }

    /** The 24-bit class code (base class, subclass, programming interface), e.g. 0x020000 for Ethernet. */
    public int classCode() {
        return classCode;
    }

    /** True for a PCI-to-PCI bridge. */
    public boolean isBridge() {
        return (classCode >>> 8) == CLASS_PCI_BRIDGE;
    }

    /** The bound driver's name (e.g. "i40e", "vfio-pci"), or null when no driver is bound. */
    public String driver() {
        return driver;
    }

    /** The IOMMU group number, or -1 when the kernel runs without an IOMMU (no iommu_group link). */
    public int iommuGroup() {
        return iommuGroup;
    }

    /** Every function in the same IOMMU group, this one included, in address order; empty without a group. */
    public List<PciAddress> groupMembers() {
        return groupMembers;
    }

    /** True for an Intel 700-series physical function (i40e facts 1.1). */
    public boolean isI40ePf() {
        return Intel700SeriesIds.isI40ePf(vendor, device);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s [%04x:%04x] class %06x driver %s group %s", address, vendor, device,
            classCode, driver == null ? "(none)" : driver, iommuGroup < 0 ? "(none)" : Integer.toString(iommuGroup));
    }
}
