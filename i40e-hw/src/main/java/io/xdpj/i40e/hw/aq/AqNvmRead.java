package io.xdpj.i40e.hw.aq;

/** NVM Read (0x0701, indirect BUF [+LB]) (facts 4.14). Shadow-RAM word w is byte offset 2w, length 2. */
public final class AqNvmRead {

    private AqNvmRead() {
    }

    /** u8: LAST_CMD 0x01 (facts 4.14). */
    public static final int COMMAND_FLAGS = 0;
    /** u8: 0 = Shadow RAM (facts 4.14). */
    public static final int MODULE_POINTER = 1;
    /** u16 bytes (facts 4.14). */
    public static final int LENGTH = 2;
    /** u32 bytes; the top byte must be 0 (facts 4.14). */
    public static final int OFFSET = 4;
    /** Facts 4.14. */
    public static final int LAST_CMD = 0x01;
    /** Facts 4.14. */
    public static final int MODULE_SHADOW_RAM = 0;
}
