package io.xdpj.i40e.hw.reg;

import static io.xdpj.i40e.hw.reg.RegisterIndex.indexed;

/** Interrupt registers a polling driver touches: PFINT_*, QINT_* (facts 9, 2.3). */
public final class InterruptRegisters {

    private InterruptRegisters() {
    }

    /** Largest PFINT_DYN_CTLN/LNKLSTN/RATEN/ITRN vector index (n = 0..511, facts 9). */
    public static final int VECTOR_MAX_INDEX = 511;

    /** Dynamic control of vector 0, reset domain PFR (facts 9). */
    public static final int PFINT_DYN_CTL0 = 0x00038480;

    /** Dynamic control of MSI-X vector n + 1, reset domain PFR (facts 9). */
    public static int PFINT_DYN_CTLN(int n) {
        return indexed("PFINT_DYN_CTLN", 0x00034800, 4, n, VECTOR_MAX_INDEX);
    }

    /** PFINT_DYN_CTL0/N fields (facts 9). */
    public static final int PFINT_DYN_CTL0_INTENA_SHIFT = 0;
    public static final int PFINT_DYN_CTL0_INTENA_MASK = 1 << PFINT_DYN_CTL0_INTENA_SHIFT;
    public static final int PFINT_DYN_CTL0_CLEARPBA_SHIFT = 1;
    public static final int PFINT_DYN_CTL0_CLEARPBA_MASK = 1 << PFINT_DYN_CTL0_CLEARPBA_SHIFT;
    public static final int PFINT_DYN_CTL0_SWINT_TRIG_SHIFT = 2;
    public static final int PFINT_DYN_CTL0_SWINT_TRIG_MASK = 1 << PFINT_DYN_CTL0_SWINT_TRIG_SHIFT;
    /** 3 = none / no ITR update ({@code I40E_ITR_NONE}, facts 9). */
    public static final int PFINT_DYN_CTL0_ITR_INDX_SHIFT = 3;
    public static final int PFINT_DYN_CTL0_ITR_INDX_MASK = 0x3 << PFINT_DYN_CTL0_ITR_INDX_SHIFT;
    /** ITR interval in 2 µs units (facts 9). */
    public static final int PFINT_DYN_CTL0_INTERVAL_SHIFT = 5;
    public static final int PFINT_DYN_CTL0_INTERVAL_MASK = 0xFFF << PFINT_DYN_CTL0_INTERVAL_SHIFT;
    public static final int PFINT_DYN_CTL0_SW_ITR_INDX_ENA_SHIFT = 24;
    public static final int PFINT_DYN_CTL0_SW_ITR_INDX_ENA_MASK = 1 << PFINT_DYN_CTL0_SW_ITR_INDX_ENA_SHIFT;
    public static final int PFINT_DYN_CTL0_SW_ITR_INDX_SHIFT = 25;
    public static final int PFINT_DYN_CTL0_SW_ITR_INDX_MASK = 0x3 << PFINT_DYN_CTL0_SW_ITR_INDX_SHIFT;
    public static final int PFINT_DYN_CTL0_WB_ON_ITR_SHIFT = 30;
    public static final int PFINT_DYN_CTL0_WB_ON_ITR_MASK = 1 << PFINT_DYN_CTL0_WB_ON_ITR_SHIFT;
    public static final int PFINT_DYN_CTL0_INTENA_MSK_SHIFT = 31;
    public static final int PFINT_DYN_CTL0_INTENA_MSK_MASK = 1 << PFINT_DYN_CTL0_INTENA_MSK_SHIFT;
    /** {@code I40E_ITR_NONE} (facts 9). */
    public static final int ITR_NONE = 3;

    /** Interrupt cause register 0 ("read to clear" in Linux), reset domain CORER (facts 9). */
    public static final int PFINT_ICR0 = 0x00038780;
    /** Cause enables for PFINT_ICR0 (same bit numbers), reset domain CORER (facts 9). */
    public static final int PFINT_ICR0_ENA = 0x00038800;
    /** PFINT_ICR0 / PFINT_ICR0_ENA cause bits (facts 9). */
    public static final int PFINT_ICR0_INTEVENT_MASK = 1;
    public static final int PFINT_ICR0_QUEUE_0_MASK = 1 << 1;
    public static final int PFINT_ICR0_ECC_ERR_MASK = 1 << 16;
    public static final int PFINT_ICR0_MAL_DETECT_MASK = 1 << 19;
    public static final int PFINT_ICR0_GRST_MASK = 1 << 20;
    public static final int PFINT_ICR0_PCI_EXCEPTION_MASK = 1 << 21;
    public static final int PFINT_ICR0_ENA_GPIO_MASK = 1 << 22;
    public static final int PFINT_ICR0_TIMESYNC_MASK = 1 << 23;
    public static final int PFINT_ICR0_HMC_ERR_MASK = 1 << 26;
    public static final int PFINT_ICR0_PE_CRITERR_MASK = 1 << 28;
    public static final int PFINT_ICR0_VFLR_MASK = 1 << 29;
    public static final int PFINT_ICR0_ADMINQ_MASK = 1 << 30;
    public static final int PFINT_ICR0_SWINT_MASK = 1 << 31;

    /** Facts 9. */
    public static final int PFINT_STAT_CTL0 = 0x00038400;
    /** Queue list head of vector 0, reset domain PFR (facts 9). */
    public static final int PFINT_LNKLST0 = 0x00038500;

    /** Queue list head of MSI-X vector n + 1 (facts 9). */
    public static int PFINT_LNKLSTN(int n) {
        return indexed("PFINT_LNKLSTN", 0x00035000, 4, n, VECTOR_MAX_INDEX);
    }

    /** PFINT_LNKLST0/N fields; 0x7FF = end of list (facts 9). */
    public static final int PFINT_LNKLST0_FIRSTQ_INDX_SHIFT = 0;
    public static final int PFINT_LNKLST0_FIRSTQ_INDX_MASK = 0x7FF << PFINT_LNKLST0_FIRSTQ_INDX_SHIFT;
    public static final int PFINT_LNKLST0_FIRSTQ_TYPE_SHIFT = 11;
    public static final int PFINT_LNKLST0_FIRSTQ_TYPE_MASK = 0x3 << PFINT_LNKLST0_FIRSTQ_TYPE_SHIFT;
    /** Queue-list terminator (facts 2.3, 9). */
    public static final int QUEUE_END_OF_LIST = 0x7FF;

    /** Interval for ITR index i = 0..2 of vector 0 (facts 9). */
    public static int PFINT_ITR0(int i) {
        return indexed("PFINT_ITR0", 0x00038000, 128, i, 2);
    }

    /** Interval for ITR index i = 0..2 of MSI-X vector n + 1 (facts 9). */
    public static int PFINT_ITRN(int i, int n) {
        return indexed("PFINT_ITRN", 0x00030000, 2048, i, 2) + 4 * checkVector(n);
    }

    /** Interrupt rate limit of MSI-X vector n + 1 (facts 9). */
    public static int PFINT_RATEN(int n) {
        return indexed("PFINT_RATEN", 0x00035800, 4, n, VECTOR_MAX_INDEX);
    }

    /** Rx queue q interrupt cause control, reset domain CORER (facts 9). */
    public static int QINT_RQCTL(int q) {
        return indexed("QINT_RQCTL", 0x0003A000, 4, q, LanQueueRegisters.QUEUE_MAX_INDEX);
    }

    /** Tx queue q interrupt cause control, reset domain CORER (facts 9). */
    public static int QINT_TQCTL(int q) {
        return indexed("QINT_TQCTL", 0x0003C000, 4, q, LanQueueRegisters.QUEUE_MAX_INDEX);
    }

    /** QINT_RQCTL/QINT_TQCTL fields (facts 9). */
    public static final int QINT_RQCTL_MSIX_INDX_SHIFT = 0;
    public static final int QINT_RQCTL_MSIX_INDX_MASK = 0xFF << QINT_RQCTL_MSIX_INDX_SHIFT;
    public static final int QINT_RQCTL_ITR_INDX_SHIFT = 11;
    public static final int QINT_RQCTL_ITR_INDX_MASK = 0x3 << QINT_RQCTL_ITR_INDX_SHIFT;
    public static final int QINT_RQCTL_MSIX0_INDX_SHIFT = 13;
    public static final int QINT_RQCTL_MSIX0_INDX_MASK = 0x7 << QINT_RQCTL_MSIX0_INDX_SHIFT;
    public static final int QINT_RQCTL_NEXTQ_INDX_SHIFT = 16;
    public static final int QINT_RQCTL_NEXTQ_INDX_MASK = 0x7FF << QINT_RQCTL_NEXTQ_INDX_SHIFT;
    /** 0 Rx, 1 Tx (facts 9). */
    public static final int QINT_RQCTL_NEXTQ_TYPE_SHIFT = 27;
    public static final int QINT_RQCTL_NEXTQ_TYPE_MASK = 0x3 << QINT_RQCTL_NEXTQ_TYPE_SHIFT;
    public static final int QINT_RQCTL_CAUSE_ENA_SHIFT = 30;
    public static final int QINT_RQCTL_CAUSE_ENA_MASK = 1 << QINT_RQCTL_CAUSE_ENA_SHIFT;
    public static final int QINT_RQCTL_INTEVENT_SHIFT = 31;
    public static final int QINT_RQCTL_INTEVENT_MASK = 1 << QINT_RQCTL_INTEVENT_SHIFT;
    /** QINT_TQCTL has the same layout as QINT_RQCTL (facts 9). */
    public static final int QINT_TQCTL_NEXTQ_INDX_SHIFT = QINT_RQCTL_NEXTQ_INDX_SHIFT;
    public static final int QINT_TQCTL_NEXTQ_TYPE_SHIFT = QINT_RQCTL_NEXTQ_TYPE_SHIFT;
    public static final int QINT_TQCTL_CAUSE_ENA_MASK = QINT_RQCTL_CAUSE_ENA_MASK;
    /** NEXTQ_TYPE / FIRSTQ_TYPE values (facts 9). */
    public static final int QUEUE_TYPE_RX = 0;
    public static final int QUEUE_TYPE_TX = 1;

    private static int checkVector(int n) {
        if (n < 0 || n > VECTOR_MAX_INDEX) {
            throw new IndexOutOfBoundsException("vector index " + n + " is outside 0.." + VECTOR_MAX_INDEX);
        }
        return n;
    }
}
