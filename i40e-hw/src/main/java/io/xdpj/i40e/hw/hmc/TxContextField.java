package io.xdpj.i40e.hw.hmc;

/**
 * The Tx queue context field table, {@code struct i40e_hmc_obj_txq} / {@code i40e_hmc_txq_ce_info} (facts 5.7),
 * in a 128-byte object.
 */
public enum TxContextField implements ContextField {
    /** Head index. Facts 5.7. */
    HEAD("head", 13, 0),
    /** Marks a freshly written context. Facts 5.7. */
    NEW_CONTEXT("new_context", 1, 30),
    /** Ring base address / 128. Facts 5.7. */
    BASE("base", 57, 32),
    /** FCoE. Facts 5.7. */
    FC_ENA("fc_ena", 1, 89),
    /** PTP timestamping. Facts 5.7. */
    TIMESYNC_ENA("timesync_ena", 1, 90),
    /** Flow-director programming allowed. Facts 5.7. */
    FD_ENA("fd_ena", 1, 91),
    /** Facts 5.7. */
    ALT_VLAN_ENA("alt_vlan_ena", 1, 92),
    /** TPH CPU. Facts 5.7. */
    CPUID("cpuid", 8, 96),
    /** Head write-back value. Facts 5.7. */
    THEAD_WB("thead_wb", 13, 128),
    /** Enable head write-back to memory. Facts 5.7. */
    HEAD_WB_ENA("head_wb_ena", 1, 160),
    /** Number of descriptors. Facts 5.7. */
    QLEN("qlen", 13, 161),
    /** Facts 5.7. */
    TPHRDESC_ENA("tphrdesc_ena", 1, 174),
    /** Facts 5.7. */
    TPHRPACKET_ENA("tphrpacket_ena", 1, 175),
    /** Facts 5.7. */
    TPHWDESC_ENA("tphwdesc_ena", 1, 176),
    /** Physical (IO virtual) address the head is written to. Facts 5.7. */
    HEAD_WB_ADDR("head_wb_addr", 64, 192),
    /** Facts 5.7. */
    CRC("crc", 32, 896),
    /** Tx queue-set handle = VSI qs_handle[tc] (facts 4.10). Facts 5.7. */
    RDYLIST("rdylist", 10, 980),
    /** Facts 5.7. */
    RDYLIST_ACT("rdylist_act", 1, 990);

    private final String fieldName;
    private final int width;
    private final int lsb;

    TxContextField(String fieldName, int width, int lsb) {
        this.fieldName = fieldName;
        this.width = width;
        this.lsb = lsb;
    }

    @Override
    public String fieldName() {
        return fieldName;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int lsb() {
        return lsb;
    }
}
