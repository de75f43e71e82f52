package io.xdpj.sim.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * A sink that writes every transmitted frame to a classic pcap file ({@link Pcap}), readable by tcpdump and tshark.
 * Timestamps are {@code epochNanosAtOpen + (clock now − clock at open)}, in microseconds.
 *
 * <p>Frames are collected in a 1 MiB direct buffer and written when it fills and on {@link #close()}; a write
 * error is counted ({@link #errors()}) and later frames are dropped, never thrown on the data path. Single-threaded.
 */
public final class PcapWriter implements FrameSink, AutoCloseable {

    private static final int BUFFER_BYTES = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final int snaplen;
    private final NanoClock clock;
    private final long epochNanosAtOpen;
    private final long clockAtOpen;
    private long frames;
    private long errors;
    private boolean failed;
    private boolean closed;

    /** Opens (creates or truncates) {@code path} with the system clock and snap length 262144. */
    public static PcapWriter open(Path path) {
        return new PcapWriter(path, Pcap.DEFAULT_SNAPLEN, System.currentTimeMillis() * 1_000_000L,
            SystemNanoClock.INSTANCE);
    }

    public PcapWriter(Path path, int snaplen, long epochNanosAtOpen, NanoClock clock) {
        if (snaplen < 1) {
            throw new WireException("pcap snap length must be positive, got " + snaplen);
        }
        this.path = path;
        this.snaplen = snaplen;
        this.clock = clock;
        this.epochNanosAtOpen = epochNanosAtOpen;
        this.clockAtOpen = clock.nanoTime();
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new WireException("cannot create pcap file " + path + ": " + e.getMessage()
                + "; check that the directory exists and is writable", e);
        }
        out.putInt(Pcap.MAGIC_MICROS).putShort((short) Pcap.VERSION_MAJOR).putShort((short) Pcap.VERSION_MINOR)
            .putInt(0).putInt(0).putInt(snaplen).putInt(Pcap.LINKTYPE_ETHERNET);
    }

    @Override
    public boolean transmit(DirectBuffer buffer, int offset, int length) {
        if (failed || closed) {
            return false;
        }
        final int captured = Math.min(length, snaplen);
        if (out.remaining() < Pcap.RECORD_HEADER_BYTES + captured && !flush()) {
            return false;
        }
        if (out.remaining() < Pcap.RECORD_HEADER_BYTES + captured) {
            errors++; // a frame larger than the whole buffer: cannot happen below 1 MiB, counted if it does
            return false;
        }
        final long nanos = epochNanosAtOpen + (clock.nanoTime() - clockAtOpen);
        out.putInt((int) (nanos / 1_000_000_000L)).putInt((int) (nanos % 1_000_000_000L / 1000))
            .putInt(captured).putInt(length);
        buffer.getBytes(offset, out, out.position(), captured);
        out.position(out.position() + captured);
        frames++;
        return true;
    }

    /** Writes the buffered records to the file. Returns false (and counts) on an I/O error. */
    public boolean flush() {
        out.flip();
        try {
            while (out.hasRemaining()) {
                channel.write(out);
            }
            out.clear();
            return true;
        } catch (IOException e) {
            errors++;
            failed = true;
            out.clear();
            return false;
        }
    }

    /** Frames written (or buffered for writing). */
    public long frames() {
        return frames;
    }

    /** Write errors; after the first, the writer drops every frame. */
    public long errors() {
        return errors;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        final boolean flushed = !failed && flush();
        try {
            channel.close();
        } catch (IOException e) {
            throw new WireException("closing pcap file " + path + " failed: " + e.getMessage(), e);
        }
        if (!flushed) {
            throw new WireException("pcap file " + path + " is incomplete: " + errors
                + " write error(s); check free disk space and permissions");
        }
    }
}
