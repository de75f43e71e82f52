package io.xdpj.sim.hmc;

import static io.xdpj.i40e.hw.reg.HmcRegisters.PFCM_LANCTXCTL;
import static io.xdpj.i40e.hw.reg.HmcRegisters.PFCM_LANCTXDATA;
import static io.xdpj.i40e.hw.reg.HmcRegisters.PFCM_LANCTXSTAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;

import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.i40e.hw.reg.PfGeneral;
import io.xdpj.sim.RecordingDataPlane;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.TestDriver;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Contexts written through PFCM_LANCTX lines, as iPXE does without any HMC (facts 5.8, 6.2 iPXE steps). */
class ContextLinesTest {

    private static final int WRITE = 1 << 17;
    private static final int TX = 1 << 15;

    private final RecordingDataPlane plane = new RecordingDataPlane();
    private final SimulatedXl710 device = new SimulatedXl710(TestDriver.config().build(), iommu -> plane);
    private final TestDriver driver = new TestDriver(device);

    @AfterEach
    void close() {
        device.close();
    }

    /** Writes every line of {@code image} for absolute queue {@code queue}, polling DONE after each (iPXE). */
    private void writeLines(int queue, int type, byte[] image) {
        final UnsafeBuffer view = new UnsafeBuffer(image);
        for (int line = 0; line < image.length / 16; line++) {
            for (int i = 0; i < 4; i++) {
                driver.write(PFCM_LANCTXDATA(i), view.getInt(16 * line + 4 * i, ByteOrder.LITTLE_ENDIAN));
            }
            driver.write(PFCM_LANCTXCTL, queue | line << 12 | type | WRITE);
            assertEquals(0, driver.read(PFCM_LANCTXSTAT), "not done before the step");
            driver.stepUntil(() -> (driver.read(PFCM_LANCTXSTAT) & 1) != 0, "CTX_DONE");
            assertEquals(1, driver.read(PFCM_LANCTXSTAT), "done, no miss");
        }
    }

    @Test
    void iPxeProgramsBothContextsWithoutAnHmc() {
        driver.enableBusMaster();
        final RxQueueContext rx = new RxQueueContext();
        rx.base = 0x12345680L / 128;
        rx.qlen = 512;
        rx.dbuff = 16;
        rx.dsize = 1;
        rx.crcstrip = 1;
        rx.rxmax = 9728;
        rx.prefena = 1;
        final byte[] rxImage = new byte[RxQueueContext.OBJECT_SIZE];
        rx.pack(new UnsafeBuffer(rxImage), 0);
        writeLines(64 + 3, 0, rxImage); // absolute queue 67 = PF queue 3 (FIRSTQ 64)
        final TxQueueContext tx = new TxQueueContext();
        tx.newContext = 1;
        tx.base = 0x0ABCDE00L / 128;
        tx.qlen = 1024;
        tx.rdylist = 0x2A5;
        final byte[] txImage = new byte[TxQueueContext.OBJECT_SIZE];
        tx.pack(new UnsafeBuffer(txImage), 0);
        writeLines(64 + 3, TX, txImage);
        driver.write(LanQueueRegisters.QRX_ENA(3), LanQueueRegisters.QENA_REQ_MASK);
        driver.write(LanQueueRegisters.QTX_ENA(3), LanQueueRegisters.QENA_REQ_MASK);
        driver.steps(1);
        assertTrue(plane.calls.containsAll(java.util.List.of("startRx 3", "startTx 3")), plane.calls.toString());
        assertEquals(0x12345680L, plane.lastRx.ringIova());
        assertEquals(32, plane.lastRx.descriptorBytes());
        assertEquals(9728, plane.lastRx.maxFrameBytes());
        assertEquals(0x0ABCDE00L, plane.lastTx.ringIova());
        assertEquals(0x2A5, plane.lastTx.rdylist);
        assertEquals(0, device.hmc().errors(), "no HMC involved");
    }

    @Test
    void readBackAndMisses() {
        final byte[] image = new byte[RxQueueContext.OBJECT_SIZE];
        image[16] = 0x11;
        image[31] = 0x7F;
        writeLines(64, 0, image);
        driver.write(PFCM_LANCTXCTL, 64 | 1 << 12); // read line 1 of Rx queue 64
        driver.steps(1);
        assertEquals(0x11, driver.read(PFCM_LANCTXDATA(0)));
        assertEquals(0x7F000000, driver.read(PFCM_LANCTXDATA(3)));
        driver.write(PFCM_LANCTXCTL, 10 | WRITE); // absolute queue 10 is not this PF's
        driver.steps(1);
        assertEquals(3, driver.read(PFCM_LANCTXSTAT), "CTX_MISS | CTX_DONE");
        driver.write(PFCM_LANCTXCTL, 64 | 2 << 12 | WRITE); // an Rx context has lines 0 and 1 only
        driver.steps(1);
        assertEquals(3, driver.read(PFCM_LANCTXSTAT));
    }

    @Test
    void aCoreResetDropsThePfcmImage() {
        driver.enableBusMaster();
        final RxQueueContext rx = new RxQueueContext();
        rx.base = 0x1000;
        rx.qlen = 64;
        rx.dbuff = 16;
        rx.rxmax = 1518;
        final byte[] image = new byte[RxQueueContext.OBJECT_SIZE];
        rx.pack(new UnsafeBuffer(image), 0);
        writeLines(64, 0, image);
        driver.write(PfGeneral.GLGEN_RTRIG, PfGeneral.GLGEN_RTRIG_CORER_MASK);
        driver.steps(3);
        driver.write(LanQueueRegisters.QRX_ENA(0), LanQueueRegisters.QENA_REQ_MASK);
        driver.steps(1);
        assertEquals(1, device.hmc().errors(), "no PFCM image and no SD: an HMC error");
    }
}
