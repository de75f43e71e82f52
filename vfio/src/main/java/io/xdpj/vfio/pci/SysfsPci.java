package io.xdpj.vfio.pci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.xdpj.vfio.VfioException;

/**
 * PCI functions as Linux describes them under sysfs ({@code /sys/bus/pci/devices/<address>/}: vendor, device,
 * class, the {@code driver} and {@code iommu_group} links; facts D.1, D.6). The sysfs root is a parameter so tests
 * can point it at a tree of their own.
 */
public final class SysfsPci {
    /** The driver VFIO needs on every non-bridge member of a group (facts D.1). */
    public static final String VFIO_PCI = "vfio-pci";

    private final Path sysfs;

    /** Over {@code sysfsRoot} (normally {@code /sys}). */
    public SysfsPci(Path sysfsRoot) {
        this.sysfs = sysfsRoot;
    }

    /** The machine's own sysfs at /sys. */
    public static SysfsPci system() {
        return new SysfsPci(Paths.get("/sys"));
    }

    Path devicesDir() {
        return sysfs.resolve("bus/pci/devices");
    }

    Path deviceDir(PciAddress address) {
        return devicesDir().resolve(address.toString());
    }

    Path driversDir() {
        return sysfs.resolve("bus/pci/drivers");
    }

    Path driversProbe() {
        return sysfs.resolve("bus/pci/drivers_probe");
    }

    /** Every PCI function, in address order. */
    public List<PciDeviceInfo> devices() {
        final List<PciDeviceInfo> result = new ArrayList<>();
        for (PciAddress address : listAddresses(devicesDir())) {
            result.add(device(address));
        }
        return result;
    }

    /** The 700-series physical functions (i40e facts 1.1) on this machine, in address order. */
    public List<PciDeviceInfo> i40eFunctions() {
        final List<PciDeviceInfo> result = new ArrayList<>();
        for (PciDeviceInfo info : devices()) {
            if (info.isI40ePf()) {
                result.add(info);
            }
        }
        return result;
    }

    /** True if sysfs lists the function. */
    public boolean exists(PciAddress address) {
        return Files.isDirectory(deviceDir(address));
    }

    /**
     * Reads one function.
     *
     * @throws VfioException if sysfs has no such function (with the hint to check lspci -D)
     */
    public PciDeviceInfo device(PciAddress address) {
        final Path dir = deviceDir(address);
        if (!Files.isDirectory(dir)) {
            throw new VfioException("no PCI function " + address + " under " + devicesDir()
                + "; check the address with 'lspci -D'");
        }
        final int group = iommuGroup(dir);
        final List<PciAddress> members = group < 0 ? List.of() : listAddresses(dir.resolve("iommu_group/devices"));
        return new PciDeviceInfo(address, hexFile(dir.resolve("vendor")), hexFile(dir.resolve("device")),
            hexFile(dir.resolve("class")), linkName(dir.resolve("driver")), group, members);
    }

    /** The name of the driver bound to {@code address}, or null. */
    public String driver(PciAddress address) {
        return linkName(deviceDir(address).resolve("driver"));
    }

    /** True if the named driver is registered (its module is loaded), e.g. {@code vfio-pci}. */
    public boolean driverLoaded(String driver) {
        return Files.isDirectory(driversDir().resolve(driver));
    }

    /** Each member of {@code info}'s group with its driver, for error messages: "0000:00:02.0 (e1000e), ...". */
    public String describeGroup(PciDeviceInfo info) {
        final StringBuilder sb = new StringBuilder();
        for (PciAddress member : info.groupMembers()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            final String driver = driver(member);
            sb.append(member).append(" (").append(driver == null ? "no driver" : driver).append(')');
        }
        return sb.toString();
    }

    /**
     * Writes {@code value} to a sysfs attribute (driver_override, unbind, drivers_probe, nr_hugepages, ...).
     *
     * @throws VfioException saying that writing sysfs needs root when the kernel refuses, or naming the error
     */
    public static void write(Path attribute, String value) {
        try {
            Files.write(attribute, value.getBytes(StandardCharsets.US_ASCII));
        } catch (AccessDeniedException e) {
            throw new VfioException("not permitted to write '" + value + "' to " + attribute
                + ": writing this sysfs/procfs attribute needs root (CAP_SYS_ADMIN); run as root, or have root"
                + " do this step beforehand", e);
        } catch (IOException e) {
            throw new VfioException("writing '" + value + "' to " + attribute + " failed: " + e, e);
        }
    }

    static int hexFile(Path file) {
        final String text = readTrimmed(file);
        try {
            return Integer.parseInt(text.startsWith("0x") ? text.substring(2) : text, 16);
        } catch (NumberFormatException e) {
            throw new VfioException(file + " holds '" + text + "', not a hex number", e);
        }
    }

    static String readTrimmed(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new VfioException("sysfs has no " + file + "; is sysfs mounted at the expected root?", e);
        } catch (IOException e) {
            throw new VfioException("cannot read " + file + ": " + e, e);
        }
    }

    private static int iommuGroup(Path deviceDir) {
        final String name = linkName(deviceDir.resolve("iommu_group"));
        if (name == null) {
            return -1;
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new VfioException(deviceDir.resolve("iommu_group") + " points to '" + name
                + "', not a group number", e);
        }
    }

    /** The last path element a symbolic link points to, or null if there is no link. */
    private static String linkName(Path link) {
        if (!Files.isSymbolicLink(link)) {
            return null;
        }
        try {
            return Files.readSymbolicLink(link).getFileName().toString();
        } catch (IOException e) {
            throw new VfioException("cannot read the link " + link + ": " + e, e);
        }
    }

    private static List<PciAddress> listAddresses(Path dir) {
        final List<PciAddress> result = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> result.add(PciAddress.parse(p.getFileName().toString())));
        } catch (NoSuchFileException e) {
            throw new VfioException("sysfs has no " + dir + "; is sysfs mounted and does this machine have PCI?", e);
        } catch (IOException e) {
            throw new VfioException("cannot list " + dir + ": " + e, e);
        }
        result.sort(null);
        return result;
    }
}
