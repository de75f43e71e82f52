package io.xdpj.xsk.kernel;

import java.util.zip.CRC32;

import org.agrona.concurrent.UnsafeBuffer;

import io.xdpj.ring.OffHeapMemory;

/**
 * A packet socket (AF_PACKET, SOCK_RAW) on the peer end of a {@link VethPair}, inside the peer's namespace: it is
 * created on a short-lived thread that enters the namespace with setns(CLONE_NEWNET) (a socket stays in the
 * namespace it was created in; the JVM's other threads never leave theirs).
 *
 * <p>Test frames: broadcast destination, source 02:00:00:00:00:01, EtherType 0x88B5 (IEEE 802 local experimental),
 * then the sequence number (u32, big endian), then payload bytes {@code (seq + i) & 0xFF}, and a CRC-32 of
 * everything after the EtherType in the last 4 bytes.
 */
final class PeerSocket implements AutoCloseable {

    static final int ETHERTYPE = 0x88B5;
    static final int HEADER = 14;
    private static final int BUF = 16384;
    /** sockaddr_ll: family u16 @0, protocol u16 (network order) @2, ifindex s32 @4; 20 bytes (local probe). */
    private static final int SOCKADDR_LL = 20;

    private final Native n = Native.get();
    private final int fd;
    private final OffHeapMemory mem = OffHeapMemory.allocate(BUF + 64, 64);
    private final UnsafeBuffer buf = mem.view();

    private PeerSocket(int fd) {
        this.fd = fd;
    }

    /** Opens the socket on {@code ifname} inside namespace {@code ns} (ip netns: /var/run/netns/NAME). */
    static PeerSocket open(String ns, String ifname) throws InterruptedException {
        final int[] result = new int[1];
        final String[] error = new String[1];
        final Thread t = new Thread(() -> {
            final Native nat = Native.get();
            final int nsFd = nat.open("/var/run/netns/" + ns, Native.O_RDONLY_CLOEXEC);
            final int self = nat.open("/proc/thread-self/ns/net", Native.O_RDONLY_CLOEXEC);
            if (nsFd < 0 || self < 0) {
                error[0] = "cannot open the namespaces: " + nsFd + ", " + self;
                return;
            }
            try {
                if (nat.setns(nsFd, Native.CLONE_NEWNET) < 0) {
                    error[0] = "setns failed";
                    return;
                }
                result[0] = openHere(nat, ifname, error);
                nat.setns(self, Native.CLONE_NEWNET);
            } finally {
                nat.close(nsFd);
                nat.close(self);
            }
        }, "peer-netns");
        t.start();
        t.join();
        if (error[0] != null) {
            throw new IllegalStateException(error[0]);
        }
        return new PeerSocket(result[0]);
    }

    private static int openHere(Native nat, String ifname, String[] error) {
        final int index = nat.ifNameToIndex(ifname);
        final int proto = Short.reverseBytes((short) Native.ETH_P_ALL) & 0xFFFF;
        final int fd = nat.socket(Native.AF_PACKET, Native.SOCK_RAW, proto);
        if (index == 0 || fd < 0) {
            error[0] = "no " + ifname + " in the namespace or no packet socket: " + index + ", " + fd;
            return -1;
        }
        try (OffHeapMemory a = OffHeapMemory.allocate(SOCKADDR_LL, 8)) {
            final UnsafeBuffer b = a.view();
            b.putShort(0, (short) Native.AF_PACKET);
            b.putShort(2, (short) proto);
            b.putInt(4, index);
            if (nat.bind(fd, a.address(), SOCKADDR_LL) < 0) {
                error[0] = "cannot bind the packet socket to " + ifname;
                nat.close(fd);
                return -1;
            }
        }
        return fd;
    }

    /** Writes test frame {@code seq} of {@code length} bytes (at least 22) into {@code to} at {@code offset}. */
    static void writeFrame(UnsafeBuffer to, int offset, int seq, int length) {
        for (int i = 0; i < 6; i++) {
            to.putByte(offset + i, (byte) 0xFF);
        }
        to.putInt(offset + 6, 0x02000000);
        to.putShort(offset + 10, (short) 0x0001);
        to.putShort(offset + 12, Short.reverseBytes((short) ETHERTYPE));
        to.putInt(offset + HEADER, Integer.reverseBytes(seq));
        for (int i = HEADER + 4; i < length - 4; i++) {
            to.putByte(offset + i, (byte) (seq + i));
        }
        to.putInt(offset + length - 4, crc(to, offset, length));
    }

    private static int crc(UnsafeBuffer b, int offset, int length) {
        final CRC32 c = new CRC32();
        for (int i = HEADER; i < length - 4; i++) {
            c.update(b.getByte(offset + i));
        }
        return (int) c.getValue();
    }

    /**
     * Checks a received frame: returns its sequence number, or -1 if it is not a test frame, or -2 if it is one
     * whose checksum does not match.
     */
    static int checkFrame(UnsafeBuffer b, int offset, int length) {
        if (length < HEADER + 8 || (Short.reverseBytes(b.getShort(offset + 12)) & 0xFFFF) != ETHERTYPE) {
            return -1;
        }
        if (b.getInt(offset + length - 4) != crc(b, offset, length)) {
            return -2;
        }
        return Integer.reverseBytes(b.getInt(offset + HEADER));
    }

    /** Length of test frame {@code seq}: 60..660 bytes, varying. */
    static int lengthOf(int seq) {
        return 60 + (seq % 7) * 100;
    }

    /** Sends test frame {@code seq}. */
    void send(int seq) {
        final int len = lengthOf(seq);
        writeFrame(buf, 0, seq, len);
        final long r = n.send(fd, mem.address(), len, 0);
        if (r != len) {
            throw new IllegalStateException("packet socket send of frame " + seq + " returned " + r);
        }
    }

    /**
     * Receives one frame waiting up to {@code timeoutMillis}; returns its sequence number as {@link #checkFrame}
     * does, or -3 when nothing came.
     */
    int receive(int timeoutMillis) {
        buf.putInt(BUF, fd);                       // struct pollfd {fd, events, revents}
        buf.putShort(BUF + 4, Native.POLLIN);
        buf.putShort(BUF + 6, (short) 0);
        if (n.poll(mem.address() + BUF, 1, timeoutMillis) <= 0) {
            return -3;
        }
        final long got = n.recv(fd, mem.address(), BUF, Native.MSG_DONTWAIT);
        if (got <= 0) {
            return -3;
        }
        return checkFrame(buf, 0, (int) got);
    }

    @Override
    public void close() {
        n.close(fd);
        mem.close();
    }
}
