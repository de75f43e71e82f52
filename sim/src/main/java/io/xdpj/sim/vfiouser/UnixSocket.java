package io.xdpj.sim.vfiouser;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A connected AF_UNIX stream socket that carries file descriptors (SCM_RIGHTS), the transport vfio-user runs on
 * (QEMU docs/interop/vfio-user.rst, "Socket"), plus the listening side and socketpair(2) for tests. Bound to the C
 * library through jnr-ffi; struct layouts are those of x86-64 Linux with glibc (msghdr 56 bytes, cmsghdr 16-byte
 * header with a size_t length, sockaddr_un 110 bytes).
 *
 * <p>One thread uses a socket at a time (the server's message loop); native scratch memory is per socket.
 */
public final class UnixSocket implements AutoCloseable {

    /** AF_UNIX (socket(7)). */
    static final int AF_UNIX = 1;
    /** SOCK_STREAM | SOCK_CLOEXEC (socket(2)). */
    static final int SOCK_STREAM_CLOEXEC = 1 | 0x80000;
    /** SOL_SOCKET (socket(7)). */
    static final int SOL_SOCKET = 1;
    /** SCM_RIGHTS (unix(7)). */
    static final int SCM_RIGHTS = 1;
    /** MSG_CMSG_CLOEXEC: received descriptors are close-on-exec (recvmsg(2)). */
    static final int MSG_CMSG_CLOEXEC = 0x40000000;
    /** MSG_CTRUNC in msg_flags: control data was cut, descriptors were lost (recvmsg(2)). */
    static final int MSG_CTRUNC = 0x8;
    /** MSG_NOSIGNAL: a write to a closed peer returns EPIPE instead of raising SIGPIPE (send(2)). */
    static final int MSG_NOSIGNAL = 0x4000;
    /** EINTR (errno). */
    static final int EINTR = 4;
    /** Descriptors one message may carry (QEMU's VFIO_USER_MAX_MAX_FDS). */
    public static final int MAX_FDS = 16;

    // struct msghdr (x86-64): name @0, namelen @8, iov @16, iovlen @24, control @32, controllen @40, flags @48
    private static final int MSGHDR_SIZE = 56;
    private static final int IOVEC_SIZE = 16;
    private static final int CMSG_HEADER = 16;
    private static final int CONTROL_SIZE = CMSG_HEADER + MAX_FDS * 4;
    private static final int SOCKADDR_UN_SIZE = 110;

    /** The C functions bound here (all pointers passed as addresses). */
    public interface LibC {
        int socket(int domain, int type, int protocol);

        int socketpair(int domain, int type, int protocol, int[] fds);

        int bind(int fd, long address, int length);

        int listen(int fd, int backlog);

        int accept4(int fd, long address, long length, int flags);

        int connect(int fd, long address, int length);

        @ssize_t long sendmsg(int fd, long msghdr, int flags);

        @ssize_t long recvmsg(int fd, long msghdr, int flags);

        @ssize_t long write(int fd, long buffer, @size_t long count);

        @ssize_t long read(int fd, long buffer, @size_t long count);

        int close(int fd);

        int unlink(String path);

        int eventfd(int initval, int flags);

        int shutdown(int fd, int how);

        int poll(long fds, long count, int timeoutMillis);

        String strerror(int errno);
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    static LibC libc() {
        return Holder.LIBC;
    }

    static int errno() {
        return Holder.RUNTIME.getLastError();
    }

    static String error(String what, int errno) {
        return what + " failed: " + libc().strerror(errno) + " (errno " + errno + ")";
    }

    private final int fd;
    private final ByteBuffer scratchMemory = BufferUtil.allocateDirectAligned(MSGHDR_SIZE + IOVEC_SIZE + CONTROL_SIZE,
        64);
    private final UnsafeBuffer scratch = new UnsafeBuffer(scratchMemory);
    private boolean closed;

    private UnixSocket(int fd) {
        this.fd = fd;
    }

    /** The socket's file descriptor. */
    public int fd() {
        return fd;
    }

    /** A connected pair (socketpair(2)); for tests and in-process clients. */
    public static UnixSocket[] pair() {
        final int[] fds = new int[2];
        if (libc().socketpair(AF_UNIX, SOCK_STREAM_CLOEXEC, 0, fds) != 0) {
            throw new VfioUserException(error("socketpair(AF_UNIX, SOCK_STREAM)", errno()));
        }
        return new UnixSocket[] {new UnixSocket(fds[0]), new UnixSocket(fds[1])};
    }

    /**
     * Listens on {@code path} (an existing socket file there is removed first) and accepts exactly one connection,
     * the vfio-user client (the protocol has one client per server socket).
     */
    public static UnixSocket acceptOne(String path) {
        final int listener = libc().socket(AF_UNIX, SOCK_STREAM_CLOEXEC, 0);
        if (listener < 0) {
            throw new VfioUserException(error("socket(AF_UNIX)", errno()));
        }
        try {
            final UnsafeBuffer address = socketAddress(path);
            libc().unlink(path);
            if (libc().bind(listener, address.addressOffset(), SOCKADDR_UN_SIZE) != 0) {
                throw new VfioUserException(error("bind(" + path + ")", errno())
                    + "; check that the directory exists and is writable");
            }
            if (libc().listen(listener, 1) != 0) {
                throw new VfioUserException(error("listen(" + path + ")", errno()));
            }
            int client;
            do {
                client = libc().accept4(listener, 0, 0, 0x80000);
            } while (client < 0 && errno() == EINTR);
            if (client < 0) {
                throw new VfioUserException(error("accept(" + path + ")", errno()));
            }
            return new UnixSocket(client);
        } finally {
            libc().close(listener);
        }
    }

    /** Connects to a listening socket at {@code path} (the client side; used by tests). */
    public static UnixSocket connect(String path) {
        final int fd = libc().socket(AF_UNIX, SOCK_STREAM_CLOEXEC, 0);
        if (fd < 0) {
            throw new VfioUserException(error("socket(AF_UNIX)", errno()));
        }
        final UnsafeBuffer address = socketAddress(path);
        if (libc().connect(fd, address.addressOffset(), SOCKADDR_UN_SIZE) != 0) {
            final int e = errno();
            libc().close(fd);
            throw new VfioUserException(error("connect(" + path + ")", e) + "; is the server listening?");
        }
        return new UnixSocket(fd);
    }

    private static UnsafeBuffer socketAddress(String path) {
        final byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= SOCKADDR_UN_SIZE - 2) {
            throw new IllegalArgumentException("socket path is " + bytes.length + " bytes; AF_UNIX allows at most "
                + (SOCKADDR_UN_SIZE - 3) + ": " + path);
        }
        final UnsafeBuffer address = new UnsafeBuffer(BufferUtil.allocateDirectAligned(128, 8));
        address.putShort(0, (short) AF_UNIX, ByteOrder.LITTLE_ENDIAN);
        address.putBytes(2, bytes);
        return address;
    }

    /**
     * Sends {@code length} bytes at native address {@code address}, with {@code fds} attached to the first
     * sendmsg (SCM_RIGHTS); loops until all bytes are out.
     *
     * @throws VfioUserException on a socket error (e.g. EPIPE when the peer went away)
     */
    public void send(long address, int length, int[] fds, int fdCount) {
        if (fdCount > MAX_FDS) {
            throw new IllegalArgumentException(fdCount + " descriptors in one message; at most " + MAX_FDS);
        }
        int sent = 0;
        boolean withFds = fdCount > 0;
        while (sent < length || withFds) {
            prepare(address + sent, length - sent, withFds ? fdCount : 0);
            if (withFds) {
                for (int i = 0; i < fdCount; i++) {
                    scratch.putInt(MSGHDR_SIZE + IOVEC_SIZE + CMSG_HEADER + 4 * i, fds[i], ByteOrder.LITTLE_ENDIAN);
                }
            }
            final long n = libc().sendmsg(fd, scratch.addressOffset(), MSG_NOSIGNAL);
            if (n < 0) {
                final int e = errno();
                if (e == EINTR) {
                    continue;
                }
                throw new VfioUserException(error("sendmsg on the vfio-user socket", e));
            }
            sent += (int) n;
            withFds = false;
        }
    }

    /**
     * Receives exactly {@code length} bytes into native address {@code address}; descriptors that arrive with them
     * are appended to {@code fds} from index {@code fdCount}.
     *
     * @return the new descriptor count, or -1 if the peer closed the connection before the first byte
     * @throws VfioUserException on a socket error, a close in the middle of a message, truncated control data or more
     *                           than {@code fds.length} descriptors
     */
    public int receive(long address, int length, int[] fds, int fdCount) {
        int got = 0;
        int count = fdCount;
        while (got < length) {
            prepare(address + got, length - got, MAX_FDS);
            final long n = libc().recvmsg(fd, scratch.addressOffset(), MSG_CMSG_CLOEXEC);
            if (n < 0) {
                final int e = errno();
                if (e == EINTR) {
                    continue;
                }
                throw new VfioUserException(error("recvmsg on the vfio-user socket", e));
            }
            count = collectFds(fds, count);
            if (n == 0) {
                if (got == 0) {
                    return -1;
                }
                throw new VfioUserException("the vfio-user peer closed the socket in the middle of a message ("
                    + got + " of " + length + " bytes)");
            }
            got += (int) n;
        }
        return count;
    }

    private void prepare(long address, int length, int fdSlots) {
        scratch.setMemory(0, MSGHDR_SIZE + IOVEC_SIZE + CONTROL_SIZE, (byte) 0);
        final long base = scratch.addressOffset();
        final int iov = MSGHDR_SIZE;
        final int control = MSGHDR_SIZE + IOVEC_SIZE;
        scratch.putLong(iov, address, ByteOrder.LITTLE_ENDIAN);
        scratch.putLong(iov + 8, length, ByteOrder.LITTLE_ENDIAN);
        scratch.putLong(16, base + iov, ByteOrder.LITTLE_ENDIAN);
        scratch.putLong(24, 1, ByteOrder.LITTLE_ENDIAN);
        if (fdSlots > 0) {
            final int space = CMSG_HEADER + align8(4 * fdSlots);
            scratch.putLong(32, base + control, ByteOrder.LITTLE_ENDIAN);
            scratch.putLong(40, space, ByteOrder.LITTLE_ENDIAN);
            scratch.putLong(control, CMSG_HEADER + 4L * fdSlots, ByteOrder.LITTLE_ENDIAN);
            scratch.putInt(control + 8, SOL_SOCKET, ByteOrder.LITTLE_ENDIAN);
            scratch.putInt(control + 12, SCM_RIGHTS, ByteOrder.LITTLE_ENDIAN);
        }
    }

    private int collectFds(int[] fds, int fdCount) {
        int count = fdCount;
        final int control = MSGHDR_SIZE + IOVEC_SIZE;
        final long controlLength = scratch.getLong(40, ByteOrder.LITTLE_ENDIAN);
        final int flags = scratch.getInt(48, ByteOrder.LITTLE_ENDIAN);
        if (controlLength >= CMSG_HEADER && scratch.getInt(control + 8, ByteOrder.LITTLE_ENDIAN) == SOL_SOCKET
            && scratch.getInt(control + 12, ByteOrder.LITTLE_ENDIAN) == SCM_RIGHTS) {
            final int n = (int) ((scratch.getLong(control, ByteOrder.LITTLE_ENDIAN) - CMSG_HEADER) / 4);
            for (int i = 0; i < n; i++) {
                final int received = scratch.getInt(control + CMSG_HEADER + 4 * i, ByteOrder.LITTLE_ENDIAN);
                if (count == fds.length) {
                    libc().close(received);
                    throw new VfioUserException("a vfio-user message carried more than " + fds.length
                        + " file descriptors");
                }
                fds[count++] = received;
            }
        }
        if ((flags & MSG_CTRUNC) != 0) {
            throw new VfioUserException("a vfio-user message carried more than " + MAX_FDS
                + " file descriptors (control data truncated)");
        }
        return count;
    }

    private static int align8(int n) {
        return (n + 7) & ~7;
    }

    /**
     * Waits up to {@code timeoutMillis} (0 = just look) for the socket to have data or a hang-up (poll(2)).
     *
     * @return true if a receive will not block
     */
    public boolean readable(int timeoutMillis) {
        // struct pollfd: fd i32 @0, events i16 @4, revents i16 @6; POLLIN = 1
        final int at = MSGHDR_SIZE + IOVEC_SIZE + CONTROL_SIZE - 8;
        scratch.putInt(at, fd, ByteOrder.LITTLE_ENDIAN);
        scratch.putShort(at + 4, (short) 1, ByteOrder.LITTLE_ENDIAN);
        scratch.putShort(at + 6, (short) 0, ByteOrder.LITTLE_ENDIAN);
        final int n = libc().poll(scratch.addressOffset() + at, 1, timeoutMillis);
        if (n < 0) {
            final int e = errno();
            if (e == EINTR) {
                return false;
            }
            throw new VfioUserException(error("poll on the vfio-user socket", e));
        }
        return n > 0;
    }

    /** Closes a file descriptor received over the socket (ignores -1). */
    static void closeFd(int fd) {
        if (fd >= 0) {
            libc().close(fd);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc().close(fd);
        }
    }
}
