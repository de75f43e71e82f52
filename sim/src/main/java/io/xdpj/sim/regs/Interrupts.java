package io.xdpj.sim.regs;

import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_DYN_CTL0;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_DYN_CTLN;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_ICR0;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_ICR0_ENA;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_ITR0;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_ITRN;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_LNKLST0;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_LNKLSTN;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_RATEN;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_STAT_CTL0;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.QINT_RQCTL;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.QINT_TQCTL;

/**
 * The interrupt registers as far as a polling driver touches them (facts 9, 2.3). The model delivers no interrupts
 * (there is no MSI-X table); it keeps what the driver writes and latches cause bits in PFINT_ICR0, which a read
 * clears ("read to clear", facts 9). Causes the model raises: ADMINQ when it posts an ARQ event, HMC_ERR on an HMC
 * error, GRST when a core/global/EMP reset starts.
 *
 * <p>Declared ranges: PFINT_DYN_CTLN / LNKLSTN / RATEN / ITRN for the PF's MSI-X vectors 1..n−1 (n = GLPCI_CNF2
 * MSI_X_PF_N), QINT_RQCTL / TQCTL for the PF's queues. Device lock only.
 */
public final class Interrupts {

    private final RegisterStore store;

    public Interrupts(RegisterStore store, int msixVectors, int queueCount) {
        this.store = store;
        final int vectorsN = msixVectors - 1;
        store.declare(PFINT_DYN_CTL0, 0, 0xFFFF_FFFF, ResetDomain.PFR);
        store.declare(PFINT_ICR0, 0, 0, ResetDomain.CORER);
        store.declare(PFINT_ICR0_ENA, 0, 0xFFFF_FFFF, ResetDomain.CORER);
        store.declare(PFINT_STAT_CTL0, 0, 0xFFFF_FFFF, ResetDomain.CORER);
        store.declare(PFINT_LNKLST0, 0, 0x1FFF, ResetDomain.PFR);
        for (int i = 0; i <= 2; i++) {
            store.declare(PFINT_ITR0(i), 0, 0xFFF, ResetDomain.PFR);
            if (vectorsN > 0) {
                store.declareArray(PFINT_ITRN(i, 0), 4, vectorsN, 0, 0xFFF, ResetDomain.PFR);
            }
        }
        if (vectorsN > 0) {
            store.declareArray(PFINT_DYN_CTLN(0), 4, vectorsN, 0, 0xFFFF_FFFF, ResetDomain.PFR);
            store.declareArray(PFINT_LNKLSTN(0), 4, vectorsN, 0, 0x1FFF, ResetDomain.PFR);
            store.declareArray(PFINT_RATEN(0), 4, vectorsN, 0, 0x7F, ResetDomain.PFR);
        }
        store.declareArray(QINT_RQCTL(0), 4, queueCount, 0, 0xFFFF_FFFF, ResetDomain.CORER);
        store.declareArray(QINT_TQCTL(0), 4, queueCount, 0, 0xFFFF_FFFF, ResetDomain.CORER);
    }

    /** Latches {@code causes} (PFINT_ICR0 bits) until the driver reads PFINT_ICR0. */
    public void raise(int causes) {
        store.set(PFINT_ICR0, store.get(PFINT_ICR0) | causes);
    }

    /** A driver read of PFINT_ICR0: returns the latched causes and clears them (facts 9). */
    public int readAndClearIcr0() {
        final int value = store.get(PFINT_ICR0);
        store.set(PFINT_ICR0, 0);
        return value;
    }

    /** The latched causes without clearing them (for tests and diagnostics). */
    public int pendingCauses() {
        return store.get(PFINT_ICR0);
    }
}
