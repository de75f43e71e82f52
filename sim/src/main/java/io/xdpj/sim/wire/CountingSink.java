package io.xdpj.sim.wire;

import java.util.concurrent.atomic.AtomicLong;

import org.agrona.DirectBuffer;

/** A sink that counts frames and bytes and discards them (a Tx-only run, a cable to nowhere). */
public final class CountingSink implements FrameSink {

    // Single writer (the agent thread): plain read + release store; readers on other threads see ordered values.
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    @Override
    public boolean transmit(DirectBuffer buffer, int offset, int length) {
        frames.lazySet(frames.get() + 1);
        bytes.lazySet(bytes.get() + length);
        return true;
    }

    /** Frames taken so far. */
    public long frames() {
        return frames.get();
    }

    /** Bytes taken so far. */
    public long bytes() {
        return bytes.get();
    }
}
