package io.xdpj.xsk;

/**
 * The default programs of the paths being compared. Each is its own lambda class, so a queue running one of them
 * has a monomorphic call site.
 */
public final class XdpPrograms {

    private XdpPrograms() {
    }

    /**
     * libxdp's default AF_XDP program (kernels &gt; 5.3, facts B.6):
     * {@code return bpf_redirect_map(&xsks_map, ctx->rx_queue_index, XDP_PASS);}
     */
    public static XdpProgram libxdpDefault(XskMap xsksMap) {
        return ctx -> xsksMap.redirectMap(ctx, ctx.rxQueueIndex(), XdpAction.PASS);
    }

    /**
     * The RFC's default program (patch 8/8):
     * {@code return bpf_redirect_xsk(ctx, &xsks_map, ctx->rx_queue_index, XDP_PASS);}
     */
    public static XdpProgram redirectXsk(XskMap xsksMap) {
        return ctx -> xsksMap.redirectXsk(ctx, ctx.rxQueueIndex(), XdpAction.PASS);
    }

    /** The first rejected alternative's program: {@code bpf_redirect_map} on an XSKMAP_DIRECT map. */
    public static XdpProgram xskmapDirect(XskMapDirect map) {
        return ctx -> map.redirectMap(ctx, ctx.rxQueueIndex(), XdpAction.PASS);
    }

    /** The second rejected alternative's program: {@code bpf_redirect_map(..., XDP_PASS | BPF_F_RXQ_XSK)}. */
    public static XdpProgram redirectFlag(XskMap xsksMap) {
        return ctx -> xsksMap.redirectMap(ctx, ctx.rxQueueIndex(), XdpAction.PASS | XskMap.BPF_F_RXQ_XSK);
    }
}
