package io.xdpj.sim.adminq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xdpj.i40e.hw.aq.AdminQueueDescriptor;
import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;
import io.xdpj.i40e.hw.aq.AqCapabilities;
import io.xdpj.i40e.hw.aq.AqDebugRegister;
import io.xdpj.i40e.hw.aq.AqDriverVersion;
import io.xdpj.i40e.hw.aq.AqMacAddress;
import io.xdpj.i40e.hw.aq.AqNvmRead;
import io.xdpj.i40e.hw.aq.AqQueueShutdown;
import io.xdpj.i40e.hw.aq.AqResource;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.i40e.hw.reg.PfGeneral;
import io.xdpj.sim.TestDriver;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;

/** Response bytes of the general commands (facts 4.2-4.8, 4.14), for TestDriver.config(). */
class GeneralCommandsTest extends AdminQueueFixture {

    private static final int DONE = AdminQueueDescriptor.FLAG_DD | AdminQueueDescriptor.FLAG_CMP;

    @Test
    void getVersion() {
        final TestDriver.Completion c = driver.command(AdminQueueOpcode.GET_VERSION).send();
        assertEquals(AdminQueueDescriptor.FLAG_SI | DONE, c.flags());
        assertEquals(0, c.retval());
        // rom_ver 0x00010000, fw_build 0x4E21, fw 8.3, API 1.15 (facts 4.2), little-endian.
        assertArrayEquals(bytes(0x00, 0x00, 0x01, 0x00, 0x21, 0x4E, 0x00, 0x00, 0x08, 0x00, 0x03, 0x00,
            0x01, 0x00, 0x0F, 0x00), params(c.descriptor));
        assertEquals(0xC0FFEE01, c.descriptor.getInt(AdminQueueDescriptor.COOKIE_HIGH), "cookie echoed");
        assertEquals(0x12345678, c.descriptor.getInt(AdminQueueDescriptor.COOKIE_LOW));
        assertEquals(1, driver.read(io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQH));
    }

    @Test
    void driverVersionRecordsTheName() {
        final TestDriver.Command cmd = driver.command(AdminQueueOpcode.DRIVER_VERSION)
            .param8(AqDriverVersion.DRIVER_MAJOR, 1).param8(AqDriverVersion.DRIVER_MINOR, 2)
            .param8(AqDriverVersion.DRIVER_BUILD, 3).param8(AqDriverVersion.DRIVER_SUBBUILD, 4).buffer(32, true);
        cmd.buffer.putStringWithoutLengthAscii(0, "xdpj-test");
        final TestDriver.Completion c = cmd.send();
        assertEquals(0, c.retval());
        assertEquals(AdminQueueDescriptor.FLAG_SI | AdminQueueDescriptor.FLAG_BUF | AdminQueueDescriptor.FLAG_RD
            | DONE, c.flags());
        assertEquals("xdpj-test", device.firmware().driverName());
        assertArrayEquals(new int[] {1, 2, 3, 4}, device.firmware().driverVersion());
    }

    @Test
    void capabilitiesTooSmallGiveEnomemWithTheNeededSize() {
        final TestDriver.Completion c = driver.command(AdminQueueOpcode.LIST_DEV_CAPABILITIES).buffer(40, false)
            .send();
        assertEquals(AdminQueueReturnCode.ENOMEM, c.retval());
        assertEquals(192, c.datalen(), "6 records × 32 (facts 4.6)");
        assertTrue((c.flags() & AdminQueueDescriptor.FLAG_ERR) != 0);
    }

    @Test
    void deviceCapabilityRecords() {
        final TestDriver.Completion c = driver.command(AdminQueueOpcode.LIST_DEV_CAPABILITIES).buffer(192, false)
            .send();
        assertEquals(0, c.retval());
        assertEquals(6, c.param32(AqCapabilities.COUNT));
        final int[][] expected = {
            {0x0005, 1 << 2, 0, 0}, {0x0017, 384, 0, 0}, {0x0040, 512, 6, 0}, {0x0041, 32, 0, 64},
            {0x0042, 32, 0, 64}, {0x0043, 129, 0, 0},
        };
        for (int i = 0; i < expected.length; i++) {
            final int at = 32 * i;
            assertEquals(expected[i][0], c.buffer.getShort(at) & 0xFFFF, "id of record " + i);
            assertEquals(1, c.buffer.getByte(at + 2), "major_rev");
            assertEquals(expected[i][1], c.buffer.getInt(at + 4), "number of record " + i);
            assertEquals(expected[i][2], c.buffer.getInt(at + 8), "logical_id of record " + i);
            assertEquals(expected[i][3], c.buffer.getInt(at + 12), "phys_id of record " + i);
        }
        // The RXQ record byte for byte: id 0x41, rev 1.0, number 32, logical 0, phys_id = FIRSTQ 64 (facts 13.6).
        assertArrayEquals(bytes(0x41, 0x00, 0x01, 0x00, 0x20, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0x40, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), java.util.Arrays.copyOfRange(c.bufferBytes(192), 96, 128));
    }

    @Test
    void functionCapabilitiesWithLinuxFirstBuffer() {
        final TestDriver.Completion c = driver.command(AdminQueueOpcode.LIST_FUNC_CAPABILITIES)
            .buffer(AqCapabilities.LINUX_FIRST_BUFFER, false).send();
        assertEquals(0, c.retval());
        assertEquals(5, c.param32(AqCapabilities.COUNT), "no FUNCTIONS_VALID in the function list");
        assertEquals(AqCapabilities.VSI, c.buffer.getShort(0));
    }

    @Test
    void macAddressReadAndWrite() {
        TestDriver.Completion c = driver.command(AdminQueueOpcode.MAC_ADDRESS_READ).buffer(24, false).send();
        assertEquals(0, c.retval());
        assertEquals(0x50, c.param16(AqMacAddress.READ_COMMAND_FLAGS), "LAN_ADDR_VALID | PORT_ADDR_VALID");
        assertArrayEquals(bytes(0x02, 0x00, 0xAA, 0xBB, 0xCC, 0x01, 0, 0, 0, 0, 0, 0,
            0x02, 0x00, 0xAA, 0xBB, 0xCC, 0x01, 0, 0, 0, 0, 0, 0), c.bufferBytes(24));
        // Write the LAA 02:11:22:33:44:55: sah = 0x0211, sal = 0x22334455 (facts 4.8).
        c = driver.command(AdminQueueOpcode.MAC_ADDRESS_WRITE).param16(AqMacAddress.MAC_SAH, 0x0211)
            .param32(AqMacAddress.MAC_SAL, 0x22334455).send();
        assertEquals(0, c.retval());
        c = driver.command(AdminQueueOpcode.MAC_ADDRESS_READ).buffer(24, false).send();
        assertArrayEquals(bytes(0x02, 0x11, 0x22, 0x33, 0x44, 0x55), java.util.Arrays.copyOf(c.bufferBytes(24), 6));
        assertArrayEquals(bytes(0x02, 0x00, 0xAA, 0xBB, 0xCC, 0x01),
            java.util.Arrays.copyOfRange(c.bufferBytes(24), 12, 18), "port MAC stays the permanent one");
        c = driver.command(AdminQueueOpcode.MAC_ADDRESS_WRITE).param16(AqMacAddress.MAC_SAH, 0x0100)
            .param32(AqMacAddress.MAC_SAL, 0x5E000001).send();
        assertEquals(AdminQueueReturnCode.EINVAL, c.retval(), "a multicast LAA");
    }

    @Test
    void clearPxeOnceThenEexist() {
        assertEquals(0, driver.command(AdminQueueOpcode.CLEAR_PXE_MODE).param8(0, 2).send().retval());
        assertEquals(AdminQueueReturnCode.EEXIST, driver.command(AdminQueueOpcode.CLEAR_PXE_MODE).param8(0, 2)
            .send().retval());
    }

    @Test
    void nvmResourceOwnership() {
        final CachedNanoClock clock = new CachedNanoClock();
        open(TestDriver.config().clock(clock).build());
        TestDriver.Completion c = driver.command(AdminQueueOpcode.REQUEST_RESOURCE)
            .param16(AqResource.RESOURCE_ID, AqResource.RESOURCE_NVM)
            .param16(AqResource.ACCESS_TYPE, AqResource.ACCESS_READ).send();
        assertEquals(0, c.retval());
        assertEquals(3000, c.param32(AqResource.TIMEOUT));
        clock.update(1_000_000_000L);
        c = driver.command(AdminQueueOpcode.REQUEST_RESOURCE).param16(AqResource.RESOURCE_ID, 1)
            .param16(AqResource.ACCESS_TYPE, 1).send();
        assertEquals(AdminQueueReturnCode.EBUSY, c.retval());
        assertEquals(2000, c.param32(AqResource.TIMEOUT), "the owner may hold it 2000 ms more");
        assertEquals(0, driver.command(AdminQueueOpcode.RELEASE_RESOURCE).param16(AqResource.RESOURCE_ID, 1).send()
            .retval());
        c = driver.command(AdminQueueOpcode.REQUEST_RESOURCE).param16(AqResource.RESOURCE_ID, 1)
            .param16(AqResource.ACCESS_TYPE, AqResource.ACCESS_WRITE).send();
        assertEquals(180000, c.param32(AqResource.TIMEOUT));
        clock.update(182_000_000_000L);
        assertEquals(0, driver.command(AdminQueueOpcode.REQUEST_RESOURCE).param16(AqResource.RESOURCE_ID, 1)
            .param16(AqResource.ACCESS_TYPE, 1).send().retval(), "the hold expired");
        assertEquals(AdminQueueReturnCode.ENXIO, driver.command(AdminQueueOpcode.REQUEST_RESOURCE)
            .param16(AqResource.RESOURCE_ID, 7).send().retval());
    }

    @Test
    void nvmReadThroughTheAdminQueue() {
        // Word 0x18 = 0x0803 is bytes 0x30..0x31 = 03 08 (facts 4.14).
        final TestDriver.Completion c = driver.command(AdminQueueOpcode.NVM_READ)
            .param8(AqNvmRead.COMMAND_FLAGS, AqNvmRead.LAST_CMD).param16(AqNvmRead.LENGTH, 4)
            .param32(AqNvmRead.OFFSET, 0x30).buffer(4, false).send();
        assertEquals(0, c.retval());
        assertArrayEquals(bytes(0x03, 0x08, 0x00, 0x00), c.bufferBytes(4));
        assertEquals(AdminQueueReturnCode.EINVAL, driver.command(AdminQueueOpcode.NVM_READ)
            .param16(AqNvmRead.LENGTH, 2).param32(AqNvmRead.OFFSET, 0x0100_0000).buffer(2, false).send().retval(),
            "the offset's top byte must be 0");
    }

    @Test
    void debugRegisterReadAndWrite() {
        TestDriver.Completion c = driver.command(AdminQueueOpcode.DEBUG_READ_REG)
            .param32(AqDebugRegister.ADDRESS, PfGeneral.PRTGEN_CNF + 8).send();
        assertEquals(0, c.retval());
        assertEquals(1, c.param32(AqDebugRegister.VALUE_LOW), "port 2 disabled");
        assertEquals(0, c.param32(AqDebugRegister.VALUE_HIGH));
        c = driver.command(AdminQueueOpcode.DEBUG_WRITE_REG)
            .param32(AqDebugRegister.ADDRESS, LanQueueRegisters.GLLAN_RCTL_0).param32(AqDebugRegister.VALUE_LOW, 1)
            .send();
        assertEquals(0, c.retval());
        assertEquals(1, driver.read(LanQueueRegisters.GLLAN_RCTL_0));
    }

    @Test
    void queueShutdownAndUnknownOpcodes() {
        assertEquals(0, driver.command(AdminQueueOpcode.QUEUE_SHUTDOWN)
            .param32(AqQueueShutdown.DRIVER_UNLOADING, AqQueueShutdown.UNLOADING).send().retval());
        assertTrue(device.firmware().driverUnloading());
        final TestDriver.Completion c = driver.command(AdminQueueOpcode.SET_LB_MODES).send();
        assertEquals(AdminQueueReturnCode.ESRCH, c.retval(), "no layout in the facts: bad opcode");
        assertEquals(AdminQueueDescriptor.FLAG_SI | DONE | AdminQueueDescriptor.FLAG_ERR, c.flags());
    }
}
