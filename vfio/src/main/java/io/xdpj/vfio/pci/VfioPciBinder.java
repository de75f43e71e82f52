package io.xdpj.vfio.pci;

import java.nio.file.Path;

import io.xdpj.vfio.VfioException;

/**
 * Moves a PCI function to vfio-pci and back through sysfs with the driver_override method (facts D.6):
 * write "vfio-pci" to its driver_override, unbind it from its driver, ask drivers_probe to find it a driver
 * (only vfio-pci may take it now). Returning it clears driver_override, unbinds it from vfio-pci and probes again,
 * so its own driver (i40e, e1000e, ...) claims it.
 *
 * <p>Refuses, before writing anything, when vfio-pci is not loaded or when another member of the function's IOMMU
 * group is bound to a driver other than vfio-pci (VFIO would then call the group not viable, facts D.1; bridges
 * do not count, facts D.6). Needs root; the error says so when the kernel refuses.
 */
public final class VfioPciBinder {
    private final SysfsPci sysfs;

    public VfioPciBinder(SysfsPci sysfs) {
        this.sysfs = sysfs;
    }

    /**
     * Binds {@code address} to vfio-pci.
     *
     * @return the driver it was bound to before (null if none; "vfio-pci" if it already was)
     * @throws VfioException naming what to do: load vfio-pci, bind the other group members, run as root
     */
    public String bindToVfio(PciAddress address) {
        final PciDeviceInfo info = sysfs.device(address);
        if (SysfsPci.VFIO_PCI.equals(info.driver())) {
            return info.driver();
        }
        requireVfioPciLoaded(address);
        requireGroupBindable(info);
        final Path dir = sysfs.deviceDir(address);
        SysfsPci.write(dir.resolve("driver_override"), SysfsPci.VFIO_PCI);
        if (info.driver() != null) {
            SysfsPci.write(dir.resolve("driver/unbind"), address.toString());
        }
        SysfsPci.write(sysfs.driversProbe(), address.toString());
        final String now = sysfs.driver(address);
        if (!SysfsPci.VFIO_PCI.equals(now)) {
            throw new VfioException("after driver_override=vfio-pci, unbind and drivers_probe, " + address
                + " is bound to " + (now == null ? "no driver" : now) + ", not vfio-pci; check dmesg for vfio-pci"
                + " probe errors (e.g. the device has no IOMMU group: boot with intel_iommu=on or amd_iommu=on)");
        }
        return info.driver();
    }

    /**
     * Unbinds {@code address} from its driver and leaves it without one (driver_override cleared first so a
     * later probe may pick any driver). Used to return a device and to provoke "device not bound".
     */
    public void unbind(PciAddress address) {
        final Path dir = sysfs.deviceDir(address);
        final String driver = sysfs.device(address).driver();
        SysfsPci.write(dir.resolve("driver_override"), "\n");
        if (driver != null) {
            SysfsPci.write(dir.resolve("driver/unbind"), address.toString());
        }
    }

    /**
     * Gives {@code address} back to the kernel: clears driver_override, unbinds it and probes, so the driver
     * whose ID table matches takes it.
     *
     * @return the driver now bound, or null if none took it
     */
    public String returnToKernel(PciAddress address) {
        unbind(address);
        SysfsPci.write(sysfs.driversProbe(), address.toString());
        return sysfs.driver(address);
    }

    private void requireVfioPciLoaded(PciAddress address) {
        if (!sysfs.driverLoaded(SysfsPci.VFIO_PCI)) {
            throw new VfioException("cannot bind " + address + " to vfio-pci: the vfio-pci driver is not loaded ("
                + sysfs.driversDir().resolve(SysfsPci.VFIO_PCI) + " is missing); run 'modprobe vfio-pci'");
        }
    }

    private void requireGroupBindable(PciDeviceInfo info) {
        if (info.iommuGroup() < 0) {
            return; // no IOMMU: vfio-pci will only bind in no-IOMMU mode, which the probe check reports
        }
        final StringBuilder blockers = new StringBuilder();
        for (PciAddress member : info.groupMembers()) {
            if (member.equals(info.address())) {
                continue;
            }
            final PciDeviceInfo other = sysfs.device(member);
            if (other.driver() != null && !SysfsPci.VFIO_PCI.equals(other.driver()) && !other.isBridge()) {
                blockers.append(blockers.length() == 0 ? "" : ", ").append(member).append(" (")
                    .append(other.driver()).append(')');
            }
        }
        if (blockers.length() > 0) {
            throw new VfioException("refusing to bind " + info.address() + " to vfio-pci: IOMMU group "
                + info.iommuGroup() + " also holds " + blockers + ", bound to other drivers; VFIO can only use a"
                + " group whose every device is bound to vfio-pci or to no driver. Bind those devices to vfio-pci"
                + " first (they are then unusable by the host), or move the card to a slot with its own group."
                + " Group members: " + sysfs.describeGroup(info));
        }
    }
}
