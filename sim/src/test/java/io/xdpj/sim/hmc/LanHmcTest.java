package io.xdpj.sim.hmc;

import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QRX_ENA;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QTX_ENA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import io.xdpj.i40e.hw.reg.HmcRegisters;
import io.xdpj.i40e.hw.reg.InterruptRegisters;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.sim.RecordingDataPlane;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.TestDriver;
import io.xdpj.sim.iommu.DmaFault;
import io.xdpj.vfio.DmaMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Context fetch through direct and paged SDs (facts 5.2-5.4), and the HMC errors (facts 5.1). PF 2, 32 queues. */
class LanHmcTest {

    private static final int PF = 2;
    private static final int QUEUES = 32;
    /** Rx contexts start at align512(32 × 128) = 4096 in FPM space, GLHMC_LANRXBASE = 8 (facts 5.3). */
    private static final long RX_FPM = 4096;

    /** i40e-hw's golden Rx context: base 0x12345680/128, qlen 512, dbuff 16, crcstrip, rxmax 9728, prefena. */
    private static final byte[] RX_IMAGE = {
        0x00, 0x00, 0x00, 0x00, (byte) 0xAD, 0x68, 0x24, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x04, 0x20, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, (byte) 0x80, 0x09, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    };

    private final RecordingDataPlane plane = new RecordingDataPlane();
    private final SimulatedXl710 device = new SimulatedXl710(TestDriver.config().build(), iommu -> plane);
    private final TestDriver driver = new TestDriver(device);

    @AfterEach
    void close() {
        device.close();
    }

    private void enableRx(int q) {
        driver.write(QRX_ENA(q), LanQueueRegisters.QENA_REQ_MASK);
        driver.steps(1);
    }

    @Test
    void fpmLayoutOfThirtyTwoQueues() {
        assertEquals(5120, TestDriver.fpmSize(QUEUES), "align512(4096 + 1024)");
        driver.enableBusMaster();
        driver.setupLanHmc(PF, QUEUES, true);
        assertEquals(8, driver.read(HmcRegisters.GLHMC_LANRXBASE(PF)));
        assertEquals(QUEUES, driver.read(HmcRegisters.GLHMC_LANTXCNT(PF)));
        assertTrue(device.hmc().sdValid(0));
        assertTrue(device.hmc().sdDirect(0));
        assertFalse(device.hmc().sdValid(1));
    }

    @Test
    void decodesARawRxImageThroughADirectSd() {
        driver.enableBusMaster();
        final DmaMemory backing = device.dma().allocate(TestDriver.fpmSize(QUEUES), 4096, "raw HMC backing");
        driver.write(HmcRegisters.PFHMC_SDDATAHIGH, (int) (backing.iova() >>> 32));
        driver.write(HmcRegisters.PFHMC_SDDATALOW, (int) backing.iova() | 512 << 2 | 2 | 1);
        driver.write(HmcRegisters.PFHMC_SDCMD, 0x80000000);
        driver.write(HmcRegisters.GLHMC_LANRXBASE(PF), 8);
        driver.write(HmcRegisters.GLHMC_LANRXCNT(PF), QUEUES);
        // Queue 5's Rx context at FPM 4096 + 5 × 32 = 4256.
        backing.buffer().putBytes((int) RX_FPM + 5 * 32, RX_IMAGE);
        assertEquals(backing.iova(), device.hmc().sdAddress(0));
        enableRx(5);
        assertEquals(LanQueueRegisters.QENA_REQ_MASK | LanQueueRegisters.QENA_STAT_MASK, driver.read(QRX_ENA(5)));
        assertEquals("startRx 5", plane.calls.get(plane.calls.size() - 1));
        final RxQueueContext rx = plane.lastRx;
        assertEquals(0x12345680L, rx.ringIova());
        assertEquals(512, rx.queueLength());
        assertEquals(2048, rx.dataBufferBytes());
        assertEquals(16, rx.descriptorBytes());
        assertTrue(rx.crcStrip());
        assertEquals(9728, rx.maxFrameBytes());
        assertEquals(1, rx.prefena);
    }

    @Test
    void fetchesTxAndRxContextsThroughAPagedSd() {
        driver.enableBusMaster();
        driver.setupLanHmc(PF, QUEUES, false);
        assertFalse(device.hmc().sdDirect(0));
        final TxQueueContext tx = new TxQueueContext();
        tx.newContext = 1;
        tx.base = 0x0ABCDE00L / 128;
        tx.qlen = 1024;
        tx.headWbEna = 1;
        tx.headWbAddr = 0x0ABD1E00L;
        tx.rdylist = 0x2A5;
        driver.writeTxContext(31, tx); // FPM 3968: page 0
        final RxQueueContext rx = new RxQueueContext();
        rx.base = 0x7654_3200L / 128;
        rx.qlen = 4096;
        rx.dbuff = 3072 / 128;
        rx.dsize = 1;
        rx.rxmax = 1522;
        driver.writeRxContext(31, rx); // FPM 4096 + 992 = 5088: page 1
        driver.write(QTX_ENA(31), LanQueueRegisters.QENA_REQ_MASK);
        enableRx(31);
        // Both switch in the same step (their order within a step is not specified).
        assertTrue(plane.calls.containsAll(java.util.List.of("startTx 31", "startRx 31")), plane.calls.toString());
        assertEquals(0x0ABCDE00L, plane.lastTx.ringIova());
        assertEquals(1024, plane.lastTx.queueLength());
        assertTrue(plane.lastTx.headWritebackEnabled());
        assertEquals(0x0ABD1E00L, plane.lastTx.headWritebackIova());
        assertEquals(0x2A5, plane.lastTx.rdylist);
        assertEquals(0x76543200L, plane.lastRx.ringIova());
        assertEquals(4096, plane.lastRx.queueLength());
        assertEquals(3072, plane.lastRx.dataBufferBytes());
        assertEquals(32, plane.lastRx.descriptorBytes());
        assertEquals(1522, plane.lastRx.maxFrameBytes());
    }

    @Test
    void queueBeyondTheRxCountIsAnHmcError() {
        driver.enableBusMaster();
        driver.setupLanHmc(PF, QUEUES, true);
        driver.write(HmcRegisters.GLHMC_LANRXCNT(PF), 4);
        enableRx(5);
        driver.steps(3);
        assertEquals(LanQueueRegisters.QENA_REQ_MASK, driver.read(QRX_ENA(5)), "STAT stays 0");
        assertEquals(0x80000002, driver.read(HmcRegisters.PFHMC_ERRORINFO), "ERROR_DETECTED | PMF_INDEX 2");
        assertEquals(4096 + 5 * 32, driver.read(HmcRegisters.PFHMC_ERRORDATA), "the FPM offset");
        assertEquals(InterruptRegisters.PFINT_ICR0_HMC_ERR_MASK, driver.read(InterruptRegisters.PFINT_ICR0));
        assertEquals(0, driver.read(InterruptRegisters.PFINT_ICR0), "read to clear");
        assertEquals(1, device.hmc().errors());
        assertFalse(plane.calls.contains("startRx 5"));
    }

    @Test
    void invalidSdAndInvalidPdAreHmcErrors() {
        driver.enableBusMaster();
        driver.write(HmcRegisters.GLHMC_LANRXCNT(PF), QUEUES);
        enableRx(1);
        assertEquals(1, device.hmc().errors());
        assertTrue(device.hmc().lastError().contains("SD 0"), device.hmc().lastError());

        driver.setupLanHmc(PF, QUEUES, false);
        // Invalidate PD 1 (FPM 4096..8191, the Rx contexts) as i40e_remove_pd_bp does, then PDINV.
        final long pdPage = device.hmc().sdAddress(0);
        final long pdAddress = device.iommu().translate(pdPage + 8, 8, true, DmaFault.ADMIN_QUEUE);
        new org.agrona.concurrent.UnsafeBuffer(pdAddress, 8).putLong(0, 0L);
        driver.write(HmcRegisters.PFHMC_PDINV, 1 << 16);
        enableRx(2);
        assertEquals(2, device.hmc().errors());
        assertTrue(device.hmc().lastError().contains("PD"), device.hmc().lastError());
        assertEquals(LanQueueRegisters.QENA_REQ_MASK, driver.read(QRX_ENA(2)));
    }

    @Test
    void dmaFaultOnTheBackingIsAnHmcError() {
        driver.enableBusMaster();
        driver.setupLanHmc(PF, QUEUES, true);
        final RxQueueContext rx = new RxQueueContext();
        rx.base = 0x1000;
        rx.qlen = 64;
        rx.dbuff = 16;
        rx.rxmax = 1518;
        driver.writeRxContext(3, rx);
        device.faults().dmaFault(device.hmc().sdAddress(0) + RX_FPM, 4096);
        enableRx(3);
        assertEquals(1, device.hmc().errors());
        assertEquals(1, device.iommu().faultCount());
        assertEquals(DmaFault.Reason.INJECTED, device.iommu().lastFault().reason());
        assertEquals(DmaFault.ADMIN_QUEUE, device.iommu().lastFault().queue());
        device.faults().clearDmaFaults();
        driver.write(QRX_ENA(3), 0);
        enableRx(3);
        assertEquals(LanQueueRegisters.QENA_REQ_MASK | LanQueueRegisters.QENA_STAT_MASK, driver.read(QRX_ENA(3)));
        assertEquals(64, plane.lastRx.queueLength());
    }
}
