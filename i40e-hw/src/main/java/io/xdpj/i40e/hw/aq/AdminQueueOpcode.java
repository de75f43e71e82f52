package io.xdpj.i40e.hw.aq;

/** Admin queue opcodes ({@code enum i40e_admin_queue_opc}, subset; facts 4.1). */
public final class AdminQueueOpcode {

    private AdminQueueOpcode() {
    }

    /** Direct (facts 4.1, 4.2). */
    public static final int GET_VERSION = 0x0001;
    /** Indirect BUF|RD (facts 4.1, 4.3). */
    public static final int DRIVER_VERSION = 0x0002;
    /** Direct (facts 4.1, 4.4). */
    public static final int QUEUE_SHUTDOWN = 0x0003;
    /** Direct (facts 4.1). */
    public static final int SET_PF_CONTEXT = 0x0004;
    /** Direct (facts 4.1, 4.5). */
    public static final int REQUEST_RESOURCE = 0x0008;
    /** Direct (facts 4.1, 4.5). */
    public static final int RELEASE_RESOURCE = 0x0009;
    /** Indirect BUF (facts 4.1, 4.6). */
    public static final int LIST_FUNC_CAPABILITIES = 0x000A;
    /** Indirect BUF (facts 4.1, 4.6). */
    public static final int LIST_DEV_CAPABILITIES = 0x000B;
    /** Indirect BUF (facts 4.1, 4.8). */
    public static final int MAC_ADDRESS_READ = 0x0107;
    /** Direct (facts 4.1, 4.8). */
    public static final int MAC_ADDRESS_WRITE = 0x0108;
    /** Direct (facts 4.1, 4.7). */
    public static final int CLEAR_PXE_MODE = 0x0110;
    /** Indirect BUF (facts 4.1, 4.9). */
    public static final int GET_SWITCH_CONFIG = 0x0200;
    /** Direct (facts 4.1). */
    public static final int SET_PORT_PARAMETERS = 0x0203;
    /** Direct (facts 4.1). */
    public static final int SET_SWITCH_CONFIG = 0x0205;
    /** Direct (facts 4.1). */
    public static final int RX_CTL_REG_READ = 0x0206;
    /** Direct (facts 4.1). */
    public static final int RX_CTL_REG_WRITE = 0x0207;
    /** Indirect (facts 4.1, 4.10). */
    public static final int ADD_VSI = 0x0210;
    /** Indirect (facts 4.1, 4.10). */
    public static final int UPDATE_VSI_PARAMETERS = 0x0211;
    /** Indirect (facts 4.1, 4.10). */
    public static final int GET_VSI_PARAMETERS = 0x0212;
    /** Direct (facts 4.1). */
    public static final int ADD_VEB = 0x0230;
    /** Direct (facts 4.1). */
    public static final int DELETE_ELEMENT = 0x0243;
    /** Indirect BUF|RD (facts 4.1, 4.12). */
    public static final int ADD_MACVLAN = 0x0250;
    /** Indirect BUF|RD (facts 4.1, 4.12). */
    public static final int REMOVE_MACVLAN = 0x0251;
    /** Indirect (facts 4.1). */
    public static final int ADD_VLAN = 0x0252;
    /** Indirect (facts 4.1). */
    public static final int REMOVE_VLAN = 0x0253;
    /** Direct (facts 4.1, 4.11). */
    public static final int SET_VSI_PROMISCUOUS_MODES = 0x0254;
    /** Direct (facts 4.1). */
    public static final int SET_DCB_PARAMETERS = 0x0303;
    /** Indirect (facts 4.1). */
    public static final int CONFIGURE_VSI_TC_BW = 0x0407;
    /** Indirect BUF|LB (facts 4.1, 4.13). */
    public static final int GET_PHY_ABILITIES = 0x0600;
    /** Direct (facts 4.1, 4.13). */
    public static final int SET_PHY_CONFIG = 0x0601;
    /** Direct (facts 4.1, 4.13). */
    public static final int SET_MAC_CONFIG = 0x0603;
    /** Direct (facts 4.1, 4.13). */
    public static final int SET_LINK_RESTART_AN = 0x0605;
    /** Direct; also the link-event opcode on the ARQ (facts 4.1, 4.13, 3.7). */
    public static final int GET_LINK_STATUS = 0x0607;
    /** Direct (facts 4.1, 4.13). */
    public static final int SET_PHY_INT_MASK = 0x0613;
    /** Direct (facts 4.1). */
    public static final int SET_LB_MODES = 0x0618;
    /** Indirect (facts 4.1, 4.14). */
    public static final int NVM_READ = 0x0701;
    /** Direct (facts 4.1). */
    public static final int LLDP_STOP = 0x0A05;
    /** Direct (facts 4.1). */
    public static final int LLDP_START = 0x0A06;
    /** Indirect; set/get RSS key/LUT span 0x0B02..0x0B05 (facts 4.1). */
    public static final int SET_RSS_KEY = 0x0B02;
    /** Indirect (facts 4.1). */
    public static final int SET_RSS_LUT = 0x0B03;
    /** Indirect (facts 4.1). */
    public static final int GET_RSS_KEY = 0x0B04;
    /** Indirect (facts 4.1). */
    public static final int GET_RSS_LUT = 0x0B05;
    /** ARQ only (facts 4.1, 3.7). */
    public static final int EVENT_LAN_OVERFLOW = 0x1001;
    /** Direct (facts 4.1, 4.14). */
    public static final int DEBUG_READ_REG = 0xFF03;
    /** Direct (facts 4.1, 4.14). */
    public static final int DEBUG_WRITE_REG = 0xFF04;
}
