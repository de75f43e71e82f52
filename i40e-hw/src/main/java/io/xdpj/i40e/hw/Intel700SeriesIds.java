package io.xdpj.i40e.hw;

import java.util.Map;
import java.util.TreeMap;

/**
 * PCI IDs of the Intel Ethernet 700-series physical functions the i40e driver serves (i40e facts 1.1, from
 * {@code i40e_devids.h}): the one table of them, used by the model, the driver and VFIO discovery.
 */
public final class Intel700SeriesIds {
    /** I40E_INTEL_VENDOR_ID (i40e facts 1.1). */
    public static final int I40E_INTEL_VENDOR_ID = 0x8086;

    /** I40E_DEV_ID_SFP_XL710 (i40e facts 1.1). */
    public static final int I40E_DEV_ID_SFP_XL710 = 0x1572;
    /** I40E_DEV_ID_QEMU (i40e facts 1.1). */
    public static final int I40E_DEV_ID_QEMU = 0x1574;
    /** I40E_DEV_ID_KX_B (i40e facts 1.1). */
    public static final int I40E_DEV_ID_KX_B = 0x1580;
    /** I40E_DEV_ID_KX_C (i40e facts 1.1). */
    public static final int I40E_DEV_ID_KX_C = 0x1581;
    /** I40E_DEV_ID_QSFP_A (i40e facts 1.1). */
    public static final int I40E_DEV_ID_QSFP_A = 0x1583;
    /** I40E_DEV_ID_QSFP_B (i40e facts 1.1). */
    public static final int I40E_DEV_ID_QSFP_B = 0x1584;
    /** I40E_DEV_ID_QSFP_C (i40e facts 1.1). */
    public static final int I40E_DEV_ID_QSFP_C = 0x1585;
    /** I40E_DEV_ID_10G_BASE_T (i40e facts 1.1). */
    public static final int I40E_DEV_ID_10G_BASE_T = 0x1586;
    /** I40E_DEV_ID_20G_KR2 (i40e facts 1.1). */
    public static final int I40E_DEV_ID_20G_KR2 = 0x1587;
    /** I40E_DEV_ID_20G_KR2_A (i40e facts 1.1). */
    public static final int I40E_DEV_ID_20G_KR2_A = 0x1588;
    /** I40E_DEV_ID_10G_BASE_T4 (i40e facts 1.1). */
    public static final int I40E_DEV_ID_10G_BASE_T4 = 0x1589;
    /** I40E_DEV_ID_25G_B (i40e facts 1.1). */
    public static final int I40E_DEV_ID_25G_B = 0x158A;
    /** I40E_DEV_ID_25G_SFP28 (i40e facts 1.1). */
    public static final int I40E_DEV_ID_25G_SFP28 = 0x158B;
    /** I40E_DEV_ID_10G_BASE_T_BC (i40e facts 1.1). */
    public static final int I40E_DEV_ID_10G_BASE_T_BC = 0x15FF;
    /** I40E_DEV_ID_5G_BASE_T_BC (i40e facts 1.1). */
    public static final int I40E_DEV_ID_5G_BASE_T_BC = 0x101F;
    /** I40E_DEV_ID_1G_BASE_T_BC (i40e facts 1.1). */
    public static final int I40E_DEV_ID_1G_BASE_T_BC = 0x0DD2;
    /** I40E_DEV_ID_10G_B (i40e facts 1.1). */
    public static final int I40E_DEV_ID_10G_B = 0x104F;
    /** I40E_DEV_ID_10G_SFP (i40e facts 1.1). */
    public static final int I40E_DEV_ID_10G_SFP = 0x104E;
    /** I40E_DEV_ID_X710_N3000 (i40e facts 1.1). */
    public static final int I40E_DEV_ID_X710_N3000 = 0x0CF8;
    /** I40E_DEV_ID_XXV710_N3000 (i40e facts 1.1). */
    public static final int I40E_DEV_ID_XXV710_N3000 = 0x0D58;
    /** I40E_DEV_ID_KX_X722 (i40e facts 1.1). */
    public static final int I40E_DEV_ID_KX_X722 = 0x37CE;
    /** I40E_DEV_ID_QSFP_X722 (i40e facts 1.1). */
    public static final int I40E_DEV_ID_QSFP_X722 = 0x37CF;
    /** I40E_DEV_ID_SFP_X722 (i40e facts 1.1). */
    public static final int I40E_DEV_ID_SFP_X722 = 0x37D0;
    /** I40E_DEV_ID_1G_BASE_T_X722 (i40e facts 1.1). */
    public static final int I40E_DEV_ID_1G_BASE_T_X722 = 0x37D1;
    /** I40E_DEV_ID_10G_BASE_T_X722 (i40e facts 1.1). */
    public static final int I40E_DEV_ID_10G_BASE_T_X722 = 0x37D2;
    /** I40E_DEV_ID_SFP_I_X722 (i40e facts 1.1). */
    public static final int I40E_DEV_ID_SFP_I_X722 = 0x37D3;
    /** I40E_DEV_ID_SFP_X722_A (i40e facts 1.1). */
    public static final int I40E_DEV_ID_SFP_X722_A = 0x0DDA;

    private static final Map<Integer, String> NAMES = new TreeMap<>();

    static {
        // Names as iPXE's intelxl PCI table gives them; the macro name where iPXE does not list the ID (i40e facts 1.1).
        NAMES.put(I40E_DEV_ID_SFP_XL710, "X710 10GbE SFP+");
        NAMES.put(I40E_DEV_ID_QEMU, "Virtual XL710");
        NAMES.put(I40E_DEV_ID_KX_B, "XL710 40GbE backplane");
        NAMES.put(I40E_DEV_ID_KX_C, "XL710 10GbE backplane");
        NAMES.put(I40E_DEV_ID_QSFP_A, "XL710 40GbE QSFP+");
        NAMES.put(I40E_DEV_ID_QSFP_B, "XL710 40GbE QSFP+");
        NAMES.put(I40E_DEV_ID_QSFP_C, "X710 10GbE QSFP+");
        NAMES.put(I40E_DEV_ID_10G_BASE_T, "X710 10GBASE-T");
        NAMES.put(I40E_DEV_ID_20G_KR2, "XL710 20GbE backplane");
        NAMES.put(I40E_DEV_ID_20G_KR2_A, "XL710 20GbE backplane");
        NAMES.put(I40E_DEV_ID_10G_BASE_T4, "X710 10GBASE-T4");
        NAMES.put(I40E_DEV_ID_25G_B, "XXV710 25GbE backplane");
        NAMES.put(I40E_DEV_ID_25G_SFP28, "XXV710 25GbE SFP28");
        NAMES.put(I40E_DEV_ID_10G_BASE_T_BC, "X710 10GBASE-T");
        NAMES.put(I40E_DEV_ID_5G_BASE_T_BC, "I40E_DEV_ID_5G_BASE_T_BC");
        NAMES.put(I40E_DEV_ID_1G_BASE_T_BC, "I40E_DEV_ID_1G_BASE_T_BC");
        NAMES.put(I40E_DEV_ID_10G_B, "X710 10GbE backplane");
        NAMES.put(I40E_DEV_ID_10G_SFP, "X710 10GbE SFP+");
        NAMES.put(I40E_DEV_ID_X710_N3000, "X710 FPGA N3000");
        NAMES.put(I40E_DEV_ID_XXV710_N3000, "XXV710 FPGA N3000");
        NAMES.put(I40E_DEV_ID_KX_X722, "X722 10GbE backplane");
        NAMES.put(I40E_DEV_ID_QSFP_X722, "X722 10GbE QSFP+");
        NAMES.put(I40E_DEV_ID_SFP_X722, "X722 10GbE SFP+");
        NAMES.put(I40E_DEV_ID_1G_BASE_T_X722, "X722 1GBASE-T");
        NAMES.put(I40E_DEV_ID_10G_BASE_T_X722, "X722 10GBASE-T");
        NAMES.put(I40E_DEV_ID_SFP_I_X722, "X722 10GbE SFP+");
        NAMES.put(I40E_DEV_ID_SFP_X722_A, "I40E_DEV_ID_SFP_X722_A");
    }

    private Intel700SeriesIds() {
    }

    /** True for a 700-series physical function (i40e facts 1.1); VFs (facts 1.2) are not i40e devices. */
    public static boolean isI40ePf(int vendor, int device) {
        return vendor == I40E_INTEL_VENDOR_ID && NAMES.containsKey(device);
    }

    /** True for the X722 MAC type (i40e facts 1.1); every other 700-series ID is MAC type XL710. */
    public static boolean isX722(int device) {
        return device >= I40E_DEV_ID_KX_X722 && device <= I40E_DEV_ID_SFP_I_X722 || device == I40E_DEV_ID_SFP_X722_A;
    }

    /** A product name for a 700-series device ID, or null. */
    public static String name(int device) {
        return NAMES.get(device);
    }

    /** How many PF IDs the table holds (27 in i40e facts 1.1). */
    public static int count() {
        return NAMES.size();
    }
}
