package io.xdpj.bench.xdpsock;

import static io.xdpj.bench.xdpsock.ToolRun.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tool end to end on the simulated XL710: exact accounting, clean errors. */
class XdpsockTest {

    private static long dropSum(String json) {
        final Matcher block = Pattern.compile("\"drops\":\\{([^}]*)}").matcher(json);
        assertTrue(block.find(), json);
        long sum = 0;
        final Matcher v = Pattern.compile(":(\\d+)").matcher(block.group(1));
        while (v.find()) {
            sum += Long.parseLong(v.group(1));
        }
        return sum;
    }

    @ParameterizedTest
    @ValueSource(strings = {"redirect", "xskmap-direct", "redirect-flag", "redirect-xsk", "batched-redirect"})
    void rxdropAccountsForEveryGeneratedFrame(String path) {
        final ToolRun r = ToolRun.of("rxdrop", "--path", path, "--rx", "batched", "--frames", "200001", "-d", "20", "--json",
            "-n", "0");
        assertEquals(0, r.exit(), r.err());
        final String json = r.out().trim();
        assertEquals(200001, field(json, "generated"), "the generator stopped at --frames");
        assertEquals(field(json, "generated"), field(json, "delivered") + dropSum(json), json);
        assertEquals(0, field(json, "unaccounted"));
        assertTrue(field(json, "delivered") > 0, json);
    }

    /**
     * A peer that keeps sending (--keep-sending, what --pci meets on a real link): the tool stops reception and counts
     * from the device's counters. The count balances exactly although the wire never stopped: the port went on
     * counting frames after the stop (port_rx_packets above generated) while the VSI's count held still. Paced, flat
     * out on the application's thread (the device then discards), and with the poller on its own thread.
     */
    @ParameterizedTest
    @ValueSource(strings = {"--rate=200001", "--busy-poll", "--no-busy-poll"})
    void aPeerThatKeepsSendingIsCountedFromTheDevice(String option) {
        final ToolRun r = ToolRun.of("rxdrop", "--keep-sending", option, "-d", "1", "--json", "-n", "0");
        assertEquals(0, r.exit(), r.err());
        final String json = r.out().trim();
        assertEquals(0, field(json, "unaccounted"), json);
        assertEquals(field(json, "generated"), field(json, "delivered") + dropSum(json), json);
        assertTrue(field(json, "delivered") > 0, json);
        assertTrue(field(json, "port_rx_packets") > field(json, "generated"), json);
    }

    @Test
    void keepSendingIsForTheModel() {
        final ToolRun r = ToolRun.of("rxdrop", "--keep-sending", "--pci", "0000:99:1f.7", "-d", "1");
        assertEquals(1, r.exit());
        assertEquals("xdpsock: --keep-sending drives the simulated XL710's wire; with --pci the peer decides (the "
            + "count then always comes from the device)", r.err().trim());
    }

    @Test
    void copyModeL2fwdForwardsOntoTheWire() {
        final ToolRun r = ToolRun.of("l2fwd", "-c", "--frames", "100001", "--rate", "2000000", "-d", "20", "--json", "-n", "0");
        assertEquals(0, r.exit(), r.err());
        final String json = r.out().trim();
        assertEquals(100001, field(json, "generated"));
        assertEquals(field(json, "generated"), field(json, "delivered") + dropSum(json), json);
        assertEquals(field(json, "delivered"), field(json, "wire_frames"), "every forwarded frame reached the wire");
        assertEquals(0, field(json, "zero_copy"));
    }

    @Test
    void txonlyCompletesEverythingItSent() {
        final ToolRun r = ToolRun.of("-t", "-d", "1", "--json", "-n", "0");
        assertEquals(0, r.exit(), r.err());
        final String json = r.out().trim();
        assertTrue(field(json, "generated") > 0);
        assertEquals(field(json, "generated"), field(json, "delivered"));
        assertEquals(field(json, "delivered"), field(json, "wire_frames"));
    }

    /** The check: rxdrop in a 64 MiB heap collects no garbage after warm-up (nothing allocated per frame). */
    @Test
    void rxdropIn64MiBHeapHasNoGcAfterWarmup() throws Exception {
        final String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process p = new ProcessBuilder(javaBin, "-Xmx64m", "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            Xdpsock.class.getName(), "rxdrop", "-d", "4", "--warmup", "1.5", "--json", "-n", "0")
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), json);
        assertEquals(0, field(json, "gc_count_after_warmup"), json);
        assertEquals(field(json, "generated"), field(json, "delivered") + dropSum(json), json);
    }

    @Test
    void errorsAreOneLine() {
        final ToolRun bad = ToolRun.of("--path", "nope");
        assertEquals(1, bad.exit());
        assertEquals("xdpsock: unknown path 'nope'; use redirect, xskmap-direct, redirect-flag, redirect-xsk or "
            + "batched-redirect", bad.err().trim());
        final ToolRun noDevice = ToolRun.of("--pci", "0000:99:1f.7", "-d", "1");
        assertEquals(1, noDevice.exit());
        assertTrue(noDevice.err().startsWith("xdpsock: no PCI function 0000:99:1f.7"), noDevice.err());
        assertEquals(1, noDevice.err().trim().lines().count());
    }
}
