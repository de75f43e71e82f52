package io.xdpj.bench.xdpsock;

import static io.xdpj.bench.xdpsock.ToolRun.field;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.xdpj.ring.OffHeapMemory;
import io.xdpj.xsk.kernel.KernelXdpPort;
import io.xdpj.xsk.kernel.Native;

/**
 * The tool with {@code -i} on a veth pair whose peer end sits in a network namespace of its own (made here): rxdrop
 * receives what a packet socket in that namespace sends, txonly's frames arrive at the peer, and no XDP program stays
 * attached. Needs root; skipped with the reason otherwise.
 */
class XdpsockKernelTest {

    private static final long PID = ProcessHandle.current().pid();
    private String local;
    private String peer;
    private String ns;

    @BeforeEach
    void veth() {
        assumeTrue("root".equals(System.getProperty("user.name")), "the -i tests need root (veth, netns, bpf, AF_XDP)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
            || Files.isExecutable(Path.of("/usr/bin/ip")), "iproute2 is not installed: apt-get install -y iproute2");
        final String tag = PID % 100000 + "t" + System.nanoTime() % 1000;
        local = "ta" + tag;
        peer = "tb" + tag;
        ns = "xdpjt" + tag;
        sh("ip netns add " + ns);
        sh("ip link add " + local + " type veth peer name " + peer + " netns " + ns);
        sh("echo 1 > /proc/sys/net/ipv6/conf/" + local + "/disable_ipv6");
        sh("ip netns exec " + ns + " sh -c 'echo 1 > /proc/sys/net/ipv6/conf/" + peer + "/disable_ipv6'");
        sh("ip link set dev " + local + " up && ip -n " + ns + " link set dev " + peer + " up");
    }

    @AfterEach
    void unveth() {
        if (ns != null) {
            sh("ip netns del " + ns + " || true");
        }
    }

    private static String sh(String command) {
        try {
            final Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), command + " hangs");
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), command + ": " + out);
            return out.trim();
        } catch (IOException e) {
            throw new IllegalStateException(command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long peerCounter(String counter) {
        return Long.parseLong(sh("ip netns exec " + ns + " cat /sys/class/net/" + peer + "/statistics/" + counter));
    }

    /** {@code xdpsock MODE -i local} in copy mode for 2 s while a peer thread sends; {@code sent} counts its frames. */
    private ToolRun runWhilePeerSends(AtomicLong sent, String mode) throws InterruptedException {
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread sender = new Thread(() -> send(stop, sent), "peer-sender");
        sender.start();
        try {
            return ToolRun.of(mode, "-i", local, "-c", "-d", "2", "--warmup", "0.5", "--json", "-n", "0");
        } finally {
            stop.set(true);
            sender.join();
        }
    }

    @Test
    void rxdropReceivesWhatThePeerSends() throws InterruptedException {
        final AtomicLong sent = new AtomicLong();
        final ToolRun r = runWhilePeerSends(sent, "rxdrop");
        assertEquals(0, r.exit(), r.err());
        final String json = r.out().trim();
        assertTrue(json.contains("\"device\":\"" + local + "\"") && json.contains("\"rx\":\"native-xdp\""), json);
        assertEquals(0, field(json, "unaccounted"), json);
        assertTrue(field(json, "delivered") > 1000, json);
        assertTrue(sent.get() >= field(json, "generated"), "the socket cannot see more than was sent: " + sent
            + " sent; " + json);
        assertArrayEquals(new int[] {0, 0}, KernelXdpPort.attachedProgram(local), "XDP program left attached");
    }

    /** l2fwd sends every frame it takes back out: the peer's veth receives exactly the forwarded frames. */
    @Test
    void l2fwdSendsTheFramesBackToThePeer() throws InterruptedException {
        final long before = peerCounter("rx_packets") + peerCounter("rx_dropped");
        final AtomicLong sent = new AtomicLong();
        final ToolRun r = runWhilePeerSends(sent, "l2fwd");
        assertEquals(0, r.exit(), r.err());
        final String json = r.out().trim();
        assertEquals(0, field(json, "unaccounted"), json);
        final long forwarded = field(json, "delivered");
        assertTrue(forwarded > 1000, json);
        assertEquals(forwarded, peerCounter("rx_packets") + peerCounter("rx_dropped") - before,
            "the peer's veth got every forwarded frame (received or counted as dropped there)");
        assertArrayEquals(new int[] {0, 0}, KernelXdpPort.attachedProgram(local));
    }

    /** A packet socket in the peer's namespace sends 60-byte frames in bursts of 64 until stopped. */
    private void send(AtomicBoolean stop, AtomicLong sent) {
        final Native n = Native.get();
        final int nsFd = n.open("/var/run/netns/" + ns, Native.O_RDONLY_CLOEXEC);
        if (nsFd < 0 || n.setns(nsFd, Native.CLONE_NEWNET) < 0) {
            throw new IllegalStateException("cannot enter " + ns);
        }
        n.close(nsFd); // this thread ends in the peer's namespace; no other thread is affected
        final int proto = Short.reverseBytes((short) Native.ETH_P_ALL) & 0xFFFF;
        final int fd = n.socket(Native.AF_PACKET, Native.SOCK_RAW, proto);
        try (OffHeapMemory m = OffHeapMemory.allocate(128, 64)) {
            final UnsafeBuffer b = m.view();
            b.putShort(64, (short) Native.AF_PACKET); // sockaddr_ll {family, protocol, ifindex}
            b.putShort(66, (short) proto);
            b.putInt(68, n.ifNameToIndex(peer));
            if (fd < 0 || n.bind(fd, m.address() + 64, 20) < 0) {
                throw new IllegalStateException("no packet socket on " + peer);
            }
            b.setMemory(0, 64, (byte) 0);
            b.setMemory(0, 6, (byte) 0xFF);
            b.putByte(6, (byte) 0x02);
            b.putShort(12, Short.reverseBytes((short) 0x88B5));
            while (!stop.get()) {
                for (int i = 0; i < 64; i++) {
                    if (n.send(fd, m.address(), 60, 0) == 60) {
                        sent.incrementAndGet();
                    }
                }
                LockSupport.parkNanos(200_000);
            }
        } finally {
            n.close(fd);
        }
    }

    @Test
    void txonlyFramesArriveAtThePeer() {
        final long before = peerCounter("rx_packets") + peerCounter("rx_dropped");
        final ToolRun r = ToolRun.of("txonly", "-i", local, "-c", "-d", "1", "--warmup", "0.5", "--json", "-n", "0");
        assertEquals(0, r.exit(), r.err());
        final String json = r.out().trim();
        assertEquals(0, field(json, "unaccounted"), json);
        assertEquals(0, field(json, "tx_in_flight"), json);
        final long delivered = field(json, "delivered");
        assertTrue(delivered > 1000, json);
        assertEquals(delivered, peerCounter("rx_packets") + peerCounter("rx_dropped") - before,
            "every completed frame reached the peer's veth (received or counted as dropped there)");
        assertArrayEquals(new int[] {0, 0}, KernelXdpPort.attachedProgram(local));
    }

    @Test
    void kernelOptionErrorsAreOneLine() {
        final ToolRun noIface = ToolRun.of("rxdrop", "-N", "-d", "1");
        assertEquals(1, noIface.exit());
        assertEquals("xdpsock: -N and -S choose the kernel's XDP mode; they need -i IFNAME", noIface.err().trim());
        final ToolRun missing = ToolRun.of("rxdrop", "-i", "xdpjnone0", "-d", "1");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().startsWith("xdpsock: open xdpjnone0: ENODEV (19): no interface xdpjnone0"),
            missing.err());
        final ToolRun path = ToolRun.of("rxdrop", "-i", local, "--path", "redirect-xsk", "-d", "1");
        assertEquals(1, path.exit());
        assertTrue(path.err().contains("the kernel runs its own XDP_REDIRECT path"), path.err());
    }
}
