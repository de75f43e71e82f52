package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.xdpj.sim.wire.PcapReader;
import io.xdpj.sim.wire.WireException;

/**
 * The pcap reader on arbitrary files: it refuses what is not a classic Ethernet capture with its WireException,
 * otherwise yields frames that fit the poller's buffer, each within the file, and ends after at most one poll per
 * 16-byte record header (no endless loop on a broken length).
 */
class PcapReaderFuzzTest {

    private static final int CAPACITY = 16383;

    @FuzzTest(maxDuration = "60s")
    void files(byte[] bytes) throws IOException {
        final Path file = Files.createTempFile("fuzz", ".pcap");
        try {
            Files.write(file, bytes);
            final PcapReader r;
            try {
                r = PcapReader.open(file);
            } catch (WireException refused) {
                return;
            }
            try (r) {
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CAPACITY]);
                final long bound = bytes.length / 16 + 2;
                long polls = 0;
                long delivered = 0;
                while (!r.ended()) {
                    assertTrue(++polls <= bound, "more polls than record headers fit the file: " + polls);
                    final int n = r.poll(buffer, 0, CAPACITY);
                    assertTrue(n >= 0 && n <= CAPACITY && n <= bytes.length, "frame of " + n + " bytes");
                    delivered += n;
                }
                assertTrue(delivered <= bytes.length);
                assertTrue(r.frames() + r.skipped() + r.truncatedRecords() <= bound);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
