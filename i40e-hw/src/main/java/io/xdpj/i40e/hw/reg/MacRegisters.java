package io.xdpj.i40e.hw.reg;

import static io.xdpj.i40e.hw.reg.RegisterIndex.indexed;

/**
 * MAC address registers PRTPM_SAL/SAH(n) (reset domain PFR) and PRTGL_SAL/SAH (GLOBR) (facts 2.1). NB: no driver
 * reads PRTPM_SAx; how they pack the MAC bytes is UNVERIFIED (facts 2.1, 14). Drivers get the MAC through AQ 0x0107.
 */
public final class MacRegisters {

    private MacRegisters() {
    }

    /** Facts 2.1. */
    public static int PRTPM_SAL(int n) {
        return indexed("PRTPM_SAL", 0x001E4440, 32, n, 3);
    }

    /** Facts 2.1. */
    public static int PRTPM_SAH(int n) {
        return indexed("PRTPM_SAH", 0x001E44C0, 32, n, 3);
    }

    /** Facts 2.1. */
    public static final int PRTPM_SAH_PFPM_SAH_MASK = 0xFFFF;
    /** Facts 2.1. */
    public static final int PRTPM_SAH_PF_NUM_SHIFT = 26;
    public static final int PRTPM_SAH_PF_NUM_MASK = 0xF << PRTPM_SAH_PF_NUM_SHIFT;
    /** Facts 2.1. */
    public static final int PRTPM_SAH_MC_MAG_EN_SHIFT = 30;
    public static final int PRTPM_SAH_MC_MAG_EN_MASK = 1 << PRTPM_SAH_MC_MAG_EN_SHIFT;
    /** Facts 2.1. */
    public static final int PRTPM_SAH_AV_SHIFT = 31;
    public static final int PRTPM_SAH_AV_MASK = 1 << PRTPM_SAH_AV_SHIFT;

    /** Facts 2.1. */
    public static final int PRTGL_SAL = 0x001E2120;
    /** Facts 2.1. */
    public static final int PRTGL_SAH = 0x001E2140;
    /** Facts 2.1. */
    public static final int PRTGL_SAH_FC_SAH_MASK = 0xFFFF;
    /** Max frame size; Linux warns if below 0x2600 = 9728 (facts 2.1). */
    public static final int PRTGL_SAH_MFS_SHIFT = 16;
    public static final int PRTGL_SAH_MFS_MASK = 0xFFFF << PRTGL_SAH_MFS_SHIFT;
    /** {@code MAX_FRAME_SIZE_DEFAULT} checked by Linux (facts 2.1). */
    public static final int MAX_FRAME_SIZE_DEFAULT = 0x2600;
}
