package io.xdpj.bench.xdpsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Resource safety: 1000 cycles of open port → zero-copy socket → 101 frames → close on one simulated XL710, in a JVM
 * of its own with native memory tracking ({@link ResourceCycles}). Between the end of 50 warm-up cycles (every class
 * loaded, every jar open) and the end: no more file descriptors (/proc/self/fd) and no more threads, no IOMMU
 * mapping left after any close, NMT "Other" (Unsafe allocations: rings, UMEMs, DMA blocks) within 64 KiB, heap after
 * GC within 1 MiB.
 */
class ResourceSafetyTest {

    static final int CYCLES = 1000;
    static final int WARMUP = 50;

    @Test
    void aThousandOpenTrafficCloseCyclesLeakNothing() throws Exception {
        final String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process p = new ProcessBuilder(javaBin, "-Xmx256m", "-XX:+UseParallelGC",
            "-XX:NativeMemoryTracking=summary", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), ResourceCycles.class.getName(), Integer.toString(CYCLES),
            Integer.toString(WARMUP)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), json);
        assertEquals((long) CYCLES * ResourceCycles.FRAMES_PER_CYCLE, single(json, "received"), json);
        assertEquals(0, single(json, "max_mappings_after_close"), json);
        final long[] fds = pair(json, "fds");
        // No more than after warm-up (one fewer happens: a transient descriptor of the JVM closed meanwhile).
        assertTrue(fds[1] <= fds[0], "file descriptors after warm-up and at the end: " + json);
        final long[] threads = pair(json, "threads");
        assertTrue(threads[1] <= threads[0], "threads: " + json);
        final long[] mappings = pair(json, "mappings");
        assertEquals(0, mappings[1], json);
        final long[] nmt = pair(json, "nmt_other");
        assertTrue(nmt[0] > 0, "native memory tracking must be on: " + json);
        assertTrue(nmt[1] - nmt[0] <= SoakReport.OFFHEAP_GROWTH_LIMIT, "off-heap growth: " + json);
        final long[] heap = pair(json, "heap");
        assertTrue(heap[1] - heap[0] <= SoakReport.HEAP_GROWTH_LIMIT, "heap growth: " + json);
    }

    private static long single(String json, String name) {
        final Matcher m = Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    private static long[] pair(String json, String name) {
        final Matcher m = Pattern.compile("\"" + name + "\":\\[(-?\\d+),(-?\\d+)\\]").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }
}
