package io.xdpj.i40e;

import static io.xdpj.i40e.I40eException.hex;

import io.xdpj.i40e.hw.reg.InterruptRegisters;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.i40e.hw.reg.Nvm;
import io.xdpj.i40e.hw.reg.PciRegisters;
import io.xdpj.i40e.hw.reg.PfGeneral;
import io.xdpj.vfio.Mmio;

/**
 * Quiescing and resetting the PF: {@code i40e_clear_hw} (facts 2.3) and {@code i40e_pf_reset} (facts 2.2), with every
 * wait bounded and the reset checked afterwards.
 */
final class PfReset {

    /** Global-reset poll step, 100 ms (facts 2.2 step 1). */
    static final long GLOBAL_RESET_POLL_NANOS = 100_000_000L;
    /** Cap on global-reset polls, 160 (current Linux/DPDK, facts 2.2 step 1 / 12). */
    static final int GLOBAL_RESET_MAX_POLLS = 160;
    /** Firmware-ready wait: {@code I40E_PF_RESET_WAIT_COUNT} 1000 polls × 10 ms (facts 2.2 step 2). */
    static final long FIRMWARE_READY_TIMEOUT_NANOS = 1000 * 10_000_000L;
    static final long FIRMWARE_READY_POLL_NANOS = 10_000_000L;
    /** PFSWR wait: 1000 polls × 1 ms (facts 2.2 step 3). */
    static final long PF_RESET_TIMEOUT_NANOS = 1000 * 1_000_000L;
    static final long PF_RESET_POLL_NANOS = 1_000_000L;
    /** Settle time after SET_QDIS of every queue, 400 µs (facts 2.3). */
    static final long PRE_QDIS_SETTLE_NANOS = 400_000L;
    /** Settle time after the queue-disable writes, 50 µs (facts 2.3). */
    static final long QUEUE_DISABLE_SETTLE_NANOS = 50_000L;
    /** DYN_CTLN value with ITR_INDX = 3 (no ITR update) and INTENA = 0 (facts 2.3). */
    static final int DYN_CTL_QUIET = InterruptRegisters.ITR_NONE << InterruptRegisters.PFINT_DYN_CTL0_ITR_INDX_SHIFT;

    private final Mmio bar;
    private final Deadline deadline;

    PfReset(Mmio bar, Deadline deadline) {
        this.bar = bar;
        this.deadline = deadline;
    }

    /** Refuses a device whose firmware is in recovery mode: GL_FWSTS.FWS1B ≠ 0 (facts 2.1, 10.2 step 2). */
    void checkFirmwareMode() {
        final int fwsts = bar.read32(Nvm.GL_FWSTS);
        if (fwsts == -1) {
            throw new I40eException("firmware check", "GL_FWSTS reads 0xffffffff: the device does not answer "
                + "(removed, or BAR0 not mapped)");
        }
        final int fws1b = (fwsts & Nvm.GL_FWSTS_FWS1B_MASK) >>> Nvm.GL_FWSTS_FWS1B_SHIFT;
        if (fws1b != 0) {
            throw new I40eException("firmware check", "GL_FWSTS " + hex(fwsts) + " has FWS1B = " + hex(fws1b)
                + ": the firmware is in recovery mode (or counts an EMP reset); update the NVM before using the port");
        }
    }

    /**
     * Reads a register whose value sizes a loop or indexes a register array. NB: a device that stopped answering
     * reads all ones (facts 9), which would make a queue range of 2047 or a vector count of 2047: refuse it here.
     */
    private int answering(int register, String name) {
        final int v = bar.read32(register);
        if (v == -1) {
            throw new I40eException("pf reset", name + " reads 0xffffffff: the device does not answer (removed, or "
                + "BAR0 not mapped; facts 9)");
        }
        return v;
    }

    /** The PF's queue range from PFLAN_QALLOC: {first, count} (facts 2.1). */
    int[] queueAllocation() {
        final int qalloc = answering(LanQueueRegisters.PFLAN_QALLOC, "PFLAN_QALLOC");
        if ((qalloc & LanQueueRegisters.PFLAN_QALLOC_VALID_MASK) == 0) {
            return new int[] {0, 0};
        }
        final int first = (qalloc & LanQueueRegisters.PFLAN_QALLOC_FIRSTQ_MASK) >>> LanQueueRegisters.PFLAN_QALLOC_FIRSTQ_SHIFT;
        final int last = (qalloc & LanQueueRegisters.PFLAN_QALLOC_LASTQ_MASK) >>> LanQueueRegisters.PFLAN_QALLOC_LASTQ_SHIFT;
        return new int[] {first, last >= first ? last - first + 1 : 0};
    }

    /**
     * {@code i40e_clear_hw} (facts 2.3): interrupts off and unlinked, every owned Tx queue pre-disabled, then every
     * queue and its interrupt cause disabled.
     */
    void clearHw() {
        final int cnf2 = answering(PciRegisters.GLPCI_CNF2, "GLPCI_CNF2");
        final int numPfInt = (cnf2 & PciRegisters.GLPCI_CNF2_MSI_X_PF_N_MASK) >>> PciRegisters.GLPCI_CNF2_MSI_X_PF_N_SHIFT;
        final int[] qa = queueAllocation();
        bar.write32(InterruptRegisters.PFINT_ICR0_ENA, 0);
        for (int i = 0; i + 2 < numPfInt && i <= InterruptRegisters.VECTOR_MAX_INDEX; i++) {
            bar.write32(InterruptRegisters.PFINT_DYN_CTLN(i), DYN_CTL_QUIET);
        }
        bar.write32(InterruptRegisters.PFINT_LNKLST0, InterruptRegisters.QUEUE_END_OF_LIST);
        for (int i = 0; i + 2 < numPfInt && i <= InterruptRegisters.VECTOR_MAX_INDEX; i++) {
            bar.write32(InterruptRegisters.PFINT_LNKLSTN(i), InterruptRegisters.QUEUE_END_OF_LIST);
        }
        for (int i = 0; i < qa[1]; i++) {
            preTxQueueDisable(qa[0] + i, true);
        }
        deadline.sleep(PRE_QDIS_SETTLE_NANOS);
        for (int i = 0; i < qa[1]; i++) {
            bar.write32(InterruptRegisters.QINT_TQCTL(i), 0);
            bar.write32(LanQueueRegisters.QTX_ENA(i), 0);
            bar.write32(InterruptRegisters.QINT_RQCTL(i), 0);
            bar.write32(LanQueueRegisters.QRX_ENA(i), 0);
        }
        deadline.sleep(QUEUE_DISABLE_SETTLE_NANOS);
    }

    /**
     * GLLAN_TXPRE_QDIS(abs / 128) read-modify-write with QINDX = abs mod 128 and SET_QDIS or CLEAR_QDIS (facts 2.3,
     * 6.2). NB: iPXE writes the full absolute index; Linux and DPDK write abs mod 128 (facts 12) — we follow Linux and
     * DPDK: the register block already selects the 128-queue group, and the 11-bit field then never aliases.
     */
    void preTxQueueDisable(int absoluteQueue, boolean disable) {
        final int reg = LanQueueRegisters.GLLAN_TXPRE_QDIS(absoluteQueue / LanQueueRegisters.TXPRE_QDIS_QUEUES_PER_BLOCK);
        int v = bar.read32(reg);
        v &= ~(LanQueueRegisters.GLLAN_TXPRE_QDIS_QINDX_MASK | LanQueueRegisters.GLLAN_TXPRE_QDIS_SET_QDIS_MASK
            | LanQueueRegisters.GLLAN_TXPRE_QDIS_CLEAR_QDIS_MASK);
        v |= (absoluteQueue % LanQueueRegisters.TXPRE_QDIS_QUEUES_PER_BLOCK) << LanQueueRegisters.GLLAN_TXPRE_QDIS_QINDX_SHIFT;
        v |= disable ? LanQueueRegisters.GLLAN_TXPRE_QDIS_SET_QDIS_MASK : LanQueueRegisters.GLLAN_TXPRE_QDIS_CLEAR_QDIS_MASK;
        bar.write32(reg, v);
    }

    /** {@code i40e_pf_reset} (facts 2.2), then a check that the reset took effect. */
    void reset() {
        final boolean globalResetSeen = waitGlobalReset();
        waitFirmwareReady();
        if (!globalResetSeen) {
            softwareReset();
        }
        verifyQueuesStopped();
    }

    private int devstate() {
        final int rstat = bar.read32(PfGeneral.GLGEN_RSTAT);
        return (rstat & PfGeneral.GLGEN_RSTAT_DEVSTATE_MASK) >>> PfGeneral.GLGEN_RSTAT_DEVSTATE_SHIFT;
    }

    /**
     * Step 1: wait for DEVSTATE == 0, at most min(GRSTDEL × 20, 160) polls of 100 ms.
     *
     * @return whether a global reset was in progress at the first read (then no PF reset is issued, step 3)
     */
    private boolean waitGlobalReset() {
        if (devstate() == 0) {
            return false;
        }
        answering(PfGeneral.GLGEN_RSTAT, "GLGEN_RSTAT"); // all ones: removed, not resetting (no 16 s wait)
        final int grstdel = (bar.read32(PfGeneral.GLGEN_RSTCTL) & PfGeneral.GLGEN_RSTCTL_GRSTDEL_MASK)
            >>> PfGeneral.GLGEN_RSTCTL_GRSTDEL_SHIFT;
        final int polls = Math.max(1, Math.min(grstdel * 20, GLOBAL_RESET_MAX_POLLS));
        if (!deadline.await(() -> devstate() == 0, polls * GLOBAL_RESET_POLL_NANOS, GLOBAL_RESET_POLL_NANOS)) {
            throw new I40eException("pf reset", "GLGEN_RSTAT " + hex(bar.read32(PfGeneral.GLGEN_RSTAT))
                + " still shows a global reset in progress (DEVSTATE ≠ 0) after " + polls + " × 100 ms");
        }
        return true;
    }

    /** Step 2: GLNVM_ULD CONF_CORE_DONE and CONF_GLOBAL_DONE both set, within 1000 × 10 ms. */
    private void waitFirmwareReady() {
        final int ready = Nvm.GLNVM_ULD_CONF_CORE_DONE_MASK | Nvm.GLNVM_ULD_CONF_GLOBAL_DONE_MASK;
        if (!deadline.await(() -> (bar.read32(Nvm.GLNVM_ULD) & ready) == ready, FIRMWARE_READY_TIMEOUT_NANOS,
            FIRMWARE_READY_POLL_NANOS)) {
            throw new I40eException("pf reset", "GLNVM_ULD " + hex(bar.read32(Nvm.GLNVM_ULD))
                + " lacks CONF_CORE_DONE and CONF_GLOBAL_DONE (bits 3, 4) after 10 s: the firmware is not ready");
        }
    }

    /** Step 3: PFGEN_CTRL.PFSWR = 1, then wait for it to clear (or fall back to a global reset wait). */
    private void softwareReset() {
        final int ctrl = bar.read32(PfGeneral.PFGEN_CTRL);
        bar.write32(PfGeneral.PFGEN_CTRL, ctrl | PfGeneral.PFGEN_CTRL_PFSWR_MASK);
        deadline.await(() -> (bar.read32(PfGeneral.PFGEN_CTRL) & PfGeneral.PFGEN_CTRL_PFSWR_MASK) == 0
            || devstate() != 0, PF_RESET_TIMEOUT_NANOS, PF_RESET_POLL_NANOS);
        if (devstate() != 0) {
            waitGlobalReset();
        }
        final int after = bar.read32(PfGeneral.PFGEN_CTRL);
        if ((after & PfGeneral.PFGEN_CTRL_PFSWR_MASK) != 0) {
            throw new I40eException("pf reset", "PFGEN_CTRL " + hex(after) + " still has PFSWR set after 1 s: the "
                + "PF software reset did not complete");
        }
    }

    /** A PF reset clears QRX_ENA/QTX_ENA (reset domain PFR, facts 6.1): check queue 0 reads disabled. */
    private void verifyQueuesStopped() {
        final int rx = bar.read32(LanQueueRegisters.QRX_ENA(0));
        final int tx = bar.read32(LanQueueRegisters.QTX_ENA(0));
        if (((rx | tx) & LanQueueRegisters.QENA_STAT_MASK) != 0) {
            throw new I40eException("pf reset", "queue 0 still enabled after the reset (QRX_ENA " + hex(rx)
                + ", QTX_ENA " + hex(tx) + "): the reset did not take effect");
        }
    }
}
