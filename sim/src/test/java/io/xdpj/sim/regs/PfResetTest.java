package io.xdpj.sim.regs;

import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QRX_ENA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.reg.AdminQueueRegisters;
import io.xdpj.i40e.hw.reg.HmcRegisters;
import io.xdpj.i40e.hw.reg.InterruptRegisters;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.i40e.hw.reg.Nvm;
import io.xdpj.i40e.hw.reg.PfGeneral;
import io.xdpj.sim.RecordingDataPlane;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.TestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The PF reset of facts 2.2 (`i40e_pf_reset`) and the core/global resets of GLGEN_RTRIG (facts 2.1). */
class PfResetTest {

    private final RecordingDataPlane plane = new RecordingDataPlane();
    private final SimulatedXl710 device = new SimulatedXl710(TestDriver.config().build(), iommu -> plane);
    private final TestDriver driver = new TestDriver(device);

    @AfterEach
    void close() {
        device.close();
    }

    /** A running queue, an armed admin queue and some interrupt state to see what each reset clears. */
    private void dirty() {
        driver.enableBusMaster();
        driver.openAdminQueues();
        driver.setupLanHmc(2, 32, true);
        final RxQueueContext rx = new RxQueueContext();
        rx.base = 0x1000;
        rx.qlen = 32;
        rx.dbuff = 16;
        rx.rxmax = 1518;
        driver.writeRxContext(0, rx);
        driver.write(QRX_ENA(0), LanQueueRegisters.QENA_REQ_MASK);
        driver.steps(1);
        assertTrue(device.queues().rxEnabled(0));
        driver.write(InterruptRegisters.PFINT_DYN_CTL0, 0x19);
        driver.write(InterruptRegisters.QINT_RQCTL(0), 0x40000000);
        driver.write(LanQueueRegisters.GLLAN_RCTL_0, 1);
        driver.write(LanQueueRegisters.QTX_TAIL(0), 9);
        driver.write(LanQueueRegisters.QRX_TAIL(0), 5);
        plane.clear();
    }

    @Test
    void pfSoftwareResetFollowsTheLinuxSequence() {
        dirty();
        // Step 1: no global reset in progress; step 2: firmware ready (facts 2.2).
        assertEquals(0, driver.read(PfGeneral.GLGEN_RSTAT) & PfGeneral.GLGEN_RSTAT_DEVSTATE_MASK);
        assertEquals(0x18, driver.read(Nvm.GLNVM_ULD) & 0x18);
        // Step 3: read PFGEN_CTRL, write it back with PFSWR, poll until it reads 0.
        driver.write(PfGeneral.PFGEN_CTRL, driver.read(PfGeneral.PFGEN_CTRL) | PfGeneral.PFGEN_CTRL_PFSWR_MASK);
        assertEquals(1, driver.read(PfGeneral.PFGEN_CTRL));
        assertEquals(2, driver.stepUntil(() -> driver.read(PfGeneral.PFGEN_CTRL) == 0, "PFSWR == 0"),
            "pfResetSteps = 2");
        assertEquals(1, device.pfResets());
        assertEquals(0, driver.read(PfGeneral.GLGEN_RSTAT), "a PF reset is not a global reset");
        // PFR domain cleared: queue enable, DYN_CTL0, SD table; queues stopped in the data plane.
        assertEquals(0, driver.read(QRX_ENA(0)));
        assertEquals(0, driver.read(InterruptRegisters.PFINT_DYN_CTL0));
        assertFalse(device.hmc().sdValid(0));
        assertEquals(0, driver.read(LanQueueRegisters.QTX_TAIL(0)), "QTX_TAIL is PFR (facts 6.1)");
        assertEquals(0, plane.lastTxTail);
        assertEquals(5, driver.read(LanQueueRegisters.QRX_TAIL(0)), "QRX_TAIL is CORER");
        assertEquals(List.of("reset", "queueMap 512 0 1", "promiscuous 512 0x0",
            "addMac 512 200aabbcc01 vlan -1 queue -1", "link up"), plane.calls);
        // CORER and EMPR domains survive: QINT_RQCTL, GLLAN_RCTL_0, the FPM registers, the admin queue.
        assertEquals(0x40000000, driver.read(InterruptRegisters.QINT_RQCTL(0)));
        assertEquals(1, driver.read(LanQueueRegisters.GLLAN_RCTL_0));
        assertEquals(32, driver.read(HmcRegisters.GLHMC_LANRXCNT(2)));
        assertEquals(TestDriver.AQ_ENTRIES | AdminQueueRegisters.PF_ATQLEN_ATQENABLE_MASK,
            driver.read(AdminQueueRegisters.PF_ATQLEN));
    }

    @Test
    void coreResetThroughGlgenRtrig() {
        dirty();
        driver.write(PfGeneral.GLGEN_RTRIG, PfGeneral.GLGEN_RTRIG_CORER_MASK);
        assertEquals(0, driver.read(PfGeneral.GLGEN_RTRIG), "trigger bits do not stay set");
        assertEquals(0x11, driver.read(PfGeneral.GLGEN_RSTAT), "DEVSTATE 1 | CORERCNT 1 << 4");
        assertEquals(0, driver.read(Nvm.GLNVM_ULD), "firmware not ready");
        assertEquals(0, driver.read(AdminQueueRegisters.PF_ATQLEN), "EMPR-domain admin queue cleared");
        assertEquals(0, driver.read(InterruptRegisters.QINT_RQCTL(0)), "CORER");
        assertEquals(0, driver.read(LanQueueRegisters.GLLAN_RCTL_0));
        assertEquals(0, driver.read(LanQueueRegisters.QRX_TAIL(0)));
        assertEquals(0, plane.lastRxTail);
        assertEquals(InterruptRegisters.PFINT_ICR0_GRST_MASK, driver.read(InterruptRegisters.PFINT_ICR0));
        assertEquals(3, driver.stepUntil(() -> (driver.read(PfGeneral.GLGEN_RSTAT) & 3) == 0, "DEVSTATE 0"),
            "globalResetSteps = 3");
        assertEquals(0x10, driver.read(PfGeneral.GLGEN_RSTAT), "the counter stays");
        assertEquals(0x18, driver.read(Nvm.GLNVM_ULD));
        assertEquals(1, device.globalResets());
    }

    @Test
    void globalResetCountsInGlobrcnt() {
        driver.write(PfGeneral.GLGEN_RTRIG, PfGeneral.GLGEN_RTRIG_GLOBR_MASK);
        assertEquals(0x41, driver.read(PfGeneral.GLGEN_RSTAT), "DEVSTATE 1 | GLOBRCNT 1 << 6");
        driver.steps(3);
        driver.write(PfGeneral.GLGEN_RTRIG, PfGeneral.GLGEN_RTRIG_GLOBR_MASK);
        assertEquals(0x81, driver.read(PfGeneral.GLGEN_RSTAT), "GLOBRCNT 2");
    }
}
