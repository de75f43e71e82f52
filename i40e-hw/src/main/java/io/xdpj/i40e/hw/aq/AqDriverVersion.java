package io.xdpj.i40e.hw.aq;

/** Driver Version (0x0002, indirect BUF|RD): params; the buffer is the driver name in ASCII (facts 4.3). */
public final class AqDriverVersion {

    private AqDriverVersion() {
    }

    /** u8 (facts 4.3). */
    public static final int DRIVER_MAJOR = 0;
    /** u8 (facts 4.3). */
    public static final int DRIVER_MINOR = 1;
    /** u8 (facts 4.3). */
    public static final int DRIVER_BUILD = 2;
    /** u8 (facts 4.3). */
    public static final int DRIVER_SUBBUILD = 3;
    /** Longest name DPDK sends (facts 4.3). */
    public static final int MAX_NAME_LENGTH = 32;
}
