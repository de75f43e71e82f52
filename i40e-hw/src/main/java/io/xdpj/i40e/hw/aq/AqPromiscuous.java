package io.xdpj.i40e.hw.aq;

/** Set VSI Promiscuous Modes (0x0254, direct) (facts 4.11). */
public final class AqPromiscuous {

    private AqPromiscuous() {
    }

    /** u16 (facts 4.11). */
    public static final int PROMISCUOUS_FLAGS = 0;
    /** u16: only these bits are changed (facts 4.11). */
    public static final int VALID_FLAGS = 2;
    /** u16, SEID in bits [9:0] (facts 4.11). */
    public static final int SEID = 4;
    /** u16: VID [11:0], VALID 0x8000 (facts 4.11). */
    public static final int VLAN_TAG = 6;
    /** Facts 4.11. */
    public static final int SEID_MASK = 0x3FF;
    /** Flag bits (facts 4.11). */
    public static final int SET_UNICAST = 0x01;
    public static final int SET_MULTICAST = 0x02;
    public static final int SET_BROADCAST = 0x04;
    public static final int SET_DEFAULT = 0x08;
    public static final int SET_VLAN = 0x10;
    public static final int SET_RX_ONLY = 0x8000;
    /** vlan_tag VALID (facts 4.11). */
    public static final int VLAN_VALID = 0x8000;
    /** vlan_tag VID mask (facts 4.11). */
    public static final int VLAN_VID_MASK = 0x0FFF;
}
