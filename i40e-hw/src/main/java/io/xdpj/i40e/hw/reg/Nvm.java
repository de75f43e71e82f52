package io.xdpj.i40e.hw.reg;

/** NVM and firmware status registers: GLNVM_*, GL_FWSTS (facts 2.1). All reset domain POR. */
public final class Nvm {

    private Nvm() {
    }

    /** NVM/firmware load-done bits (facts 2.1). */
    public static final int GLNVM_ULD = 0x000B6008;
    /** Facts 2.1. */
    public static final int GLNVM_ULD_CONF_PCIR_DONE_SHIFT = 0;
    public static final int GLNVM_ULD_CONF_PCIR_DONE_MASK = 1 << GLNVM_ULD_CONF_PCIR_DONE_SHIFT;
    /** Facts 2.1. */
    public static final int GLNVM_ULD_CONF_PCIRTL_DONE_SHIFT = 1;
    public static final int GLNVM_ULD_CONF_PCIRTL_DONE_MASK = 1 << GLNVM_ULD_CONF_PCIRTL_DONE_SHIFT;
    /** Facts 2.1. */
    public static final int GLNVM_ULD_CONF_LCB_DONE_SHIFT = 2;
    public static final int GLNVM_ULD_CONF_LCB_DONE_MASK = 1 << GLNVM_ULD_CONF_LCB_DONE_SHIFT;
    /** Drivers wait for this and CONF_GLOBAL_DONE after a reset (facts 2.1, 2.2 step 2). */
    public static final int GLNVM_ULD_CONF_CORE_DONE_SHIFT = 3;
    public static final int GLNVM_ULD_CONF_CORE_DONE_MASK = 1 << GLNVM_ULD_CONF_CORE_DONE_SHIFT;
    /** Facts 2.1, 2.2 step 2. */
    public static final int GLNVM_ULD_CONF_GLOBAL_DONE_SHIFT = 4;
    public static final int GLNVM_ULD_CONF_GLOBAL_DONE_MASK = 1 << GLNVM_ULD_CONF_GLOBAL_DONE_SHIFT;
    /** Facts 2.1. */
    public static final int GLNVM_ULD_CONF_POR_DONE_SHIFT = 5;
    public static final int GLNVM_ULD_CONF_POR_DONE_MASK = 1 << GLNVM_ULD_CONF_POR_DONE_SHIFT;
    /** Facts 2.1. */
    public static final int GLNVM_ULD_CONF_PCIE_ANA_DONE_SHIFT = 6;
    public static final int GLNVM_ULD_CONF_PCIE_ANA_DONE_MASK = 1 << GLNVM_ULD_CONF_PCIE_ANA_DONE_SHIFT;
    /** Facts 2.1. */
    public static final int GLNVM_ULD_CONF_PHY_ANA_DONE_SHIFT = 7;
    public static final int GLNVM_ULD_CONF_PHY_ANA_DONE_MASK = 1 << GLNVM_ULD_CONF_PHY_ANA_DONE_SHIFT;
    /** Facts 2.1. */
    public static final int GLNVM_ULD_CONF_EMP_DONE_SHIFT = 8;
    public static final int GLNVM_ULD_CONF_EMP_DONE_MASK = 1 << GLNVM_ULD_CONF_EMP_DONE_SHIFT;
    /** Facts 2.1. */
    public static final int GLNVM_ULD_CONF_PCIALT_DONE_SHIFT = 9;
    public static final int GLNVM_ULD_CONF_PCIALT_DONE_MASK = 1 << GLNVM_ULD_CONF_PCIALT_DONE_SHIFT;

    /** Flash access (facts 2.1). */
    public static final int GLNVM_FLA = 0x000B6108;
    /** Must read 1, else shared-code init fails with "blank NVM" (facts 2.1, 13.4). */
    public static final int GLNVM_FLA_LOCKED_SHIFT = 6;
    public static final int GLNVM_FLA_LOCKED_MASK = 1 << GLNVM_FLA_LOCKED_SHIFT;

    /** NVM general status (facts 2.1). */
    public static final int GLNVM_GENS = 0x000B6100;
    /** Shadow RAM size: 2^SR_SIZE KiB, i.e. 2^SR_SIZE × 512 words (facts 2.1). */
    public static final int GLNVM_GENS_SR_SIZE_SHIFT = 5;
    public static final int GLNVM_GENS_SR_SIZE_MASK = 0x7 << GLNVM_GENS_SR_SIZE_SHIFT;
    /** Shadow RAM words per KiB ({@code I40E_SR_WORDS_IN_1KB}, facts 2.1). */
    public static final int SR_WORDS_IN_1KB = 512;

    /** Shadow RAM control (facts 2.1). */
    public static final int GLNVM_SRCTL = 0x000B6110;
    /** Facts 2.1. */
    public static final int GLNVM_SRCTL_SRBUSY_SHIFT = 0;
    public static final int GLNVM_SRCTL_SRBUSY_MASK = 1 << GLNVM_SRCTL_SRBUSY_SHIFT;
    /** Word address (facts 2.1). */
    public static final int GLNVM_SRCTL_ADDR_SHIFT = 14;
    public static final int GLNVM_SRCTL_ADDR_MASK = 0x7FFF << GLNVM_SRCTL_ADDR_SHIFT;
    /** Facts 2.1. */
    public static final int GLNVM_SRCTL_WRITE_SHIFT = 29;
    public static final int GLNVM_SRCTL_WRITE_MASK = 1 << GLNVM_SRCTL_WRITE_SHIFT;
    /** Facts 2.1. */
    public static final int GLNVM_SRCTL_START_SHIFT = 30;
    public static final int GLNVM_SRCTL_START_MASK = 1 << GLNVM_SRCTL_START_SHIFT;
    /** Facts 2.1. */
    public static final int GLNVM_SRCTL_DONE_SHIFT = 31;
    public static final int GLNVM_SRCTL_DONE_MASK = 1 << GLNVM_SRCTL_DONE_SHIFT;

    /** Shadow RAM data (facts 2.1). */
    public static final int GLNVM_SRDATA = 0x000B6114;
    /** Facts 2.1. */
    public static final int GLNVM_SRDATA_WRDATA_SHIFT = 0;
    public static final int GLNVM_SRDATA_WRDATA_MASK = 0xFFFF << GLNVM_SRDATA_WRDATA_SHIFT;
    /** Read data of the word addressed by SRCTL (facts 2.1). */
    public static final int GLNVM_SRDATA_RDDATA_SHIFT = 16;
    public static final int GLNVM_SRDATA_RDDATA_MASK = 0xFFFF << GLNVM_SRDATA_RDDATA_SHIFT;

    /** Shadow RAM word: boot-config pointer; OEM version words at its value + 0x83 / + 0x84 (facts 2.1, 13.5). */
    public static final int SR_BOOT_CONFIG_PTR = 0x17;
    /** Shadow RAM word: NVM version (facts 2.1, 13.5). */
    public static final int SR_NVM_DEV_STARTER_VERSION = 0x18;
    /** Shadow RAM word: EETRACK low, read at init (facts 2.1, 13.5). */
    public static final int SR_NVM_EETRACK_LO = 0x2D;
    /** Shadow RAM word: EETRACK high, read at init (facts 2.1, 13.5). */
    public static final int SR_NVM_EETRACK_HI = 0x2E;
    /**
     * Offset of the OEM version words from the boot-config pointer's value: words + 0x83 and + 0x84 (facts 2.1).
     * NB: the names of these Shadow RAM symbols are Intel's shared-code names ({@code I40E_SR_*},
     * {@code I40E_NVM_OEM_VER_OFF}); the facts give the values.
     */
    public static final int NVM_OEM_VER_OFF = 0x83;

    /** Firmware status (facts 2.1). */
    public static final int GL_FWSTS = 0x00083048;
    /** Facts 2.1. */
    public static final int GL_FWSTS_FWS0B_SHIFT = 0;
    public static final int GL_FWSTS_FWS0B_MASK = 0xFF << GL_FWSTS_FWS0B_SHIFT;
    /** Facts 2.1. */
    public static final int GL_FWSTS_FWROWD_SHIFT = 8;
    public static final int GL_FWSTS_FWROWD_MASK = 1 << GL_FWSTS_FWROWD_SHIFT;
    /** Facts 2.1. */
    public static final int GL_FWSTS_FWRI_SHIFT = 9;
    public static final int GL_FWSTS_FWRI_MASK = 1 << GL_FWSTS_FWRI_SHIFT;
    /** Any bit set = firmware recovery mode (facts 2.1, 13.1). */
    public static final int GL_FWSTS_FWS1B_SHIFT = 16;
    public static final int GL_FWSTS_FWS1B_MASK = 0xFF << GL_FWSTS_FWS1B_SHIFT;
    /** FWS1B EMP-reset-count window start, {@code 0x20 << 16} (facts 2.1). */
    public static final int GL_FWSTS_FWS1B_EMPR_0 = 0x20 << GL_FWSTS_FWS1B_SHIFT;
    /** FWS1B EMP-reset-count window end, {@code 0x2A << 16} (facts 2.1). */
    public static final int GL_FWSTS_FWS1B_EMPR_10 = 0x2A << GL_FWSTS_FWS1B_SHIFT;
    /** FWS1B recovery value on XL710 after a CORER (facts 2.1). */
    public static final int GL_FWSTS_FWS1B_RECOVERY_CORER = 0x30;
    /** FWS1B recovery value on XL710 after a GLOBR (facts 2.1). */
    public static final int GL_FWSTS_FWS1B_RECOVERY_GLOBR = 0x31;
    /** FWS1B recovery value on XL710 in transition (facts 2.1). */
    public static final int GL_FWSTS_FWS1B_RECOVERY_TRANSITION = 0x32;
    /** FWS1B recovery value on XL710 for an NVM problem (facts 2.1). */
    public static final int GL_FWSTS_FWS1B_RECOVERY_NVM = 0x33;
}
