package io.xdpj.vfio.linux;

import io.xdpj.vfio.VfioException;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * {@link Syscalls} through jnr-ffi on the C library (glibc, x86-64 LP64). The errno of a failed call is read
 * right after it from jnr-ffi's saved per-thread error and returned negated.
 */
public final class JnrSyscalls implements Syscalls {

    /** The C functions bound here. {@code ioctl} is variadic in C; every argument used here is an integer or an
     * address, which the x86-64 calling convention passes the same way with or without the prototype. */
    public interface LibC {
        int open(String path, int flags);

        int close(int fd);

        int ioctl(int fd, long request, long arg);

        /** NB: declared with a Pointer hint and result: jnr-ffi 2.2.17's generated (ASM) stub passes a six-argument
         * call whose first parameter is a Java long wrongly (mmap then fails with EINVAL); the Pointer form is right. */
        Pointer mmap(Pointer address, @size_t long length, int prot, int flags, int fd, @off_t long offset);

        int munmap(long address, @size_t long length);

        int mlock(long address, @size_t long length);

        int munlock(long address, @size_t long length);

        int madvise(long address, @size_t long length, int advice);

        @ssize_t long pread(int fd, long buffer, @size_t long count, @off_t long offset);

        @ssize_t long pwrite(int fd, long buffer, @size_t long count, @off_t long offset);

        String strerror(int errno);
    }

    private static volatile JnrSyscalls instance;

    private final LibC libc;
    private final Runtime runtime;

    private JnrSyscalls(LibC libc) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
    }

    /**
     * The process-wide binding, loaded on first use.
     *
     * @throws VfioException if jnr-ffi cannot load the C library (its native stub jffi needs a writable temp dir)
     */
    public static JnrSyscalls get() {
        JnrSyscalls result = instance;
        if (result == null) {
            synchronized (JnrSyscalls.class) {
                result = instance;
                if (result == null) {
                    try {
                        result = new JnrSyscalls(LibraryLoader.create(LibC.class).load("c"));
                    } catch (UnsatisfiedLinkError | RuntimeException e) {
                        throw new VfioException("cannot load the C library through jnr-ffi: " + e.getMessage()
                            + "; check that jffi's native library for this platform is on the class path and that"
                            + " java.io.tmpdir is writable (jffi unpacks its stub there)", e);
                    }
                    instance = result;
                }
            }
        }
        return result;
    }

    private int errnoResult(long result) {
        return result < 0 ? -runtime.getLastError() : (int) result;
    }

    private long errnoResultLong(long result) {
        return result < 0 ? -runtime.getLastError() : result;
    }

    @Override
    public int open(String path, int flags) {
        return errnoResult(libc.open(path, flags));
    }

    @Override
    public int close(int fd) {
        return errnoResult(libc.close(fd));
    }

    @Override
    public long ioctl(int fd, long request, long arg) {
        return errnoResultLong(libc.ioctl(fd, request, arg));
    }

    @Override
    public long mmap(long address, long length, int prot, int flags, int fd, long offset) {
        if (address != 0) {
            throw new IllegalArgumentException("only kernel-chosen addresses (0) are supported, got 0x"
                + Long.toHexString(address));
        }
        final Pointer mapping = libc.mmap(null, length, prot, flags, fd, offset);
        final long result = mapping == null ? 0 : mapping.address();
        // NB: MAP_FAILED is (void*)-1; user-space addresses on x86-64 are below 2^47, so negative means failure.
        return result == -1L ? -runtime.getLastError() : result;
    }

    @Override
    public int munmap(long address, long length) {
        return errnoResult(libc.munmap(address, length));
    }

    @Override
    public int mlock(long address, long length) {
        return errnoResult(libc.mlock(address, length));
    }

    @Override
    public int munlock(long address, long length) {
        return errnoResult(libc.munlock(address, length));
    }

    /** madvise(2): 0, or −errno. */
    public int madvise(long address, long length, int advice) {
        return errnoResult(libc.madvise(address, length, advice));
    }

    @Override
    public long pread(int fd, long buffer, long count, long offset) {
        return errnoResultLong(libc.pread(fd, buffer, count, offset));
    }

    @Override
    public long pwrite(int fd, long buffer, long count, long offset) {
        return errnoResultLong(libc.pwrite(fd, buffer, count, offset));
    }

    @Override
    public String strerror(int errno) {
        return libc.strerror(errno);
    }
}
