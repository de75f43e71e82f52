package io.xdpj.xsk;

/** The default programs of the paths being compared. */
public final class XdpPrograms {

    private XdpPrograms() {
    }

    /**
     * libxdp's default AF_XDP program (kernels &gt; 5.3, facts B.6):
     * {@code return bpf_redirect_map(&xsks_map, ctx->rx_queue_index, XDP_PASS);}
     */
    public static XdpProgram libxdpDefault(XskMap xsksMap) {
        return new LibxdpDefault(xsksMap);
    }

    /**
     * The RFC's default program (patch 8/8):
     * {@code return bpf_redirect_xsk(ctx, &xsks_map, ctx->rx_queue_index, XDP_PASS);}
     */
    public static XdpProgram redirectXsk(XskMap xsksMap) {
        return new RfcDefault(xsksMap);
    }

    /** The first rejected alternative's program: {@code bpf_redirect_map} on an XSKMAP_DIRECT map. */
    public static XdpProgram xskmapDirect(XskMapDirect map) {
        return new XskmapDirect(map);
    }

    /** The second rejected alternative's program: {@code bpf_redirect_map(..., XDP_PASS | BPF_F_RXQ_XSK)}. */
    public static XdpProgram redirectFlag(XskMap xsksMap) {
        return new RedirectFlag(xsksMap);
    }

    private static final class LibxdpDefault implements XdpProgram {
        private final XskMap map;

        LibxdpDefault(XskMap map) {
            this.map = map;
        }

        @Override
        public int run(XdpBuff ctx) {
            return map.redirectMap(ctx, ctx.rxQueueIndex(), XdpAction.PASS);
        }
    }

    private static final class RfcDefault implements XdpProgram {
        private final XskMap map;

        RfcDefault(XskMap map) {
            this.map = map;
        }

        @Override
        public int run(XdpBuff ctx) {
            return map.redirectXsk(ctx, ctx.rxQueueIndex(), XdpAction.PASS);
        }
    }

    private static final class XskmapDirect implements XdpProgram {
        private final XskMapDirect map;

        XskmapDirect(XskMapDirect map) {
            this.map = map;
        }

        @Override
        public int run(XdpBuff ctx) {
            return map.redirectMap(ctx, ctx.rxQueueIndex(), XdpAction.PASS);
        }
    }

    private static final class RedirectFlag implements XdpProgram {
        private final XskMap map;

        RedirectFlag(XskMap map) {
            this.map = map;
        }

        @Override
        public int run(XdpBuff ctx) {
            return map.redirectMap(ctx, ctx.rxQueueIndex(), XdpAction.PASS | XskMap.BPF_F_RXQ_XSK);
        }
    }
}
