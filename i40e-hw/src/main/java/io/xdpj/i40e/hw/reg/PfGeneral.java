package io.xdpj.i40e.hw.reg;

/** PF general and reset registers: PFGEN_*, GLGEN_*, PRTGEN_CNF, GLVFGEN_TIMER (facts 2.1, 2.2). */
public final class PfGeneral {

    private PfGeneral() {
    }

    /** PF control, reset domain PFR (facts 2.1). */
    public static final int PFGEN_CTRL = 0x00092400;
    /** Write 1 to start a PF software reset; reads 0 again when it is done (facts 2.1, 2.2). */
    public static final int PFGEN_CTRL_PFSWR_SHIFT = 0;
    public static final int PFGEN_CTRL_PFSWR_MASK = 1 << PFGEN_CTRL_PFSWR_SHIFT;

    /** Global reset status, reset domain POR (facts 2.1). */
    public static final int GLGEN_RSTAT = 0x000B8188;
    /** Non-zero = reset in progress; drivers wait for 0 (facts 2.1, 2.2). */
    public static final int GLGEN_RSTAT_DEVSTATE_SHIFT = 0;
    public static final int GLGEN_RSTAT_DEVSTATE_MASK = 0x3 << GLGEN_RSTAT_DEVSTATE_SHIFT;
    /** Facts 2.1 (encoding UNVERIFIED, facts 14). */
    public static final int GLGEN_RSTAT_RESET_TYPE_SHIFT = 2;
    public static final int GLGEN_RSTAT_RESET_TYPE_MASK = 0x3 << GLGEN_RSTAT_RESET_TYPE_SHIFT;
    /** Facts 2.1. */
    public static final int GLGEN_RSTAT_CORERCNT_SHIFT = 4;
    public static final int GLGEN_RSTAT_CORERCNT_MASK = 0x3 << GLGEN_RSTAT_CORERCNT_SHIFT;
    /** Facts 2.1. */
    public static final int GLGEN_RSTAT_GLOBRCNT_SHIFT = 6;
    public static final int GLGEN_RSTAT_GLOBRCNT_MASK = 0x3 << GLGEN_RSTAT_GLOBRCNT_SHIFT;
    /** Facts 2.1. */
    public static final int GLGEN_RSTAT_EMPRCNT_SHIFT = 8;
    public static final int GLGEN_RSTAT_EMPRCNT_MASK = 0x3 << GLGEN_RSTAT_EMPRCNT_SHIFT;
    /** Facts 2.1. */
    public static final int GLGEN_RSTAT_TIME_TO_RST_SHIFT = 10;
    public static final int GLGEN_RSTAT_TIME_TO_RST_MASK = 0x3F << GLGEN_RSTAT_TIME_TO_RST_SHIFT;

    /** Global reset control, reset domain POR (facts 2.1). */
    public static final int GLGEN_RSTCTL = 0x000B8180;
    /** Global reset delay in 100 ms units (driver comment, facts 2.1). */
    public static final int GLGEN_RSTCTL_GRSTDEL_SHIFT = 0;
    public static final int GLGEN_RSTCTL_GRSTDEL_MASK = 0x3F << GLGEN_RSTCTL_GRSTDEL_SHIFT;
    /** Facts 2.1. */
    public static final int GLGEN_RSTCTL_ECC_RST_ENA_SHIFT = 8;
    public static final int GLGEN_RSTCTL_ECC_RST_ENA_MASK = 1 << GLGEN_RSTCTL_ECC_RST_ENA_SHIFT;

    /** Reset trigger, reset domain CORER (facts 2.1). */
    public static final int GLGEN_RTRIG = 0x000B8190;
    /** Facts 2.1. */
    public static final int GLGEN_RTRIG_CORER_SHIFT = 0;
    public static final int GLGEN_RTRIG_CORER_MASK = 1 << GLGEN_RTRIG_CORER_SHIFT;
    /** Facts 2.1. */
    public static final int GLGEN_RTRIG_GLOBR_SHIFT = 1;
    public static final int GLGEN_RTRIG_GLOBR_MASK = 1 << GLGEN_RTRIG_GLOBR_SHIFT;
    /** Facts 2.1. */
    public static final int GLGEN_RTRIG_EMPFWR_SHIFT = 2;
    public static final int GLGEN_RTRIG_EMPFWR_MASK = 1 << GLGEN_RTRIG_EMPFWR_SHIFT;

    /** Physical port of this PF, reset domain CORER (facts 2.1). */
    public static final int PFGEN_PORTNUM = 0x001C0480;
    /** Physical port 0-3; index for the GLPRT_* registers (facts 2.1). */
    public static final int PFGEN_PORTNUM_PORT_NUM_SHIFT = 0;
    public static final int PFGEN_PORTNUM_PORT_NUM_MASK = 0x3 << PFGEN_PORTNUM_PORT_NUM_SHIFT;

    /** Port configuration, reset domain POR; array over ports 0-3 at stride 4 (facts 2.1). */
    public static final int PRTGEN_CNF = 0x000B8120;
    /** Facts 2.1. */
    public static final int PRTGEN_CNF_PORT_DIS_SHIFT = 0;
    public static final int PRTGEN_CNF_PORT_DIS_MASK = 1 << PRTGEN_CNF_PORT_DIS_SHIFT;

    /** Free-running microsecond timer, reset domain CORER (facts 2.1). */
    public static final int GLVFGEN_TIMER = 0x000881BC;
}
