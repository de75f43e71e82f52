package io.xdpj.xsk.kernel;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The process-wide {@link LibC} binding with errno handling: every call returns its result, or {@code -errno} when
 * the C call failed (the kernel's own convention), read right after the call from jnr-ffi's saved per-thread error.
 *
 * <p>Constants below are x86-64 Linux values from a local probe (gcc against Debian linux-libc-dev 6.1 uapi headers:
 * sys/syscall.h, linux/bpf.h, linux/if_xdp.h, linux/if_link.h, linux/rtnetlink.h, linux/if_packet.h), unless a
 * facts section is named.
 */
public final class Native {

    /** AF_XDP, SOL_XDP, SOCK_RAW, MSG_DONTWAIT (facts A.1, D.8). */
    public static final int AF_XDP = 44;
    public static final int SOL_XDP = 283;
    public static final int SOCK_RAW = 3;
    public static final int MSG_DONTWAIT = 0x40;
    /** AF_NETLINK, NETLINK_ROUTE; AF_PACKET, ETH_P_ALL (local probe). */
    public static final int AF_NETLINK = 16;
    public static final int NETLINK_ROUTE = 0;
    public static final int AF_PACKET = 17;
    public static final int ETH_P_ALL = 3;
    /** SOCK_CLOEXEC: 02000000, the same bit as O_CLOEXEC (facts D.8). */
    public static final int SOCK_CLOEXEC = 0x80000;
    /** mmap (facts D.8). */
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x1;
    public static final int MAP_PRIVATE = 0x2;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_POPULATE = 0x8000;
    public static final int MAP_HUGETLB = 0x40000;
    public static final int MAP_HUGE_2MB = 21 << 26;
    /** poll events (local probe). */
    public static final short POLLIN = 1;
    public static final short POLLOUT = 4;
    /** __NR_bpf, __NR_setns on x86-64; CLONE_NEWNET (local probe). */
    public static final long NR_BPF = 321;
    public static final int CLONE_NEWNET = 0x40000000;
    /** O_RDONLY | O_CLOEXEC (facts D.8). */
    public static final int O_RDONLY_CLOEXEC = 0x80000;

    private static volatile Native instance;

    private final LibC libc;
    private final Runtime runtime;

    private Native(LibC libc) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
    }

    /**
     * The binding, loaded on first use.
     *
     * @throws KernelXdpException if jnr-ffi cannot load the C library
     */
    public static Native get() {
        Native n = instance;
        if (n == null) {
            synchronized (Native.class) {
                n = instance;
                if (n == null) {
                    try {
                        n = new Native(LibraryLoader.create(LibC.class).load("c"));
                    } catch (UnsatisfiedLinkError | RuntimeException e) {
                        throw new KernelXdpException("load libc", 0, "jnr-ffi cannot load the C library: "
                            + e.getMessage() + "; check that jffi's native stub for this platform is on the class "
                            + "path and java.io.tmpdir is writable");
                    }
                    instance = n;
                }
            }
        }
        return n;
    }

    private int ret(int result) {
        return result < 0 ? -runtime.getLastError() : result;
    }

    private long ret(long result) {
        return result < 0 ? -runtime.getLastError() : result;
    }

    /** socket(2) with SOCK_CLOEXEC always: the fds must not leak into child processes (e.g. a test's ip commands). */
    public int socket(int domain, int type, int protocol) {
        return ret(libc.socket(domain, type | SOCK_CLOEXEC, protocol));
    }

    public int bind(int fd, long address, int length) {
        return ret(libc.bind(fd, address, length));
    }

    public int setsockopt(int fd, int level, int name, long value, int length) {
        return ret(libc.setsockopt(fd, level, name, value, length));
    }

    public int getsockopt(int fd, int level, int name, long value, long lengthAddress) {
        return ret(libc.getsockopt(fd, level, name, value, lengthAddress));
    }

    /** mmap with a kernel-chosen address; returns the address or -errno. */
    public long mmap(long length, int prot, int flags, int fd, long offset) {
        final Pointer p = libc.mmap(null, length, prot, flags, fd, offset);
        final long address = p == null ? 0 : p.address();
        // NB: MAP_FAILED is (void*)-1; user addresses on x86-64 are below 2^47, so -1 can only mean failure.
        return address == -1L ? -runtime.getLastError() : address;
    }

    public int munmap(long address, long length) {
        return ret(libc.munmap(address, length));
    }

    public int close(int fd) {
        return ret(libc.close(fd));
    }

    public long send(int fd, long buffer, long length, int flags) {
        return ret(libc.send(fd, buffer, length, flags));
    }

    public long recv(int fd, long buffer, long length, int flags) {
        return ret(libc.recv(fd, buffer, length, flags));
    }

    public int poll(long fds, int count, int timeoutMillis) {
        return ret(libc.poll(fds, count, timeoutMillis));
    }

    /** {@code bpf(cmd, attr, size)}: returns the result (an fd for the creating commands) or -errno. */
    public long bpf(int cmd, long attr, int size) {
        return ret(libc.syscall(NR_BPF, cmd, attr, size));
    }

    public int setns(int fd, int nstype) {
        return ret(libc.setns(fd, nstype));
    }

    /** The interface's index in the calling thread's network namespace, or 0 if there is none of that name. */
    public int ifNameToIndex(String name) {
        return libc.if_nametoindex(name);
    }

    public int open(String path, int flags) {
        return ret(libc.open(path, flags));
    }

    public String strerror(int errno) {
        return libc.strerror(errno);
    }
}
