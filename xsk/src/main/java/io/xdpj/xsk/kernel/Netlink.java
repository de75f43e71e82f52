package io.xdpj.xsk.kernel;

import org.agrona.concurrent.UnsafeBuffer;

import io.xdpj.ring.OffHeapMemory;

/**
 * The rtnetlink requests for XDP on a link: attach or detach a program with RTM_SETLINK and IFLA_XDP (the way before
 * bpf links, Linux 4.8+), and read what is attached with RTM_GETLINK. Numbers and layouts from a local probe
 * (linux/netlink.h, linux/rtnetlink.h, linux/if_link.h): nlmsghdr 16 bytes {len u32, type u16, flags u16, seq u32,
 * pid u32}; ifinfomsg 16 bytes {family u8, pad u8, type u16, index s32 @4, flags u32, change u32}; nlattr 4 bytes
 * {len u16, type u16}, attributes padded to 4 bytes.
 */
final class Netlink {

    static final int RTM_NEWLINK = 16;
    static final int RTM_GETLINK = 18;
    static final int RTM_SETLINK = 19;
    static final int NLM_F_REQUEST = 1;
    static final int NLM_F_ACK = 4;
    static final int NLMSG_ERROR = 2;
    static final int NLA_F_NESTED = 0x8000;
    /** nla_type without NLA_F_NESTED and NLA_F_NET_BYTEORDER. */
    static final int NLA_TYPE_MASK = 0x3FFF;
    static final int IFLA_XDP = 43;
    static final int IFLA_XDP_FD = 1;
    static final int IFLA_XDP_ATTACHED = 2;
    static final int IFLA_XDP_FLAGS = 3;
    static final int IFLA_XDP_PROG_ID = 4;
    /** XDP_ATTACHED_*: what IFLA_XDP_ATTACHED reports. */
    static final int XDP_ATTACHED_NONE = 0;
    static final int XDP_ATTACHED_DRV = 1;
    static final int XDP_ATTACHED_SKB = 2;
    static final int XDP_ATTACHED_HW = 3;
    static final int XDP_ATTACHED_MULTI = 4;
    /** XDP_FLAGS_* (IFLA_XDP_FLAGS and link_create.flags). */
    static final int XDP_FLAGS_UPDATE_IF_NOEXIST = 1;
    static final int XDP_FLAGS_SKB_MODE = 2;
    static final int XDP_FLAGS_DRV_MODE = 4;

    private static final int HDR = 16;
    private static final int IFINFO = 16;
    private static final int RECV_SIZE = 32 * 1024;
    /** A kernel answer to one request comes at once; a second is the deadline for a wedged socket. */
    private static final int REPLY_TIMEOUT_MILLIS = 1000;

    /** What is attached to a link: {@code attached} is an XDP_ATTACHED_* value, {@code progId} 0 when none. */
    record XdpState(int attached, int progId) {
    }

    private final Native n;

    Netlink(Native n) {
        this.n = n;
    }

    /**
     * RTM_SETLINK with IFLA_XDP {FD, FLAGS}: attaches {@code progFd}, or detaches with {@code progFd} = -1 and the
     * mode flag it was attached with.
     *
     * @return 0 or -errno from the kernel's acknowledgement
     */
    int setXdp(int ifindex, int progFd, int flags) {
        try (OffHeapMemory m = OffHeapMemory.allocate(HDR + IFINFO + 20, 8)) {
            final UnsafeBuffer b = m.view();
            final int len = HDR + IFINFO + 20;
            header(b, len, RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, ifindex);
            int at = HDR + IFINFO;
            b.putShort(at, (short) 20);                         // IFLA_XDP, nested: 4 + 8 + 8
            b.putShort(at + 2, (short) (IFLA_XDP | NLA_F_NESTED));
            b.putShort(at + 4, (short) 8);
            b.putShort(at + 6, (short) IFLA_XDP_FD);
            b.putInt(at + 8, progFd);
            b.putShort(at + 12, (short) 8);
            b.putShort(at + 14, (short) IFLA_XDP_FLAGS);
            b.putInt(at + 16, flags);
            return request(m, len, false, null);
        }
    }

    /** RTM_GETLINK: what XDP program, in which mode, is attached to {@code ifindex}. */
    XdpState xdpState(int ifindex) {
        try (OffHeapMemory m = OffHeapMemory.allocate(HDR + IFINFO, 8)) {
            header(m.view(), HDR + IFINFO, RTM_GETLINK, NLM_F_REQUEST, ifindex);
            final XdpState[] out = new XdpState[1];
            final int r = request(m, HDR + IFINFO, true, out);
            if (r < 0) {
                throw new KernelXdpException("RTM_GETLINK", -r, "cannot read the XDP state of ifindex " + ifindex);
            }
            return out[0] == null ? new XdpState(XDP_ATTACHED_NONE, 0) : out[0];
        }
    }

    private static void header(UnsafeBuffer b, int len, int type, int flags, int ifindex) {
        b.putInt(0, len);
        b.putShort(4, (short) type);
        b.putShort(6, (short) flags);
        b.putInt(8, 1);       // seq
        b.putInt(12, 0);      // pid: the kernel fills in our port id
        b.putInt(HDR + 4, ifindex); // ifinfomsg: family AF_UNSPEC, index
    }

    /** Sends one request and reads the reply: an NLMSG_ERROR (0 = ack) or, for GETLINK, an RTM_NEWLINK. */
    private int request(OffHeapMemory msg, int len, boolean wantLink, XdpState[] out) {
        final int fd = n.socket(Native.AF_NETLINK, Native.SOCK_RAW, Native.NETLINK_ROUTE);
        if (fd < 0) {
            throw new KernelXdpException("netlink socket", -fd, "cannot open an rtnetlink socket");
        }
        try (OffHeapMemory rx = OffHeapMemory.allocate(RECV_SIZE + 24, 8)) {
            final UnsafeBuffer r = rx.view();
            // An unbound, unconnected rtnetlink socket sends to the kernel (destination port id 0).
            final long sent = n.send(fd, msg.address(), len, 0);
            if (sent < 0) {
                return (int) sent;
            }
            r.putShort(RECV_SIZE + 16, Native.POLLIN);     // struct pollfd {fd, events, revents} at +12
            r.putInt(RECV_SIZE + 12, fd);
            if (n.poll(rx.address() + RECV_SIZE + 12, 1, REPLY_TIMEOUT_MILLIS) <= 0) {
                throw new KernelXdpException("netlink", 0, "no answer from rtnetlink within "
                    + REPLY_TIMEOUT_MILLIS + " ms");
            }
            final long got = n.recv(fd, rx.address(), RECV_SIZE, 0);
            if (got < HDR) {
                return got < 0 ? (int) got : -KernelXdpException.EINVAL;
            }
            return parse(r, (int) got, wantLink, out);
        } finally {
            n.close(fd);
        }
    }

    private static int parse(UnsafeBuffer r, int got, boolean wantLink, XdpState[] out) {
        int at = 0;
        while (at + HDR <= got) {
            final int len = r.getInt(at);
            final int type = r.getShort(at + 4) & 0xFFFF;
            if (len < HDR) {
                break;
            }
            if (type == NLMSG_ERROR) {
                return r.getInt(at + HDR); // nlmsgerr.error: 0 or -errno
            }
            if (wantLink && type == RTM_NEWLINK) {
                out[0] = xdpAttribute(r, at + HDR + IFINFO, at + len);
                return 0;
            }
            at += (len + 3) & ~3;
        }
        return -KernelXdpException.EINVAL;
    }

    private static XdpState xdpAttribute(UnsafeBuffer r, int from, int end) {
        int at = from;
        while (at + 4 <= end) {
            final int len = r.getShort(at) & 0xFFFF;
            final int type = r.getShort(at + 2) & NLA_TYPE_MASK;
            if (len < 4) {
                break;
            }
            if (type == IFLA_XDP) {
                int attached = XDP_ATTACHED_NONE;
                int progId = 0;
                int in = at + 4;
                while (in + 4 <= at + len) {
                    final int l = r.getShort(in) & 0xFFFF;
                    final int t = r.getShort(in + 2) & NLA_TYPE_MASK;
                    if (l < 4) {
                        break;
                    }
                    if (t == IFLA_XDP_ATTACHED) {
                        attached = r.getByte(in + 4) & 0xFF;
                    } else if (t == IFLA_XDP_PROG_ID) {
                        progId = r.getInt(in + 4);
                    }
                    in += (l + 3) & ~3;
                }
                return new XdpState(attached, progId);
            }
            at += (len + 3) & ~3;
        }
        return new XdpState(XDP_ATTACHED_NONE, 0);
    }
}
