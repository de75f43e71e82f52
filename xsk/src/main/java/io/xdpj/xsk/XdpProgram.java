package io.xdpj.xsk;

/**
 * An XDP program: runs once per packet on a reused {@link XdpBuff} and returns an {@link XdpAction}. Redirect
 * helpers are methods of the maps ({@link XskMap#redirectMap}, {@link XskMap#redirectXsk}, ...). A program must not
 * allocate or block; one program class per Rx queue keeps the call site monomorphic.
 */
@FunctionalInterface
public interface XdpProgram {
    int run(XdpBuff ctx);
}
