package io.xdpj.xsk;

/**
 * The RFC's first rejected alternative, BPF_MAP_TYPE_XSKMAP_DIRECT: an XSKMAP whose {@code bpf_redirect_map}
 * records only the map type, so that {@code do_redirect} uses the Rx queue's single socket without a lookup
 * (falling back to this map's entry when the queue has no single socket). Never in the kernel.
 */
public final class XskMapDirect extends BpfMap {

    private final XskMap entries;

    public XskMapDirect(int maxEntries) {
        super(RedirectInfo.MAP_TYPE_XSKMAP_DIRECT, maxEntries);
        this.entries = new XskMap(maxEntries);
    }

    /** Enters a socket, as {@link XskMap#update}. */
    public void update(int key, XskSocket socket) {
        entries.update(key, socket);
    }

    /** The socket at {@code key}, or null. */
    public XskSocket lookup(int key) {
        return entries.lookup(key);
    }

    /**
     * {@code bpf_redirect_map} on an XSKMAP_DIRECT map: flags outside the action mask → ABORTED; otherwise record the
     * map (type, id, key) without looking up and return REDIRECT. {@code do_redirect} resolves the socket.
     */
    public int redirectMap(XdpBuff ctx, int key, long flags) {
        if ((flags & ~ACTION_MASK) != 0) {
            return XdpAction.ABORTED;
        }
        return ctx.ri.hit(this, key, id(), RedirectInfo.MAP_TYPE_XSKMAP_DIRECT);
    }
}
