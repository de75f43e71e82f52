package io.xdpj.vfio.linux;

/**
 * The Linux system calls the VFIO layer makes, in the kernel's own convention: a failing call returns
 * {@code -errno} instead of setting a thread-local. That keeps each call site's error handling local and lets a
 * test substitute a fake kernel that records the calls and fails one on purpose.
 *
 * <p>Addresses and buffers are raw {@code long} addresses in this process (the caller owns the memory).
 * {@link JnrSyscalls} is the real implementation.
 */
public interface Syscalls {

    /** {@code open(path, flags)}: a file descriptor, or {@code -errno}. */
    int open(String path, int flags);

    /** {@code close(fd)}: 0 or {@code -errno}. */
    int close(int fd);

    /**
     * {@code ioctl(fd, request, arg)}, where {@code arg} is an integer passed by value or the address of the
     * argument structure (VFIO uses both, facts D.2): the ioctl's non-negative result, or {@code -errno}.
     */
    long ioctl(int fd, long request, long arg);

    /** {@code mmap(...)}: the mapping's address, or {@code -errno} (never MAP_FAILED). */
    long mmap(long address, long length, int prot, int flags, int fd, long offset);

    /** {@code munmap(address, length)}: 0 or {@code -errno}. */
    int munmap(long address, long length);

    /** {@code mlock(address, length)}: 0 or {@code -errno}. */
    int mlock(long address, long length);

    /** {@code munlock(address, length)}: 0 or {@code -errno}. */
    int munlock(long address, long length);

    /** {@code pread(fd, buffer, count, offset)}: bytes read, or {@code -errno}. */
    long pread(int fd, long buffer, long count, long offset);

    /** {@code pwrite(fd, buffer, count, offset)}: bytes written, or {@code -errno}. */
    long pwrite(int fd, long buffer, long count, long offset);

    /** The C library's text for {@code errno} (e.g. "Operation not permitted"). */
    String strerror(int errno);

    /** "Operation not permitted (errno 1)": how errors name a failed call's reason. */
    default String describe(long negativeErrno) {
        final int errno = (int) -negativeErrno;
        return strerror(errno) + " (errno " + errno + ")";
    }
}
