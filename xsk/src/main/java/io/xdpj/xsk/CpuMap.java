package io.xdpj.xsk;

/**
 * BPF_MAP_TYPE_CPUMAP: key → {@link CpuMapEntry} (another poller's queue); a redirect queues the frame through a
 * per-poller bulk queue flushed by {@code do_flush}.
 */
public final class CpuMap extends BpfMap {

    private final CpuMapEntry[] entries;

    public CpuMap(int maxEntries) {
        super(RedirectInfo.MAP_TYPE_CPUMAP, maxEntries);
        this.entries = new CpuMapEntry[maxEntries];
    }

    public synchronized void update(int key, CpuMapEntry entry) {
        checkKey(key);
        entries[key] = entry;
    }

    public synchronized void delete(int key) {
        checkKey(key);
        entries[key] = null;
    }

    public CpuMapEntry lookup(int key) {
        return key >= 0 && key < entries.length ? entries[key] : null;
    }

    /** {@code bpf_redirect_map} on a CPUMAP (facts B.1). */
    public int redirectMap(XdpBuff ctx, int key, long flags) {
        if ((flags & ~ACTION_MASK) != 0) {
            return XdpAction.ABORTED;
        }
        final CpuMapEntry entry = lookup(key);
        return entry == null ? ctx.ri.miss(flags) : ctx.ri.hit(entry, key, id(), RedirectInfo.MAP_TYPE_CPUMAP);
    }
}
