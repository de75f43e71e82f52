package io.xdpj.sim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Runs against a real TAP interface when this process may create one (/dev/net/tun usable, CAP_NET_ADMIN);
 * otherwise it is skipped with the reason. Waits have deadlines; nothing asserts on durations.
 */
class TapDeviceTest {

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(5);

    @Test
    void framesCrossTheTapInBothDirections() throws Exception {
        final TapDevice tap;
        try {
            tap = TapDevice.open("xdpj%d");
        } catch (WireException e) {
            assumeTrue(false, "TAP not usable here: " + e.getMessage());
            return;
        }
        try (tap) {
            assertTrue(tap.name().startsWith("xdpj"), tap.name());
            assumeTrue(run("ip", "link", "set", "dev", tap.name(), "up") == 0,
                "'ip link set dev " + tap.name() + " up' is not permitted here");
            assumeTrue(run("ip", "addr", "add", "10.213.7.1/24", "dev", tap.name()) == 0,
                "'ip addr add' is not permitted here");

            // model → kernel: a generated frame shows up in the interface's rx_packets
            final Path rxPackets = Path.of("/sys/class/net", tap.name(), "statistics", "rx_packets");
            final long before = Long.parseLong(Files.readString(rxPackets).trim());
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);
            final FrameGenerator gen = FrameGenerator.builder().dstMac(0x0200_0000_0001L).build();
            final int length = gen.poll(frame, 0, frame.capacity());
            assertTrue(tap.transmit(frame, 0, length));
            final long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (Long.parseLong(Files.readString(rxPackets).trim()) == before && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(before + 1, Long.parseLong(Files.readString(rxPackets).trim()));

            // kernel → model: a datagram to an unknown neighbour makes the kernel send an ARP request out of the TAP
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.send(new DatagramPacket(new byte[8], 8, InetAddress.getByName("10.213.7.2"), 9));
            }
            final UnsafeBuffer rx = new UnsafeBuffer(new byte[2048]);
            boolean sawArp = false;
            final long deadline2 = System.nanoTime() + DEADLINE_NANOS;
            while (!sawArp && System.nanoTime() < deadline2) {
                final int n = tap.poll(rx, 0, rx.capacity());
                sawArp = n >= 42 && (rx.getShort(12, ByteOrder.BIG_ENDIAN) & 0xFFFF) == 0x0806
                    && rx.getInt(38, ByteOrder.BIG_ENDIAN) == 0x0AD5_0702; // ARP target IP 10.213.7.2
                if (n == 0) {
                    Thread.onSpinWait();
                }
            }
            assertTrue(sawArp, "no ARP request for 10.213.7.2 came out of " + tap.name());
            assertEquals(MacAddress.BROADCAST, MacAddress.read(rx, 0));
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
