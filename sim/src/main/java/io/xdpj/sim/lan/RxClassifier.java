package io.xdpj.sim.lan;

import static io.xdpj.i40e.hw.desc.RxDescriptor.*;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Parses a received frame far enough for the descriptor's packet type (facts 7.2 ptype values) and the RSS
 * input. Agent thread only; results are left in fields (no allocation per frame).
 *
 * <p>Model scope: one optional VLAN tag (0x8100 or 0x88A8) is skipped; IPv4 (any IHL) and IPv6 without extension
 * headers (a fragment header gives the IPv6-fragment type) are recognised; ARP and PTP over Ethernet get their L2
 * types; everything else is "L2 MAC, payload layer 2" (ptype 1). RSS hashes TCP and UDP over the 4-tuple and
 * other IP (including fragments) over the address pair, for every IP packet type (the per-type enables of
 * PFQF_HENA are not modeled).
 */
final class RxClassifier {

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_PTP = 0x88F7;
    private static final int PROTO_ICMP = 1;
    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    private static final int PROTO_IPV6_FRAGMENT = 44;
    private static final int PROTO_ICMPV6 = 58;
    private static final int PROTO_SCTP = 132;

    /** Packet type of the last frame classified. */
    int ptype;
    /** Whether {@link #hash} is valid (RSS on and an IP frame). */
    boolean hashValid;
    /** RSS hash of the last frame (when {@link #hashValid}). */
    int hash;

    private final FlowHashCache flows = new FlowHashCache();

    void classify(DirectBuffer f, int length, RssConfig rss) {
        ptype = I40E_RX_PTYPE_L2_MAC_PAY2;
        hashValid = false;
        int l3 = 14;
        int type = f.getShort(12, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if ((type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) && length >= 18) {
            type = f.getShort(16, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            l3 = 18;
        }
        if (type == ETHERTYPE_IPV4 && length >= l3 + 20) {
            ipv4(f, length, l3, rss);
        } else if (type == ETHERTYPE_IPV6 && length >= l3 + 40) {
            ipv6(f, length, l3, rss);
        } else if (type == ETHERTYPE_ARP) {
            ptype = I40E_RX_PTYPE_L2_ARP;
        } else if (type == ETHERTYPE_PTP) {
            ptype = I40E_RX_PTYPE_L2_TIMESYNC_PAY2;
        }
    }

    private void ipv4(DirectBuffer f, int length, int l3, RssConfig rss) {
        final int l4 = l3 + ((f.getByte(l3) & 0xF) << 2);
        final boolean fragment = (f.getShort(l3 + 6, ByteOrder.BIG_ENDIAN) & 0x3FFF) != 0; // MF or offset
        final int proto = f.getByte(l3 + 9) & 0xFF;
        ptype = fragment ? PTYPE_IPV4_FRAG : ipv4Ptype(proto);
        if (rss != null) {
            final boolean ports = !fragment && (proto == PROTO_TCP || proto == PROTO_UDP) && length >= l4 + 4;
            ipv4Hash(f, l3, ports ? l4 : -1, rss.hash);
        }
    }

    private static int ipv4Ptype(int proto) {
        return proto == PROTO_UDP ? PTYPE_IPV4_UDP : proto == PROTO_TCP ? PTYPE_IPV4_TCP : proto == PROTO_SCTP
            ? PTYPE_IPV4_SCTP : proto == PROTO_ICMP ? PTYPE_IPV4_ICMP : PTYPE_IPV4_OTHER;
    }

    /** The 4-tuple hash when {@code l4} ≥ 0 (TCP/UDP with ports present), else the address pair. */
    private void ipv4Hash(DirectBuffer f, int l3, int l4, RssHash h) {
        final int src = f.getInt(l3 + 12, ByteOrder.BIG_ENDIAN);
        final int dst = f.getInt(l3 + 16, ByteOrder.BIG_ENDIAN);
        if (l4 >= 0 && h.inputBytes() >= 12) {
            hash = flows.ipv4(h, src, dst, f.getInt(l4, ByteOrder.BIG_ENDIAN));
        } else {
            hash = h.ipv4(src, dst);
        }
        hashValid = true;
    }

    private void ipv6(DirectBuffer f, int length, int l3, RssConfig rss) {
        final int next = f.getByte(l3 + 6) & 0xFF;
        final int l4 = l3 + 40;
        final boolean ports = (next == PROTO_TCP || next == PROTO_UDP) && length >= l4 + 4;
        ptype = next == PROTO_UDP ? PTYPE_IPV6_UDP : next == PROTO_TCP ? PTYPE_IPV6_TCP : next == PROTO_SCTP
            ? PTYPE_IPV6_SCTP : next == PROTO_ICMPV6 ? PTYPE_IPV6_ICMP : next == PROTO_IPV6_FRAGMENT
            ? PTYPE_IPV6_FRAG : PTYPE_IPV6_OTHER;
        if (rss == null || rss.hash.inputBytes() < 32) {
            return;
        }
        final RssHash h = rss.hash;
        int v = 0;
        for (int i = 0; i < 32; i += 4) {
            v ^= h.word(i, f.getInt(l3 + 8 + i, ByteOrder.BIG_ENDIAN)); // source then destination address
        }
        if (ports && h.inputBytes() >= 36) {
            v ^= h.half(32, f.getShort(l4, ByteOrder.BIG_ENDIAN) & 0xFFFF)
                ^ h.half(34, f.getShort(l4 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        }
        hash = v;
        hashValid = true;
    }
}
