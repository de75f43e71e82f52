package io.xdpj.i40e.hw.hmc;

/**
 * The Rx queue context field table, {@code struct i40e_hmc_obj_rxq} / {@code i40e_hmc_rxq_ce_info} (facts 5.6).
 * Highest used bit is 201, so the fields occupy bytes 0..25 of the 32-byte object.
 */
public enum RxContextField implements ContextField {
    /** Current head (descriptor index). Facts 5.6. */
    HEAD("head", 13, 0),
    /** TPH CPU id. Facts 5.6. */
    CPUID("cpuid", 8, 13),
    /** Ring base address / 128. Facts 5.6. */
    BASE("base", 57, 32),
    /** Number of descriptors. Facts 5.6. */
    QLEN("qlen", 13, 89),
    /** Data buffer size in 128-byte units. Facts 5.6. */
    DBUFF("dbuff", 7, 102),
    /** Header buffer size in 64-byte units. Facts 5.6. */
    HBUFF("hbuff", 5, 109),
    /** Descriptor type / split mode: 0 none, 1 split enabled, 2 split always. Facts 5.6. */
    DTYPE("dtype", 2, 114),
    /** 0 = 16-byte, 1 = 32-byte Rx descriptors. Facts 5.6. */
    DSIZE("dsize", 1, 116),
    /** Strip the Ethernet CRC. Facts 5.6. */
    CRCSTRIP("crcstrip", 1, 117),
    /** FCoE enable. Facts 5.6. */
    FC_ENA("fc_ena", 1, 118),
    /** L2 tag select. Facts 5.6. */
    L2TSEL("l2tsel", 1, 119),
    /** Split-on bits: L2 1, IP 2, TCP/UDP 4, SCTP 8. Facts 5.6. */
    HSPLIT_0("hsplit_0", 4, 120),
    /** Facts 5.6. */
    HSPLIT_1("hsplit_1", 2, 124),
    /** Inner-VLAN handling. Facts 5.6. */
    SHOWIV("showiv", 1, 127),
    /** Max frame size in bytes. Facts 5.6. */
    RXMAX("rxmax", 14, 174),
    /** TPH on descriptor reads. Facts 5.6. */
    TPHRDESC_ENA("tphrdesc_ena", 1, 193),
    /** TPH on descriptor write-back. Facts 5.6. */
    TPHWDESC_ENA("tphwdesc_ena", 1, 194),
    /** TPH on data. Facts 5.6. */
    TPHDATA_ENA("tphdata_ena", 1, 195),
    /** TPH on header. Facts 5.6. */
    TPHHEAD_ENA("tphhead_ena", 1, 196),
    /** Low Rx queue threshold (semantics UNVERIFIED, facts 14). Facts 5.6. */
    LRXQTHRESH("lrxqthresh", 3, 198),
    /** Prefetch enable ("normally must be set to 1 at init"). Facts 5.6. */
    PREFENA("prefena", 1, 201);

    private final String fieldName;
    private final int width;
    private final int lsb;

    RxContextField(String fieldName, int width, int lsb) {
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
