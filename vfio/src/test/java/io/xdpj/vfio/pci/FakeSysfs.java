package io.xdpj.vfio.pci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sysfs tree in a temporary directory with the shape Linux gives it (bus/pci/devices/ADDR/{vendor,device,class},
 * the driver and iommu_group links, kernel/iommu_groups/N/devices/ADDR links, bus/pci/drivers/NAME and
 * drivers_probe), for tests of discovery and binding without touching the machine's devices.
 */
public final class FakeSysfs {
    public final Path root;

    public FakeSysfs(Path root) {
        this.root = root;
        mkdirs(root.resolve("bus/pci/devices"));
        mkdirs(root.resolve("bus/pci/drivers"));
        mkdirs(root.resolve("kernel/iommu_groups"));
        write(root.resolve("bus/pci/drivers_probe"), "");
    }

    /** Registers a driver (as loading its module would). */
    public FakeSysfs driver(String name) {
        mkdirs(root.resolve("bus/pci/drivers").resolve(name));
        return this;
    }

    /** Adds a function; {@code driver} null for none, {@code group} -1 for no IOMMU group. */
    public FakeSysfs device(String address, int vendor, int device, int classCode, String driver, int group) {
        final Path dir = root.resolve("bus/pci/devices").resolve(address);
        mkdirs(dir);
        write(dir.resolve("vendor"), String.format("0x%04x\n", vendor));
        write(dir.resolve("device"), String.format("0x%04x\n", device));
        write(dir.resolve("class"), String.format("0x%06x\n", classCode));
        write(dir.resolve("driver_override"), "(null)\n");
        try {
            if (driver != null) {
                driver(driver);
                Files.createSymbolicLink(dir.resolve("driver"), root.resolve("bus/pci/drivers").resolve(driver));
                write(root.resolve("bus/pci/drivers").resolve(driver).resolve("unbind"), "");
            }
            if (group >= 0) {
                final Path groupDir = root.resolve("kernel/iommu_groups").resolve(Integer.toString(group));
                mkdirs(groupDir.resolve("devices"));
                Files.createSymbolicLink(dir.resolve("iommu_group"), groupDir);
                Files.createSymbolicLink(groupDir.resolve("devices").resolve(address), dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public String read(String relative) {
        try {
            return new String(Files.readAllBytes(root.resolve(relative)), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.write(file, text.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
