package io.xdpj.xsk;

/**
 * The per-poller redirect state a redirect helper fills in and {@code do_redirect} consumes: the kernel's
 * {@code struct bpf_redirect_info} (facts B.2), one per poller thread as the kernel has one per CPU. Plain fields:
 * only the owning poller touches it.
 */
public final class RedirectInfo {
    /** BPF_MAP_TYPE_UNSPEC. */
    public static final int MAP_TYPE_UNSPEC = 0;
    /** BPF_MAP_TYPE_DEVMAP. */
    public static final int MAP_TYPE_DEVMAP = 14;
    /** BPF_MAP_TYPE_CPUMAP. */
    public static final int MAP_TYPE_CPUMAP = 16;
    /** BPF_MAP_TYPE_XSKMAP. */
    public static final int MAP_TYPE_XSKMAP = 17;
    /**
     * The RFC's first rejected alternative, BPF_MAP_TYPE_XSKMAP_DIRECT (never in the kernel; the value is ours,
     * outside the kernel's range).
     */
    public static final int MAP_TYPE_XSKMAP_DIRECT = 0x100;
    /** map_id meaning "no map" after a failed lookup (INT_MAX; valid ids are 1..INT_MAX-1). */
    public static final int MAP_ID_NONE = Integer.MAX_VALUE;
    /**
     * The RFC's second rejected alternative: a kern_flags bit telling {@code do_redirect} to use the Rx queue's
     * socket (never in the kernel; our bit).
     */
    public static final int RI_F_RXQ_XSK = 1 << 8;

    /** Key or ifindex of the target. */
    public long tgtIndex;
    /** The looked-up target (a socket for XSKMAP, a device for DEVMAP, an entry for CPUMAP). */
    public Object tgtValue;
    /** The map, only for broadcast redirects (never set here: broadcast is not supported). */
    public Object map;
    /** Redirect flags (broadcast only). */
    public int flags;
    /** Internal flags. */
    public int kernFlags;
    /** Id of the map the target came from, 0 or {@link #MAP_ID_NONE} for none. */
    public int mapId;
    /** Type of that map: the key {@code do_redirect} dispatches on. */
    public int mapType;

    /**
     * A helper's successful lookup (the tail of the kernel's {@code __bpf_xdp_redirect_map}): records the target
     * for {@code do_redirect}.
     *
     * @return XDP_REDIRECT
     */
    int hit(Object target, int key, int id, int type) {
        tgtValue = target;
        tgtIndex = key;
        mapId = id;
        mapType = type;
        map = null;
        flags = 0;
        return XdpAction.REDIRECT;
    }

    /**
     * A helper's failed lookup: clears the state so that the last lookup of a program always decides, and returns
     * the fallback action held in the low bits of the helper's flags (facts B.1).
     */
    int miss(long helperFlags) {
        mapId = MAP_ID_NONE;
        mapType = MAP_TYPE_UNSPEC;
        return (int) (helperFlags & BpfMap.ACTION_MASK);
    }
}
