package io.xdpj.sim.wire;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A source that replays the frames of a classic pcap file ({@link Pcap}) of link type Ethernet, in file order,
 * once or in a loop. The file is memory-mapped (at most 2 GiB); replay allocates nothing per frame.
 *
 * <p>Frames are delivered as captured (incl_len bytes). A capture may include the FCS (some capture setups keep
 * it); this reader does not strip it, so such files break the no-FCS wire convention of {@link FrameSource}.
 * Records longer than the poller's buffer are skipped and counted; a record cut off by the end of the file ends
 * the replay and is counted. Single-threaded.
 */
public final class PcapReader implements FrameSource, AutoCloseable {

    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer file;
    private final ByteOrder order;
    private final boolean loop;
    private int position = Pcap.GLOBAL_HEADER_BYTES;
    private long frames;
    private long skipped;
    private long truncatedRecords;
    private boolean ended;
    private boolean closed;

    /** Opens {@code path} for one pass. */
    public static PcapReader open(Path path) {
        return new PcapReader(path, false);
    }

    /**
     * @param loop restart at the first record after the last one (for endless traffic); a file without records
     *             then simply yields nothing
     */
    public PcapReader(Path path, boolean loop) {
        this.path = path;
        this.loop = loop;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            final long size = channel.size();
            if (size < Pcap.GLOBAL_HEADER_BYTES || size > Integer.MAX_VALUE) {
                throw new WireException("pcap file " + path + " has " + size + " bytes; a readable capture has a "
                    + Pcap.GLOBAL_HEADER_BYTES + "-byte header and is under 2 GiB (split it with editcap)");
            }
            this.mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (IOException e) {
            throw new WireException("cannot read pcap file " + path + ": " + e.getMessage()
                + "; check that it exists and is readable", e);
        }
        this.file = new UnsafeBuffer(mapped);
        this.order = byteOrder(file, path);
        final int linkType = file.getInt(20, order);
        if (linkType != Pcap.LINKTYPE_ETHERNET) {
            close();
            throw new WireException("pcap file " + path + " has link type " + linkType + ", not Ethernet ("
                + Pcap.LINKTYPE_ETHERNET + "); capture on an Ethernet interface or convert it with editcap -T ether");
        }
    }

    private static ByteOrder byteOrder(UnsafeBuffer file, Path path) {
        final int little = file.getInt(0, ByteOrder.LITTLE_ENDIAN);
        if (little == Pcap.MAGIC_MICROS || little == Pcap.MAGIC_NANOS) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        final int big = file.getInt(0, ByteOrder.BIG_ENDIAN);
        if (big == Pcap.MAGIC_MICROS || big == Pcap.MAGIC_NANOS) {
            return ByteOrder.BIG_ENDIAN;
        }
        throw new WireException("file " + path + " is not a classic pcap file (magic 0x" + Integer.toHexString(little)
            + "); pcapng files must be converted first: editcap -F pcap in.pcapng out.pcap");
    }

    @Override
    public int poll(MutableDirectBuffer buffer, int offset, int capacity) {
        while (!ended) {
            if (position + Pcap.RECORD_HEADER_BYTES > file.capacity()) {
                if (!rewind()) {
                    return 0;
                }
                continue;
            }
            final int captured = file.getInt(position + 8, order);
            final int data = position + Pcap.RECORD_HEADER_BYTES;
            if (captured < 0 || captured > file.capacity() - data) {
                truncatedRecords++;
                ended = true;
                return 0;
            }
            position = data + captured;
            if (captured > capacity || captured == 0) {
                skipped++;
                continue;
            }
            buffer.putBytes(offset, file, data, captured);
            frames++;
            return captured;
        }
        return 0;
    }

    private boolean rewind() {
        if (!loop || frames == 0) {
            ended = true;
            return false;
        }
        position = Pcap.GLOBAL_HEADER_BYTES;
        return true;
    }

    /** Frames delivered so far. */
    public long frames() {
        return frames;
    }

    /** Records skipped: longer than the poller's buffer, or empty. */
    public long skipped() {
        return skipped;
    }

    /** Records cut off by the end of the file (at most 1). */
    public long truncatedRecords() {
        return truncatedRecords;
    }

    /** Whether the replay has ended (never, in loop mode with frames). */
    public boolean ended() {
        return ended;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        ended = true;
        if (!closed) {
            closed = true;
            IoUtil.unmap(mapped); // NB: the mapping is gone afterwards; poll checks ended before touching it
        }
    }
}
