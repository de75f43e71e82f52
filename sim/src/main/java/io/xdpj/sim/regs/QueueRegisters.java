package io.xdpj.sim.regs;

import static io.xdpj.i40e.hw.reg.LanQueueRegisters.GLLAN_TXPRE_QDIS;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QRX_ENA;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QRX_TAIL;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QTX_CTL;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QTX_ENA;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QTX_HEAD;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QTX_TAIL;

import java.util.Arrays;
import java.util.Set;

import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import io.xdpj.i40e.hw.reg.InterruptRegisters;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.sim.LanDataPlane;
import io.xdpj.sim.SimConfig;
import io.xdpj.sim.hmc.ContextLines;
import io.xdpj.sim.hmc.LanHmc;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The PF's LAN queue registers (facts 6): QTX_ENA / QRX_ENA with the enable handshake, QTX_CTL, QTX_HEAD, the tails,
 * and GLLAN_TXPRE_QDIS. Queues are PF-relative, 0..queueCount−1; register indices beyond the PF's queues are not
 * served (they count as unknown accesses in {@link Bar0}).
 *
 * <h2>Enable handshake (facts 6.2-6.4, 13.12)</h2>
 * Writing QxX_ENA with QENA_REQ different from QENA_STAT schedules a switch {@code queueSwitchSteps} model steps
 * later; writing REQ back to STAT before then cancels it. On an enable the model takes the queue context written
 * through PFCM_LANCTX if there is one ({@link ContextLines}), else reads it from HMC memory by DMA ({@link LanHmc}),
 * and starts the queue in the data plane, then sets QENA_STAT. If bus mastering is off
 * the switch waits (no DMA may happen); if the context cannot be read, STAT stays 0, an HMC error is recorded and
 * PFINT_ICR0.HMC_ERR latched (the driver's wait for STAT times out); if the data plane cannot run the context (e.g.
 * qlen 0), STAT stays 0 and the reason is kept in {@link #lastRejection()}. On a disable the queue is stopped and STAT
 * cleared. The Tx head starts at the context's head field (both drivers also write QTX_HEAD = 0 before enabling).
 *
 * <h2>Tails and memory ordering</h2>
 * QRX_TAIL / QTX_TAIL are written by the driver's thread without the device lock: {@link #writeTail} hands the value
 * to the data plane, whose contract is a release store paired with the engine's acquire load (see
 * {@link LanDataPlane}); the copy kept here for read-back is written with an ordered store and read with a volatile
 * load. Everything else is under the device lock (see {@link Bar0}).
 *
 * <h2>GLLAN_TXPRE_QDIS</h2>
 * The facts disagree on QINDX (Linux/DPDK write abs mod 128 in block abs/128, iPXE the full absolute index; facts
 * 12); the model takes queue = 128 × n + QINDX mod 128, which is the same queue under both readings. SET_QDIS /
 * CLEAR_QDIS set and clear the queue's pre-disable flag, read back in QDIS_STAT. The model records the flag; the facts
 * do not say what pre-disable changes in the data path, so it changes nothing there.
 */
public final class QueueRegisters {

    /** Tx descriptor size (facts 7.3). */
    private static final int TX_DESCRIPTOR_BYTES = 16;

    private final RegisterStore store;
    private final LanHmc hmc;
    private final ContextLines contextLines;
    private final Interrupts interrupts;
    private final LanDataPlane lan;
    private final int pfId;
    private final int firstQueue;
    private final int count;
    private final int switchSteps;
    private final int[] rxEna;
    private final int[] txEna;
    private final int[] rxCountdown;
    private final int[] txCountdown;
    private final boolean[] preDisabled;
    private final int[] txPreQdis = new int[LanQueueRegisters.TXPRE_QDIS_MAX_INDEX + 1];
    /** Tail read-back copies: Rx tails at 4q, Tx tails at 4(count + q). Ordered store / volatile load. */
    private final AtomicBuffer tails;
    private final RxQueueContext rxContext = new RxQueueContext();
    private final TxQueueContext txContext = new TxQueueContext();
    private int pending;
    /** IOVA and length of each running queue's ring, for queue-targeted DMA faults: Rx at q, Tx at count + q. */
    private final long[] ringIova;
    private final long[] ringBytes;
    private long txCtlMismatches;
    private long rejectedContexts;
    private String lastRejection = "";

    public QueueRegisters(RegisterStore store, SimConfig config, LanHmc hmc, ContextLines contextLines,
                          Interrupts interrupts, LanDataPlane lan) {
        this.store = store;
        this.hmc = hmc;
        this.contextLines = contextLines;
        this.interrupts = interrupts;
        this.lan = lan;
        this.pfId = config.pfId();
        this.firstQueue = config.firstQueue();
        this.count = config.queueCount();
        this.switchSteps = config.queueSwitchSteps();
        this.rxEna = new int[count];
        this.txEna = new int[count];
        this.rxCountdown = new int[count];
        this.txCountdown = new int[count];
        this.preDisabled = new boolean[count];
        this.tails = new UnsafeBuffer(new byte[8 * count]);
        this.ringIova = new long[2 * count];
        this.ringBytes = new long[2 * count];
        store.declareArray(QTX_CTL(0), 4, count, 0, 0xFFFF, ResetDomain.CORER);
        store.declareArray(QTX_HEAD(0), 4, count, 0, LanQueueRegisters.QTX_HEAD_HEAD_MASK, ResetDomain.CORER);
    }

    /**
     * The tail slot of {@code offset} if it is QRX_TAIL or QTX_TAIL of one of the PF's queues (the lock-free path),
     * else -1. Slots 0..count−1 are Rx queues, count..2·count−1 Tx queues.
     */
    public int tailSlot(int offset) {
        final int rx = offset - QRX_TAIL(0);
        if (rx >= 0 && rx < 4 * count && (rx & 3) == 0) {
            return rx >> 2;
        }
        final int tx = offset - QTX_TAIL(0);
        if (tx >= 0 && tx < 4 * count && (tx & 3) == 0) {
            return count + (tx >> 2);
        }
        return -1;
    }

    /** Driver thread, no lock: a tail write to {@code slot} (release, see class comment). */
    public void writeTail(int slot, int value) {
        final int tail = value & LanQueueRegisters.QRX_TAIL_TAIL_MASK;
        tails.putIntOrdered(4 * slot, tail);
        if (slot < count) {
            lan.rxTail(slot, tail);
        } else {
            lan.txTail(slot - count, tail);
        }
    }

    /** Driver thread, no lock: a tail read of {@code slot} returns the last value written. */
    public int readTail(int slot) {
        return tails.getIntVolatile(4 * slot);
    }

    /** Whether this block serves {@code offset} (other than the tails). */
    public boolean owns(int offset) {
        return enaIndex(offset, QRX_ENA(0)) >= 0 || enaIndex(offset, QTX_ENA(0)) >= 0 || qdisIndex(offset) >= 0;
    }

    public int read(int offset) {
        int q = enaIndex(offset, QRX_ENA(0));
        if (q >= 0) {
            return rxEna[q];
        }
        q = enaIndex(offset, QTX_ENA(0));
        if (q >= 0) {
            return txEna[q];
        }
        final int n = qdisIndex(offset);
        final int queue = qdisQueue(n, txPreQdis[n]);
        final boolean stat = queue >= 0 && preDisabled[queue];
        return (txPreQdis[n] & LanQueueRegisters.GLLAN_TXPRE_QDIS_QINDX_MASK)
            | (stat ? LanQueueRegisters.GLLAN_TXPRE_QDIS_QDIS_STAT_MASK : 0);
    }

    public void write(int offset, int value) {
        int q = enaIndex(offset, QRX_ENA(0));
        if (q >= 0) {
            rxEna[q] = writeEna(rxEna[q], value, rxCountdown, q);
            return;
        }
        q = enaIndex(offset, QTX_ENA(0));
        if (q >= 0) {
            txEna[q] = writeEna(txEna[q], value, txCountdown, q);
            return;
        }
        final int n = qdisIndex(offset);
        txPreQdis[n] = value & LanQueueRegisters.GLLAN_TXPRE_QDIS_QINDX_MASK;
        final int queue = qdisQueue(n, value);
        if (queue >= 0) {
            if ((value & LanQueueRegisters.GLLAN_TXPRE_QDIS_SET_QDIS_MASK) != 0) {
                preDisabled[queue] = true;
            }
            if ((value & LanQueueRegisters.GLLAN_TXPRE_QDIS_CLEAR_QDIS_MASK) != 0) {
                preDisabled[queue] = false;
            }
        }
    }

    /** QTX_HEAD read: the running queue's head from the data plane, else the stored value. */
    public int readTxHead(int q) {
        final int head = (txEna[q] & LanQueueRegisters.QENA_STAT_MASK) != 0 ? lan.txHead(q) : -1;
        return head >= 0 ? head : store.get(QTX_HEAD(q));
    }

    /** Whether {@code offset} is QTX_HEAD of one of the PF's queues; returns the queue or -1. */
    public int txHeadIndex(int offset) {
        final int d = offset - QTX_HEAD(0);
        return d >= 0 && d < 4 * count && (d & 3) == 0 ? d >> 2 : -1;
    }

    private int writeEna(int old, int value, int[] countdown, int q) {
        final int stat = old & LanQueueRegisters.QENA_STAT_MASK;
        final int next = stat | (value & (LanQueueRegisters.QENA_REQ_MASK | LanQueueRegisters.FAST_QDIS_MASK));
        final boolean wantOn = (next & LanQueueRegisters.QENA_REQ_MASK) != 0;
        if (wantOn != (stat != 0)) {
            if (countdown[q] == 0) {
                countdown[q] = switchSteps;
                pending++;
            }
        } else if (countdown[q] != 0) {
            countdown[q] = 0;
            pending--;
        }
        return next;
    }

    /** Runs due enable/disable switches; returns how many completed or were attempted. */
    public int step() {
        if (pending == 0) {
            return 0;
        }
        int work = 0;
        for (int q = 0; q < count; q++) {
            if (rxCountdown[q] != 0 && --rxCountdown[q] == 0) {
                work++;
                switchRx(q);
            }
            if (txCountdown[q] != 0 && --txCountdown[q] == 0) {
                work++;
                switchTx(q);
            }
        }
        return work;
    }

    private void switchRx(int q) {
        if ((rxEna[q] & LanQueueRegisters.QENA_REQ_MASK) != 0) {
            if (hmc.dmaBlocked()) {
                rxCountdown[q] = 1;
                return;
            }
            pending--;
            if (!contextLines.rxContext(q, rxContext.clear()) && !hmc.readRxContext(q, rxContext.clear())) {
                interrupts.raise(InterruptRegisters.PFINT_ICR0_HMC_ERR_MASK);
            } else if (start(q, rxContext, null)) {
                rxEna[q] |= LanQueueRegisters.QENA_STAT_MASK;
            }
        } else {
            pending--;
            lan.stopRxQueue(q);
            rxEna[q] &= ~LanQueueRegisters.QENA_STAT_MASK;
        }
    }

    private void switchTx(int q) {
        if ((txEna[q] & LanQueueRegisters.QENA_REQ_MASK) != 0) {
            if (hmc.dmaBlocked()) {
                txCountdown[q] = 1;
                return;
            }
            pending--;
            checkTxCtl(q);
            if (!contextLines.txContext(q, txContext.clear()) && !hmc.readTxContext(q, txContext.clear())) {
                interrupts.raise(InterruptRegisters.PFINT_ICR0_HMC_ERR_MASK);
            } else if (start(q, null, txContext)) {
                txEna[q] |= LanQueueRegisters.QENA_STAT_MASK;
            }
        } else {
            pending--;
            lan.stopTxQueue(q);
            txEna[q] &= ~LanQueueRegisters.QENA_STAT_MASK;
        }
    }

    /**
     * Starts the queue in the data plane; a context the data plane cannot run leaves the queue disabled (STAT 0)
     * and is recorded in {@link #rejectedContexts()} / {@link #lastRejection()} (model choice: the facts do not say
     * what hardware does with such a context).
     */
    private boolean start(int q, RxQueueContext rx, TxQueueContext tx) {
        try {
            if (rx != null) {
                lan.startRxQueue(q, rx);
                ringIova[q] = rx.ringIova();
                ringBytes[q] = (long) rx.queueLength() * rx.descriptorBytes();
            } else {
                lan.startTxQueue(q, tx);
                ringIova[count + q] = tx.ringIova();
                ringBytes[count + q] = (long) tx.queueLength() * TX_DESCRIPTOR_BYTES;
            }
            return true;
        } catch (IllegalArgumentException e) {
            rejectedContexts++;
            lastRejection = e.getMessage();
            return false;
        }
    }

    /** IOVA of the ring of the Rx (or Tx) queue {@code q} as last enabled (0 if never). */
    public long ringIova(boolean rx, int q) {
        return ringIova[rx ? q : count + q];
    }

    /** Bytes of that ring: qlen × descriptor size (16 or 32 for Rx, 16 for Tx, facts 7). */
    public long ringBytes(boolean rx, int q) {
        return ringBytes[rx ? q : count + q];
    }

    /** Queue enables refused because the data plane could not run the context. */
    public long rejectedContexts() {
        return rejectedContexts;
    }

    /** Why the last queue enable was refused by the data plane ("" if none was). */
    public String lastRejection() {
        return lastRejection;
    }

    /** Diagnostic only: QTX_CTL should name a PF queue of this PF (facts 6.2 step 2). */
    private void checkTxCtl(int q) {
        final int ctl = store.get(QTX_CTL(q));
        final int type = (ctl & LanQueueRegisters.QTX_CTL_PFVF_Q_MASK) >>> LanQueueRegisters.QTX_CTL_PFVF_Q_SHIFT;
        final int pf = (ctl & LanQueueRegisters.QTX_CTL_PF_INDX_MASK) >>> LanQueueRegisters.QTX_CTL_PF_INDX_SHIFT;
        if (type != LanQueueRegisters.QTX_CTL_PF_QUEUE || pf != pfId) {
            txCtlMismatches++;
        }
    }

    /**
     * Applies a reset: PFR clears QTX_ENA, QRX_ENA and QTX_TAIL; CORER also QRX_TAIL and the pre-disable flags
     * (facts 6.1 reset domains). Cleared tails are passed to the data plane; the caller then resets the data plane,
     * which stops every queue.
     */
    public void reset(Set<ResetDomain> domains) {
        if (domains.contains(ResetDomain.PFR)) {
            Arrays.fill(rxEna, 0);
            Arrays.fill(txEna, 0);
            Arrays.fill(rxCountdown, 0);
            Arrays.fill(txCountdown, 0);
            pending = 0;
            for (int q = 0; q < count; q++) {
                tails.putIntOrdered(4 * (count + q), 0);
                lan.txTail(q, 0);
            }
        }
        if (domains.contains(ResetDomain.CORER)) {
            Arrays.fill(preDisabled, false);
            Arrays.fill(txPreQdis, 0);
            for (int q = 0; q < count; q++) {
                tails.putIntOrdered(4 * q, 0);
                lan.rxTail(q, 0);
            }
        }
    }

    /** Whether Rx queue {@code q} is running (QENA_STAT). */
    public boolean rxEnabled(int q) {
        return (rxEna[q] & LanQueueRegisters.QENA_STAT_MASK) != 0;
    }

    /** Whether Tx queue {@code q} is running (QENA_STAT). */
    public boolean txEnabled(int q) {
        return (txEna[q] & LanQueueRegisters.QENA_STAT_MASK) != 0;
    }

    /** Whether Tx queue {@code q} is pre-disabled through GLLAN_TXPRE_QDIS. */
    public boolean txPreDisabled(int q) {
        return preDisabled[q];
    }

    /** Tx enables whose QTX_CTL did not name a PF queue of this PF. */
    public long txCtlMismatches() {
        return txCtlMismatches;
    }

    private int enaIndex(int offset, int base) {
        final int d = offset - base;
        return d >= 0 && d < 4 * count && (d & 3) == 0 ? d >> 2 : -1;
    }

    private static int qdisIndex(int offset) {
        final int d = offset - GLLAN_TXPRE_QDIS(0);
        return d >= 0 && d <= 4 * LanQueueRegisters.TXPRE_QDIS_MAX_INDEX && (d & 3) == 0 ? d >> 2 : -1;
    }

    /** PF-relative queue named by GLLAN_TXPRE_QDIS(n) with {@code value}'s QINDX, or -1 if not this PF's. */
    private int qdisQueue(int n, int value) {
        final int qindx = value & LanQueueRegisters.GLLAN_TXPRE_QDIS_QINDX_MASK;
        final int absolute = LanQueueRegisters.TXPRE_QDIS_QUEUES_PER_BLOCK * n
            + qindx % LanQueueRegisters.TXPRE_QDIS_QUEUES_PER_BLOCK;
        final int q = absolute - firstQueue;
        return q >= 0 && q < count ? q : -1;
    }
}
