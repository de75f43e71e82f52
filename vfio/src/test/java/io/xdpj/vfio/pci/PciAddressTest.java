package io.xdpj.vfio.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PciAddressTest {

    @Test
    void parsesAndPrintsTheSysfsForm() {
        final PciAddress a = PciAddress.parse("0000:3b:1f.7");
        assertEquals(0, a.domain());
        assertEquals(0x3B, a.bus());
        assertEquals(0x1F, a.device());
        assertEquals(7, a.function());
        assertEquals("0000:3b:1f.7", a.toString());
        assertEquals("000a:01:00.1", PciAddress.parse("A:01:00.1").toString());
    }

    @Test
    void shortFormHasDomainZero() {
        assertEquals(PciAddress.parse("0000:02:00.0"), PciAddress.parse("02:00.0"));
    }

    @Test
    void ordersByDomainBusDeviceFunction() {
        assertTrue(PciAddress.parse("0000:00:1f.7").compareTo(PciAddress.parse("0000:01:00.0")) < 0);
        assertTrue(PciAddress.parse("0001:00:00.0").compareTo(PciAddress.parse("0000:ff:1f.7")) > 0);
    }

    @Test
    void rejectsMalformedAndOutOfRange() {
        for (String bad : new String[] {"", "0000:01:00", "0000:01:20.0", "0000:01:00.8", "00000:01:00.0", "x:01:00.0",
            "0000:100:00.0"}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PciAddress.parse(bad),
                bad);
            assertTrue(e.getMessage().contains("0000:01:00.0"), e.getMessage());
        }
    }
}
