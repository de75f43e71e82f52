package io.xdpj.sim.lan;

import java.nio.ByteOrder;

import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.MacAddress;
import org.agrona.concurrent.UnsafeBuffer;

/** Frames built by hand for tests. */
final class TestFrames {

    private TestFrames() {
    }

    /** A generated frame (valid headers, sequence number {@code seq}) of {@code length} bytes to {@code dst}. */
    static UnsafeBuffer generated(long dst, int length, long seq) {
        final FrameGenerator gen = FrameGenerator.builder().dstMac(dst).sizes(length).count(seq + 1).build();
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[length]);
        for (long n = 0; n <= seq; n++) {
            gen.poll(frame, 0, length);
        }
        return frame;
    }

    /** An IPv4 frame of {@code length} bytes with protocol {@code proto}, addresses and ports as given. */
    static UnsafeBuffer ipv4(long dst, int proto, int srcIp, int dstIp, int srcPort, int dstPort, int length) {
        final UnsafeBuffer f = new UnsafeBuffer(new byte[length]);
        MacAddress.write(f, 0, dst);
        MacAddress.write(f, 6, 0x0200_0000_00AAL);
        f.putShort(12, (short) 0x0800, ByteOrder.BIG_ENDIAN);
        f.putByte(14, (byte) 0x45);
        f.putShort(16, (short) (length - 14), ByteOrder.BIG_ENDIAN);
        f.putByte(22, (byte) 64);
        f.putByte(23, (byte) proto);
        f.putInt(26, srcIp, ByteOrder.BIG_ENDIAN);
        f.putInt(30, dstIp, ByteOrder.BIG_ENDIAN);
        f.putShort(34, (short) srcPort, ByteOrder.BIG_ENDIAN);
        f.putShort(36, (short) dstPort, ByteOrder.BIG_ENDIAN);
        return f;
    }

    static int ip(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }
}
