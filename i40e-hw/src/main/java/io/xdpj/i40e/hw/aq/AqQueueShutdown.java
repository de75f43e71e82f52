package io.xdpj.i40e.hw.aq;

/** Queue Shutdown (0x0003, direct) (facts 4.4). */
public final class AqQueueShutdown {

    private AqQueueShutdown() {
    }

    /** u32 (facts 4.4). */
    public static final int DRIVER_UNLOADING = 0;
    /** {@code I40E_AQ_DRIVER_UNLOADING} (facts 4.4). */
    public static final int UNLOADING = 1;
}
