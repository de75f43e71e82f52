package io.xdpj.sim.wire;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A host on the model's wire that owns one IPv4 address: it answers ARP requests for it (RFC 826) and ICMP echo
 * requests to it (RFC 792) and checks every frame addressed to it, so a test on the far side of the device (a guest
 * with the Linux driver) can prove that frames cross the model intact in both directions. Frames from a second
 * source (a {@link FrameGenerator}) can be merged into what it sends: from the start, or only once an echo request to
 * a second address, the trigger address, arrived (it owns that address too), so a test starts the traffic when its
 * receiver is about to run.
 *
 * <p>Checks on each frame for its address: Ethernet destination = its MAC (or broadcast for ARP), IPv4 version/IHL,
 * total length within the frame, header checksum, ICMP checksum over the ICMP message. A frame that fails a check is
 * counted in {@link #badFrames()} and not answered. Frames for other hosts are counted in {@link #ignoredFrames()}.
 *
 * <p>Model thread only (it is the wire of one model). Holds at most one pending reply: a request arriving while a
 * reply is still unsent is dropped and counted (a host under load drops too).
 */
public final class PingResponder implements FrameSource, FrameSink {

    private static final int ETH_TYPE = 12;
    private static final int ETH_HEADER = 14;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int IP_PROTO_ICMP = 1;
    private static final int ICMP_ECHO_REQUEST = 8;
    private static final int ICMP_ECHO_REPLY = 0;
    private static final int ARP_LENGTH = 28;
    private static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private final long mac;
    private final int ip;
    private final int triggerIp;
    private final FrameSource merged;
    private boolean mergedOpen;
    private final UnsafeBuffer reply = new UnsafeBuffer(new byte[FrameGenerator.MAX_FRAME + 1]);
    private final UnsafeBuffer mergedFrame = new UnsafeBuffer(new byte[FrameGenerator.MAX_FRAME + 1]);
    private int replyLength;
    private long arpReplies;
    private long echoReplies;
    private long badFrames;
    private long ignoredFrames;
    private long droppedRequests;
    private long mergedFrames;

    /**
     * @param merged frames to send besides the replies (replies go first), or {@link Wire#SILENT}; sent from the start
     */
    public PingResponder(long mac, int ip, FrameSource merged) {
        this(mac, ip, 0, merged);
    }

    /**
     * @param triggerIp a second address of this host; the merged frames start with the first echo request to it (0:
     *                  no trigger, they start at once)
     */
    public PingResponder(long mac, int ip, int triggerIp, FrameSource merged) {
        this.mac = mac;
        this.ip = ip;
        this.triggerIp = triggerIp;
        this.merged = merged;
        this.mergedOpen = triggerIp == 0;
    }

    private boolean owns(int address) {
        return address == ip || (triggerIp != 0 && address == triggerIp);
    }

    /** Whether the merged frames flow (from the start, or since the trigger). */
    public boolean triggered() {
        return mergedOpen;
    }

    @Override
    public int poll(MutableDirectBuffer buffer, int offset, int capacity) {
        if (replyLength > 0) {
            final int length = replyLength;
            replyLength = 0;
            if (length > capacity) {
                droppedRequests++;
                return 0;
            }
            buffer.putBytes(offset, reply, 0, length);
            return length;
        }
        if (!mergedOpen) {
            return 0;
        }
        // NB: the merged source may rewrite only what changed since its last frame (FrameSource contract), so it
        // keeps its own buffer and each frame is copied out.
        final int length = merged.poll(mergedFrame, 0, mergedFrame.capacity());
        if (length <= 0 || length > capacity) {
            return 0;
        }
        buffer.putBytes(offset, mergedFrame, 0, length);
        mergedFrames++;
        return length;
    }

    @Override
    public boolean transmit(DirectBuffer frame, int offset, int length) {
        if (length < ETH_HEADER) {
            badFrames++;
            return true;
        }
        final int type = frame.getShort(offset + ETH_TYPE, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final long dst = mac(frame, offset);
        if (type == ETHERTYPE_ARP) {
            arp(frame, offset, length, dst);
        } else if (type == ETHERTYPE_IPV4 && dst == mac) {
            ipv4(frame, offset, length);
        } else {
            ignoredFrames++;
        }
        return true;
    }

    private void arp(DirectBuffer f, int o, int length, long dst) {
        final int a = o + ETH_HEADER;
        if (length < ETH_HEADER + ARP_LENGTH || (dst != BROADCAST && dst != mac)
            || f.getShort(a + 6, ByteOrder.BIG_ENDIAN) != 1 || !owns(f.getInt(a + 24, ByteOrder.BIG_ENDIAN))) {
            ignoredFrames++; // not an ARP request for this host
            return;
        }
        if (f.getShort(a, ByteOrder.BIG_ENDIAN) != 1 || f.getShort(a + 2, ByteOrder.BIG_ENDIAN) != ETHERTYPE_IPV4
            || f.getByte(a + 4) != 6 || f.getByte(a + 5) != 4) {
            badFrames++;
            return;
        }
        if (replyLength > 0) {
            droppedRequests++;
            return;
        }
        final long requester = mac(f, a + 8);
        final int requesterIp = f.getInt(a + 14, ByteOrder.BIG_ENDIAN);
        final int target = f.getInt(a + 24, ByteOrder.BIG_ENDIAN);
        putMac(reply, 0, requester);
        putMac(reply, 6, mac);
        reply.putShort(ETH_TYPE, (short) ETHERTYPE_ARP, ByteOrder.BIG_ENDIAN);
        reply.putShort(14, (short) 1, ByteOrder.BIG_ENDIAN);
        reply.putShort(16, (short) ETHERTYPE_IPV4, ByteOrder.BIG_ENDIAN);
        reply.putByte(18, (byte) 6);
        reply.putByte(19, (byte) 4);
        reply.putShort(20, (short) 2, ByteOrder.BIG_ENDIAN); // reply
        putMac(reply, 22, mac);
        reply.putInt(28, target, ByteOrder.BIG_ENDIAN);
        putMac(reply, 32, requester);
        reply.putInt(38, requesterIp, ByteOrder.BIG_ENDIAN);
        reply.setMemory(42, 18, (byte) 0);
        replyLength = 60;
        arpReplies++;
    }

    private void ipv4(DirectBuffer f, int o, int length) {
        final int h = o + ETH_HEADER;
        if (length < ETH_HEADER + 20 || (f.getByte(h) & 0xFF) != 0x45) {
            badFrames++;
            return;
        }
        final int total = f.getShort(h + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int target = f.getInt(h + 16, ByteOrder.BIG_ENDIAN);
        if (!owns(target) || (f.getByte(h + 9) & 0xFF) != IP_PROTO_ICMP) {
            ignoredFrames++;
            return;
        }
        if (total < 28 || ETH_HEADER + total > length || internetChecksum(f, h, 20) != 0
            || internetChecksum(f, h + 20, total - 20) != 0) {
            badFrames++;
            return;
        }
        if ((f.getByte(h + 20) & 0xFF) != ICMP_ECHO_REQUEST) {
            ignoredFrames++;
            return;
        }
        if (replyLength > 0) {
            droppedRequests++;
            return;
        }
        if (target == triggerIp) {
            mergedOpen = true;
        }
        echoReply(f, o, total, target);
    }

    private void echoReply(DirectBuffer f, int o, int total, int source) {
        final int h = ETH_HEADER;
        reply.putBytes(0, f, o, ETH_HEADER + total);
        putMac(reply, 0, mac(f, o + 6));
        putMac(reply, 6, mac);
        reply.putInt(h + 12, source, ByteOrder.BIG_ENDIAN);
        reply.putInt(h + 16, f.getInt(o + h + 12, ByteOrder.BIG_ENDIAN), ByteOrder.BIG_ENDIAN);
        reply.putByte(h + 8, (byte) 64); // ttl
        reply.putShort(h + 10, (short) 0);
        reply.putShort(h + 10, (short) internetChecksum(reply, h, 20), ByteOrder.BIG_ENDIAN);
        reply.putByte(h + 20, (byte) ICMP_ECHO_REPLY);
        reply.putShort(h + 22, (short) 0);
        reply.putShort(h + 22, (short) internetChecksum(reply, h + 20, total - 20), ByteOrder.BIG_ENDIAN);
        replyLength = Math.max(60, ETH_HEADER + total);
        if (ETH_HEADER + total < 60) {
            reply.setMemory(ETH_HEADER + total, 60 - ETH_HEADER - total, (byte) 0);
        }
        echoReplies++;
    }

    /** The ones' complement sum of RFC 1071 over {@code length} bytes; 0 when a stored checksum is right. */
    static int internetChecksum(DirectBuffer b, int o, int length) {
        long sum = 0;
        int i = 0;
        for (; i + 1 < length; i += 2) {
            sum += b.getShort(o + i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        if (i < length) {
            sum += (b.getByte(o + i) & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private static long mac(DirectBuffer b, int o) {
        return (b.getInt(o, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL) << 16 | (b.getShort(o + 4, ByteOrder.BIG_ENDIAN)
            & 0xFFFF);
    }

    private static void putMac(MutableDirectBuffer b, int o, long mac) {
        b.putInt(o, (int) (mac >>> 16), ByteOrder.BIG_ENDIAN);
        b.putShort(o + 4, (short) mac, ByteOrder.BIG_ENDIAN);
    }

    public long arpReplies() {
        return arpReplies;
    }

    public long echoReplies() {
        return echoReplies;
    }

    /** Frames for this host that failed a check (see the class comment). */
    public long badFrames() {
        return badFrames;
    }

    public long ignoredFrames() {
        return ignoredFrames;
    }

    /** Requests dropped because a reply was still pending. */
    public long droppedRequests() {
        return droppedRequests;
    }

    /** Frames sent from the merged source. */
    public long mergedFrames() {
        return mergedFrames;
    }
}
