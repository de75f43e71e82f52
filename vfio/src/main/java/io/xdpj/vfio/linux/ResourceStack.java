package io.xdpj.vfio.linux;

import io.xdpj.vfio.VfioException;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What an open sequence has acquired so far, released in reverse order: on close, and when a later step of the
 * open fails (so a failure halfway leaves nothing behind). A release that fails does not stop the others; the
 * first failure is thrown with the later ones attached as suppressed.
 */
final class ResourceStack {

    /** One release step (munmap, close, VFIO_IOMMU_UNMAP_DMA, ...). */
    interface Release {
        void run();
    }

    private static final class Entry {
        final String what;
        final Release release;

        Entry(String what, Release release) {
            this.what = what;
            this.release = release;
        }
    }

    private final Deque<Entry> stack = new ArrayDeque<>();

    /** Records a resource just acquired; {@code what} names it in failures. */
    void push(String what, Release release) {
        stack.push(new Entry(what, release));
    }

    boolean isEmpty() {
        return stack.isEmpty();
    }

    /** Releases everything, newest first. */
    void close() {
        final RuntimeException failure = releaseAll(null);
        if (failure != null) {
            throw failure;
        }
    }

    /** Releases everything after {@code cause} aborted an open; release failures are attached to it. */
    RuntimeException unwind(RuntimeException cause) {
        releaseAll(cause);
        return cause;
    }

    private RuntimeException releaseAll(RuntimeException into) {
        RuntimeException first = into;
        while (!stack.isEmpty()) {
            final Entry entry = stack.pop();
            try {
                entry.release.run();
            } catch (RuntimeException e) {
                final RuntimeException named = new VfioException("releasing " + entry.what + " failed: "
                    + e.getMessage(), e);
                if (first == null) {
                    first = named;
                } else {
                    first.addSuppressed(named);
                }
            }
        }
        return first;
    }
}
