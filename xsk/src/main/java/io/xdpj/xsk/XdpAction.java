package io.xdpj.xsk;

/**
 * XDP program return codes with the kernel's values ({@code enum xdp_action}) plus the RFC's new action, numbered
 * right after XDP_REDIRECT as its patch 2/8 does.
 */
public final class XdpAction {
    public static final int ABORTED = 0;
    public static final int DROP = 1;
    public static final int PASS = 2;
    public static final int TX = 3;
    public static final int REDIRECT = 4;
    /** The RFC's XDP_REDIRECT_XSK: deliver to the single socket of this Rx queue. */
    public static final int REDIRECT_XSK = 5;
    /** Number of actions (size of per-action counter arrays). */
    public static final int COUNT = 6;

    private static final String[] NAMES = {"ABORTED", "DROP", "PASS", "TX", "REDIRECT", "REDIRECT_XSK"};

    private XdpAction() {
    }

    /** The action's name, or "UNKNOWN(n)". */
    public static String name(int action) {
        return action >= 0 && action < COUNT ? NAMES[action] : "UNKNOWN(" + action + ")";
    }
}
