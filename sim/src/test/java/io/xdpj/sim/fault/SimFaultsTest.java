package io.xdpj.sim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xdpj.i40e.hw.aq.AdminQueueDescriptor;
import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;
import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.reg.AdminQueueRegisters;
import io.xdpj.i40e.hw.reg.InterruptRegisters;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.i40e.hw.reg.Nvm;
import io.xdpj.i40e.hw.reg.PfGeneral;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.TestDriver;
import io.xdpj.sim.iommu.DmaFault;
import io.xdpj.sim.wire.Wire;
import io.xdpj.vfio.PciConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each injected fault, observed the way a driver would see it, on the model with its LAN engine. */
class SimFaultsTest {

    private final SimulatedXl710 device = SimulatedXl710.create(TestDriver.config().build(), Wire.disconnected());
    private final TestDriver driver = new TestDriver(device);

    SimFaultsTest() {
        driver.enableBusMaster();
        driver.openAdminQueues();
    }

    @AfterEach
    void close() {
        device.close();
    }

    @Test
    void linkDownStopsTheEngineAndLinkUpRestartsIt() {
        assertTrue(device.engine().linkUp());
        device.faults().linkDown();
        assertTrue(device.engine().linkUp(), "applied at the next step");
        driver.steps(1);
        assertFalse(device.engine().linkUp());
        device.faults().linkUp();
        driver.steps(1);
        assertTrue(device.engine().linkUp());
    }

    @Test
    void aCommandFailsWithTheInjectedCode() {
        device.faults().failCommand(AdminQueueOpcode.GET_VERSION, AdminQueueReturnCode.EIO);
        final TestDriver.Completion c = driver.command(AdminQueueOpcode.GET_VERSION).send();
        assertEquals(AdminQueueReturnCode.EIO, c.retval());
        assertEquals(AdminQueueDescriptor.FLAG_ERR, c.flags() & AdminQueueDescriptor.FLAG_ERR);
        assertEquals(0, c.param16(8), "not executed: no version in the params");
        assertEquals(0, driver.command(AdminQueueOpcode.CLEAR_PXE_MODE).param8(0, 2).send().retval(),
            "other opcodes unaffected");
        device.faults().clearCommandFaults();
        assertEquals(8, driver.command(AdminQueueOpcode.GET_VERSION).send().param16(8), "fw_major");
    }

    @Test
    void aStalledCommandNeverCompletesUntilCleared() {
        device.faults().stallCommand(AdminQueueOpcode.GET_VERSION);
        final TestDriver.Completion c = driver.command(AdminQueueOpcode.GET_VERSION).post();
        driver.steps(TestDriver.MAX_STEPS);
        assertEquals(0, driver.read(AdminQueueRegisters.PF_ATQH), "head does not pass it (facts 3.6 timeout)");
        assertEquals(0, c.collect().flags() & AdminQueueDescriptor.FLAG_DD);
        assertTrue(device.firmware().adminQueue().stalled());
        device.faults().clearCommandFaults();
        driver.steps(1);
        assertEquals(1, driver.read(AdminQueueRegisters.PF_ATQH));
        assertEquals(0, c.collect().retval());
    }

    @Test
    void firmwareResetLooksLikeAnEmpReset() {
        device.faults().firmwareReset();
        driver.steps(1);
        assertEquals(0x101, driver.read(PfGeneral.GLGEN_RSTAT), "DEVSTATE 1 | EMPRCNT 1 << 8");
        assertEquals(0, driver.read(Nvm.GLNVM_ULD));
        assertEquals(0, driver.read(AdminQueueRegisters.PF_ATQLEN), "admin queue registers cleared (3.1)");
        assertEquals(0, driver.read(AdminQueueRegisters.PF_ARQBAL));
        assertEquals(InterruptRegisters.PFINT_ICR0_GRST_MASK, driver.read(InterruptRegisters.PFINT_ICR0));
        driver.stepUntil(() -> driver.read(PfGeneral.GLGEN_RSTAT) == 0x100, "DEVSTATE 0");
        assertEquals(0x18, driver.read(Nvm.GLNVM_ULD));
        // The driver rebuilds the admin queue and talks to the firmware again.
        driver.openAdminQueues();
        assertEquals(0, driver.command(AdminQueueOpcode.GET_VERSION).send().retval());
    }

    @Test
    void firmwareResetStopsRunningQueues() {
        driver.setupLanHmc(2, 32, true);
        final io.xdpj.vfio.DmaMemory ring = driver.allocate(32 * 16, "ring");
        final RxQueueContext rx = new RxQueueContext();
        rx.base = ring.iova() / 128;
        rx.qlen = 32;
        rx.dbuff = 16;
        rx.rxmax = 1518;
        driver.writeRxContext(0, rx);
        driver.write(LanQueueRegisters.QRX_ENA(0), LanQueueRegisters.QENA_REQ_MASK);
        driver.steps(1);
        assertTrue(device.engine().rxQueueStarted(0));
        device.faults().firmwareReset();
        driver.steps(1);
        assertFalse(device.engine().rxQueueStarted(0));
        assertEquals(0, driver.read(LanQueueRegisters.QRX_ENA(0)));
    }

    @Test
    void surpriseRemovalReadsAllOnes() {
        device.faults().surpriseRemoval();
        assertEquals(0xFFFFFFFF, driver.read(PfGeneral.GLGEN_RSTAT));
        // The traps facts 9 derives: ATQLEN reads "enabled", ATQH reads beyond any ring.
        assertEquals(0xFFFFFFFF, driver.read(AdminQueueRegisters.PF_ATQLEN));
        assertEquals(0xFFFFFFFF, driver.read(AdminQueueRegisters.PF_ATQH));
        assertEquals(-1L, driver.bar.read64(0x00300000));
        driver.write(LanQueueRegisters.QRX_TAIL(0), 5);
        assertEquals(0xFFFF, device.config().read16(PciConfig.VENDOR_ID));
        assertEquals(0, device.step(), "the model stops");
    }

    @Test
    void dmaFaultOnAnRxRingStopsThatQueue() {
        driver.setupLanHmc(2, 32, true);
        final io.xdpj.vfio.DmaMemory ring = driver.allocate(64 * 32, "ring");
        final RxQueueContext rx = new RxQueueContext();
        rx.base = ring.iova() / 128;
        rx.qlen = 64;
        rx.dsize = 1;
        rx.dbuff = 16;
        rx.rxmax = 1518;
        driver.writeRxContext(1, rx);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
            () -> device.faults().dmaFaultRxRing(1), "not enabled yet");
        driver.write(LanQueueRegisters.QRX_ENA(1), LanQueueRegisters.QENA_REQ_MASK);
        driver.steps(1);
        assertEquals(ring.iova(), device.queues().ringIova(true, 1));
        assertEquals(64 * 32, device.queues().ringBytes(true, 1), "qlen × 32-byte descriptors");
        device.faults().dmaFaultRxRing(1);
        assertEquals(0, device.iommu().translate(ring.iova() + 64 * 32 - 8, 8, false, 1), "last descriptor armed");
        assertEquals(DmaFault.Reason.INJECTED, device.iommu().lastFault().reason());
    }

    @Test
    void dmaFaultOnAnAdminBufferIsLogged() {
        final long ring = (long) driver.read(AdminQueueRegisters.PF_ATQBAH) << 32
            | (driver.read(AdminQueueRegisters.PF_ATQBAL) & 0xFFFF_FFFFL);
        device.faults().dmaFault(ring, 4096);
        driver.command(AdminQueueOpcode.GET_VERSION).post();
        driver.steps(1);
        assertEquals(1, device.iommu().faultCount());
        assertEquals(ring, device.iommu().lastFault().iova());
        device.faults().clearDmaFaults();
        driver.write(AdminQueueRegisters.PF_ATQLEN,
            TestDriver.AQ_ENTRIES | AdminQueueRegisters.PF_ATQLEN_ATQENABLE_MASK);
        driver.steps(1);
        assertEquals(1, driver.read(AdminQueueRegisters.PF_ATQH), "processing resumes once the fault is gone");
    }
}
