package io.xdpj.sim.lan;

import java.util.Arrays;

import io.xdpj.sim.wire.MacAddress;

/**
 * The VSI's receive filter: perfect-match MAC addresses and the promiscuous modes of AQ 0x0254 (facts 4.11,
 * 4.12). Immutable; the engine publishes a new one on every change.
 *
 * <p>Model rules: a unicast frame passes if its destination is in the table or unicast promiscuous is on; a
 * multicast frame if in the table or multicast promiscuous; a broadcast frame if broadcast promiscuous is on or
 * ff:ff:ff:ff:ff:ff is in the table (DPDK turns broadcast on explicitly at start, facts 4.11, so broadcast does not
 * pass by default). VLAN filtering is not modeled.
 */
final class MacFilter {

    /** Tables up to this size are scanned (the usual one or two entries), larger ones binary-searched. */
    private static final int LINEAR_SEARCH_MAX = 8;

    static final MacFilter EMPTY = new MacFilter(new long[0], false, false, false);

    private final long[] sorted;
    final boolean unicastPromiscuous;
    final boolean multicastPromiscuous;
    final boolean broadcastPromiscuous;

    private MacFilter(long[] sorted, boolean unicast, boolean multicast, boolean broadcast) {
        this.sorted = sorted;
        this.unicastPromiscuous = unicast;
        this.multicastPromiscuous = multicast;
        this.broadcastPromiscuous = broadcast;
    }

    /** Whether a frame to {@code dst} of class {@code cast} (0 unicast, 1 multicast, 2 broadcast) passes. */
    boolean accepts(long dst, int cast) {
        final boolean promiscuous = cast == 0 ? unicastPromiscuous : cast == 1 ? multicastPromiscuous
            : broadcastPromiscuous;
        return promiscuous || contains(dst);
    }

    boolean contains(long mac) {
        final long[] a = sorted;
        if (a.length <= LINEAR_SEARCH_MAX) {
            for (long entry : a) {
                if (entry == mac) {
                    return true;
                }
            }
            return false;
        }
        return Arrays.binarySearch(a, mac) >= 0;
    }

    MacFilter withPromiscuous(boolean unicast, boolean multicast, boolean broadcast) {
        return new MacFilter(sorted, unicast, multicast, broadcast);
    }

    MacFilter with(long mac) {
        if (contains(mac)) {
            return this;
        }
        final long[] a = Arrays.copyOf(sorted, sorted.length + 1);
        a[sorted.length] = mac;
        Arrays.sort(a);
        return new MacFilter(a, unicastPromiscuous, multicastPromiscuous, broadcastPromiscuous);
    }

    MacFilter without(long mac) {
        final int at = Arrays.binarySearch(sorted, mac);
        if (at < 0) {
            return this;
        }
        final long[] a = new long[sorted.length - 1];
        System.arraycopy(sorted, 0, a, 0, at);
        System.arraycopy(sorted, at + 1, a, at, sorted.length - at - 1);
        return new MacFilter(a, unicastPromiscuous, multicastPromiscuous, broadcastPromiscuous);
    }

    int size() {
        return sorted.length;
    }

    @Override
    public String toString() {
        final StringBuilder s = new StringBuilder("MacFilter{");
        for (long mac : sorted) {
            s.append(MacAddress.toString(mac)).append(' ');
        }
        return s.append("promisc uc=").append(unicastPromiscuous).append(" mc=").append(multicastPromiscuous)
            .append(" bc=").append(broadcastPromiscuous).append('}').toString();
    }
}
