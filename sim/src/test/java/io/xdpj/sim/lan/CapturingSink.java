package io.xdpj.sim.lan;

import java.util.ArrayList;
import java.util.List;

import io.xdpj.sim.wire.FrameSink;
import org.agrona.DirectBuffer;

/** Test sink: keeps a copy of every frame (tests only; allocates per frame). */
final class CapturingSink implements FrameSink {

    final List<byte[]> frames = new ArrayList<>();

    @Override
    public boolean transmit(DirectBuffer buffer, int offset, int length) {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        frames.add(copy);
        return true;
    }
}
