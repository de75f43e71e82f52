package io.xdpj.sim.adminq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xdpj.i40e.hw.aq.AdminQueueDescriptor;
import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;
import io.xdpj.i40e.hw.aq.AqPhy;
import io.xdpj.i40e.hw.reg.AdminQueueRegisters;
import io.xdpj.sim.TestDriver;
import io.xdpj.vfio.PciConfig;
import org.junit.jupiter.api.Test;

/** Ring mechanics of facts 3.5-3.7: wrap-around, batches, overflow, and what stops processing. */
class AdminQueueMechanicsTest extends AdminQueueFixture {

    @Test
    void elevenCommandsWrapAroundAFiveEntryRing() {
        for (int i = 0; i < 11; i++) {
            assertEquals(0, driver.command(AdminQueueOpcode.GET_VERSION).send().retval());
        }
        assertEquals(11 % TestDriver.AQ_ENTRIES, driver.read(AdminQueueRegisters.PF_ATQH));
        assertEquals(11, device.firmware().adminQueue().commandsCompleted());
    }

    @Test
    void aBatchCompletesInOneStepWithHeadAtTail() {
        final TestDriver.Completion a = driver.command(AdminQueueOpcode.GET_VERSION).post();
        final TestDriver.Completion b = driver.command(AdminQueueOpcode.CLEAR_PXE_MODE).param8(0, 2).post();
        final TestDriver.Completion c = driver.command(AdminQueueOpcode.CLEAR_PXE_MODE).param8(0, 2).post();
        assertEquals(0, driver.read(AdminQueueRegisters.PF_ATQH), "nothing before the step");
        driver.steps(1);
        assertEquals(3, driver.read(AdminQueueRegisters.PF_ATQH));
        assertEquals(0, a.collect().retval());
        assertEquals(0, b.collect().retval());
        assertEquals(AdminQueueReturnCode.EEXIST, c.collect().retval());
        assertTrue((c.flags() & AdminQueueDescriptor.FLAG_DD) != 0, "iPXE polls DD (facts 3.6)");
    }

    @Test
    void nothingHappensWithoutBusMastering() {
        device.config().write16(PciConfig.COMMAND, PciConfig.COMMAND_MEMORY);
        final TestDriver.Completion c = driver.command(AdminQueueOpcode.GET_VERSION).post();
        driver.steps(5);
        assertEquals(0, driver.read(AdminQueueRegisters.PF_ATQH));
        assertEquals(0, c.collect().flags() & AdminQueueDescriptor.FLAG_DD);
        driver.enableBusMaster();
        driver.steps(1);
        assertEquals(1, driver.read(AdminQueueRegisters.PF_ATQH));
    }

    @Test
    void disabledQueueIsNotProcessed() {
        driver.write(AdminQueueRegisters.PF_ATQLEN, TestDriver.AQ_ENTRIES);
        driver.command(AdminQueueOpcode.GET_VERSION).post();
        driver.steps(3);
        assertEquals(0, driver.read(AdminQueueRegisters.PF_ATQH));
    }

    @Test
    void tailBeyondTheRingIsACriticalError() {
        driver.write(AdminQueueRegisters.PF_ATQT, TestDriver.AQ_ENTRIES + 2);
        driver.steps(1);
        assertEquals(AdminQueueRegisters.PF_ATQLEN_ATQCRIT_MASK, driver.read(AdminQueueRegisters.PF_ATQLEN)
            & AdminQueueRegisters.PF_ATQLEN_ATQCRIT_MASK);
        assertEquals(0, driver.read(AdminQueueRegisters.PF_ATQH));
    }

    @Test
    void eventsBeyondTheFreeArqDescriptorsOverflow() {
        driver.command(AdminQueueOpcode.GET_LINK_STATUS).param16(AqPhy.LINK_COMMAND_FLAGS, AqPhy.LSE_ENABLE).send();
        // ARQT = 4 of 5: the firmware owns 4 descriptors; 5 link changes without cleaning overflow once.
        for (int i = 0; i < 5; i++) {
            if (i % 2 == 0) {
                device.faults().linkDown();
            } else {
                device.faults().linkUp();
            }
            driver.steps(1);
        }
        assertEquals(4, driver.read(AdminQueueRegisters.PF_ARQH));
        assertEquals(AdminQueueRegisters.PF_ARQLEN_ARQOVFL_MASK, driver.read(AdminQueueRegisters.PF_ARQLEN)
            & AdminQueueRegisters.PF_ARQLEN_ARQOVFL_MASK);
        assertEquals(4, device.firmware().adminQueue().eventsPosted());
        assertEquals(1, device.firmware().adminQueue().eventsDropped());
        for (int i = 0; i < 4; i++) {
            assertNotNull(driver.pollEvent(), "event " + i);
        }
        // Software clears the error bit by writing the value back without it (facts 3.1).
        final int len = driver.read(AdminQueueRegisters.PF_ARQLEN);
        driver.write(AdminQueueRegisters.PF_ARQLEN, len & ~AdminQueueRegisters.PF_ARQLEN_ARQOVFL_MASK);
        assertEquals(TestDriver.AQ_ENTRIES | AdminQueueRegisters.PF_ARQLEN_ARQENABLE_MASK,
            driver.read(AdminQueueRegisters.PF_ARQLEN));
    }

    @Test
    void aFaultedRingDescriptorIsACriticalError() {
        final long ring = (long) driver.read(AdminQueueRegisters.PF_ATQBAH) << 32
            | (driver.read(AdminQueueRegisters.PF_ATQBAL) & 0xFFFF_FFFFL);
        device.faults().dmaFault(ring, 32);
        driver.command(AdminQueueOpcode.GET_VERSION).post();
        driver.steps(1);
        assertEquals(0, driver.read(AdminQueueRegisters.PF_ATQH));
        assertTrue((driver.read(AdminQueueRegisters.PF_ATQLEN) & AdminQueueRegisters.PF_ATQLEN_ATQCRIT_MASK) != 0);
        assertEquals(1, device.iommu().faultCount());
    }

    @Test
    void aFaultedIndirectBufferGivesBadAddr() {
        final TestDriver.Completion first = driver.command(AdminQueueOpcode.MAC_ADDRESS_READ).buffer(24, false).send();
        final long buffer = first.descriptor.getInt(AdminQueueDescriptor.ADDR_HIGH) & 0xFFFF_FFFFL;
        final long iova = buffer << 32 | (first.descriptor.getInt(AdminQueueDescriptor.ADDR_LOW) & 0xFFFF_FFFFL);
        device.faults().dmaFault(iova, 24);
        final TestDriver.Completion c = driver.command(AdminQueueOpcode.MAC_ADDRESS_READ).buffer(24, false).send();
        assertEquals(AdminQueueReturnCode.BAD_ADDR, c.retval());
    }
}
