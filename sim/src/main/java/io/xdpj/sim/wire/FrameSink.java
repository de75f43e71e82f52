package io.xdpj.sim.wire;

import org.agrona.DirectBuffer;

/**
 * Frames the port puts on the wire: the device model hands each transmitted frame to it. Frames follow the
 * convention of {@link FrameSource} (no FCS).
 *
 * <p>Called from the model's agent thread only, unless an implementation says otherwise. Data path:
 * implementations allocate nothing per frame and never throw; they count.
 */
public interface FrameSink {

    /**
     * Takes one frame. The bytes are only valid during the call.
     *
     * @return true if the frame went onto the wire, false if the backend dropped it (full, closed, I/O error)
     */
    boolean transmit(DirectBuffer buffer, int offset, int length);
}
