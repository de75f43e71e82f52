package io.xdpj.i40e.hw.reg;

import static io.xdpj.i40e.hw.reg.RegisterIndex.indexed;

/**
 * LAN HMC registers: GLHMC_* (object sizes, maxima, per-function FPM bases and counts; CORER) and PFHMC_* (segment
 * descriptor programming, PD invalidation, error reporting; PFR) (facts 5.1), plus the PFCM_LANCTX* context
 * registers iPXE uses instead of the HMC (facts 5.8).
 */
public final class HmcRegisters {

    private HmcRegisters() {
    }

    /** Largest HMC function index for the GLHMC_* per-function arrays (i = 0..15, facts 5.1). */
    public static final int HMC_FUNCTION_MAX_INDEX = 15;

    /** log2 of the Tx context object size (facts 5.1). */
    public static final int GLHMC_LANTXOBJSZ = 0x000C2004;
    public static final int GLHMC_LANTXOBJSZ_PMLANTXOBJSZ_SHIFT = 0;
    public static final int GLHMC_LANTXOBJSZ_PMLANTXOBJSZ_MASK = 0xF << GLHMC_LANTXOBJSZ_PMLANTXOBJSZ_SHIFT;
    /** Max LAN queue contexts (facts 5.1). */
    public static final int GLHMC_LANQMAX = 0x000C2008;
    public static final int GLHMC_LANQMAX_PMLANQMAX_SHIFT = 0;
    public static final int GLHMC_LANQMAX_PMLANQMAX_MASK = 0x7FF << GLHMC_LANQMAX_PMLANQMAX_SHIFT;
    /** log2 of the Rx context object size (facts 5.1). */
    public static final int GLHMC_LANRXOBJSZ = 0x000C200C;
    public static final int GLHMC_LANRXOBJSZ_PMLANRXOBJSZ_SHIFT = 0;
    public static final int GLHMC_LANRXOBJSZ_PMLANRXOBJSZ_MASK = 0xF << GLHMC_LANRXOBJSZ_PMLANRXOBJSZ_SHIFT;
    /** Facts 5.1. */
    public static final int GLHMC_FCOEDDPOBJSZ = 0x000C2010;
    /** Facts 5.1. */
    public static final int GLHMC_FCOEMAX = 0x000C2014;
    /** Facts 5.1. */
    public static final int GLHMC_FCOEFOBJSZ = 0x000C2018;
    /** Facts 5.1. */
    public static final int GLHMC_FCOEFMAX = 0x000C20D0;

    /** FPMLANTXBASE [23:0], in 512-byte units (facts 5.1). */
    public static final int GLHMC_LANTXBASE_FPMLANTXBASE_MASK = 0xFFFFFF;
    /** FPMLANTXCNT [10:0] (facts 5.1). */
    public static final int GLHMC_LANTXCNT_FPMLANTXCNT_MASK = 0x7FF;
    /** FPMLANRXBASE [23:0], in 512-byte units (facts 5.1). */
    public static final int GLHMC_LANRXBASE_FPMLANRXBASE_MASK = 0xFFFFFF;
    /** FPMLANRXCNT [10:0] (facts 5.1). */
    public static final int GLHMC_LANRXCNT_FPMLANRXCNT_MASK = 0x7FF;

    /** Base of function {@code i}'s Tx contexts in FPM space, 512-byte units (facts 5.1). */
    public static int GLHMC_LANTXBASE(int i) {
        return indexed("GLHMC_LANTXBASE", 0x000C6200, 4, i, HMC_FUNCTION_MAX_INDEX);
    }

    /** Number of function {@code i}'s Tx contexts (facts 5.1). */
    public static int GLHMC_LANTXCNT(int i) {
        return indexed("GLHMC_LANTXCNT", 0x000C6300, 4, i, HMC_FUNCTION_MAX_INDEX);
    }

    /** Base of function {@code i}'s Rx contexts in FPM space, 512-byte units (facts 5.1). */
    public static int GLHMC_LANRXBASE(int i) {
        return indexed("GLHMC_LANRXBASE", 0x000C6400, 4, i, HMC_FUNCTION_MAX_INDEX);
    }

    /** Number of function {@code i}'s Rx contexts (facts 5.1). */
    public static int GLHMC_LANRXCNT(int i) {
        return indexed("GLHMC_LANRXCNT", 0x000C6500, 4, i, HMC_FUNCTION_MAX_INDEX);
    }

    /** Facts 5.1. */
    public static int GLHMC_FCOEDDPBASE(int i) {
        return indexed("GLHMC_FCOEDDPBASE", 0x000C6600, 4, i, HMC_FUNCTION_MAX_INDEX);
    }

    /** Facts 5.1. */
    public static int GLHMC_FCOEDDPCNT(int i) {
        return indexed("GLHMC_FCOEDDPCNT", 0x000C6700, 4, i, HMC_FUNCTION_MAX_INDEX);
    }

    /** Facts 5.1. */
    public static int GLHMC_FCOEFBASE(int i) {
        return indexed("GLHMC_FCOEFBASE", 0x000C6800, 4, i, HMC_FUNCTION_MAX_INDEX);
    }

    /** Facts 5.1. */
    public static int GLHMC_FCOEFCNT(int i) {
        return indexed("GLHMC_FCOEFCNT", 0x000C6900, 4, i, HMC_FUNCTION_MAX_INDEX);
    }

    /** Facts 5.1 (semantics UNVERIFIED, facts 14). */
    public static int GLHMC_SDPART(int i) {
        return indexed("GLHMC_SDPART", 0x000C0800, 4, i, HMC_FUNCTION_MAX_INDEX);
    }

    /** Segment descriptor command: a write with PMSDWR commits SDDATALOW/HIGH into entry PMSDIDX (facts 5.1). */
    public static final int PFHMC_SDCMD = 0x000C0000;
    public static final int PFHMC_SDCMD_PMSDIDX_SHIFT = 0;
    public static final int PFHMC_SDCMD_PMSDIDX_MASK = 0xFFF << PFHMC_SDCMD_PMSDIDX_SHIFT;
    public static final int PFHMC_SDCMD_PMSDPARTSEL_SHIFT = 15;
    public static final int PFHMC_SDCMD_PMSDPARTSEL_MASK = 1 << PFHMC_SDCMD_PMSDPARTSEL_SHIFT;
    public static final int PFHMC_SDCMD_PMSDWR_SHIFT = 31;
    public static final int PFHMC_SDCMD_PMSDWR_MASK = 1 << PFHMC_SDCMD_PMSDWR_SHIFT;

    /** Segment descriptor data, low half (facts 5.1). */
    public static final int PFHMC_SDDATALOW = 0x000C0100;
    public static final int PFHMC_SDDATALOW_PMSDVALID_SHIFT = 0;
    public static final int PFHMC_SDDATALOW_PMSDVALID_MASK = 1 << PFHMC_SDDATALOW_PMSDVALID_SHIFT;
    /** 1 = direct, 0 = paged (facts 5.1, 5.3). */
    public static final int PFHMC_SDDATALOW_PMSDTYPE_SHIFT = 1;
    public static final int PFHMC_SDDATALOW_PMSDTYPE_MASK = 1 << PFHMC_SDDATALOW_PMSDTYPE_SHIFT;
    public static final int PFHMC_SDDATALOW_PMSDBPCOUNT_SHIFT = 2;
    public static final int PFHMC_SDDATALOW_PMSDBPCOUNT_MASK = 0x3FF << PFHMC_SDDATALOW_PMSDBPCOUNT_SHIFT;
    /** Address bits 31:12 (facts 5.1). */
    public static final int PFHMC_SDDATALOW_PMSDDATALOW_SHIFT = 12;
    public static final int PFHMC_SDDATALOW_PMSDDATALOW_MASK = 0xFFFFF << PFHMC_SDDATALOW_PMSDDATALOW_SHIFT;

    /** Segment descriptor data, high half = address bits 63:32 (facts 5.1). */
    public static final int PFHMC_SDDATAHIGH = 0x000C0200;

    /** PD cache invalidate (facts 5.1, 5.3). */
    public static final int PFHMC_PDINV = 0x000C0300;
    public static final int PFHMC_PDINV_PMSDIDX_SHIFT = 0;
    public static final int PFHMC_PDINV_PMSDIDX_MASK = 0xFFF << PFHMC_PDINV_PMSDIDX_SHIFT;
    public static final int PFHMC_PDINV_PMSDPARTSEL_SHIFT = 15;
    public static final int PFHMC_PDINV_PMSDPARTSEL_MASK = 1 << PFHMC_PDINV_PMSDPARTSEL_SHIFT;
    public static final int PFHMC_PDINV_PMPDIDX_SHIFT = 16;
    public static final int PFHMC_PDINV_PMPDIDX_MASK = 0x1FF << PFHMC_PDINV_PMPDIDX_SHIFT;

    /** HMC error information (facts 5.1). */
    public static final int PFHMC_ERRORINFO = 0x000C0400;
    public static final int PFHMC_ERRORINFO_PMF_INDEX_SHIFT = 0;
    public static final int PFHMC_ERRORINFO_PMF_INDEX_MASK = 0x1F << PFHMC_ERRORINFO_PMF_INDEX_SHIFT;
    public static final int PFHMC_ERRORINFO_PMF_ISVF_SHIFT = 7;
    public static final int PFHMC_ERRORINFO_PMF_ISVF_MASK = 1 << PFHMC_ERRORINFO_PMF_ISVF_SHIFT;
    public static final int PFHMC_ERRORINFO_HMC_ERROR_TYPE_SHIFT = 8;
    public static final int PFHMC_ERRORINFO_HMC_ERROR_TYPE_MASK = 0xF << PFHMC_ERRORINFO_HMC_ERROR_TYPE_SHIFT;
    public static final int PFHMC_ERRORINFO_HMC_OBJECT_TYPE_SHIFT = 16;
    public static final int PFHMC_ERRORINFO_HMC_OBJECT_TYPE_MASK = 0x1F << PFHMC_ERRORINFO_HMC_OBJECT_TYPE_SHIFT;
    public static final int PFHMC_ERRORINFO_ERROR_DETECTED_SHIFT = 31;
    public static final int PFHMC_ERRORINFO_ERROR_DETECTED_MASK = 1 << PFHMC_ERRORINFO_ERROR_DETECTED_SHIFT;

    /** HMC error data (facts 5.1). */
    public static final int PFHMC_ERRORDATA = 0x000C0500;
    public static final int PFHMC_ERRORDATA_HMC_ERROR_DATA_SHIFT = 0;
    public static final int PFHMC_ERRORDATA_HMC_ERROR_DATA_MASK = 0x3FFFFFFF << PFHMC_ERRORDATA_HMC_ERROR_DATA_SHIFT;

    /** One 16-byte context line, dword {@code i} (i = 0..3) (facts 5.8). */
    public static int PFCM_LANCTXDATA(int i) {
        return indexed("PFCM_LANCTXDATA", 0x0010C100, 0x80, i, 3);
    }

    /** Context line command (facts 5.8). */
    public static final int PFCM_LANCTXCTL = 0x0010C300;
    public static final int PFCM_LANCTXCTL_QUEUE_NUM_SHIFT = 0;
    public static final int PFCM_LANCTXCTL_QUEUE_NUM_MASK = 0xFFF << PFCM_LANCTXCTL_QUEUE_NUM_SHIFT;
    public static final int PFCM_LANCTXCTL_SUB_LINE_SHIFT = 12;
    public static final int PFCM_LANCTXCTL_SUB_LINE_MASK = 0x7 << PFCM_LANCTXCTL_SUB_LINE_SHIFT;
    public static final int PFCM_LANCTXCTL_QUEUE_TYPE_SHIFT = 15;
    public static final int PFCM_LANCTXCTL_QUEUE_TYPE_MASK = 0x3 << PFCM_LANCTXCTL_QUEUE_TYPE_SHIFT;
    public static final int PFCM_LANCTXCTL_OP_CODE_SHIFT = 17;
    public static final int PFCM_LANCTXCTL_OP_CODE_MASK = 0x3 << PFCM_LANCTXCTL_OP_CODE_SHIFT;
    /** Context line status (facts 5.8). */
    public static final int PFCM_LANCTXSTAT = 0x0010C380;
    public static final int PFCM_LANCTXSTAT_CTX_DONE_MASK = 1;
    public static final int PFCM_LANCTXSTAT_CTX_MISS_MASK = 1 << 1;
}
