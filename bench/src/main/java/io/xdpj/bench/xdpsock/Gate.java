package io.xdpj.bench.xdpsock;

import org.agrona.MutableDirectBuffer;

import io.xdpj.sim.wire.FrameSource;

/**
 * The model's frame source behind a switch, shared by the tool's runs and the soak: closed until the port is ready
 * and again when a run or phase ends (the generator then stops while the rings drain). {@link #open} is written by
 * the controlling thread and read by the model's thread on every poll (volatile).
 */
final class Gate implements FrameSource {
    private final FrameSource inner;
    volatile boolean open;

    Gate(FrameSource inner) {
        this.inner = inner;
    }

    @Override
    public int poll(MutableDirectBuffer buffer, int offset, int capacity) {
        return open ? inner.poll(buffer, offset, capacity) : 0;
    }
}
