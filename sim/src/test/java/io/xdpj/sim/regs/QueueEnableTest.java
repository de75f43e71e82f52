package io.xdpj.sim.regs;

import static io.xdpj.i40e.hw.reg.LanQueueRegisters.GLLAN_TXPRE_QDIS;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QRX_ENA;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QRX_TAIL;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QTX_CTL;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QTX_ENA;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QTX_HEAD;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QTX_TAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.sim.RecordingDataPlane;
import io.xdpj.sim.SimConfig;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.TestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The QxX_ENA handshake (facts 6.2-6.4, 13.12), tails, QTX_HEAD and GLLAN_TXPRE_QDIS. */
class QueueEnableTest {

    private static final int REQ = LanQueueRegisters.QENA_REQ_MASK;
    private static final int STAT = LanQueueRegisters.QENA_STAT_MASK;

    private RecordingDataPlane plane;
    private SimulatedXl710 device;
    private TestDriver driver;

    private void open(SimConfig config) {
        plane = new RecordingDataPlane();
        device = new SimulatedXl710(config, iommu -> plane);
        driver = new TestDriver(device);
        driver.enableBusMaster();
        driver.setupLanHmc(config.pfId(), config.queueCount(), true);
        final RxQueueContext rx = new RxQueueContext();
        rx.base = 0x40000 / 128;
        rx.qlen = 512;
        rx.dbuff = 16;
        rx.rxmax = 9728;
        final TxQueueContext tx = new TxQueueContext();
        tx.base = 0x80000 / 128;
        tx.qlen = 256;
        tx.newContext = 1;
        for (int q = 0; q < config.queueCount(); q++) {
            driver.writeRxContext(q, rx);
            driver.writeTxContext(q, tx);
        }
        plane.clear();
    }

    @AfterEach
    void close() {
        device.close();
    }

    @Test
    void statFollowsReqAfterOneStep() {
        open(TestDriver.config().build());
        driver.write(QRX_ENA(7), REQ);
        assertEquals(REQ, driver.read(QRX_ENA(7)), "STAT not yet");
        driver.steps(1);
        assertEquals(REQ | STAT, driver.read(QRX_ENA(7)));
        assertEquals("startRx 7", plane.calls.get(0));
        assertTrue(device.queues().rxEnabled(7));
        driver.write(QRX_ENA(7), 0);
        assertEquals(STAT, driver.read(QRX_ENA(7)), "disable pending");
        driver.steps(1);
        assertEquals(0, driver.read(QRX_ENA(7)));
        assertEquals("stopRx 7", plane.calls.get(1));
    }

    @Test
    void switchDelayIsConfigurableAndARevertCancels() {
        open(TestDriver.config().queueSwitchSteps(3).build());
        driver.write(QTX_ENA(0), REQ);
        driver.steps(2);
        assertEquals(REQ, driver.read(QTX_ENA(0)));
        driver.steps(1);
        assertEquals(REQ | STAT, driver.read(QTX_ENA(0)));
        driver.write(QTX_ENA(1), REQ);
        driver.write(QTX_ENA(1), 0);
        driver.steps(5);
        assertEquals(0, driver.read(QTX_ENA(1)));
        assertEquals(java.util.List.of("startTx 0"), plane.calls);
    }

    @Test
    void enableWaitsForBusMastering() {
        open(TestDriver.config().build());
        device.config().write16(io.xdpj.vfio.PciConfig.COMMAND, io.xdpj.vfio.PciConfig.COMMAND_MEMORY);
        assertFalse(plane.busMaster);
        driver.write(QRX_ENA(2), REQ);
        driver.steps(4);
        assertEquals(REQ, driver.read(QRX_ENA(2)), "no DMA, no context, no STAT");
        driver.enableBusMaster();
        assertTrue(plane.busMaster);
        driver.steps(1);
        assertEquals(REQ | STAT, driver.read(QRX_ENA(2)));
    }

    @Test
    void aContextTheDataPlaneRejectsLeavesTheQueueDisabled() {
        open(TestDriver.config().build());
        driver.writeRxContext(4, new RxQueueContext());
        driver.write(QRX_ENA(4), REQ);
        driver.steps(2);
        assertEquals(REQ, driver.read(QRX_ENA(4)));
        assertEquals(1, device.queues().rejectedContexts());
        assertTrue(device.queues().lastRejection().contains("qlen"), device.queues().lastRejection());
    }

    @Test
    void tailsGoToTheDataPlaneAndReadBack() {
        open(TestDriver.config().build());
        driver.write(QRX_TAIL(31), 511);
        assertEquals(511, plane.lastRxTail);
        assertEquals(511, driver.read(QRX_TAIL(31)));
        driver.write(QTX_TAIL(0), 0xFFFF);
        assertEquals(0x1FFF, plane.lastTxTail, "TAIL [12:0]");
        assertEquals(0x1FFF, driver.read(QTX_TAIL(0)));
    }

    @Test
    void txHeadIsStoredWhileStoppedAndLiveWhileRunning() {
        open(TestDriver.config().build());
        driver.write(QTX_HEAD(3), 0x12345);
        assertEquals(0x0345, driver.read(QTX_HEAD(3)), "HEAD [12:0]");
        driver.write(QTX_HEAD(3), 0);
        driver.write(QTX_ENA(3), REQ);
        driver.steps(1);
        assertEquals(7, driver.read(QTX_HEAD(3)), "the data plane's head");
    }

    @Test
    void txPreDisableAcceptsBothQindxReadings() {
        // PF queues 120..151: absolute queue 130 is PF queue 10, in GLLAN_TXPRE_QDIS(1).
        open(TestDriver.config().queues(120, 32).build());
        driver.write(GLLAN_TXPRE_QDIS(1), LanQueueRegisters.GLLAN_TXPRE_QDIS_SET_QDIS_MASK | 2); // Linux: 130 mod 128
        assertTrue(device.queues().txPreDisabled(10));
        assertEquals(2 | LanQueueRegisters.GLLAN_TXPRE_QDIS_QDIS_STAT_MASK, driver.read(GLLAN_TXPRE_QDIS(1)));
        driver.write(GLLAN_TXPRE_QDIS(1), LanQueueRegisters.GLLAN_TXPRE_QDIS_CLEAR_QDIS_MASK | 130); // iPXE: full
        assertFalse(device.queues().txPreDisabled(10));
        assertEquals(130, driver.read(GLLAN_TXPRE_QDIS(1)));
        // Absolute queue 5 (block 0) is not this PF's: ignored.
        driver.write(GLLAN_TXPRE_QDIS(0), LanQueueRegisters.GLLAN_TXPRE_QDIS_SET_QDIS_MASK | 5);
        assertEquals(5, driver.read(GLLAN_TXPRE_QDIS(0)));
    }

    @Test
    void qtxCtlNamingAnotherFunctionIsCounted() {
        open(TestDriver.config().build());
        driver.write(QTX_CTL(0), LanQueueRegisters.QTX_CTL_PF_QUEUE | 2 << LanQueueRegisters.QTX_CTL_PF_INDX_SHIFT);
        driver.write(QTX_CTL(1), LanQueueRegisters.QTX_CTL_PF_QUEUE | 3 << LanQueueRegisters.QTX_CTL_PF_INDX_SHIFT);
        assertEquals(0xA, driver.read(QTX_CTL(0)));
        driver.write(QTX_ENA(0), REQ);
        driver.write(QTX_ENA(1), REQ);
        driver.steps(1);
        assertEquals(1, device.queues().txCtlMismatches());
        assertTrue(device.queues().txEnabled(1), "the model still enables it");
    }
}
