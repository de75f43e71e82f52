package io.xdpj.i40e.hw.aq;

/** Clear PXE Mode (0x0110, direct) (facts 4.7). iPXE treats EEXIST as "already in non-PXE mode". */
public final class AqClearPxe {

    private AqClearPxe() {
    }

    /** u8 (facts 4.7). */
    public static final int RX_CNT = 0;
    /** The value drivers send in rx_cnt (facts 4.7). */
    public static final int RX_CNT_MAGIC = 0x02;
}
