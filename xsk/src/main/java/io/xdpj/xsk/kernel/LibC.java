package io.xdpj.xsk.kernel;

import jnr.ffi.Pointer;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The C library functions the kernel backend calls, bound through jnr-ffi (glibc, x86-64 LP64). Memory arguments are
 * raw addresses ({@code long}) of off-heap scratch memory; results are the C results, with errno read afterwards by
 * {@link Native}.
 */
public interface LibC {

    int socket(int domain, int type, int protocol);

    int bind(int fd, long address, int length);

    int setsockopt(int fd, int level, int name, long value, int length);

    int getsockopt(int fd, int level, int name, long value, long lengthAddress);

    /**
     * NB: a Pointer hint and result, not a long: jnr-ffi 2.2.17's generated stub passes a six-argument call whose
     * first parameter is a Java long wrongly (the trap recorded in io.xdpj.vfio.linux.JnrSyscalls).
     */
    Pointer mmap(Pointer address, @size_t long length, int prot, int flags, int fd, @off_t long offset);

    int munmap(long address, @size_t long length);

    int close(int fd);

    /**
     * NB: send/recv, not sendto/recvfrom: their six-argument forms fail with EINVAL through jnr-ffi 2.2.17 here (the
     * same stub trap as mmap's); every socket this backend sends on is bound, connected to the kernel (netlink) or
     * needs no address (AF_XDP kicks), so the four-argument calls say the same.
     */
    @ssize_t long send(int fd, long buffer, @size_t long length, int flags);

    @ssize_t long recv(int fd, long buffer, @size_t long length, int flags);

    int poll(long fds, long count, int timeoutMillis);

    /** {@code syscall(2)}; variadic in C, but integer and address arguments travel the same way on x86-64. */
    long syscall(long number, long a1, long a2, long a3);

    int setns(int fd, int nstype);

    int if_nametoindex(String name);

    int open(String path, int flags);

    String strerror(int errno);
}
