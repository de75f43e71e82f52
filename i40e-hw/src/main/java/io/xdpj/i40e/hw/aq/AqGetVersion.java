package io.xdpj.i40e.hw.aq;

/** Get Version (0x0001, direct): response params (facts 4.2). Offsets relative to the params area. */
public final class AqGetVersion {

    private AqGetVersion() {
    }

    /** u32 (facts 4.2). */
    public static final int ROM_VER = 0;
    /** u32 (facts 4.2). */
    public static final int FW_BUILD = 4;
    /** u16 (facts 4.2). */
    public static final int FW_MAJOR = 8;
    /** u16 (facts 4.2). */
    public static final int FW_MINOR = 10;
    /** u16 (facts 4.2). */
    public static final int API_MAJOR = 12;
    /** u16 (facts 4.2). */
    public static final int API_MINOR = 14;
    /** Drivers refuse an API major above this ({@code I40E_FW_API_VERSION_MAJOR}, facts 4.2). */
    public static final int FW_API_VERSION_MAJOR = 1;
    /** Expected API minor for XL710-class devices (facts 4.2). */
    public static final int FW_API_VERSION_MINOR_XL710 = 0x000F;
    /** Expected API minor for X722 (facts 4.2). */
    public static final int FW_API_VERSION_MINOR_X722 = 0x000C;
}
