package io.xdpj.i40e.hw.aq;

/**
 * Set/Get RSS key and LUT (0x0B02 set key, 0x0B03 set LUT, 0x0B04 get key, 0x0B05 get LUT; indirect BUF|RD).
 * NB: the facts sheet lists only the opcodes (facts 4.1); the layouts below were read in Intel's shared code
 * ({@code i40e_adminq_cmd.h}: {@code struct i40e_aqc_get_set_rss_key}, {@code _rss_key_data},
 * {@code _get_set_rss_lut}) and should be added to the facts sheet.
 */
public final class AqRss {

    private AqRss() {
    }

    /** u16: VSI id [9:0] | VSI_VALID (key and LUT commands). */
    public static final int VSI_ID = 0;
    /** LUT command: u16 flags, TABLE_TYPE bit 0 (0 VSI, 1 PF). */
    public static final int LUT_FLAGS = 2;
    public static final int VSI_VALID = 0x8000;
    public static final int VSI_ID_MASK = 0x3FF;
    public static final int LUT_TABLE_TYPE_MASK = 0x1;
    public static final int LUT_TABLE_TYPE_VSI = 0;
    public static final int LUT_TABLE_TYPE_PF = 1;
    /** Key buffer: standard_rss_key[0x28] then extended_hash_key[0xC]; 0x34 bytes in all. */
    public static final int STANDARD_KEY_SIZE = 0x28;
    public static final int EXTENDED_KEY_SIZE = 0xC;
    public static final int KEY_DATA_SIZE = 0x34;
}
