package io.xdpj.sim.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A traffic generator: Ethernet/IPv4/UDP frames whose payload carries a 64-bit sequence number and a checksum,
 * so a receiver can check order ({@link #sequence}) and integrity ({@link #verify}) of every frame.
 *
 * <pre>
 *  0  dst MAC            6  src MAC            12 ethertype 0x0800
 *  14 IPv4: 0x45, tos 0, total length, id 0, DF, ttl 64, proto 17, header checksum, src, dst
 *  34 UDP: src port (+ seq mod flows), dst port, length, checksum 0 (none, allowed for IPv4)
 *  42 sequence number, u64 big-endian
 *  50 payload checksum, u32 big-endian: FNV-1a(filler) XOR mix(sequence number)
 *  54 filler: byte i of the frame = (byte) (i × 7 + 3)
 * </pre>
 *
 * The checksum is split so that generating a frame costs a template copy and two stores (only the two stores when
 * the previous frame, of the same size, was written to the same place): FNV-1a of the filler
 * depends only on the length and is computed once per size; the receiver recomputes both halves from the bytes it
 * got, so a changed byte anywhere in the payload, a wrong sequence number or a wrong length is caught.
 *
 * Frame lengths follow the wire convention of {@link FrameSource} (no FCS): 60 is the Ethernet minimum.
 * Sizes are used in turn from the configured list. With a rate, frame n is released at start + n / rate (start =
 * first poll); without one, as fast as polled. After {@code count} frames the source is exhausted.
 *
 * <p>Single-threaded (the agent thread). Allocates nothing per frame.
 */
public final class FrameGenerator implements FrameSource {

    /** Offset of the sequence number in the frame. */
    public static final int SEQUENCE_OFFSET = 42;
    /** Offset of the payload checksum in the frame. */
    public static final int CHECKSUM_OFFSET = 50;
    /** Offset of the first filler byte. */
    public static final int FILLER_OFFSET = 54;
    /** Smallest frame generated: the Ethernet minimum without FCS. */
    public static final int MIN_FRAME = 60;
    /** Largest frame generated: the 14-bit LENGTH_PBUF limit (facts 7.2), to allow oversize tests. */
    public static final int MAX_FRAME = 16383;

    private static final int FNV_OFFSET_BASIS = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;

    private final int[] sizes;
    private final long srcMac;
    private final long dstMac;
    private final int srcIp;
    private final int dstIp;
    private final int srcPort;
    private final int dstPort;
    private final int flows;
    private final double nanosPerFrame;
    /** Whether a rate is set (else frames are released as fast as polled). */
    private final boolean paced;
    private final long count;
    private final NanoClock clock;

    private final UnsafeBuffer[] templates;
    private final int[] fillerChecksums;

    private long sequence;
    private int sizeIndex;
    /** Where the previous frame was written, and which size it had (see {@link #writeFrame}). */
    private MutableDirectBuffer lastBuffer;
    private int lastOffset;
    private int lastIndex = -1;
    private long startNanos = Long.MIN_VALUE;
    private long skipped;

    private FrameGenerator(Builder b) {
        this.sizes = b.sizes.clone();
        this.srcMac = b.srcMac;
        this.dstMac = b.dstMac;
        this.srcIp = b.srcIp;
        this.dstIp = b.dstIp;
        this.srcPort = b.srcPort;
        this.dstPort = b.dstPort;
        this.flows = b.flows;
        this.nanosPerFrame = b.framesPerSecond > 0 ? 1e9 / b.framesPerSecond : 0;
        this.paced = b.framesPerSecond > 0;
        this.count = b.count;
        this.clock = b.clock;
        this.templates = new UnsafeBuffer[sizes.length];
        this.fillerChecksums = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            templates[i] = template(sizes[i]);
            fillerChecksums[i] = fillerChecksum(templates[i], 0, sizes[i]);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int poll(MutableDirectBuffer buffer, int offset, int capacity) {
        if (sequence >= count || (paced && !due())) {
            return 0;
        }
        final int index = sizeIndex;
        final int length = sizes[index];
        sizeIndex = index + 1 == sizes.length ? 0 : index + 1;
        final long seq = sequence++;
        if (length > capacity) {
            skipped++;
            return 0;
        }
        writeFrame(buffer, offset, length, index, seq);
        return length;
    }

    /** Frames generated so far (including any skipped for lack of capacity). */
    public long generated() {
        return sequence;
    }

    /** Frames skipped because the poller's buffer was too small. */
    public long skipped() {
        return skipped;
    }

    /** Whether the frame count limit is reached. */
    public boolean exhausted() {
        return sequence >= count;
    }

    private boolean due() {
        final long now = clock.nanoTime();
        if (startNanos == Long.MIN_VALUE) {
            startNanos = now;
        }
        return now - startNanos >= (long) (sequence * nanosPerFrame);
    }

    private void writeFrame(MutableDirectBuffer b, int o, int length, int index, long seq) {
        if (b != lastBuffer || o != lastOffset || index != lastIndex) {
            // the poller keeps the previous frame intact (FrameSource contract): copy the template only when the
            // previous frame was not this size's, in this place
            b.putBytes(o, templates[index], 0, length);
            lastBuffer = b;
            lastOffset = o;
            lastIndex = index;
        }
        if (flows > 1) {
            b.putShort(o + 34, (short) (srcPort + (int) Long.remainderUnsigned(seq, flows)), ByteOrder.BIG_ENDIAN);
        }
        b.putLong(o + SEQUENCE_OFFSET, seq, ByteOrder.BIG_ENDIAN);
        b.putInt(o + CHECKSUM_OFFSET, fillerChecksums[index] ^ mix(seq), ByteOrder.BIG_ENDIAN);
    }

    /** Builds the constant part of a frame of {@code length}: headers and filler. Control path. */
    private UnsafeBuffer template(int length) {
        final UnsafeBuffer b = new UnsafeBuffer(ByteBuffer.allocateDirect(length)); // off-heap: cheaper copies
        MacAddress.write(b, 0, dstMac);
        MacAddress.write(b, 6, srcMac);
        b.putShort(12, (short) 0x0800, ByteOrder.BIG_ENDIAN);
        b.putShort(14, (short) 0x4500, ByteOrder.BIG_ENDIAN);
        b.putShort(16, (short) (length - 14), ByteOrder.BIG_ENDIAN);
        b.putShort(20, (short) 0x4000, ByteOrder.BIG_ENDIAN); // DF
        b.putShort(22, (short) ((64 << 8) | 17), ByteOrder.BIG_ENDIAN); // TTL 64, UDP
        b.putInt(26, srcIp, ByteOrder.BIG_ENDIAN);
        b.putInt(30, dstIp, ByteOrder.BIG_ENDIAN);
        b.putShort(24, (short) ipv4HeaderChecksum(b, 14), ByteOrder.BIG_ENDIAN);
        b.putShort(34, (short) srcPort, ByteOrder.BIG_ENDIAN);
        b.putShort(36, (short) dstPort, ByteOrder.BIG_ENDIAN);
        b.putShort(38, (short) (length - 34), ByteOrder.BIG_ENDIAN);
        for (int i = FILLER_OFFSET; i < length; i++) {
            b.putByte(i, (byte) (i * 7 + 3));
        }
        return b;
    }

    /** Spreads a sequence number over 32 bits (Fibonacci hashing). */
    static int mix(long seq) {
        return (int) ((seq * 0x9E37_79B9_7F4A_7C15L) >>> 32);
    }

    /** The RFC 791 header checksum of the 20-byte header at {@code ip} (with its checksum field as stored). */
    public static int ipv4HeaderChecksum(DirectBuffer b, int ip) {
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += b.getShort(ip + i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    /** The payload checksum a frame at {@code o} should carry: FNV-1a(filler) XOR mix(sequence number). */
    public static int payloadChecksum(DirectBuffer b, int o, int length) {
        return fillerChecksum(b, o, length) ^ mix(sequence(b, o));
    }

    /** FNV-1a over the filler (54..end) of the frame at {@code o}. */
    static int fillerChecksum(DirectBuffer b, int o, int length) {
        int h = FNV_OFFSET_BASIS;
        for (int i = FILLER_OFFSET; i < length; i++) {
            h = (h ^ (b.getByte(o + i) & 0xFF)) * FNV_PRIME;
        }
        return h;
    }

    /** The sequence number of a generated frame at {@code o}. */
    public static long sequence(DirectBuffer b, int o) {
        return b.getLong(o + SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Whether the frame at {@code o} is intact: lengths consistent, IPv4 header checksum valid, filler as
     * generated, payload checksum matching.
     */
    public static boolean verify(DirectBuffer b, int o, int length) {
        if (length < MIN_FRAME || (b.getShort(o + 12, ByteOrder.BIG_ENDIAN) & 0xFFFF) != 0x0800
            || (b.getShort(o + 16, ByteOrder.BIG_ENDIAN) & 0xFFFF) != length - 14
            || (b.getShort(o + 38, ByteOrder.BIG_ENDIAN) & 0xFFFF) != length - 34
            || ipv4HeaderChecksum(b, o + 14) != 0) {
            return false;
        }
        for (int i = FILLER_OFFSET; i < length; i++) {
            if (b.getByte(o + i) != (byte) (i * 7 + 3)) {
                return false;
            }
        }
        return b.getInt(o + CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) == payloadChecksum(b, o, length);
    }

    /** Configuration of a {@link FrameGenerator}. */
    public static final class Builder {
        private int[] sizes = {MIN_FRAME};
        private long srcMac = 0x0200_0000_0002L;
        private long dstMac = 0x0200_0000_0001L;
        private int srcIp = 0x0A00_0002; // 10.0.0.2
        private int dstIp = 0x0A00_0001; // 10.0.0.1
        private int srcPort = 1024;
        private int dstPort = 9;
        private int flows = 1;
        private double framesPerSecond;
        private long count = Long.MAX_VALUE;
        private NanoClock clock = SystemNanoClock.INSTANCE;

        /** Frame lengths (no FCS) used in turn; each in 60..16383. */
        public Builder sizes(int... lengths) {
            if (lengths.length == 0) {
                throw new IllegalArgumentException("give at least one frame size");
            }
            for (int n : lengths) {
                if (n < MIN_FRAME || n > MAX_FRAME) {
                    throw new IllegalArgumentException("frame size " + n + " is outside " + MIN_FRAME + ".."
                        + MAX_FRAME + " (lengths exclude the FCS); sizes were " + Arrays.toString(lengths));
                }
            }
            this.sizes = lengths.clone();
            return this;
        }

        public Builder srcMac(long mac) {
            this.srcMac = mac;
            return this;
        }

        public Builder dstMac(long mac) {
            this.dstMac = mac;
            return this;
        }

        public Builder srcIp(int ip) {
            this.srcIp = ip;
            return this;
        }

        public Builder dstIp(int ip) {
            this.dstIp = ip;
            return this;
        }

        public Builder srcPort(int port) {
            this.srcPort = port;
            return this;
        }

        public Builder dstPort(int port) {
            this.dstPort = port;
            return this;
        }

        /** Number of flows: frame n uses UDP source port srcPort + n mod flows. */
        public Builder flows(int n) {
            if (n < 1 || n > 65536) {
                throw new IllegalArgumentException("flows must be in 1..65536, got " + n);
            }
            this.flows = n;
            return this;
        }

        /** Frames per second; 0 means as fast as polled. */
        public Builder rate(double framesPerSecond) {
            if (!(framesPerSecond >= 0) || Double.isInfinite(framesPerSecond)) {
                throw new IllegalArgumentException("rate must be a finite number ≥ 0, got " + framesPerSecond);
            }
            this.framesPerSecond = framesPerSecond;
            return this;
        }

        /** Total frames to generate. */
        public Builder count(long frames) {
            if (frames < 0) {
                throw new IllegalArgumentException("count must be ≥ 0, got " + frames);
            }
            this.count = frames;
            return this;
        }

        public Builder clock(NanoClock clock) {
            this.clock = clock;
            return this;
        }

        public FrameGenerator build() {
            return new FrameGenerator(this);
        }
    }
}
