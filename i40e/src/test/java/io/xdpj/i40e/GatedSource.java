package io.xdpj.i40e;

import org.agrona.MutableDirectBuffer;

import io.xdpj.sim.wire.FrameSource;

/** A frame source that stays silent until opened, so no frame reaches the port before the test is ready. */
final class GatedSource implements FrameSource {

    private final FrameSource inner;
    private volatile boolean open;

    GatedSource(FrameSource inner) {
        this.inner = inner;
    }

    void open() {
        open = true;
    }

    @Override
    public int poll(MutableDirectBuffer buffer, int offset, int capacity) {
        return open ? inner.poll(buffer, offset, capacity) : 0;
    }
}
