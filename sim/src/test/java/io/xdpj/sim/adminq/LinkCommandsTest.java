package io.xdpj.sim.adminq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import io.xdpj.i40e.hw.aq.AdminQueueDescriptor;
import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;
import io.xdpj.i40e.hw.aq.AqPhy;
import io.xdpj.i40e.hw.reg.AdminQueueRegisters;
import io.xdpj.i40e.hw.reg.InterruptRegisters;
import io.xdpj.sim.TestDriver;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** PHY and link commands and the link-status event (facts 4.13, 3.7), 40 Gb/s 40GBASE-CR4 by default. */
class LinkCommandsTest extends AdminQueueFixture {

    /** Up: LSE on, phy 0x18, 40G 0x10, LINK_UP | MEDIA_AVAILABLE, AN_COMPLETED | QUALIFIED, 9728, CRC. */
    private static final byte[] UP_WITH_LSE = bytes(0x01, 0x00, 0x18, 0x10, 0x41, 0x81, 0x00, 0x00, 0x00, 0x26, 0x04,
        0, 0, 0, 0, 0);

    private TestDriver.Completion linkStatus(int lse) {
        return driver.command(AdminQueueOpcode.GET_LINK_STATUS).param16(AqPhy.LINK_COMMAND_FLAGS, lse).send();
    }

    @Test
    void getLinkStatusEnablesLse() {
        TestDriver.Completion c = linkStatus(AqPhy.LSE_NOP);
        assertEquals(0, c.retval());
        assertEquals(0x00, c.param8(AqPhy.LINK_COMMAND_FLAGS), "LSE not enabled yet");
        c = linkStatus(AqPhy.LSE_ENABLE);
        assertArrayEquals(UP_WITH_LSE, params(c.descriptor));
        assertEquals(AqPhy.LINK_UP, c.param8(AqPhy.LINK_INFO) & AqPhy.LINK_UP, "the drivers' link-up test");
    }

    @Test
    void linkDownPostsAnEventOnTheArq() {
        linkStatus(AqPhy.LSE_ENABLE);
        device.faults().linkDown();
        driver.steps(1);
        assertEquals(List.of("link down"), plane.calls);
        final UnsafeBuffer event = driver.pollEvent();
        assertNotNull(event);
        assertEquals(AdminQueueOpcode.GET_LINK_STATUS, AdminQueueDescriptor.opcode(event, 0));
        assertEquals(AdminQueueDescriptor.FLAG_BUF | AdminQueueDescriptor.FLAG_LB | AdminQueueDescriptor.FLAG_DD
            | AdminQueueDescriptor.FLAG_CMP, AdminQueueDescriptor.flags(event, 0));
        assertEquals(0, AdminQueueDescriptor.datalen(event, 0), "no event data");
        // Down and no partner: speed unknown, no LINK_UP, no MEDIA_AVAILABLE, no AN.
        assertArrayEquals(bytes(0x01, 0x00, 0x18, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x26, 0x04, 0, 0, 0, 0, 0),
            params(event));
        assertEquals(1, driver.read(AdminQueueRegisters.PF_ARQH));
        assertEquals(InterruptRegisters.PFINT_ICR0_ADMINQ_MASK,
            driver.read(InterruptRegisters.PFINT_ICR0) & InterruptRegisters.PFINT_ICR0_ADMINQ_MASK);
        device.faults().linkUp();
        driver.steps(1);
        assertArrayEquals(UP_WITH_LSE, params(driver.pollEvent()), "LSE stays enabled after an event");
        assertNull(driver.pollEvent());
    }

    @Test
    void noEventWithoutLseOrWhenMasked() {
        device.faults().linkDown();
        driver.steps(2);
        assertNull(driver.pollEvent(), "LSE off");
        linkStatus(AqPhy.LSE_ENABLE);
        driver.command(AdminQueueOpcode.SET_PHY_INT_MASK).param16(AqPhy.EVENT_MASK, AqPhy.EVENT_LINK_UPDOWN).send();
        device.faults().linkUp();
        driver.steps(2);
        assertNull(driver.pollEvent(), "LINK_UPDOWN masked");
        assertEquals(List.of("link down", "link up"), plane.calls);
    }

    @Test
    void restartAnControlsTheLinkEnable() {
        linkStatus(AqPhy.LSE_ENABLE);
        // 0x02 alone: restart without LINK_ENABLE, so the link goes down (facts 4.13).
        assertEquals(0, driver.command(AdminQueueOpcode.SET_LINK_RESTART_AN)
            .param8(AqPhy.RESTART_COMMAND, AqPhy.RESTART_AN).send().retval());
        assertEquals(0x40, params(driver.pollEvent())[AqPhy.LINK_INFO], "media present, link down");
        assertEquals(0, driver.command(AdminQueueOpcode.SET_LINK_RESTART_AN).param8(AqPhy.RESTART_COMMAND, 0x06)
            .send().retval());
        assertArrayEquals(UP_WITH_LSE, params(driver.pollEvent()));
    }

    @Test
    void phyAbilitiesAndSetPhyConfig() {
        final TestDriver.Completion c = driver.command(AdminQueueOpcode.GET_PHY_ABILITIES)
            .param32(0, AqPhy.REPORT_INITIAL_VALUES).buffer(AqPhy.ABILITIES_BUFFER_SIZE, false).send();
        assertEquals(0, c.retval());
        // phy_type bitmap bit 0x18 = 0x01000000, speed 40G, LINK_ENABLED | AN_ENABLED, no qualified modules.
        assertArrayEquals(bytes(0x00, 0x00, 0x00, 0x01, 0x10, 0x18, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0), c.bufferBytes(24));
        // DPDK brings the link down/up with Set PHY Config (facts 4.13).
        assertEquals(0, driver.command(AdminQueueOpcode.SET_PHY_CONFIG).param32(AqPhy.SET_PHY_TYPE, 0x01000000)
            .param8(AqPhy.SET_LINK_SPEED, 0x10).param8(AqPhy.SET_ABILITIES, AqPhy.SET_ENABLE_ATOMIC_LINK).send()
            .retval());
        assertEquals(0, linkStatus(AqPhy.LSE_NOP).param8(AqPhy.LINK_INFO) & AqPhy.LINK_UP);
        driver.command(AdminQueueOpcode.SET_PHY_CONFIG).param8(AqPhy.SET_ABILITIES,
            AqPhy.SET_ENABLE_ATOMIC_LINK | AqPhy.SET_ENABLE_LINK | AqPhy.SET_ENABLE_AN).send();
        assertEquals(AqPhy.LINK_UP, linkStatus(AqPhy.LSE_NOP).param8(AqPhy.LINK_INFO) & AqPhy.LINK_UP);
        assertEquals(List.of("link down", "link up"), plane.calls);
    }

    @Test
    void setMacConfigSetsTheMaxFrameSize() {
        assertEquals(0, driver.command(AdminQueueOpcode.SET_MAC_CONFIG).param16(AqPhy.MAC_MAX_FRAME_SIZE, 1522)
            .param8(AqPhy.MAC_PARAMS, AqPhy.MAC_CRC_EN).send().retval());
        assertEquals(1522, plane.maxFrame);
        assertEquals(1522, linkStatus(AqPhy.LSE_NOP).param16(AqPhy.LINK_MAX_FRAME_SIZE));
        assertEquals(AdminQueueReturnCode.EINVAL, driver.command(AdminQueueOpcode.SET_MAC_CONFIG)
            .param16(AqPhy.MAC_MAX_FRAME_SIZE, 9729).send().retval(), "above I40E_FRAME_SIZE_MAX");
        assertEquals(1522, plane.maxFrame);
    }
}
