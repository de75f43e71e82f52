package io.xdpj.sim.wire;

import java.util.Objects;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A port's wire: where received frames come from and where transmitted frames go. The two directions may be
 * different backends (a generator feeding Rx, a pcap writer taking Tx) or one (loopback, TAP).
 */
public final class Wire {

    /** A source that never has a frame. */
    public static final FrameSource SILENT = (buffer, offset, capacity) -> 0;

    private final FrameSource source;
    private final FrameSink sink;

    private Wire(FrameSource source, FrameSink sink) {
        this.source = Objects.requireNonNull(source, "source");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** A wire fed by {@code source} whose transmitted frames go to {@code sink}. */
    public static Wire of(FrameSource source, FrameSink sink) {
        return new Wire(source, sink);
    }

    /** A wire with nothing arriving whose transmitted frames go to a counting sink that drops them. */
    public static Wire disconnected() {
        return new Wire(SILENT, new CountingSink());
    }

    public FrameSource source() {
        return source;
    }

    public FrameSink sink() {
        return sink;
    }

    /** Convenience for tests: polls the source once. */
    public int poll(MutableDirectBuffer buffer, int offset, int capacity) {
        return source.poll(buffer, offset, capacity);
    }

    /** Convenience for tests: transmits through the sink. */
    public boolean transmit(DirectBuffer buffer, int offset, int length) {
        return sink.transmit(buffer, offset, length);
    }
}
