package io.xdpj.i40e.hw.aq;

/** Manage MAC Address Read (0x0107, indirect BUF) and Write (0x0108, direct) (facts 4.8). */
public final class AqMacAddress {

    private AqMacAddress() {
    }

    /** Read: u16 command_flags, response validity bits (facts 4.8). */
    public static final int READ_COMMAND_FLAGS = 0;
    /** Facts 4.8. */
    public static final int LAN_ADDR_VALID = 0x10;
    /** Facts 4.8. */
    public static final int SAN_ADDR_VALID = 0x20;
    /** Facts 4.8. */
    public static final int PORT_ADDR_VALID = 0x40;
    /** Facts 4.8. */
    public static final int WOL_ADDR_VALID = 0x80;
    /** Facts 4.8. */
    public static final int MC_MAG_EN_VALID = 0x100;
    /** Facts 4.8. */
    public static final int WOL_PRESERVE_STATUS = 0x200;
    /** Facts 4.8. */
    public static final int ADDR_VALID_MASK = 0x3F0;
    /** Read buffer: pf_lan_mac[6] in wire order (facts 4.8). */
    public static final int PF_LAN_MAC = 0;
    /** Facts 4.8. */
    public static final int PF_SAN_MAC = 6;
    /** Facts 4.8. */
    public static final int PORT_MAC = 12;
    /** Facts 4.8. */
    public static final int PF_WOL_MAC = 18;
    /** Read buffer size (facts 4.8). */
    public static final int READ_BUFFER_SIZE = 24;

    /** Write: u16 command_flags (facts 4.8). */
    public static final int WRITE_COMMAND_FLAGS = 0;
    /** Write: u16 mac_sah = mac[0] << 8 | mac[1] (facts 4.8). */
    public static final int MAC_SAH = 2;
    /** Write: u32 mac_sal = mac[2] << 24 | mac[3] << 16 | mac[4] << 8 | mac[5] (facts 4.8). */
    public static final int MAC_SAL = 4;
    /** Write type bits 15:14 (facts 4.8). */
    public static final int WRITE_TYPE_MASK = 0xC000;
    /** Facts 4.8. */
    public static final int WRITE_TYPE_LAA_ONLY = 0x0000;
    /** Facts 4.8. */
    public static final int WRITE_TYPE_LAA_WOL = 0x4000;
    /** Facts 4.8. */
    public static final int WRITE_TYPE_PORT = 0x8000;
    /** Facts 4.8. */
    public static final int WRITE_TYPE_UPDATE_MC_MAG = 0xC000;
    /** Facts 4.8. */
    public static final int WRITE_MC_MAG_EN = 0x0100;
    /** Facts 4.8. */
    public static final int WRITE_WOL_PRESERVE_ON_PFR = 0x0200;
}
