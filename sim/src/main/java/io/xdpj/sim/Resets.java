package io.xdpj.sim;

import static io.xdpj.i40e.hw.reg.PfGeneral.GLGEN_RSTAT;

import java.util.Set;

import io.xdpj.i40e.hw.reg.InterruptRegisters;
import io.xdpj.i40e.hw.reg.PfGeneral;
import io.xdpj.sim.adminq.Firmware;
import io.xdpj.sim.hmc.ContextLines;
import io.xdpj.sim.hmc.LanHmc;
import io.xdpj.sim.regs.Interrupts;
import io.xdpj.sim.regs.NvmRegisters;
import io.xdpj.sim.regs.QueueRegisters;
import io.xdpj.sim.regs.RegisterStore;
import io.xdpj.sim.regs.ResetDomain;
import io.xdpj.sim.regs.ResetTrigger;

/**
 * The reset machinery (facts 2.1, 2.2).
 *
 * <ul>
 *   <li>PF software reset (PFGEN_CTRL.PFSWR): PFSWR reads 1 for {@code pfResetSteps} model steps; then the PFR domain
 *       is reset (queue enables, Tx tails, interrupt dynamic controls, SD table, PFGEN_CTRL itself, so PFSWR reads 0),
 *       every queue is stopped, and the PF's firmware-side switch state returns to its after-reset values. GLGEN_RSTAT
 *       stays 0 (it is not a global reset). The admin queue registers (EMPR domain, facts 3.1) survive.</li>
 *   <li>Core, global or EMP (firmware) reset (GLGEN_RTRIG, or fault injection): at once the domains of
 *       {@link ResetDomain} are reset (admin queue registers included), PFINT_ICR0.GRST is latched,
 *       GLGEN_RSTAT.DEVSTATE becomes 1 and the matching counter (CORERCNT, GLOBRCNT, EMPRCNT) advances, and
 *       GLNVM_ULD loses its done bits; for {@code globalResetSteps} steps the firmware and the queues do nothing;
 *       then DEVSTATE returns to 0 and GLNVM_ULD to CORE_DONE | GLOBAL_DONE (facts 2.2 steps 1-2). NB: the facts say only "non-zero = in progress"
 *       for DEVSTATE; the value 1 and RESET_TYPE = 0 are model choices.</li>
 * </ul>
 * Device lock only.
 */
final class Resets implements ResetTrigger {

    private final SimConfig config;
    private final RegisterStore store;
    private final NvmRegisters nvm;
    private final Interrupts interrupts;
    private final QueueRegisters queues;
    private final LanHmc hmc;
    private final ContextLines contextLines;
    private final Firmware firmware;
    private final LanDataPlane lan;
    private int pfCountdown;
    private int globalCountdown;
    private long pfResets;
    private long globalResets;

    Resets(SimConfig config, RegisterStore store, NvmRegisters nvm, Interrupts interrupts, QueueRegisters queues,
           LanHmc hmc, ContextLines contextLines, Firmware firmware, LanDataPlane lan) {
        this.config = config;
        this.store = store;
        this.nvm = nvm;
        this.interrupts = interrupts;
        this.queues = queues;
        this.hmc = hmc;
        this.contextLines = contextLines;
        this.firmware = firmware;
        this.lan = lan;
    }

    @Override
    public void pfSoftwareReset() {
        if (pfCountdown == 0) {
            pfCountdown = config.pfResetSteps();
        }
    }

    @Override
    public void globalReset(int rtrigBits) {
        final Set<ResetDomain> domains;
        final int counterShift;
        if ((rtrigBits & PfGeneral.GLGEN_RTRIG_GLOBR_MASK) != 0) {
            domains = ResetDomain.GLOBAL_RESET;
            counterShift = PfGeneral.GLGEN_RSTAT_GLOBRCNT_SHIFT;
        } else if ((rtrigBits & PfGeneral.GLGEN_RTRIG_CORER_MASK) != 0) {
            domains = ResetDomain.CORE_RESET;
            counterShift = PfGeneral.GLGEN_RSTAT_CORERCNT_SHIFT;
        } else {
            domains = ResetDomain.CORE_RESET;
            counterShift = PfGeneral.GLGEN_RSTAT_EMPRCNT_SHIFT;
        }
        pfCountdown = 0;
        apply(domains);
        final int rstat = store.get(GLGEN_RSTAT);
        final int counter = ((rstat >>> counterShift) + 1) & 0x3;
        store.set(GLGEN_RSTAT, (rstat & ~(0x3 << counterShift) & ~PfGeneral.GLGEN_RSTAT_DEVSTATE_MASK)
            | counter << counterShift | 1);
        nvm.firmwareReady(false);
        interrupts.raise(InterruptRegisters.PFINT_ICR0_GRST_MASK);
        globalCountdown = config.globalResetSteps();
        globalResets++;
    }

    /** Whether a core/global/EMP reset is in progress (the firmware and queues are idle). */
    boolean globalResetInProgress() {
        return globalCountdown > 0;
    }

    /** Advances pending resets; returns the work done. */
    int step() {
        int work = 0;
        if (globalCountdown > 0 && --globalCountdown == 0) {
            store.set(GLGEN_RSTAT, store.get(GLGEN_RSTAT) & ~PfGeneral.GLGEN_RSTAT_DEVSTATE_MASK);
            nvm.firmwareReady(true);
            work++;
        }
        if (pfCountdown > 0 && --pfCountdown == 0) {
            apply(ResetDomain.PF_RESET);
            pfResets++;
            work++;
        }
        return work;
    }

    private void apply(Set<ResetDomain> domains) {
        store.reset(domains);
        queues.reset(domains);
        hmc.reset(domains);
        contextLines.reset(domains);
        interrupts.reset();
        if (domains.contains(ResetDomain.EMPR)) {
            firmware.adminQueue().reset();
        }
        lan.reset();
        firmware.resetPfState();
        firmware.announce();
    }

    long pfResets() {
        return pfResets;
    }

    long globalResets() {
        return globalResets;
    }
}
