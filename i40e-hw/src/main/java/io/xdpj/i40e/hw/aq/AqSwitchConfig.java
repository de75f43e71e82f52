package io.xdpj.i40e.hw.aq;

/** Get Switch Configuration (0x0200, indirect BUF): params, response header and elements (facts 4.9). */
public final class AqSwitchConfig {

    private AqSwitchConfig() {
    }

    /** u16: request = SEID to start from (0 = beginning), response = next SEID (0 = done) (facts 4.9). */
    public static final int SEID = 0;
    /** Buffer size Linux and DPDK use (facts 4.9). */
    public static final int DRIVER_BUFFER_SIZE = 512;

    /** Header size (facts 4.9). */
    public static final int HEADER_SIZE = 16;
    /** Header: u16 (facts 4.9). */
    public static final int NUM_REPORTED = 0;
    /** Header: u16 (facts 4.9). */
    public static final int NUM_TOTAL = 2;

    /** Element size (facts 4.9). */
    public static final int ELEMENT_SIZE = 16;
    /** Element: u8 (facts 4.9). */
    public static final int ELEMENT_TYPE = 0;
    /** Element: u8, value 1 (facts 4.9). */
    public static final int ELEMENT_REVISION = 1;
    /** Element: u16 (facts 4.9). */
    public static final int ELEMENT_SEID = 2;
    /** Element: u16 (facts 4.9). */
    public static final int ELEMENT_UPLINK_SEID = 4;
    /** Element: u16 (facts 4.9). */
    public static final int ELEMENT_DOWNLINK_SEID = 6;
    /** Element: u8 (facts 4.9). */
    public static final int ELEMENT_CONNECTION_TYPE = 11;
    /** Element: u16 (facts 4.9). */
    public static final int ELEMENT_SCHEDULER_ID = 12;
    /** Element: u16 (facts 4.9). */
    public static final int ELEMENT_INFO = 14;

    /** Element types (facts 4.9). */
    public static final int TYPE_MAC = 1;
    public static final int TYPE_PF = 2;
    public static final int TYPE_VF = 3;
    public static final int TYPE_EMP = 4;
    /** AQ header value; i40e_type.h says 6 (facts 4.9, 12). */
    public static final int TYPE_BMC = 5;
    public static final int TYPE_PV = 16;
    public static final int TYPE_VEB = 17;
    public static final int TYPE_PA = 18;
    public static final int TYPE_VSI = 19;
    /** Element revision value (facts 4.9). */
    public static final int REVISION_1 = 1;

    /** Connection types (facts 4.9). */
    public static final int CONNECTION_REGULAR = 1;
    public static final int CONNECTION_DEFAULT = 2;
    public static final int CONNECTION_CASCADED = 3;
}
