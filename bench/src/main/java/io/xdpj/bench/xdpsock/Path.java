package io.xdpj.bench.xdpsock;

import io.xdpj.i40e.I40eConfig;
import io.xdpj.xsk.XdpProgram;
import io.xdpj.xsk.XdpPrograms;
import io.xdpj.xsk.XskMap;
import io.xdpj.xsk.XskMapDirect;

/** The delivery paths the tool can run, with their program and the driver's Rx mode. */
enum Path {
    REDIRECT("redirect"),
    XSKMAP_DIRECT("xskmap-direct"),
    REDIRECT_FLAG("redirect-flag"),
    REDIRECT_XSK("redirect-xsk"),
    BATCHED_REDIRECT("batched-redirect");

    final String label;

    Path(String label) {
        this.label = label;
    }

    static Path parse(String s) {
        for (Path p : values()) {
            if (p.label.equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown path '" + s
            + "'; use redirect, xskmap-direct, redirect-flag, redirect-xsk or batched-redirect");
    }

    XdpProgram program(XskMap map, XskMapDirect direct) {
        return switch (this) {
            case REDIRECT, BATCHED_REDIRECT -> XdpPrograms.libxdpDefault(map);
            case XSKMAP_DIRECT -> XdpPrograms.xskmapDirect(direct);
            case REDIRECT_FLAG -> XdpPrograms.redirectFlag(map);
            case REDIRECT_XSK -> XdpPrograms.redirectXsk(map);
        };
    }

    /**
     * The driver's Rx mode: scalar, or batched: the RFC's batched path for redirect-xsk, the reviewers' same-target
     * batched redirect for the others (and always for batched-redirect, which is defined by it).
     */
    I40eConfig.RxMode rxMode(boolean batched) {
        if (this == BATCHED_REDIRECT) {
            return I40eConfig.RxMode.BATCHED_SAME_TARGET;
        }
        if (!batched) {
            return I40eConfig.RxMode.SCALAR;
        }
        return this == REDIRECT_XSK ? I40eConfig.RxMode.BATCHED : I40eConfig.RxMode.BATCHED_SAME_TARGET;
    }
}
