package io.xdpj.xsk;

/**
 * Where XDP_PASS frames go: the application's slow path (the kernel builds an skb for its stack). Called on the
 * poller thread; the frame memory is only valid during the call (in zero-copy mode the frame returns to the pool
 * right after, as the kernel copies ZC frames into an skb).
 */
@FunctionalInterface
public interface XdpPassHandler {
    void onPass(XdpBuff frame);
}
