package io.xdpj.sim.regs;

import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_DYN_CTL0;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_DYN_CTL0_INTENA_MASK;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_DYN_CTL0_INTENA_MSK_MASK;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_DYN_CTL0_SWINT_TRIG_MASK;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_DYN_CTLN;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_ICR0;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_ICR0_ENA;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_ITR0;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_ITRN;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_LNKLST0;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_LNKLST0_FIRSTQ_INDX_MASK;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_LNKLST0_FIRSTQ_TYPE_MASK;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_LNKLST0_FIRSTQ_TYPE_SHIFT;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_LNKLSTN;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_RATEN;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_STAT_CTL0;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.QINT_RQCTL;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.QINT_RQCTL_CAUSE_ENA_MASK;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.QINT_RQCTL_MSIX_INDX_MASK;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.QINT_RQCTL_MSIX_INDX_SHIFT;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.QINT_RQCTL_NEXTQ_INDX_MASK;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.QINT_RQCTL_NEXTQ_INDX_SHIFT;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.QINT_RQCTL_NEXTQ_TYPE_MASK;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.QINT_RQCTL_NEXTQ_TYPE_SHIFT;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.QINT_TQCTL;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.QUEUE_END_OF_LIST;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.QUEUE_TYPE_RX;
import static io.xdpj.i40e.hw.reg.InterruptRegisters.QUEUE_TYPE_TX;

import java.util.Arrays;

import io.xdpj.sim.LanDataPlane;
import io.xdpj.sim.intr.InterruptSink;

/**
 * The PF interrupt block (facts 9, 2.3): the registers a driver writes, the PFINT_ICR0 cause latch ("read to clear"),
 * and MSI-X delivery to an {@link InterruptSink} when one is attached (the vfio-user server; an in-process model has
 * none and delivers nothing).
 *
 * <h2>Causes and vectors</h2>
 * <ul>
 *   <li>Vector 0 serves the "other" causes: a cause latched in PFINT_ICR0 (ADMINQ when the firmware posts an ARQ
 *       event, HMC_ERR, GRST) whose bit is set in PFINT_ICR0_ENA makes vector 0 pending (facts 9).</li>
 *   <li>Queue causes: vector v (v ≥ 1) serves the queues on its linked list: PFINT_LNKLSTN(v−1) names the first
 *       queue (FIRSTQ_INDX, FIRSTQ_TYPE 0 Rx / 1 Tx), each queue's QINT_RQCTL/QINT_TQCTL names the next (NEXTQ_INDX,
 *       NEXTQ_TYPE), 0x7FF ends the list; PFINT_LNKLST0 is vector 0's list (facts 9). A queue belongs to vector v
 *       when it is on v's list and its own MSIX_INDX names v; with CAUSE_ENA set it makes v pending when the device
 *       moved its head in a step: an Rx write-back or a Tx descriptor completion. NB: the MSIX_INDX check matters
 *       after a reset: the model's list heads reset to 0 (queue 0; the facts give no reset value), so without it every
 *       unused vector's list would claim queue 0 (seen in sim/bed/run: Linux's queue 0 never raised its vector 1).
 *       A walk stops at the first queue whose MSIX_INDX names another vector.</li>
 *   <li>A software interrupt: a PFINT_DYN_CTL0/DYN_CTLN write with SWINT_TRIG makes that vector pending (facts 9;
 *       Linux uses it to force a write-back).</li>
 * </ul>
 * A pending vector is sent when it is enabled: the last DYN_CTL write for it had INTENA set (a write with INTENA_MSK
 * set leaves the enable as it was). Sending disables the vector until the driver writes INTENA again. NB: that
 * auto-mask is derived from the drivers, not from the datasheet (not in the facts): Linux's MSI-X handlers never
 * disable the vector and re-enable it with INTENA when NAPI or the "other causes" handler is done (O i40e_txrx.c
 * {@code i40e_update_enable_itr}, i40e_main.c {@code i40e_irq_dynamic_enable_icr0}), which only works without an
 * interrupt storm if the hardware masks the vector when it fires. The ITR intervals and rate limits are stored but not
 * timed: a pending, enabled vector is sent in the same step (model choice; interrupt moderation is not modelled).
 *
 * <p>Declared ranges: PFINT_DYN_CTLN / LNKLSTN / RATEN / ITRN for the PF's MSI-X vectors 1..n−1 (n = GLPCI_CNF2
 * MSI_X_PF_N), QINT_RQCTL / TQCTL for the PF's queues. Device lock / step thread only.
 */
public final class Interrupts {

    private static final int LIST_END = QUEUE_END_OF_LIST;

    private final RegisterStore store;
    private final int vectors;
    private final int queueCount;
    private final boolean[] enabled;
    private final boolean[] pending;
    /** Vector serving Rx/Tx queue q with CAUSE_ENA, or -1 (rebuilt after list or QINT writes). */
    private final int[] rxVector;
    private final int[] txVector;
    private final int[] lastRxHead;
    private final int[] lastTxHead;
    private boolean listsDirty = true;
    private InterruptSink sink;
    private long sent;

    public Interrupts(RegisterStore store, int msixVectors, int queueCount) {
        this.store = store;
        this.vectors = msixVectors;
        this.queueCount = queueCount;
        this.enabled = new boolean[msixVectors];
        this.pending = new boolean[msixVectors];
        this.rxVector = new int[queueCount];
        this.txVector = new int[queueCount];
        this.lastRxHead = new int[queueCount];
        this.lastTxHead = new int[queueCount];
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
        reset();
    }

    /** Attaches the MSI-X sink (null detaches: nothing is delivered, causes still latch). */
    public void sink(InterruptSink sink) {
        this.sink = sink;
    }

    /** Latches {@code causes} (PFINT_ICR0 bits) until the driver reads PFINT_ICR0; enabled ones make vector 0 pending. */
    public void raise(int causes) {
        store.set(PFINT_ICR0, store.get(PFINT_ICR0) | causes);
        if ((causes & store.get(PFINT_ICR0_ENA)) != 0) {
            pending[0] = true;
        }
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

    /** After a register write that is stored: the interrupt side effects (RegisterFile calls it for every offset). */
    public void written(int offset, int value) {
        final int vector = dynamicControlVector(offset);
        if (vector >= 0) {
            dynamicControl(vector, value);
        } else if (offset == PFINT_ICR0_ENA) {
            if ((store.get(PFINT_ICR0) & value) != 0) {
                pending[0] = true;
            }
        } else if (isListRegister(offset)) {
            listsDirty = true;
        }
    }

    private int dynamicControlVector(int offset) {
        if (offset == PFINT_DYN_CTL0) {
            return 0;
        }
        final int n = (offset - PFINT_DYN_CTLN(0)) >> 2;
        return offset >= PFINT_DYN_CTLN(0) && (offset & 3) == 0 && n < vectors - 1 ? n + 1 : -1;
    }

    private boolean isListRegister(int offset) {
        return offset == PFINT_LNKLST0
            || (offset >= PFINT_LNKLSTN(0) && offset < PFINT_LNKLSTN(0) + 4 * (vectors - 1))
            || (offset >= QINT_RQCTL(0) && offset < QINT_RQCTL(0) + 4 * queueCount)
            || (offset >= QINT_TQCTL(0) && offset < QINT_TQCTL(0) + 4 * queueCount);
    }

    private void dynamicControl(int vector, int value) {
        if ((value & PFINT_DYN_CTL0_INTENA_MSK_MASK) == 0) {
            enabled[vector] = (value & PFINT_DYN_CTL0_INTENA_MASK) != 0;
        }
        if ((value & PFINT_DYN_CTL0_SWINT_TRIG_MASK) != 0) {
            pending[vector] = true;
        }
    }

    /**
     * One delivery round, after the data plane's work in a step: queue causes from head movement, then every pending,
     * enabled vector is sent (and disabled). Returns the vectors sent. Does nothing without a sink.
     */
    public int deliver(LanDataPlane lan) {
        final InterruptSink target = sink;
        if (target == null) {
            return 0;
        }
        if (listsDirty) {
            rebuildLists(lan);
        }
        for (int q = 0; q < queueCount; q++) {
            if (rxVector[q] >= 0) {
                final int head = lan.rxHead(q);
                if (head != lastRxHead[q]) {
                    lastRxHead[q] = head;
                    pending[rxVector[q]] = true;
                }
            }
            if (txVector[q] >= 0) {
                final int head = lan.txHead(q);
                if (head != lastTxHead[q]) {
                    lastTxHead[q] = head;
                    pending[txVector[q]] = true;
                }
            }
        }
        int delivered = 0;
        for (int v = 0; v < vectors; v++) {
            if (pending[v] && enabled[v]) {
                pending[v] = false;
                enabled[v] = false;
                target.msix(v);
                delivered++;
            }
        }
        sent += delivered;
        return delivered;
    }

    /** Walks every vector's queue list (facts 9) and records which vector each cause-enabled queue raises. */
    private void rebuildLists(LanDataPlane lan) {
        listsDirty = false;
        Arrays.fill(rxVector, -1);
        Arrays.fill(txVector, -1);
        for (int v = 0; v < vectors; v++) {
            final int head = store.get(v == 0 ? PFINT_LNKLST0 : PFINT_LNKLSTN(v - 1));
            int index = head & PFINT_LNKLST0_FIRSTQ_INDX_MASK;
            int type = (head & PFINT_LNKLST0_FIRSTQ_TYPE_MASK) >>> PFINT_LNKLST0_FIRSTQ_TYPE_SHIFT;
            // NB: a list longer than every queue twice is a loop written by the driver; stop there.
            for (int hops = 0; index != LIST_END && index < queueCount && hops < 2 * queueCount; hops++) {
                final int control = store.get(type == QUEUE_TYPE_RX ? QINT_RQCTL(index) : QINT_TQCTL(index));
                if ((control & QINT_RQCTL_MSIX_INDX_MASK) >>> QINT_RQCTL_MSIX_INDX_SHIFT != v) {
                    break; // the queue belongs to another vector's list (see the class comment)
                }
                if ((control & QINT_RQCTL_CAUSE_ENA_MASK) != 0) {
                    if (type == QUEUE_TYPE_RX) {
                        rxVector[index] = v;
                        lastRxHead[index] = lan.rxHead(index);
                    } else if (type == QUEUE_TYPE_TX) {
                        txVector[index] = v;
                        lastTxHead[index] = lan.txHead(index);
                    }
                }
                index = (control & QINT_RQCTL_NEXTQ_INDX_MASK) >>> QINT_RQCTL_NEXTQ_INDX_SHIFT;
                type = (control & QINT_RQCTL_NEXTQ_TYPE_MASK) >>> QINT_RQCTL_NEXTQ_TYPE_SHIFT;
            }
        }
    }

    /** After a PF or core reset: no vector enabled or pending, lists re-read (their registers were reset). */
    public void reset() {
        Arrays.fill(enabled, false);
        Arrays.fill(pending, false);
        Arrays.fill(rxVector, -1);
        Arrays.fill(txVector, -1);
        listsDirty = true;
    }

    /** The vector Rx queue {@code q} raises, or -1 (after the next delivery round has read the lists). */
    public int rxQueueVector(int q) {
        return rxVector[q];
    }

    /** The vector Tx queue {@code q} raises, or -1. */
    public int txQueueVector(int q) {
        return txVector[q];
    }

    /** MSI-X messages sent since creation. */
    public long sent() {
        return sent;
    }
}
