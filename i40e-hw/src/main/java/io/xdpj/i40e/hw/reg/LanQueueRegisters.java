package io.xdpj.i40e.hw.reg;

import static io.xdpj.i40e.hw.reg.RegisterIndex.indexed;

/**
 * LAN queue registers (facts 6.1, 2.1): QTX_* and QRX_* indexed by the PF-relative queue, GLLAN_TXPRE_QDIS indexed by
 * absolute queue / 128, and PFLAN_QALLOC (the absolute queue range this PF owns). GLLAN_RCTL_0 (PXE mode) is here
 * because it governs the LAN Rx engine (facts 2.1, 4.7).
 */
public final class LanQueueRegisters {

    private LanQueueRegisters() {
    }

    /** Largest queue index of the QTX_* and QRX_* arrays ("_i=0...1535", facts 6.1). */
    public static final int QUEUE_MAX_INDEX = 1535;
    /** Largest GLLAN_TXPRE_QDIS block index (n = 0..11, facts 2.1). */
    public static final int TXPRE_QDIS_MAX_INDEX = 11;
    /** Absolute queues per GLLAN_TXPRE_QDIS block (facts 2.1). */
    public static final int TXPRE_QDIS_QUEUES_PER_BLOCK = 128;

    /** Tx queue enable, reset domain PFR (facts 6.1). */
    public static int QTX_ENA(int q) {
        return indexed("QTX_ENA", 0x00100000, 4, q, QUEUE_MAX_INDEX);
    }

    /** Tx queue control, reset domain CORER (facts 6.1). */
    public static int QTX_CTL(int q) {
        return indexed("QTX_CTL", 0x00104000, 4, q, QUEUE_MAX_INDEX);
    }

    /** Tx queue tail, reset domain PFR (facts 6.1). */
    public static int QTX_TAIL(int q) {
        return indexed("QTX_TAIL", 0x00108000, 4, q, QUEUE_MAX_INDEX);
    }

    /** Tx queue head, reset domain CORER (facts 6.1). */
    public static int QTX_HEAD(int q) {
        return indexed("QTX_HEAD", 0x000E4000, 4, q, QUEUE_MAX_INDEX);
    }

    /** Rx queue enable, reset domain PFR (facts 6.1). */
    public static int QRX_ENA(int q) {
        return indexed("QRX_ENA", 0x00120000, 4, q, QUEUE_MAX_INDEX);
    }

    /** Rx queue tail, reset domain CORER (facts 6.1). */
    public static int QRX_TAIL(int q) {
        return indexed("QRX_TAIL", 0x00128000, 4, q, QUEUE_MAX_INDEX);
    }

    /** Tx pre-disable control for absolute queues 128n..128n+127, reset domain CORER (facts 2.1, 6.1). */
    public static int GLLAN_TXPRE_QDIS(int n) {
        return indexed("GLLAN_TXPRE_QDIS", 0x000E6500, 4, n, TXPRE_QDIS_MAX_INDEX);
    }

    /** QTX_ENA/QRX_ENA: request enable (facts 6.1). */
    public static final int QENA_REQ_SHIFT = 0;
    public static final int QENA_REQ_MASK = 1 << QENA_REQ_SHIFT;
    /** QTX_ENA/QRX_ENA: fast disable; no driver uses it, semantics UNVERIFIED (facts 6.1, 14). */
    public static final int FAST_QDIS_SHIFT = 1;
    public static final int FAST_QDIS_MASK = 1 << FAST_QDIS_SHIFT;
    /** QTX_ENA/QRX_ENA: enabled status, follows QENA_REQ (facts 6.1, 13.12). */
    public static final int QENA_STAT_SHIFT = 2;
    public static final int QENA_STAT_MASK = 1 << QENA_STAT_SHIFT;

    /** Facts 6.1. */
    public static final int QTX_ENA_QENA_REQ_MASK = QENA_REQ_MASK;
    /** Facts 6.1. */
    public static final int QTX_ENA_FAST_QDIS_MASK = FAST_QDIS_MASK;
    /** Facts 6.1. */
    public static final int QTX_ENA_QENA_STAT_MASK = QENA_STAT_MASK;
    /** Facts 6.1. */
    public static final int QRX_ENA_QENA_REQ_MASK = QENA_REQ_MASK;
    /** Facts 6.1. */
    public static final int QRX_ENA_FAST_QDIS_MASK = FAST_QDIS_MASK;
    /** Facts 6.1. */
    public static final int QRX_ENA_QENA_STAT_MASK = QENA_STAT_MASK;

    /** QTX_CTL.PFVF_Q: 0 VF queue, 1 VM queue, 2 PF queue (facts 6.1). */
    public static final int QTX_CTL_PFVF_Q_SHIFT = 0;
    public static final int QTX_CTL_PFVF_Q_MASK = 0x3 << QTX_CTL_PFVF_Q_SHIFT;
    /** {@code I40E_QTX_CTL_VF_QUEUE} (facts 6.1). */
    public static final int QTX_CTL_VF_QUEUE = 0;
    /** {@code I40E_QTX_CTL_VM_QUEUE} (facts 6.1). */
    public static final int QTX_CTL_VM_QUEUE = 1;
    /** {@code I40E_QTX_CTL_PF_QUEUE} (facts 6.1). */
    public static final int QTX_CTL_PF_QUEUE = 2;
    /** Facts 6.1. */
    public static final int QTX_CTL_PF_INDX_SHIFT = 2;
    public static final int QTX_CTL_PF_INDX_MASK = 0xF << QTX_CTL_PF_INDX_SHIFT;
    /** Facts 6.1. */
    public static final int QTX_CTL_VFVM_INDX_SHIFT = 7;
    public static final int QTX_CTL_VFVM_INDX_MASK = 0x1FF << QTX_CTL_VFVM_INDX_SHIFT;

    /** Facts 6.1. */
    public static final int QTX_TAIL_TAIL_SHIFT = 0;
    public static final int QTX_TAIL_TAIL_MASK = 0x1FFF << QTX_TAIL_TAIL_SHIFT;
    /** Facts 6.1. */
    public static final int QTX_HEAD_HEAD_SHIFT = 0;
    public static final int QTX_HEAD_HEAD_MASK = 0x1FFF << QTX_HEAD_HEAD_SHIFT;
    /** Facts 6.1 (use UNVERIFIED, facts 14). */
    public static final int QTX_HEAD_RS_PENDING_SHIFT = 16;
    public static final int QTX_HEAD_RS_PENDING_MASK = 1 << QTX_HEAD_RS_PENDING_SHIFT;
    /** Facts 6.1. */
    public static final int QRX_TAIL_TAIL_SHIFT = 0;
    public static final int QRX_TAIL_TAIL_MASK = 0x1FFF << QRX_TAIL_TAIL_SHIFT;

    /** Facts 2.1. */
    public static final int GLLAN_TXPRE_QDIS_QINDX_SHIFT = 0;
    public static final int GLLAN_TXPRE_QDIS_QINDX_MASK = 0x7FF << GLLAN_TXPRE_QDIS_QINDX_SHIFT;
    /** Facts 2.1. */
    public static final int GLLAN_TXPRE_QDIS_QDIS_STAT_SHIFT = 16;
    public static final int GLLAN_TXPRE_QDIS_QDIS_STAT_MASK = 1 << GLLAN_TXPRE_QDIS_QDIS_STAT_SHIFT;
    /** Facts 2.1. */
    public static final int GLLAN_TXPRE_QDIS_SET_QDIS_SHIFT = 30;
    public static final int GLLAN_TXPRE_QDIS_SET_QDIS_MASK = 1 << GLLAN_TXPRE_QDIS_SET_QDIS_SHIFT;
    /** Facts 2.1. */
    public static final int GLLAN_TXPRE_QDIS_CLEAR_QDIS_SHIFT = 31;
    public static final int GLLAN_TXPRE_QDIS_CLEAR_QDIS_MASK = 1 << GLLAN_TXPRE_QDIS_CLEAR_QDIS_SHIFT;

    /** Absolute queue range owned by this PF, reset domain CORER (facts 2.1). */
    public static final int PFLAN_QALLOC = 0x001C0400;
    /** Facts 2.1. */
    public static final int PFLAN_QALLOC_FIRSTQ_SHIFT = 0;
    public static final int PFLAN_QALLOC_FIRSTQ_MASK = 0x7FF << PFLAN_QALLOC_FIRSTQ_SHIFT;
    /** Facts 2.1. */
    public static final int PFLAN_QALLOC_LASTQ_SHIFT = 16;
    public static final int PFLAN_QALLOC_LASTQ_MASK = 0x7FF << PFLAN_QALLOC_LASTQ_SHIFT;
    /** Facts 2.1. */
    public static final int PFLAN_QALLOC_VALID_SHIFT = 31;
    public static final int PFLAN_QALLOC_VALID_MASK = 1 << PFLAN_QALLOC_VALID_SHIFT;

    /** LAN Rx control 0, reset domain CORER (facts 2.1). */
    public static final int GLLAN_RCTL_0 = 0x0012A500;
    /** Facts 2.1, 4.7. */
    public static final int GLLAN_RCTL_0_PXE_MODE_SHIFT = 0;
    public static final int GLLAN_RCTL_0_PXE_MODE_MASK = 1 << GLLAN_RCTL_0_PXE_MODE_SHIFT;
}
