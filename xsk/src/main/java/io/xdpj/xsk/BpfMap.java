package io.xdpj.xsk;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every map shares: an id (as the kernel's map ids, from 1) and a type. The redirect helpers are methods of
 * the concrete final map classes, as the kernel's verifier patches {@code bpf_redirect_map} into a direct call of
 * the map's own {@code map_redirect} operation (facts B.1): a program's call site is monomorphic.
 */
public abstract class BpfMap {

    /** The redirect helpers' action mask: the low flag bits are the action returned on a miss (facts B.1). */
    public static final long ACTION_MASK = XdpAction.ABORTED | XdpAction.DROP | XdpAction.PASS | XdpAction.TX;

    private static final AtomicInteger NEXT_ID = new AtomicInteger(1);

    private final int id;
    private final int type;
    private final int maxEntries;

    BpfMap(int type, int maxEntries) {
        if (maxEntries <= 0) {
            throw new XskException(Errno.EINVAL, "map max_entries must be positive, got " + maxEntries);
        }
        this.id = NEXT_ID.getAndIncrement();
        this.type = type;
        this.maxEntries = maxEntries;
    }

    public final int id() {
        return id;
    }

    public final int type() {
        return type;
    }

    public final int maxEntries() {
        return maxEntries;
    }

    final void checkKey(int key) {
        if (key < 0 || key >= maxEntries) {
            throw new XskException(Errno.E2BIG, "key " + key + " is outside 0.." + (maxEntries - 1));
        }
    }
}
