package io.xdpj.i40e.hw.reg;

/** PCI and function identity registers: PF_FUNC_RID, GLPCI_*, PF_VT_PFALLOC (facts 2.1). Reset domain PCIR/CORER. */
public final class PciRegisters {

    private PciRegisters() {
    }

    /** This function's requester id, reset domain PCIR (facts 2.1). */
    public static final int PF_FUNC_RID = 0x0009C000;
    /** Facts 2.1. */
    public static final int PF_FUNC_RID_FUNCTION_NUMBER_SHIFT = 0;
    public static final int PF_FUNC_RID_FUNCTION_NUMBER_MASK = 0x7 << PF_FUNC_RID_FUNCTION_NUMBER_SHIFT;
    /** Facts 2.1. */
    public static final int PF_FUNC_RID_DEVICE_NUMBER_SHIFT = 3;
    public static final int PF_FUNC_RID_DEVICE_NUMBER_MASK = 0x1F << PF_FUNC_RID_DEVICE_NUMBER_SHIFT;
    /** Facts 2.1. */
    public static final int PF_FUNC_RID_BUS_NUMBER_SHIFT = 8;
    public static final int PF_FUNC_RID_BUS_NUMBER_MASK = 0xFF << PF_FUNC_RID_BUS_NUMBER_SHIFT;

    /** Capabilities supported, reset domain PCIR (facts 2.1). */
    public static final int GLPCI_CAPSUP = 0x000BE4A8;
    /** pf_id = ARI_EN ? PF_FUNC_RID[7:0] : PF_FUNC_RID[2:0] (facts 2.1). */
    public static final int GLPCI_CAPSUP_ARI_EN_SHIFT = 4;
    public static final int GLPCI_CAPSUP_ARI_EN_MASK = 1 << GLPCI_CAPSUP_ARI_EN_SHIFT;

    /** PCI configuration 2, reset domain PCIR (facts 2.1). */
    public static final int GLPCI_CNF2 = 0x000BE494;
    /** Facts 2.1. */
    public static final int GLPCI_CNF2_RO_DIS_SHIFT = 0;
    public static final int GLPCI_CNF2_RO_DIS_MASK = 1 << GLPCI_CNF2_RO_DIS_SHIFT;
    /** Facts 2.1. */
    public static final int GLPCI_CNF2_CACHELINE_SIZE_SHIFT = 1;
    public static final int GLPCI_CNF2_CACHELINE_SIZE_MASK = 1 << GLPCI_CNF2_CACHELINE_SIZE_SHIFT;
    /** PF MSI-X vector count (facts 2.1). */
    public static final int GLPCI_CNF2_MSI_X_PF_N_SHIFT = 2;
    public static final int GLPCI_CNF2_MSI_X_PF_N_MASK = 0x7FF << GLPCI_CNF2_MSI_X_PF_N_SHIFT;
    /** VF MSI-X vector count (facts 2.1). */
    public static final int GLPCI_CNF2_MSI_X_VF_N_SHIFT = 13;
    public static final int GLPCI_CNF2_MSI_X_VF_N_MASK = 0x7FF << GLPCI_CNF2_MSI_X_VF_N_SHIFT;

    /** VF range owned by this PF, reset domain CORER (facts 2.1). */
    public static final int PF_VT_PFALLOC = 0x001C0500;
    /** Facts 2.1. */
    public static final int PF_VT_PFALLOC_FIRSTVF_SHIFT = 0;
    public static final int PF_VT_PFALLOC_FIRSTVF_MASK = 0xFF << PF_VT_PFALLOC_FIRSTVF_SHIFT;
    /** Facts 2.1. */
    public static final int PF_VT_PFALLOC_LASTVF_SHIFT = 8;
    public static final int PF_VT_PFALLOC_LASTVF_MASK = 0xFF << PF_VT_PFALLOC_LASTVF_SHIFT;
    /** Facts 2.1. */
    public static final int PF_VT_PFALLOC_VALID_SHIFT = 31;
    public static final int PF_VT_PFALLOC_VALID_MASK = 1 << PF_VT_PFALLOC_VALID_SHIFT;

    /** Linux maps min(BAR0, 4 MiB − 64 KiB) ({@code I40E_MAX_CSR_SPACE}, facts 1.3). */
    public static final int MAX_CSR_SPACE = 0x3F0000;
}
