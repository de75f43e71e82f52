package io.xdpj.i40e;

import org.agrona.MutableDirectBuffer;

import io.xdpj.sim.wire.FrameSource;

/**
 * A frame source that stays silent until opened, and optionally paces: it releases a frame only while fewer than
 * the allowed number were released (the test raises the allowance as the application consumes, like link-level
 * flow control), so a run can be lossless by construction.
 */
final class GatedSource implements FrameSource {

    private final FrameSource inner;
    private volatile boolean open;
    private volatile long allowed = Long.MAX_VALUE;
    private long released;

    GatedSource(FrameSource inner) {
        this.inner = inner;
    }

    void open() {
        open = true;
    }

    /** Lets at most {@code total} frames through in all. */
    void allow(long total) {
        allowed = total;
    }

    @Override
    public int poll(MutableDirectBuffer buffer, int offset, int capacity) {
        if (!open || released >= allowed) {
            return 0;
        }
        final int n = inner.poll(buffer, offset, capacity);
        if (n > 0) {
            released++;
        }
        return n;
    }
}
