package io.xdpj.sim.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The port's wire as a Linux TAP interface: frames the model transmits appear as received on the interface, frames
 * the kernel sends out of the interface arrive at the model. Opened through /dev/net/tun with ioctl TUNSETIFF,
 * flags IFF_TAP | IFF_NO_PI (no packet-information prefix), non-blocking.
 *
 * <p>Needs CAP_NET_ADMIN (or an interface created beforehand with {@code ip tuntap add mode tap user ...}). The
 * interface starts down; bring it up with {@code ip link set dev NAME up}. TAP frames carry no FCS, matching the
 * wire convention of {@link FrameSource}. Single-threaded; read/write go through a private direct buffer, so
 * callers may pass any Agrona buffer. Allocates nothing per frame.
 */
public final class TapDevice implements FrameSource, FrameSink, AutoCloseable {

    /** {@code _IOW('T', 202, int)}: set the interface name and flags of a /dev/net/tun descriptor. */
    static final long TUNSETIFF = 0x4004_54CAL;
    /** Layer-2 (Ethernet) device. */
    static final short IFF_TAP = 0x0002;
    /** No 4-byte packet-information header before each frame. */
    static final short IFF_NO_PI = 0x1000;
    /** {@code struct ifreq} size on Linux x86-64: name[16] + a 24-byte union (flags at byte 16). */
    static final int IFREQ_BYTES = 40;
    /** Interface names are at most 15 bytes plus NUL. */
    static final int IFNAMSIZ = 16;

    private static final int O_RDWR = 0x2;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final int EAGAIN = 11;
    private static final int STAGING_BYTES = 65536;

    /** The C library calls used here (glibc, x86-64 LP64). */
    public interface LibC {
        int open(String path, int flags);

        int ioctl(int fd, long request, byte[] ifreq);

        @ssize_t long read(int fd, long buffer, @size_t long count);

        @ssize_t long write(int fd, long buffer, @size_t long count);

        int close(int fd);

        String strerror(int errno);
    }

    private final LibC libc;
    private final Runtime runtime;
    private final int fd;
    private final String name;
    private final UnsafeBuffer staging = new UnsafeBuffer(ByteBuffer.allocateDirect(STAGING_BYTES));
    private long received;
    private long sent;
    private long readErrors;
    private long writeErrors;
    private long oversize;
    private boolean closed;

    private TapDevice(LibC libc, int fd, String name) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
        this.fd = fd;
        this.name = name;
    }

    /**
     * Opens (or attaches to) TAP interface {@code requestedName}; a name with {@code %d} lets the kernel pick a
     * number (e.g. "xdpj%d").
     *
     * @throws WireException naming what to check (no /dev/net/tun, no CAP_NET_ADMIN, a name in use)
     */
    public static TapDevice open(String requestedName) {
        final byte[] nameBytes = requestedName.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length == 0 || nameBytes.length >= IFNAMSIZ) {
            throw new WireException("TAP interface name '" + requestedName + "' must have 1.." + (IFNAMSIZ - 1)
                + " characters");
        }
        final LibC libc;
        try {
            libc = LibraryLoader.create(LibC.class).load("c");
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            throw new WireException("cannot load the C library through jnr-ffi: " + e.getMessage(), e);
        }
        final Runtime runtime = Runtime.getRuntime(libc);
        final int fd = libc.open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            final int errno = runtime.getLastError();
            throw new WireException("cannot open /dev/net/tun: " + libc.strerror(errno) + " (errno " + errno
                + "); check that the tun module is loaded and this process may open the device");
        }
        final byte[] ifreq = new byte[IFREQ_BYTES];
        System.arraycopy(nameBytes, 0, ifreq, 0, nameBytes.length);
        final short flags = (short) (IFF_TAP | IFF_NO_PI);
        ifreq[IFNAMSIZ] = (byte) flags;
        ifreq[IFNAMSIZ + 1] = (byte) (flags >> 8);
        if (libc.ioctl(fd, TUNSETIFF, ifreq) < 0) {
            final int errno = runtime.getLastError();
            libc.close(fd);
            throw new WireException("ioctl TUNSETIFF(" + requestedName + ", IFF_TAP|IFF_NO_PI) failed: "
                + libc.strerror(errno) + " (errno " + errno + "); creating a TAP interface needs CAP_NET_ADMIN, or "
                + "create it first with 'ip tuntap add dev NAME mode tap user USER'");
        }
        int end = 0;
        while (end < IFNAMSIZ && ifreq[end] != 0) {
            end++;
        }
        return new TapDevice(libc, fd, new String(ifreq, 0, end, StandardCharsets.US_ASCII));
    }

    /** The interface's name as the kernel assigned it. */
    public String name() {
        return name;
    }

    @Override
    public int poll(MutableDirectBuffer buffer, int offset, int capacity) {
        if (closed) {
            return 0;
        }
        final long n = libc.read(fd, staging.addressOffset(), STAGING_BYTES);
        if (n <= 0) {
            if (n < 0 && runtime.getLastError() != EAGAIN) {
                readErrors++;
            }
            return 0;
        }
        if (n > capacity) {
            oversize++;
            return 0;
        }
        buffer.putBytes(offset, staging, 0, (int) n);
        received++;
        return (int) n;
    }

    @Override
    public boolean transmit(DirectBuffer buffer, int offset, int length) {
        if (closed || length > STAGING_BYTES) {
            writeErrors++;
            return false;
        }
        buffer.getBytes(offset, staging, 0, length);
        final long n = libc.write(fd, staging.addressOffset(), length);
        if (n != length) {
            writeErrors++; // EIO while the interface is down, ENOBUFS, ...
            return false;
        }
        sent++;
        return true;
    }

    /** Frames read from the interface. */
    public long received() {
        return received;
    }

    /** Frames written to the interface. */
    public long sent() {
        return sent;
    }

    /** Failed reads other than "nothing to read". */
    public long readErrors() {
        return readErrors;
    }

    /** Failed or short writes (e.g. while the interface is down). */
    public long writeErrors() {
        return writeErrors;
    }

    /** Frames read that did not fit the poller's buffer. */
    public long oversize() {
        return oversize;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }
}
