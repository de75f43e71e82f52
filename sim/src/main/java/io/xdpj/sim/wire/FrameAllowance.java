package io.xdpj.sim.wire;

import org.agrona.MutableDirectBuffer;

/**
 * A frame source that lets another source's frames through only as a controlling thread allows them: for runs that
 * must know exactly how many frames reached the wire (a benchmark filling a ring before each operation, a test
 * cycle that sends a fixed count once its socket is bound).
 *
 * <p>Threads: {@link #allow} from one controlling thread (the allowance is a volatile written by that thread alone);
 * {@link #poll} from the model's thread, which alone counts what it released.
 */
public final class FrameAllowance implements FrameSource {

    private final FrameSource inner;
    private volatile long allowed;
    private long released;

    public FrameAllowance(FrameSource inner) {
        this.inner = inner;
    }

    /** Lets {@code frames} more frames through (controlling thread only). */
    public void allow(long frames) {
        allowed += frames; // single writer: the read-modify-write cannot race
    }

    /** Frames released to the wire so far (model thread, or any thread once the model is stopped). */
    public long released() {
        return released;
    }

    @Override
    public int poll(MutableDirectBuffer buffer, int offset, int capacity) {
        if (released >= allowed) {
            return 0;
        }
        final int n = inner.poll(buffer, offset, capacity);
        if (n > 0) {
            released++;
        }
        return n;
    }
}
