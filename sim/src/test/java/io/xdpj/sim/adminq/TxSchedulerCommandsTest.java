package io.xdpj.sim.adminq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;
import io.xdpj.sim.TestDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The VSI bandwidth commands Linux's probe sends for the main VSI (facts 10.1 step 20), with the layouts of
 * D-base i40e_adminq_cmd.h (see {@link TxSchedulerFirmware}); byte images composed by hand.
 */
class TxSchedulerCommandsTest extends AdminQueueFixture {

    private static final int MAIN_SEID = 512;

    @BeforeEach
    void withQueueSetHandle7() {
        open(TestDriver.config().qsHandle(7).build());
    }

    @Test
    void afterResetTc0AloneIsEnabledWithTheVsisQueueSet() {
        final TestDriver.Completion c = driver.command(0x0408).param16(0, MAIN_SEID).buffer(64, false).send();
        assertEquals(AdminQueueReturnCode.OK, c.retval());
        // tc_valid 0x01, suspended 0, reserved[14]; qs_handles: TC0 = 7, TC1..7 = 0xFFFF; port_bw_limit 0, max_bw 0
        assertArrayEquals(bytes(0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0x07, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0, 0, 0, 0, 0, 0, 0, 0, 0), c.bufferBytes(41));
        final TestDriver.Completion ets = driver.command(0x040A).param16(0, MAIN_SEID).buffer(32, false).send();
        assertEquals(AdminQueueReturnCode.OK, ets.retval());
        assertArrayEquals(bytes(0x01, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0), ets.bufferBytes(12));
    }

    @Test
    void configureTcBandwidthWritesBackTheQueueSetHandles() {
        final TestDriver.Command cmd = driver.command(0x0407).param16(0, MAIN_SEID).buffer(32, true);
        cmd.buffer.putByte(0, (byte) 0x03); // TC0 and TC1
        cmd.buffer.putByte(4, (byte) 1);
        cmd.buffer.putByte(5, (byte) 3);
        final TestDriver.Completion c = cmd.send();
        assertEquals(AdminQueueReturnCode.OK, c.retval());
        final TestDriver.Completion query = driver.command(0x0408).param16(0, MAIN_SEID).buffer(64, false).send();
        assertEquals(0x03, query.bufferBytes(1)[0], "tc_valid after configure");
        assertArrayEquals(bytes(0x07, 0x00, 0xFF, 0xFF), java.util.Arrays.copyOfRange(c.bufferBytes(20), 16, 20));
        final TestDriver.Completion ets = driver.command(0x040A).param16(0, MAIN_SEID).buffer(32, false).send();
        assertArrayEquals(bytes(0x03, 0, 0, 0, 1, 3, 0, 0), ets.bufferBytes(8));
    }

    @Test
    void bandwidthLimitIsReportedBack() {
        assertEquals(AdminQueueReturnCode.OK, driver.command(0x0400).param16(0, MAIN_SEID).param16(4, 50)
            .param8(8, 2).send().retval());
        final TestDriver.Completion c = driver.command(0x0408).param16(0, MAIN_SEID).buffer(64, false).send();
        assertArrayEquals(bytes(50, 0, 0, 0, 2), java.util.Arrays.copyOfRange(c.bufferBytes(41), 36, 41));
    }

    @Test
    void unknownSeidAndShortBuffersAreRefused() {
        assertEquals(AdminQueueReturnCode.ENOENT, driver.command(0x0408).param16(0, 999).buffer(64, false).send()
            .retval());
        assertEquals(AdminQueueReturnCode.EINVAL, driver.command(0x0408).param16(0, MAIN_SEID).buffer(32, false)
            .send().retval());
        assertEquals(AdminQueueReturnCode.EINVAL, driver.command(0x0407).param16(0, MAIN_SEID).buffer(32, false)
            .send().retval(), "0x0407 without RD: no data to read");
    }

    @Test
    void portTxResumeSucceedsWithOrWithoutASuspend() {
        assertEquals(AdminQueueReturnCode.OK, driver.command(0x041C).send().retval(), "Linux resumes unconditionally");
        assertEquals(AdminQueueReturnCode.OK, driver.command(0x041B).param16(0, 2).send().retval());
        assertEquals(AdminQueueReturnCode.OK, driver.command(0x041C).send().retval());
    }
}
