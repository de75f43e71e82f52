package io.xdpj.xsk.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A veth pair made for one test: {@link #local} stays in this JVM's (root) network namespace, {@link #peer} lives in
 * a namespace of its own, {@link #namespace}. IPv6 is off on both ends so the kernel sends nothing of its own
 * (router solicitations, MLD) onto the link. {@link #close()} deletes the namespace, which deletes the pair.
 */
final class VethPair implements AutoCloseable {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final long PID = ProcessHandle.current().pid();

    final String local;
    final String peer;
    final String namespace;

    private VethPair(String local, String peer, String namespace) {
        this.local = local;
        this.peer = peer;
        this.namespace = namespace;
    }

    /** Creates the pair; both ends up. */
    static VethPair create() {
        final int n = NEXT.incrementAndGet();
        final String tag = PID % 100000 + "x" + n; // names stay under IFNAMSIZ (16 with the NUL)
        final VethPair v = new VethPair("xa" + tag, "xb" + tag, "xdpj" + tag);
        ip("netns", "add", v.namespace);
        try {
            ip("link", "add", v.local, "type", "veth", "peer", "name", v.peer, "netns", v.namespace);
            writeSysctl("/proc/sys/net/ipv6/conf/" + v.local + "/disable_ipv6");
            run("ip", "netns", "exec", v.namespace, "sh", "-c",
                "echo 1 > /proc/sys/net/ipv6/conf/" + v.peer + "/disable_ipv6");
            ip("link", "set", "dev", v.local, "up");
            ip("-n", v.namespace, "link", "set", "dev", v.peer, "up");
        } catch (RuntimeException e) {
            v.close();
            throw e;
        }
        return v;
    }

    /** Sets {@link #local} down (for the error test). */
    void localDown() {
        ip("link", "set", "dev", local, "down");
    }

    /** Whether the test can run here: root, iproute2, AF_XDP sockets; else why not. */
    static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "the kernel AF_XDP tests need root (veth pairs, namespaces, bpf, AF_XDP); running as "
                + System.getProperty("user.name");
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))
            && !Files.isExecutable(Path.of("/usr/bin/ip"))) {
            return "iproute2 (ip) is not installed: apt-get install -y iproute2";
        }
        final Native n = Native.get();
        final int fd = n.socket(Native.AF_XDP, Native.SOCK_RAW, 0);
        if (fd < 0) {
            return "socket(AF_XDP) fails with errno " + -fd + ": the kernel lacks CONFIG_XDP_SOCKETS";
        }
        n.close(fd);
        return null;
    }

    static void ip(String... args) {
        final List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        run(cmd.toArray(new String[0]));
    }

    /** Runs a command, failing with its output when it exits non-zero or takes more than 10 s. */
    static String run(String... cmd) {
        try {
            final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within 10 s");
            }
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", cmd) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", cmd), e);
        }
    }

    private static void writeSysctl(String path) {
        try {
            Files.writeString(Path.of(path), "1");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + path + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            run("ip", "netns", "del", namespace);
        } catch (RuntimeException e) {
            // already gone
        }
        try {
            run("ip", "link", "del", local);
        } catch (RuntimeException e) {
            // deleting the namespace deleted the pair
        }
    }
}
