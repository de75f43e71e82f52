package io.xdpj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xdpj.i40e.hw.aq.AdminQueueDescriptor;
import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.reg.AdminQueueRegisters;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.i40e.hw.reg.PfGeneral;
import io.xdpj.sim.wire.Wire;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;

/**
 * The model on its own agent thread while the test thread acts as the driver: 1001 admin commands and a PF reset,
 * each wait bounded by a deadline (a hang fails the test; nothing is timed).
 */
class SimAgentTest {

    private static final long DEADLINE_NANOS = 10_000_000_000L;

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        final long end = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("the model on its agent thread did not reach: " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void adminCommandsAndResetAcrossThreads() {
        try (SimulatedXl710 device = SimulatedXl710.create(TestDriver.config().build(), Wire.disconnected())) {
            final TestDriver driver = new TestDriver(device);
            driver.enableBusMaster();
            driver.openAdminQueues();
            try (AgentRunner runner = SimAgent.start(device, new BackoffIdleStrategy(1, 1, 1_000, 100_000))) {
                for (int i = 0; i < 1001; i++) {
                    final TestDriver.Completion c = driver.command(AdminQueueOpcode.GET_VERSION).post();
                    final int expectedHead = (c.slot + 1) % TestDriver.AQ_ENTRIES;
                    await(() -> driver.read(AdminQueueRegisters.PF_ATQH) == expectedHead, "ATQH " + expectedHead);
                    c.collect();
                    assertEquals(AdminQueueDescriptor.FLAG_DD, c.flags() & AdminQueueDescriptor.FLAG_DD);
                    assertEquals(8, c.param16(8), "fw_major");
                }
                driver.write(PfGeneral.PFGEN_CTRL, PfGeneral.PFGEN_CTRL_PFSWR_MASK);
                await(() -> driver.read(PfGeneral.PFGEN_CTRL) == 0, "PFSWR == 0");
                assertEquals(0, driver.read(LanQueueRegisters.QRX_ENA(0)));
                assertEquals(1001, device.firmware().adminQueue().commandsCompleted());
                assertEquals("sim-simulated-XL710-8086:1583-pf2", runner.agent().roleName());
            }
        }
    }
}
