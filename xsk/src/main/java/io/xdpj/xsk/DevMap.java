package io.xdpj.xsk;

/**
 * BPF_MAP_TYPE_DEVMAP: key → device; a redirect queues the frame on the target device's XDP transmit side through
 * a per-poller bulk queue flushed by {@code do_flush}. Broadcast (BPF_F_BROADCAST) is not supported: such flags
 * return ABORTED.
 */
public final class DevMap extends BpfMap {

    private final NetDevice[] entries;

    public DevMap(int maxEntries) {
        super(RedirectInfo.MAP_TYPE_DEVMAP, maxEntries);
        this.entries = new NetDevice[maxEntries];
    }

    /** Enters {@code device} at {@code key}; it must have an XDP transmitter (else EOPNOTSUPP). */
    public synchronized void update(int key, NetDevice device) {
        checkKey(key);
        if (device == null || device.transmitter() == null) {
            throw new XskException(Errno.EOPNOTSUPP, "DEVMAP update: the device has no XDP transmit side");
        }
        entries[key] = device;
    }

    public synchronized void delete(int key) {
        checkKey(key);
        entries[key] = null;
    }

    public NetDevice lookup(int key) {
        return key >= 0 && key < entries.length ? entries[key] : null;
    }

    /** {@code bpf_redirect_map} on a DEVMAP (facts B.1). */
    public int redirectMap(XdpBuff ctx, int key, long flags) {
        if ((flags & ~ACTION_MASK) != 0) {
            return XdpAction.ABORTED;
        }
        final NetDevice dev = lookup(key);
        return dev == null ? ctx.ri.miss(flags) : ctx.ri.hit(dev, key, id(), RedirectInfo.MAP_TYPE_DEVMAP);
    }
}
