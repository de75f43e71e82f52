package io.xdpj.sim.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapTest {

    @TempDir
    Path dir;

    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[16384]);

    @Test
    void headerAndRecordBytesAreClassicLittleEndianPcap() throws IOException {
        final Path file = dir.resolve("one.pcap");
        final long[] now = {0};
        // epoch 1_700_000_000.123456789 s; the frame is stamped 2 µs later
        try (PcapWriter writer = new PcapWriter(file, 65535, 1_700_000_000_123_456_789L, () -> now[0])) {
            final UnsafeBuffer small = new UnsafeBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x08, 0});
            now[0] = 2_000;
            assertTrue(writer.transmit(small, 0, 14));
        }
        final byte[] bytes = Files.readAllBytes(file);
        final byte[] expected = {
            (byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1, // magic a1b2c3d4, little-endian
            2, 0, 4, 0, // version 2.4
            0, 0, 0, 0, 0, 0, 0, 0, // thiszone, sigfigs
            (byte) 0xFF, (byte) 0xFF, 0, 0, // snaplen 65535
            1, 0, 0, 0, // LINKTYPE_ETHERNET
            0x00, (byte) 0xF1, 0x53, 0x65, // ts_sec 1700000000 = 0x6553F100
            0x42, (byte) 0xE2, 0x01, 0x00, // ts_usec 123458 = 0x1E242 (123456.789 µs + 2 µs, truncated)
            14, 0, 0, 0, 14, 0, 0, 0, // incl_len, orig_len
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x08, 0};
        assertArrayEquals(expected, bytes);
    }

    @Test
    void roundTripOf1001GeneratedFrames() {
        final Path file = dir.resolve("gen.pcap");
        final FrameGenerator gen = FrameGenerator.builder().sizes(60, 64, 1514, 9000).count(1001).build();
        try (PcapWriter writer = PcapWriter.open(file)) {
            int n;
            while ((n = gen.poll(frame, 0, frame.capacity())) != 0) {
                assertTrue(writer.transmit(frame, 0, n));
            }
            assertEquals(1001, writer.frames());
        }
        final int[] sizes = {60, 64, 1514, 9000};
        try (PcapReader reader = PcapReader.open(file)) {
            for (int i = 0; i < 1001; i++) {
                final int n = reader.poll(frame, 0, frame.capacity());
                assertEquals(sizes[i % 4], n);
                assertEquals(i, FrameGenerator.sequence(frame, 0));
                assertTrue(FrameGenerator.verify(frame, 0, n));
            }
            assertEquals(0, reader.poll(frame, 0, frame.capacity()));
            assertTrue(reader.ended());
            assertEquals(1001, reader.frames());
        }
    }

    @Test
    void readerSkipsFramesLargerThanTheBufferAndLoops() {
        final Path file = dir.resolve("loop.pcap");
        final FrameGenerator gen = FrameGenerator.builder().sizes(60, 9000, 64).count(3).build();
        try (PcapWriter writer = PcapWriter.open(file)) {
            int n;
            while ((n = gen.poll(frame, 0, frame.capacity())) != 0) {
                writer.transmit(frame, 0, n);
            }
        }
        try (PcapReader reader = new PcapReader(file, true)) {
            final int[] expected = {60, 64, 60, 64, 60};
            for (int length : expected) {
                assertEquals(length, reader.poll(frame, 0, 2048));
            }
            assertEquals(2, reader.skipped()); // the 9000-byte frame, once in each of the two complete passes
        }
    }

    @Test
    void readerRejectsWhatItCannotReplay() throws IOException {
        final Path notPcap = dir.resolve("x.pcapng");
        final byte[] pcapng = new byte[32];
        pcapng[0] = 0x0A;
        pcapng[1] = 0x0D;
        pcapng[2] = 0x0D;
        pcapng[3] = 0x0A;
        Files.write(notPcap, pcapng);
        WireException e = assertThrows(WireException.class, () -> PcapReader.open(notPcap));
        assertTrue(e.getMessage().contains("editcap -F pcap"), e.getMessage());
        final Path raw = dir.resolve("raw.pcap");
        final byte[] header = Arrays.copyOf(new byte[] {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1, 2, 0, 4,
            0}, 24);
        header[20] = 101; // LINKTYPE_RAW
        Files.write(raw, header);
        e = assertThrows(WireException.class, () -> PcapReader.open(raw));
        assertTrue(e.getMessage().contains("link type 101"), e.getMessage());
    }

    @Test
    void truncatedLastRecordEndsTheReplay() throws IOException {
        final Path file = dir.resolve("cut.pcap");
        try (PcapWriter writer = PcapWriter.open(file)) {
            final FrameGenerator gen = FrameGenerator.builder().sizes(100).count(2).build();
            for (int i = 0; i < 2; i++) {
                writer.transmit(frame, 0, gen.poll(frame, 0, frame.capacity()));
            }
        }
        final byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 10));
        try (PcapReader reader = PcapReader.open(file)) {
            assertEquals(100, reader.poll(frame, 0, frame.capacity()));
            assertEquals(0, reader.poll(frame, 0, frame.capacity()));
            assertEquals(1, reader.truncatedRecords());
        }
    }
}
