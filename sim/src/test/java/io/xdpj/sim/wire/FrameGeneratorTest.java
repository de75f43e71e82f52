package io.xdpj.sim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class FrameGeneratorTest {

    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[16384]);

    @Test
    void minimumFrameHasTheDocumentedHeaders() {
        final FrameGenerator gen = FrameGenerator.builder().srcMac(0x0200_0000_0002L).dstMac(0x0200_0000_0001L)
            .srcIp(0x0A00_0002).dstIp(0x0A00_0001).srcPort(1024).dstPort(9).build();
        assertEquals(60, gen.poll(frame, 0, frame.capacity()));
        // Ethernet: 02:00:00:00:00:01 ← 02:00:00:00:00:02, IPv4
        assertEquals(0x0200_0000_0001L, MacAddress.read(frame, 0));
        assertEquals(0x0200_0000_0002L, MacAddress.read(frame, 6));
        assertEquals(0x0800, frame.getShort(12, ByteOrder.BIG_ENDIAN));
        // IPv4 total length 46, UDP length 26, 10.0.0.2 → 10.0.0.1
        assertEquals(0x4500, frame.getShort(14, ByteOrder.BIG_ENDIAN));
        assertEquals(46, frame.getShort(16, ByteOrder.BIG_ENDIAN));
        assertEquals(0x4011, frame.getShort(22, ByteOrder.BIG_ENDIAN)); // TTL 64, proto 17
        // header checksum by hand: 4500+002E+0000+4000+4011+0A00+0002+0A00+0001 = 0xD942, ~ = 0x26BD
        assertEquals((short) 0x26BD, frame.getShort(24, ByteOrder.BIG_ENDIAN));
        assertEquals(0x0A00_0002, frame.getInt(26, ByteOrder.BIG_ENDIAN));
        assertEquals(1024, frame.getShort(34, ByteOrder.BIG_ENDIAN));
        assertEquals(9, frame.getShort(36, ByteOrder.BIG_ENDIAN));
        assertEquals(26, frame.getShort(38, ByteOrder.BIG_ENDIAN));
        assertEquals(0L, FrameGenerator.sequence(frame, 0));
        assertEquals((byte) (54 * 7 + 3), frame.getByte(54));
        assertTrue(FrameGenerator.verify(frame, 0, 60));
    }

    @Test
    void sequenceNumbersCountUpAndSizesCycle() {
        final FrameGenerator gen = FrameGenerator.builder().sizes(60, 1514, 9000).count(1001).build();
        final int[] sizes = {60, 1514, 9000};
        for (int n = 0; n < 1001; n++) {
            final int length = gen.poll(frame, 0, frame.capacity());
            assertEquals(sizes[n % 3], length);
            assertEquals(n, FrameGenerator.sequence(frame, 0));
            assertTrue(FrameGenerator.verify(frame, 0, length), "frame " + n);
        }
        assertTrue(gen.exhausted());
        assertEquals(0, gen.poll(frame, 0, frame.capacity()));
        assertEquals(1001, gen.generated());
    }

    @Test
    void framesRewrittenInPlaceOrCopiedAfreshAreAllIntact() {
        final FrameGenerator gen = FrameGenerator.builder().sizes(64).count(1001).build();
        final UnsafeBuffer other = new UnsafeBuffer(new byte[2048]);
        for (int n = 0; n < 1001; n++) {
            // runs of polls into the same place (only sequence and checksum rewritten), then a switch of buffer
            final UnsafeBuffer into = (n / 7) % 2 == 0 ? frame : other;
            assertEquals(64, gen.poll(into, 0, 2048));
            assertEquals(n, FrameGenerator.sequence(into, 0));
            assertTrue(FrameGenerator.verify(into, 0, 64), "frame " + n);
        }
    }

    @Test
    void verifyCatchesACorruptedByteSequenceOrLength() {
        final FrameGenerator gen = FrameGenerator.builder().sizes(128).build();
        gen.poll(frame, 0, 128);
        gen.poll(frame, 0, 128);
        assertTrue(FrameGenerator.verify(frame, 0, 128));
        frame.putByte(100, (byte) (frame.getByte(100) ^ 0x10));
        assertFalse(FrameGenerator.verify(frame, 0, 128));
        frame.putByte(100, (byte) (frame.getByte(100) ^ 0x10));
        frame.putLong(FrameGenerator.SEQUENCE_OFFSET, 7L, ByteOrder.BIG_ENDIAN); // claims another sequence number
        assertFalse(FrameGenerator.verify(frame, 0, 128));
        frame.putLong(FrameGenerator.SEQUENCE_OFFSET, 1L, ByteOrder.BIG_ENDIAN);
        assertTrue(FrameGenerator.verify(frame, 0, 128));
        assertFalse(FrameGenerator.verify(frame, 0, 124)); // truncated
    }

    @Test
    void rateReleasesFramesOnSchedule() {
        final long[] now = {5_000};
        final FrameGenerator gen = FrameGenerator.builder().rate(1_000_000).clock(() -> now[0]).build(); // 1 µs apart
        assertEquals(60, gen.poll(frame, 0, 2048)); // frame 0 at start
        assertEquals(0, gen.poll(frame, 0, 2048));
        now[0] += 999;
        assertEquals(0, gen.poll(frame, 0, 2048));
        now[0] += 1;
        assertEquals(60, gen.poll(frame, 0, 2048)); // frame 1 due at start + 1000 ns
        now[0] += 3000;
        assertEquals(60, gen.poll(frame, 0, 2048)); // frames 2, 3, 4 are due: released one per poll
        assertEquals(60, gen.poll(frame, 0, 2048));
        assertEquals(60, gen.poll(frame, 0, 2048));
        assertEquals(0, gen.poll(frame, 0, 2048));
        assertEquals(5, gen.generated());
    }

    @Test
    void flowsVaryTheSourcePort() {
        final FrameGenerator gen = FrameGenerator.builder().srcPort(5000).flows(3).build();
        final int[] expected = {5000, 5001, 5002, 5000, 5001};
        for (int port : expected) {
            gen.poll(frame, 0, 2048);
            assertEquals(port, frame.getShort(34, ByteOrder.BIG_ENDIAN) & 0xFFFF);
            assertTrue(FrameGenerator.verify(frame, 0, 60));
        }
    }

    @Test
    void tooSmallABufferSkipsTheFrameAndCountsIt() {
        final FrameGenerator gen = FrameGenerator.builder().sizes(1514).build();
        assertEquals(0, gen.poll(frame, 0, 1000));
        assertEquals(1, gen.skipped());
        assertEquals(1514, gen.poll(frame, 0, 1514));
        assertEquals(1, FrameGenerator.sequence(frame, 0));
    }

    @Test
    void configurationIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> FrameGenerator.builder().sizes(59));
        assertThrows(IllegalArgumentException.class, () -> FrameGenerator.builder().sizes(16384));
        assertThrows(IllegalArgumentException.class, () -> FrameGenerator.builder().rate(-1));
        assertThrows(IllegalArgumentException.class, () -> FrameGenerator.builder().flows(0));
    }

    @Test
    void macAddressForms() {
        assertEquals(0x0200_0000_0001L, MacAddress.parse("02:00:00:00:00:01"));
        assertEquals("02:00:00:00:00:01", MacAddress.toString(0x0200_0000_0001L));
        assertEquals(0xA0B1_C2D3_E4F5L, MacAddress.of(new byte[] {(byte) 0xA0, (byte) 0xB1, (byte) 0xC2,
            (byte) 0xD3, (byte) 0xE4, (byte) 0xF5}));
        assertTrue(MacAddress.isGroup(MacAddress.BROADCAST));
        assertTrue(MacAddress.isGroup(0x0100_5E00_0001L)); // 01:00:5e:00:00:01
        assertFalse(MacAddress.isGroup(0x0200_0000_0001L));
    }
}
