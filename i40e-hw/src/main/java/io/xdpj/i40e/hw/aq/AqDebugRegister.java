package io.xdpj.i40e.hw.aq;

/** Debug Read / Write Register (0xFF03 / 0xFF04, direct) (facts 4.14). A read returns value_high << 32 | value_low. */
public final class AqDebugRegister {

    private AqDebugRegister() {
    }

    /** u32 BAR0 offset (facts 4.14). */
    public static final int ADDRESS = 4;
    /** u32 (facts 4.14). */
    public static final int VALUE_HIGH = 8;
    /** u32 (facts 4.14). */
    public static final int VALUE_LOW = 12;
}
