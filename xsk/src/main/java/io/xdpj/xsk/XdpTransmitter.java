package io.xdpj.xsk;

/**
 * A device's XDP transmit side, implemented by the driver: the ring XDP_TX uses and DEVMAP redirects land on
 * (the kernel's {@code ndo_xdp_xmit} and the driver's XDP Tx ring). Frames are copied: the caller's memory is only
 * valid during the call, as the kernel converts a zero-copy buffer to a frame by copying it.
 */
public interface XdpTransmitter {

    /**
     * Queues one frame for transmission. Data path: never throws, never allocates.
     *
     * @param address process address of the frame's first byte
     * @param length  frame length in bytes
     * @return false if the ring is full (the caller counts the drop)
     */
    boolean xmit(long address, int length);

    /** Makes every queued frame visible to the hardware (one tail write; XDP_XMIT_FLUSH). */
    void flush();
}
