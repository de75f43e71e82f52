package io.xdpj.i40e;

import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.NanoClock;

/**
 * Bounded waits on the hardware (control path only): every wait of the driver is a poll with a deadline taken from
 * an injectable clock, so a device that never answers (removed, in reset, a model that is not stepping) gives a
 * typed exception instead of a hang.
 */
final class Deadline {

    /** Something the wait polls; returns true when the awaited condition holds. */
    @FunctionalInterface
    interface Condition {
        boolean holds();
    }

    private final NanoClock clock;

    Deadline(NanoClock clock) {
        this.clock = clock;
    }

    NanoClock clock() {
        return clock;
    }

    /**
     * Polls {@code condition} every {@code intervalNanos} until it holds or {@code timeoutNanos} passed.
     *
     * @return true if the condition held before the deadline (it is checked once more at the deadline)
     */
    boolean await(Condition condition, long timeoutNanos, long intervalNanos) {
        final long end = clock.nanoTime() + timeoutNanos;
        while (true) {
            if (condition.holds()) {
                return true;
            }
            if (clock.nanoTime() - end >= 0) {
                return condition.holds();
            }
            pause(intervalNanos);
        }
    }

    /** Waits {@code nanos} (a settle delay the facts prescribe, e.g. 400 µs after SET_QDIS, facts 2.3). */
    void sleep(long nanos) {
        final long end = clock.nanoTime() + nanos;
        while (clock.nanoTime() - end < 0) {
            pause(Math.min(nanos, 50_000));
        }
    }

    private static void pause(long nanos) {
        if (nanos <= 2_000) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(nanos);
        }
    }
}
