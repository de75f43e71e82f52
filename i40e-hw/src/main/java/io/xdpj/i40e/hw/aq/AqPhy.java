package io.xdpj.i40e.hw.aq;

/**
 * PHY and link commands (facts 4.13): Get PHY Abilities 0x0600, Set PHY Config 0x0601, Set MAC Config 0x0603, Set Link
 * Restart AN 0x0605, Get Link Status 0x0607 (same layout as the ARQ link event), Set PHY Int Mask 0x0613; the link
 * speed encoding and the PHY types.
 */
public final class AqPhy {

    private AqPhy() {
    }

    /** Get abilities: param0 bits (facts 4.13). */
    public static final int REPORT_QUALIFIED_MODULES = 0x1;
    public static final int REPORT_INITIAL_VALUES = 0x2;
    /** Get abilities buffer size the drivers use, 0x218 (facts 4.13). */
    public static final int ABILITIES_BUFFER_SIZE = 0x218;
    /** Abilities buffer fields (facts 4.13). */
    public static final int ABILITIES_PHY_TYPE = 0;
    public static final int ABILITIES_LINK_SPEED = 4;
    public static final int ABILITIES_ABILITIES = 5;
    public static final int ABILITIES_EEE_CAPABILITY = 6;
    public static final int ABILITIES_EEER_VAL = 8;
    public static final int ABILITIES_D3_LPAN = 12;
    public static final int ABILITIES_PHY_TYPE_EXT = 13;
    public static final int ABILITIES_FEC_CFG = 14;
    public static final int ABILITIES_EXT_COMP_CODE = 15;
    public static final int ABILITIES_PHY_ID = 16;
    public static final int ABILITIES_MODULE_TYPE = 20;
    public static final int ABILITIES_QUALIFIED_MODULE_COUNT = 23;
    public static final int ABILITIES_QUALIFIED_MODULE = 24;
    /** Size of the abilities response without qualified modules (facts 4.13). */
    public static final int ABILITIES_FIXED_SIZE = 24;
    /** abilities byte bits (facts 4.13). */
    public static final int ABILITY_PAUSE_TX = 0x01;
    public static final int ABILITY_PAUSE_RX = 0x02;
    public static final int ABILITY_LOW_POWER = 0x04;
    public static final int ABILITY_LINK_ENABLED = 0x08;
    public static final int ABILITY_AN_ENABLED = 0x10;
    public static final int ABILITY_MODULE_QUAL = 0x20;

    /** Set PHY config params (facts 4.13). */
    public static final int SET_PHY_TYPE = 0;
    public static final int SET_LINK_SPEED = 4;
    public static final int SET_ABILITIES = 5;
    public static final int SET_EEE_CAPABILITY = 6;
    public static final int SET_EEER = 8;
    public static final int SET_LOW_POWER_CTRL = 12;
    public static final int SET_PHY_TYPE_EXT = 13;
    public static final int SET_FEC_CONFIG = 14;
    /** Set PHY config abilities bits (facts 4.13). */
    public static final int SET_ENABLE_LINK = 0x08;
    public static final int SET_ENABLE_AN = 0x10;
    public static final int SET_ENABLE_ATOMIC_LINK = 0x20;

    /** Set MAC config params (facts 4.13). */
    public static final int MAC_MAX_FRAME_SIZE = 0;
    public static final int MAC_PARAMS = 2;
    public static final int MAC_TX_TIMER_PRIORITY = 3;
    public static final int MAC_TX_TIMER_VALUE = 4;
    public static final int MAC_FC_REFRESH_THRESHOLD = 6;
    /** params bits (facts 4.13). */
    public static final int MAC_CRC_EN = 0x04;
    public static final int MAC_DROP_BLOCKING_PACKET_EN = 0x80;
    /** {@code I40E_FRAME_SIZE_MAX} (facts 4.13, 7.6). */
    public static final int FRAME_SIZE_MAX = 9728;

    /** Set link restart AN: u8 command (facts 4.13). */
    public static final int RESTART_COMMAND = 0;
    public static final int RESTART_AN = 0x02;
    public static final int RESTART_LINK_ENABLE = 0x04;

    /** Get link status / link event params (facts 4.13). */
    public static final int LINK_COMMAND_FLAGS = 0;
    public static final int LINK_PHY_TYPE = 2;
    public static final int LINK_SPEED = 3;
    public static final int LINK_INFO = 4;
    public static final int LINK_AN_INFO = 5;
    public static final int LINK_EXT_INFO = 6;
    public static final int LINK_LOOPBACK = 7;
    public static final int LINK_MAX_FRAME_SIZE = 8;
    public static final int LINK_CONFIG = 10;
    /** Request LSE field [1:0] (facts 4.13). */
    public static final int LSE_MASK = 0x3;
    public static final int LSE_NOP = 0;
    public static final int LSE_DISABLE = 2;
    public static final int LSE_ENABLE = 3;
    /** Response command_flags bit 0 (facts 4.13). */
    public static final int LSE_IS_ENABLED = 0x1;
    /** link_info bits (facts 4.13). */
    public static final int LINK_UP = 0x01;
    public static final int LINK_FAULT = 0x02;
    public static final int LINK_UP_PORT = 0x20;
    public static final int MEDIA_AVAILABLE = 0x40;
    public static final int SIGNAL_DETECT = 0x80;
    /** an_info bits (facts 4.13). */
    public static final int AN_COMPLETED = 0x01;
    public static final int QUALIFIED_MODULE = 0x80;
    /** config bits (facts 4.13). */
    public static final int CONFIG_CRC_ENA = 0x04;

    /** Set PHY int mask: u16 event_mask, set bits are masked (facts 4.13). */
    public static final int EVENT_MASK = 8;
    public static final int EVENT_LINK_UPDOWN = 0x0002;
    public static final int EVENT_MEDIA_NA = 0x0004;
    public static final int EVENT_LINK_FAULT = 0x0008;
    public static final int EVENT_MODULE_QUAL_FAIL = 0x0100;

    /** Link speed encoding (facts 4.13). */
    public static final int LINK_SPEED_UNKNOWN = 0x00;
    public static final int LINK_SPEED_2_5GB = 0x01;
    public static final int LINK_SPEED_100MB = 0x02;
    public static final int LINK_SPEED_1GB = 0x04;
    public static final int LINK_SPEED_10GB = 0x08;
    public static final int LINK_SPEED_40GB = 0x10;
    public static final int LINK_SPEED_20GB = 0x20;
    public static final int LINK_SPEED_25GB = 0x40;
    public static final int LINK_SPEED_5GB = 0x80;

    /** PHY types used by the model's defaults (facts 4.13). */
    public static final int PHY_TYPE_10GBASE_SR = 0x14;
    public static final int PHY_TYPE_40GBASE_CR4 = 0x18;
    public static final int PHY_TYPE_40GBASE_SR4 = 0x19;
    public static final int PHY_TYPE_40GBASE_LR4 = 0x1A;
    public static final int PHY_TYPE_EMPTY = 0xFE;
}
