package io.xdpj.xsk.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Missing capabilities and a low memlock limit are named in the error: a child JVM runs {@link CapabilityProbe} with
 * capabilities removed from its bounding set by util-linux's setpriv (root keeps only what the bounding set allows
 * across exec), and with prlimit's RLIMIT_MEMLOCK.
 */
class KernelCapabilityTest {

    private VethPair veth;

    @BeforeEach
    void pair() {
        final String why = VethPair.unavailableReason();
        assumeTrue(why == null, why);
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "util-linux's setpriv is not installed");
        veth = VethPair.create();
    }

    @AfterEach
    void unpair() {
        if (veth != null) {
            veth.close();
        }
    }

    private String probe(String dropped) throws IOException, InterruptedException {
        return probe(dropped, -1);
    }

    /** Runs the probe without the {@code dropped} capabilities and, if {@code memlock} &ge; 0, under that limit. */
    private String probe(String dropped, long memlock) throws IOException, InterruptedException {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> cmd = new ArrayList<>();
        if (memlock >= 0) {
            cmd.addAll(List.of("/usr/bin/prlimit", "--memlock=" + memlock + ":" + memlock));
        }
        cmd.addAll(List.of("/usr/bin/setpriv", "--inh-caps=-all", "--bounding-set=" + dropped,
            "--", java, "-Xmx64m", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), CapabilityProbe.class.getName(), veth.local));
        // stderr apart: newer JDKs warn there about jnr-ffi's native access; the probe's answer is its stdout
        final Path err = Files.createTempFile("capability-probe", ".err");
        try {
            final Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM hangs");
            assertEquals(0, p.exitValue(), out + " / stderr: " + Files.readString(err));
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Test
    void withoutBpfAndNetAdminTheMapCreationSaysSo() throws Exception {
        final String out = probe("-bpf,-sys_admin,-net_admin");
        assertTrue(out.startsWith("BPF_MAP_CREATE: EPERM (1): "), out);
        assertTrue(out.contains("lacks CAP_NET_ADMIN, CAP_BPF, CAP_SYS_ADMIN"), out);
    }

    /**
     * Without CAP_IPC_LOCK the UMEM's pages are charged to RLIMIT_MEMLOCK (facts A.5): the probe's 128 KiB UMEM over a
     * 64 KiB limit is refused with ENOBUFS, and the message says how to raise the limit.
     */
    @Test
    void overTheMemlockLimitTheUmemSaysHowToRaiseIt() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "util-linux's prlimit is not installed");
        final String out = probe("-ipc_lock", 64 * 1024);
        assertTrue(out.startsWith("XDP_UMEM_REG: ENOBUFS (105): pinning the UMEM's 131072 bytes exceeds the "
            + "locked-memory limit (RLIMIT_MEMLOCK)"), out);
        assertTrue(out.contains("ulimit -l") && out.contains("CAP_IPC_LOCK"), out);
    }

    @Test
    void withoutNetRawTheSocketSaysSo() throws Exception {
        final String out = probe("-net_raw");
        assertTrue(out.startsWith("socket(AF_XDP): EPERM (1): AF_XDP sockets need CAP_NET_RAW"), out);
        assertTrue(out.contains("lacks CAP_NET_RAW"), out);
    }
}
