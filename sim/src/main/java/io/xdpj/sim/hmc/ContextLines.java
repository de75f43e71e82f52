package io.xdpj.sim.hmc;

import static io.xdpj.i40e.hw.reg.HmcRegisters.PFCM_LANCTXCTL;
import static io.xdpj.i40e.hw.reg.HmcRegisters.PFCM_LANCTXDATA;
import static io.xdpj.i40e.hw.reg.HmcRegisters.PFCM_LANCTXSTAT;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Set;

import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import io.xdpj.i40e.hw.reg.HmcRegisters;
import io.xdpj.sim.regs.RegisterStore;
import io.xdpj.sim.regs.ResetDomain;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Queue contexts written line by line through PFCM_LANCTXDATA/CTL/STAT, the path iPXE uses instead of the HMC
 * (facts 5.8). A context is 16-byte lines: Rx 2 lines (32 bytes), Tx 8 lines (128 bytes); line L holds bytes
 * 16L..16L+15 of the context image, DATA(i) its little-endian dword i. A write to PFCM_LANCTXCTL clears
 * PFCM_LANCTXSTAT and is carried out in the next model step: OP_CODE 1 (write) stores the four DATA registers into
 * the line, OP_CODE 0 (read) loads the line into them; then STAT = CTX_DONE, or CTX_MISS | CTX_DONE when the
 * queue (QUEUE_NUM, absolute as iPXE uses it), the type (QUEUE_TYPE 0 Rx, 1 Tx) or the line is not one of this
 * PF's.
 *
 * <p>Model choice (PFCM/HMC coherence is UNVERIFIED, facts 14): once any line of a queue's context was written
 * through PFCM, that queue's enable uses the PFCM image instead of fetching the context from HMC memory, until a core
 * reset. Device lock only.
 */
public final class ContextLines {

    private static final int LINE = 16;
    private static final int TYPE_RX = 0;
    private static final int TYPE_TX = 1;
    private static final int OP_READ = 0;
    private static final int OP_WRITE = 1;

    private final RegisterStore store;
    private final int firstQueue;
    private final int count;
    private final byte[][] rx;
    private final byte[][] tx;
    private final boolean[] rxWritten;
    private final boolean[] txWritten;
    private boolean pending;

    public ContextLines(RegisterStore store, int firstQueue, int count) {
        this.store = store;
        this.firstQueue = firstQueue;
        this.count = count;
        this.rx = new byte[count][RxQueueContext.OBJECT_SIZE];
        this.tx = new byte[count][TxQueueContext.OBJECT_SIZE];
        this.rxWritten = new boolean[count];
        this.txWritten = new boolean[count];
        for (int i = 0; i < 4; i++) {
            store.declare(PFCM_LANCTXDATA(i), 0, 0xFFFF_FFFF, ResetDomain.CORER);
        }
        store.declare(PFCM_LANCTXCTL, 0, 0x0007_FFFF, ResetDomain.CORER);
        store.declare(PFCM_LANCTXSTAT, 0, 0, ResetDomain.CORER);
    }

    /** A driver write to PFCM_LANCTXCTL (the store holds the value): STAT clears until the next step. */
    public void controlWritten() {
        store.set(PFCM_LANCTXSTAT, 0);
        pending = true;
    }

    /** Carries out a pending line access; returns 1 if there was one. */
    public int step() {
        if (!pending) {
            return 0;
        }
        pending = false;
        final int ctl = store.get(PFCM_LANCTXCTL);
        final int q = ((ctl & HmcRegisters.PFCM_LANCTXCTL_QUEUE_NUM_MASK)
            >>> HmcRegisters.PFCM_LANCTXCTL_QUEUE_NUM_SHIFT) - firstQueue;
        final int line = (ctl & HmcRegisters.PFCM_LANCTXCTL_SUB_LINE_MASK)
            >>> HmcRegisters.PFCM_LANCTXCTL_SUB_LINE_SHIFT;
        final int type = (ctl & HmcRegisters.PFCM_LANCTXCTL_QUEUE_TYPE_MASK)
            >>> HmcRegisters.PFCM_LANCTXCTL_QUEUE_TYPE_SHIFT;
        final int op = (ctl & HmcRegisters.PFCM_LANCTXCTL_OP_CODE_MASK) >>> HmcRegisters.PFCM_LANCTXCTL_OP_CODE_SHIFT;
        final byte[] image = q < 0 || q >= count ? null : type == TYPE_RX ? rx[q] : type == TYPE_TX ? tx[q] : null;
        if (image == null || LINE * (line + 1) > image.length || (op != OP_READ && op != OP_WRITE)) {
            store.set(PFCM_LANCTXSTAT, HmcRegisters.PFCM_LANCTXSTAT_CTX_MISS_MASK
                | HmcRegisters.PFCM_LANCTXSTAT_CTX_DONE_MASK);
            return 1;
        }
        final UnsafeBuffer view = new UnsafeBuffer(image, LINE * line, LINE);
        for (int i = 0; i < 4; i++) {
            if (op == OP_WRITE) {
                view.putInt(4 * i, store.get(PFCM_LANCTXDATA(i)), ByteOrder.LITTLE_ENDIAN);
            } else {
                store.set(PFCM_LANCTXDATA(i), view.getInt(4 * i, ByteOrder.LITTLE_ENDIAN));
            }
        }
        if (op == OP_WRITE) {
            if (type == TYPE_RX) {
                rxWritten[q] = true;
            } else {
                txWritten[q] = true;
            }
        }
        store.set(PFCM_LANCTXSTAT, HmcRegisters.PFCM_LANCTXSTAT_CTX_DONE_MASK);
        return 1;
    }

    /** If PF-relative Rx queue {@code q} has a PFCM-written context, decodes it into {@code out}; else false. */
    public boolean rxContext(int q, RxQueueContext out) {
        if (!rxWritten[q]) {
            return false;
        }
        out.unpack(new UnsafeBuffer(rx[q]), 0);
        return true;
    }

    /** If PF-relative Tx queue {@code q} has a PFCM-written context, decodes it into {@code out}; else false. */
    public boolean txContext(int q, TxQueueContext out) {
        if (!txWritten[q]) {
            return false;
        }
        out.unpack(new UnsafeBuffer(tx[q]), 0);
        return true;
    }

    /** A core reset drops the PFCM images (CORER registers, facts 5.8). */
    public void reset(Set<ResetDomain> domains) {
        if (domains.contains(ResetDomain.CORER)) {
            pending = false;
            Arrays.fill(rxWritten, false);
            Arrays.fill(txWritten, false);
            for (byte[] image : rx) {
                Arrays.fill(image, (byte) 0);
            }
            for (byte[] image : tx) {
                Arrays.fill(image, (byte) 0);
            }
        }
    }
}
