package io.xdpj.vfio.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import io.xdpj.vfio.VfioException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsPciTest {

    /**
     * The machine's own PCI functions, read through sysfs, against the kernel's other listing of them,
     * /proc/bus/pci/devices (one line per function: hex bus<<8|devfn, then vendor<<16|device).
     */
    @Test
    void enumeratesThisMachinesFunctionsAsProcfsListsThem() throws IOException {
        final Path proc = Paths.get("/proc/bus/pci/devices");
        assumeTrue(Files.isReadable(proc) && Files.isDirectory(Paths.get("/sys/bus/pci/devices")),
            "this machine has no PCI listing in /proc and /sys");
        final List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(proc, StandardCharsets.US_ASCII)) {
            final String[] f = line.split("\t");
            final int bdf = Integer.parseInt(f[0], 16);
            final long ids = Long.parseLong(f[1], 16);
            expected.add(String.format("%02x:%02x.%x %04x:%04x", bdf >> 8, (bdf >> 3) & 0x1F, bdf & 7, ids >>> 16,
                ids & 0xFFFF));
        }
        final List<String> actual = new ArrayList<>();
        for (PciDeviceInfo info : SysfsPci.system().devices()) {
            final PciAddress a = info.address();
            if (a.domain() == 0) { // /proc/bus/pci/devices lists domain 0 only
                actual.add(String.format("%02x:%02x.%x %04x:%04x", a.bus(), a.device(), a.function(), info.vendor(),
                    info.device()));
            }
            assertTrue(info.classCode() >= 0 && info.classCode() <= 0xFFFFFF, info.toString());
        }
        expected.sort(null);
        assertEquals(expected, actual);
        assertFalse(actual.isEmpty());
    }

    @Test
    void readsIdentityDriverGroupAndMembers(@TempDir Path tmp) {
        final FakeSysfs fake = new FakeSysfs(tmp)
            .device("0000:01:00.0", 0x8086, 0x1583, 0x020000, "i40e", 13)
            .device("0000:01:00.1", 0x8086, 0x1583, 0x020000, "vfio-pci", 13)
            .device("0000:00:1f.3", 0x8086, 0xa348, 0x040300, null, -1);
        final SysfsPci sysfs = new SysfsPci(tmp);
        final PciDeviceInfo port0 = sysfs.device(PciAddress.parse("0000:01:00.0"));
        assertEquals(0x8086, port0.vendor());
        assertEquals(0x1583, port0.device());
        assertEquals(0x020000, port0.classCode());
        assertEquals("i40e", port0.driver());
        assertEquals(13, port0.iommuGroup());
        assertEquals(List.of(PciAddress.parse("0000:01:00.0"), PciAddress.parse("0000:01:00.1")), port0.groupMembers());
        assertTrue(port0.isI40ePf());
        final PciDeviceInfo audio = sysfs.device(PciAddress.parse("00:1f.3"));
        assertNull(audio.driver());
        assertEquals(-1, audio.iommuGroup());
        assertTrue(audio.groupMembers().isEmpty());
        assertEquals(2, sysfs.i40eFunctions().size());
        assertEquals("0000:01:00.0 (i40e), 0000:01:00.1 (vfio-pci)", sysfs.describeGroup(port0));
        assertTrue(sysfs.driverLoaded("vfio-pci"));
        assertFalse(sysfs.driverLoaded("ixgbe"));
        assertTrue(fake.root.equals(tmp));
    }

    @Test
    void missingFunctionSaysToCheckLspci(@TempDir Path tmp) {
        new FakeSysfs(tmp);
        final VfioException e = assertThrows(VfioException.class,
            () -> new SysfsPci(tmp).device(PciAddress.parse("0000:05:00.0")));
        assertTrue(e.getMessage().contains("no PCI function 0000:05:00.0"), e.getMessage());
        assertTrue(e.getMessage().contains("lspci -D"), e.getMessage());
    }
}
