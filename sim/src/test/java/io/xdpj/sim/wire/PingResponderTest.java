package io.xdpj.sim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The responder on the model's wire: ARP (RFC 826) and ICMP echo (RFC 792) for its addresses, frame checks, and the
 * trigger that starts the merged generator. Frames are composed byte by byte here.
 */
class PingResponderTest {

    private static final long RESPONDER_MAC = 0x0200_0000_00FEL;
    private static final long GUEST_MAC = 0x0200_0000_0001L;
    private static final int RESPONDER_IP = 0x0A00_0002; // 10.0.0.2
    private static final int TRIGGER_IP = 0x0A00_0003; // 10.0.0.3
    private static final int GUEST_IP = 0x0A00_0001; // 10.0.0.1

    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);

    private static void mac(UnsafeBuffer b, int o, long mac) {
        b.putInt(o, (int) (mac >>> 16), ByteOrder.BIG_ENDIAN);
        b.putShort(o + 4, (short) mac, ByteOrder.BIG_ENDIAN);
    }

    private int arpRequest(int target) {
        mac(frame, 0, 0xFFFF_FFFF_FFFFL);
        mac(frame, 6, GUEST_MAC);
        frame.putShort(12, (short) 0x0806, ByteOrder.BIG_ENDIAN);
        frame.putShort(14, (short) 1, ByteOrder.BIG_ENDIAN); // Ethernet
        frame.putShort(16, (short) 0x0800, ByteOrder.BIG_ENDIAN);
        frame.putByte(18, (byte) 6);
        frame.putByte(19, (byte) 4);
        frame.putShort(20, (short) 1, ByteOrder.BIG_ENDIAN); // request
        mac(frame, 22, GUEST_MAC);
        frame.putInt(28, GUEST_IP, ByteOrder.BIG_ENDIAN);
        mac(frame, 32, 0);
        frame.putInt(38, target, ByteOrder.BIG_ENDIAN);
        return 42;
    }

    /** An echo request with a 37-byte payload (odd, so the checksum's trailing byte is exercised). */
    private int echoRequest(int target) {
        mac(frame, 0, RESPONDER_MAC);
        mac(frame, 6, GUEST_MAC);
        frame.putShort(12, (short) 0x0800, ByteOrder.BIG_ENDIAN);
        final int total = 20 + 8 + 37;
        frame.putByte(14, (byte) 0x45);
        frame.putByte(15, (byte) 0);
        frame.putShort(16, (short) total, ByteOrder.BIG_ENDIAN);
        frame.putInt(18, 0x1234_4000, ByteOrder.BIG_ENDIAN);
        frame.putByte(22, (byte) 64);
        frame.putByte(23, (byte) 1);
        frame.putShort(24, (short) 0);
        frame.putInt(26, GUEST_IP, ByteOrder.BIG_ENDIAN);
        frame.putInt(30, target, ByteOrder.BIG_ENDIAN);
        frame.putShort(24, (short) PingResponder.internetChecksum(frame, 14, 20), ByteOrder.BIG_ENDIAN);
        frame.putByte(34, (byte) 8);
        frame.putByte(35, (byte) 0);
        frame.putShort(36, (short) 0);
        frame.putInt(38, 0x0042_0007, ByteOrder.BIG_ENDIAN); // id 0x42, sequence 7
        for (int i = 0; i < 37; i++) {
            frame.putByte(42 + i, (byte) (i * 5 + 1));
        }
        frame.putShort(36, (short) PingResponder.internetChecksum(frame, 34, total - 20), ByteOrder.BIG_ENDIAN);
        return 14 + total;
    }

    @Test
    void arpRequestForItsAddressGetsAReplyWithItsMac() {
        final PingResponder r = new PingResponder(RESPONDER_MAC, RESPONDER_IP, Wire.SILENT);
        r.transmit(frame, 0, arpRequest(RESPONDER_IP));
        assertEquals(60, r.poll(out, 0, out.capacity()));
        assertEquals(GUEST_MAC, MacAddress.read(out, 0));
        assertEquals(RESPONDER_MAC, MacAddress.read(out, 6));
        assertEquals(2, out.getShort(20, ByteOrder.BIG_ENDIAN)); // reply
        assertEquals(RESPONDER_MAC, MacAddress.read(out, 22));
        assertEquals(RESPONDER_IP, out.getInt(28, ByteOrder.BIG_ENDIAN));
        assertEquals(GUEST_MAC, MacAddress.read(out, 32));
        assertEquals(GUEST_IP, out.getInt(38, ByteOrder.BIG_ENDIAN));
        assertEquals(0, r.poll(out, 0, out.capacity()), "one reply per request");
        r.transmit(frame, 0, arpRequest(0x0A00_0009)); // someone else's address
        assertEquals(0, r.poll(out, 0, out.capacity()));
        assertEquals(1, r.ignoredFrames());
    }

    @Test
    void echoRequestIsAnsweredWithTheSamePayloadAndValidChecksums() {
        final PingResponder r = new PingResponder(RESPONDER_MAC, RESPONDER_IP, Wire.SILENT);
        final int length = echoRequest(RESPONDER_IP);
        r.transmit(frame, 0, length);
        assertEquals(length, r.poll(out, 0, out.capacity()));
        assertEquals(GUEST_MAC, MacAddress.read(out, 0));
        assertEquals(RESPONDER_IP, out.getInt(26, ByteOrder.BIG_ENDIAN));
        assertEquals(GUEST_IP, out.getInt(30, ByteOrder.BIG_ENDIAN));
        assertEquals(0, out.getByte(34)); // echo reply
        assertEquals(0x0042_0007, out.getInt(38, ByteOrder.BIG_ENDIAN));
        assertEquals(0, PingResponder.internetChecksum(out, 14, 20));
        assertEquals(0, PingResponder.internetChecksum(out, 34, length - 34));
        for (int i = 0; i < 37; i++) {
            assertEquals((byte) (i * 5 + 1), out.getByte(42 + i));
        }
        assertEquals(1, r.echoReplies());
        assertEquals(0, r.badFrames());
    }

    @Test
    void aCorruptedEchoRequestIsCountedNotAnswered() {
        final PingResponder r = new PingResponder(RESPONDER_MAC, RESPONDER_IP, Wire.SILENT);
        final int length = echoRequest(RESPONDER_IP);
        frame.putByte(50, (byte) (frame.getByte(50) ^ 0x10)); // a payload bit flipped on the way
        r.transmit(frame, 0, length);
        assertEquals(0, r.poll(out, 0, out.capacity()));
        assertEquals(1, r.badFrames());
        assertEquals(0, r.echoReplies());
    }

    @Test
    void mergedFramesStartWithTheFirstEchoToTheTriggerAddress() {
        final FrameGenerator generator = FrameGenerator.builder().sizes(61).count(3).build();
        final PingResponder r = new PingResponder(RESPONDER_MAC, RESPONDER_IP, TRIGGER_IP, generator);
        assertFalse(r.triggered());
        assertEquals(0, r.poll(out, 0, out.capacity()));
        r.transmit(frame, 0, echoRequest(RESPONDER_IP));
        r.poll(out, 0, out.capacity());
        assertEquals(0, r.poll(out, 0, out.capacity()), "an echo to the main address does not trigger");
        r.transmit(frame, 0, arpRequest(TRIGGER_IP));
        assertEquals(60, r.poll(out, 0, out.capacity()));
        assertEquals(TRIGGER_IP, out.getInt(28, ByteOrder.BIG_ENDIAN), "it answers ARP for the trigger address");
        assertFalse(r.triggered());
        r.transmit(frame, 0, echoRequest(TRIGGER_IP));
        assertTrue(r.triggered());
        assertEquals(79, r.poll(out, 0, out.capacity()), "the reply goes first");
        assertEquals(TRIGGER_IP, out.getInt(26, ByteOrder.BIG_ENDIAN));
        for (int i = 0; i < 3; i++) {
            assertEquals(61, r.poll(out, 0, out.capacity()));
            assertTrue(FrameGenerator.verify(out, 0, 61));
        }
        assertEquals(0, r.poll(out, 0, out.capacity()));
        assertEquals(3, r.mergedFrames());
    }
}
