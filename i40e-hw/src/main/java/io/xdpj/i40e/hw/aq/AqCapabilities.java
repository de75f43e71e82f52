package io.xdpj.i40e.hw.aq;

/**
 * List Function / Device Capabilities (0x000A / 0x000B, indirect BUF[+LB]): params, the 32-byte record and the
 * capability ids (facts 4.6). If the buffer is too small, FW returns ENOMEM with datalen = the required size.
 */
public final class AqCapabilities {

    private AqCapabilities() {
    }

    /** u8 (facts 4.6). */
    public static final int COMMAND_FLAGS = 0;
    /** u8 (facts 4.6). */
    public static final int PF_INDEX = 1;
    /** u32; response: number of records returned (facts 4.6). */
    public static final int COUNT = 4;
    /** command_flags bit (facts 4.6). */
    public static final int PF_INDEX_EN = 1;

    /** Record size in bytes (facts 4.6). */
    public static final int RECORD_SIZE = 32;
    /** Record: u16 (facts 4.6). */
    public static final int RECORD_ID = 0;
    /** Record: u8 (facts 4.6). */
    public static final int RECORD_MAJOR_REV = 2;
    /** Record: u8 (facts 4.6). */
    public static final int RECORD_MINOR_REV = 3;
    /** Record: u32 (facts 4.6). */
    public static final int RECORD_NUMBER = 4;
    /** Record: u32 (facts 4.6). */
    public static final int RECORD_LOGICAL_ID = 8;
    /** Record: u32 (facts 4.6). */
    public static final int RECORD_PHYS_ID = 12;

    /** Facts 4.6. */
    public static final int SWITCH_MODE = 0x0001;
    /** Facts 4.6. */
    public static final int MNG_MODE = 0x0002;
    /** Facts 4.6. */
    public static final int NPAR_ACTIVE = 0x0003;
    /** Facts 4.6. */
    public static final int OS2BMC_CAP = 0x0004;
    /** number = bitmap of valid functions (facts 4.6). */
    public static final int FUNCTIONS_VALID = 0x0005;
    /** Facts 4.6. */
    public static final int WOL_AND_PROXY = 0x0008;
    /** Facts 4.6. */
    public static final int SRIOV = 0x0012;
    /** Facts 4.6. */
    public static final int VF = 0x0013;
    /** Facts 4.6. */
    public static final int VMDQ = 0x0014;
    /** Facts 4.6. */
    public static final int VSI = 0x0017;
    /** Facts 4.6. */
    public static final int DCB = 0x0018;
    /** number = RSS table size, logical_id = entry width (facts 4.6). */
    public static final int RSS = 0x0040;
    /** number = num_rx_qp, phys_id = base queue (absolute) (facts 4.6). */
    public static final int RXQ = 0x0041;
    /** number = num_tx_qp, phys_id = base queue (facts 4.6). */
    public static final int TXQ = 0x0042;
    /** number = MSI-X vectors (facts 4.6). */
    public static final int MSIX = 0x0043;
    /** Facts 4.6. */
    public static final int VF_MSIX = 0x0044;
    /** Facts 4.6. */
    public static final int FLOW_DIRECTOR = 0x0045;
    /** Facts 4.6. */
    public static final int IEEE_1588 = 0x0046;
    /** Facts 4.6. */
    public static final int NVM_MGMT = 0x0080;
    /** Records Linux asks for first: 40 × 32 = 1280 bytes (facts 4.6). */
    public static final int LINUX_FIRST_BUFFER = 40 * RECORD_SIZE;
}
