package io.xdpj.xsk;

/**
 * BPF_MAP_TYPE_XSKMAP: key → socket. Its helpers are the kernel's {@code bpf_redirect_map} on an XSKMAP (the
 * redirect path), the RFC's {@code bpf_redirect_xsk} and the RFC's second rejected alternative (a redirect-info
 * flag).
 *
 * <p>Updates and deletes are control-path operations; the data path reads entries with plain loads (the kernel
 * uses RCU; here updates must not race a running poller, see the package doc).
 */
public final class XskMap extends BpfMap {

    /**
     * The RFC's second rejected alternative as a flag of {@code bpf_redirect_map}: "use the Rx queue's socket".
     * Not a kernel flag; ours.
     */
    public static final long BPF_F_RXQ_XSK = 1L << 16;

    private final XskSocket[] entries;

    public XskMap(int maxEntries) {
        super(RedirectInfo.MAP_TYPE_XSKMAP, maxEntries);
        this.entries = new XskSocket[maxEntries];
    }

    /**
     * Enters {@code socket} at {@code key} (BPF_ANY). The socket must be bound and have an Rx ring, as the kernel's
     * {@code xsk_map_update_elem} requires (else EOPNOTSUPP).
     */
    public synchronized void update(int key, XskSocket socket) {
        checkKey(key);
        if (socket == null || !socket.isBound() || socket.rxRing() == null) {
            throw new XskException(Errno.EOPNOTSUPP, "XSKMAP update: the socket must be bound and have an Rx ring");
        }
        final XskSocket old = entries[key];
        if (old != null) {
            old.removedFromMap(this, key);
        }
        entries[key] = socket;
        socket.addedToMap(this, key);
    }

    /** Removes the entry at {@code key}. */
    public synchronized void delete(int key) {
        checkKey(key);
        final XskSocket old = entries[key];
        if (old == null) {
            throw new XskException(Errno.ENOENT, "XSKMAP delete: no socket at key " + key);
        }
        entries[key] = null;
        old.removedFromMap(this, key);
    }

    /** Removes {@code socket} from {@code key} if it is still there (socket close). */
    synchronized void deleteIf(int key, XskSocket socket) {
        if (entries[key] == socket) {
            entries[key] = null;
        }
    }

    /** The socket at {@code key}, or null (the kernel's {@code __xsk_map_lookup_elem}). */
    public XskSocket lookup(int key) {
        return key >= 0 && key < entries.length ? entries[key] : null;
    }

    /**
     * {@code bpf_redirect_map(&xsks_map, key, flags)} (the kernel's {@code __bpf_xdp_redirect_map} with the XSKMAP
     * lookup, facts B.1): flags outside the action mask → ABORTED; a miss clears the redirect info and returns
     * {@code flags & ACTION_MASK}; a hit records the target in the poller's redirect info and returns REDIRECT.
     */
    public int redirectMap(XdpBuff ctx, int key, long flags) {
        if ((flags & ~ACTION_MASK) != 0) {
            return (flags & ~(ACTION_MASK | BPF_F_RXQ_XSK)) == 0 ? redirectRxqFlag(ctx, key, flags)
                : XdpAction.ABORTED;
        }
        final XskSocket xs = lookup(key);
        return xs == null ? ctx.ri.miss(flags) : ctx.ri.hit(xs, key, id(), RedirectInfo.MAP_TYPE_XSKMAP);
    }

    /**
     * The RFC's {@code bpf_redirect_xsk(ctx, map, key, flags)} (patch 2/8): REDIRECT_XSK when exactly one socket
     * with an Rx ring is bound to the packet's Rx queue, else it falls back invisibly to {@link #redirectMap}.
     */
    public int redirectXsk(XdpBuff ctx, int key, long flags) {
        if (ctx.rxq.xskRefcnt == 1) {
            return XdpAction.REDIRECT_XSK;
        }
        return redirectMap(ctx, key, flags);
    }

    /**
     * The RFC's second alternative: with {@link #BPF_F_RXQ_XSK}, when the Rx queue has exactly one socket, skip the
     * lookup and mark the redirect info so that {@code do_redirect} takes the queue's socket; otherwise behave as a
     * plain {@code bpf_redirect_map}.
     */
    private int redirectRxqFlag(XdpBuff ctx, int key, long flags) {
        if (ctx.rxq.xskRefcnt != 1) {
            return redirectMap(ctx, key, flags & ACTION_MASK);
        }
        final RedirectInfo ri = ctx.ri;
        ri.kernFlags |= RedirectInfo.RI_F_RXQ_XSK;
        ri.tgtIndex = key;
        ri.mapId = id();
        ri.mapType = RedirectInfo.MAP_TYPE_XSKMAP;
        return XdpAction.REDIRECT;
    }
}
