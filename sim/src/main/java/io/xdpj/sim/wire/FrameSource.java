package io.xdpj.sim.wire;

import org.agrona.MutableDirectBuffer;

/**
 * Frames arriving at the port from the wire: the device model polls it once per frame it can take.
 *
 * <h2>The model's wire convention</h2>
 * A frame is the Ethernet frame from the destination MAC up to the end of the payload, without preamble and
 * <b>without the 4-byte FCS</b> (the simulated MAC checks and strips it; see {@code io.xdpj.sim.lan.LanEngine}
 * for what crcstrip = 0 does). So a minimum Ethernet frame (64 bytes on a real wire) is 60 bytes here, and a
 * standard full-size one is 1514.
 *
 * <p>Called from the model's agent thread only, unless an implementation says otherwise. Data path:
 * implementations allocate nothing per frame and never throw; they count.
 */
public interface FrameSource {

    /**
     * Copies the next frame into {@code buffer} at {@code offset}.
     *
     * <p>NB (poller contract): the poller does not modify the frame bytes it was given before it polls again, so a
     * source polled into the same buffer and offset may rewrite only the bytes that differ from its previous frame
     * (the generator does: only the sequence number and checksum change between frames of one size).
     *
     * @param capacity bytes available at {@code offset}; a longer frame is skipped and counted by the source
     * @return the frame's length in bytes, or 0 when no frame is ready now
     */
    int poll(MutableDirectBuffer buffer, int offset, int capacity);
}
