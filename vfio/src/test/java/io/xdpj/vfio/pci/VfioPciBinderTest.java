package io.xdpj.vfio.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import io.xdpj.vfio.VfioException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VfioPciBinderTest {

    @Test
    void refusesWhenVfioPciIsNotLoaded(@TempDir Path tmp) {
        final FakeSysfs fake = new FakeSysfs(tmp).device("0000:01:00.0", 0x8086, 0x1583, 0x020000, "i40e", 13);
        final VfioException e = assertThrows(VfioException.class,
            () -> new VfioPciBinder(new SysfsPci(tmp)).bindToVfio(PciAddress.parse("0000:01:00.0")));
        assertTrue(e.getMessage().contains("vfio-pci driver is not loaded"), e.getMessage());
        assertTrue(e.getMessage().contains("modprobe vfio-pci"), e.getMessage());
        assertEquals("(null)\n", fake.read("bus/pci/devices/0000:01:00.0/driver_override"), "nothing was written");
    }

    @Test
    void refusesWhenAnotherGroupMemberHasAnotherDriverListingTheMembers(@TempDir Path tmp) {
        final FakeSysfs fake = new FakeSysfs(tmp).driver("vfio-pci")
            .device("0000:01:00.0", 0x8086, 0x1583, 0x020000, "i40e", 13)
            .device("0000:01:00.1", 0x8086, 0x1583, 0x020000, "i40e", 13)
            .device("0000:00:01.0", 0x8086, 0x1901, 0x060400, "pcieport", 13); // a bridge: does not count
        final VfioException e = assertThrows(VfioException.class,
            () -> new VfioPciBinder(new SysfsPci(tmp)).bindToVfio(PciAddress.parse("0000:01:00.0")));
        assertTrue(e.getMessage().contains("IOMMU group 13 also holds 0000:01:00.1 (i40e), bound to other drivers"),
            e.getMessage());
        assertTrue(e.getMessage().contains("Group members: 0000:00:01.0 (pcieport), 0000:01:00.0 (i40e),"
            + " 0000:01:00.1 (i40e)"), e.getMessage());
        assertEquals("(null)\n", fake.read("bus/pci/devices/0000:01:00.0/driver_override"), "nothing was written");
    }

    @Test
    void writesOverrideUnbindAndProbeThenChecksTheResult(@TempDir Path tmp) {
        // The fake tree does not react to the writes as the kernel would, so the check after drivers_probe fails:
        // that shows both the writes and the verification.
        final FakeSysfs fake = new FakeSysfs(tmp).driver("vfio-pci")
            .device("0000:01:00.0", 0x8086, 0x1583, 0x020000, "i40e", 13)
            .device("0000:01:00.1", 0x8086, 0x1583, 0x020000, "vfio-pci", 13);
        final VfioException e = assertThrows(VfioException.class,
            () -> new VfioPciBinder(new SysfsPci(tmp)).bindToVfio(PciAddress.parse("0000:01:00.0")));
        assertEquals("vfio-pci", fake.read("bus/pci/devices/0000:01:00.0/driver_override"));
        assertEquals("0000:01:00.0", fake.read("bus/pci/drivers/i40e/unbind"));
        assertEquals("0000:01:00.0", fake.read("bus/pci/drivers_probe"));
        assertTrue(e.getMessage().contains("is bound to i40e, not vfio-pci"), e.getMessage());
    }

    @Test
    void alreadyBoundIsANoOp(@TempDir Path tmp) {
        final FakeSysfs fake = new FakeSysfs(tmp)
            .device("0000:01:00.0", 0x8086, 0x1583, 0x020000, "vfio-pci", 13);
        assertEquals("vfio-pci", new VfioPciBinder(new SysfsPci(tmp)).bindToVfio(PciAddress.parse("0000:01:00.0")));
        assertEquals("", fake.read("bus/pci/drivers_probe"));
    }
}
