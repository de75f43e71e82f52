package io.xdpj.sim.adminq;

import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.IntHashSet;

/**
 * Injected admin-command faults: an opcode that fails with a given return code instead of executing, and an opcode
 * whose descriptor is never completed (the ATQ stops at it: ATQH does not advance and DD is not set, so the driver's
 * completion wait times out; facts 3.6). Set from a test thread, read by the step thread: guarded by this object.
 */
public final class CommandFaults {

    private final Int2IntHashMap failures = new Int2IntHashMap(-1);
    private final IntHashSet stalls = new IntHashSet();

    /** From now on {@code opcode} completes with {@code retval} (and ERR) without executing. */
    public synchronized void fail(int opcode, int retval) {
        if (retval <= 0 || retval > 0xFF) {
            throw new IllegalArgumentException("an injected failure needs a non-zero 8-bit AQ return code, got "
                + retval);
        }
        failures.put(opcode, retval);
    }

    /** From now on a descriptor with {@code opcode} is never completed. */
    public synchronized void stall(int opcode) {
        stalls.add(opcode);
    }

    /** Removes every injected command fault; a stalled queue resumes at its next step. */
    public synchronized void clear() {
        failures.clear();
        stalls.clear();
    }

    synchronized int failure(int opcode) {
        return failures.get(opcode);
    }

    synchronized boolean stalls(int opcode) {
        return stalls.contains(opcode);
    }
}
