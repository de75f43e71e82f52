package io.xdpj.i40e;

import io.xdpj.i40e.hw.reg.InterruptRegisters;
import io.xdpj.vfio.Mmio;

/**
 * The interrupt block as a polling driver uses it (facts 9): each Rx queue is bound to its own MSI-X vector with an
 * ITR interval and the vector enabled, as DPDK's {@code dev_start} does even when the application polls. Nothing
 * services the interrupt; the binding is there because the device writes Rx descriptors back per cache line (four
 * 16-byte descriptors) and otherwise on an interrupt-throttling event (the iPXE comment in facts 9; UNVERIFIED
 * against the datasheet), so a last frame that does not complete a cache line would wait for the next ones. The
 * alternative, iPXE's re-arm of PFINT_DYN_CTL0 on every poll, costs an MMIO write per poll cycle; this costs nothing
 * on the data path. {@code i40e_clear_hw} at close undoes it (facts 2.3).
 */
final class QueueInterrupts {

    /** DPDK's {@code I40E_QUEUE_ITR_INTERVAL_DEFAULT} 32 µs, in the register's 2 µs units (facts 9). */
    static final int ITR_INTERVAL = 32 / 2;
    /** ITR index used by the queue causes. */
    static final int ITR_INDEX = 0;

    private QueueInterrupts() {
    }

    /** The QINT_RQCTL value binding Rx queue {@code queue} alone to vector {@code queue + 1} (facts 9 fields). */
    static int rqctl(int queue) {
        return ((queue + 1) << InterruptRegisters.QINT_RQCTL_MSIX_INDX_SHIFT)
            | (ITR_INDEX << InterruptRegisters.QINT_RQCTL_ITR_INDX_SHIFT)
            | (InterruptRegisters.QUEUE_END_OF_LIST << InterruptRegisters.QINT_RQCTL_NEXTQ_INDX_SHIFT)
            | (InterruptRegisters.QUEUE_TYPE_RX << InterruptRegisters.QINT_RQCTL_NEXTQ_TYPE_SHIFT)
            | InterruptRegisters.QINT_RQCTL_CAUSE_ENA_MASK;
    }

    /** PFINT_DYN_CTLN value: INTENA | CLEARPBA | ITR_INDX 3 (no ITR update), as DPDK enables a queue vector. */
    static final int DYN_CTL_ENABLE = InterruptRegisters.PFINT_DYN_CTL0_INTENA_MASK
        | InterruptRegisters.PFINT_DYN_CTL0_CLEARPBA_MASK
        | (InterruptRegisters.ITR_NONE << InterruptRegisters.PFINT_DYN_CTL0_ITR_INDX_SHIFT);

    /**
     * Binds Rx queue {@code queue} (PF-relative) to vector {@code queue + 1}: cause, vector list head, interval,
     * enable. Needs {@code queue + 1} below the PF's MSI-X vector count.
     */
    static void bindRxQueue(Mmio bar, int queue, int msixVectors) {
        if (queue + 1 >= msixVectors) {
            return; // not enough vectors: the queue stays unbound (write-back then relies on full cache lines)
        }
        bar.write32(InterruptRegisters.QINT_RQCTL(queue), rqctl(queue));
        bar.write32(InterruptRegisters.PFINT_LNKLSTN(queue),
            (queue << InterruptRegisters.PFINT_LNKLST0_FIRSTQ_INDX_SHIFT)
                | (InterruptRegisters.QUEUE_TYPE_RX << InterruptRegisters.PFINT_LNKLST0_FIRSTQ_TYPE_SHIFT));
        bar.write32(InterruptRegisters.PFINT_ITRN(ITR_INDEX, queue), ITR_INTERVAL);
        bar.write32(InterruptRegisters.PFINT_DYN_CTLN(queue), DYN_CTL_ENABLE);
    }
}
