package io.xdpj.bench.xdpsock;

import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.ObjectName;

/**
 * Memory figures for the soak's growth checks: heap in use after full collections, and native ("off-heap") memory.
 *
 * <p>Off-heap: the rings, UMEMs and DMA blocks come from {@code Unsafe.allocateMemory}, which the JVM's native
 * memory tracking files under "Other". With {@code -XX:NativeMemoryTracking=summary} the committed bytes of that
 * category are read through the DiagnosticCommand MBean (what {@code jcmd PID VM.native_memory summary} prints).
 * Without NMT the soak reports the live bytes of DMA memory its ports allocated instead, which misses the socket
 * rings: the summary names the source.
 */
final class SoakMemory {

    private static final Pattern OTHER = Pattern.compile("-\\s+Other \\(reserved=(\\d+), committed=(\\d+)\\)");

    private SoakMemory() {
    }

    /** Heap bytes in use after full collections, the least of three (System.gc is a full GC with the Parallel GC). */
    static long heapUsedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * Committed bytes of NMT's "Other" category, or -1 when native memory tracking is off. NB: direct ByteBuffers
     * (the model's staging buffers) are freed by their Cleaner after a GC, on another thread: the figure is the
     * least of several readings, each after a GC and a pause for the Cleaner.
     */
    static long nmtOtherCommitted() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            final long v = nmtOtherCommittedOnce();
            if (v < 0) {
                return -1;
            }
            least = Math.min(least, v);
        }
        return least;
    }

    private static long nmtOtherCommittedOnce() {
        try {
            final Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                new Object[] {new String[] {"summary", "scale=b"}}, new String[] {String[].class.getName()});
            final Matcher m = OTHER.matcher(String.valueOf(out));
            return m.find() ? Long.parseLong(m.group(2)) : -1;
        } catch (javax.management.JMException | RuntimeException e) {
            return -1;
        }
    }
}
