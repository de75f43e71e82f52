package io.xdpj.vfio.linux;

/** The errno values this layer reacts to (Linux UAPI {@code asm-generic/errno-base.h}, same on x86-64). */
public final class Errno {
    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such file or directory. */
    public static final int ENOENT = 2;
    /** Input/output error. */
    public static final int EIO = 5;
    /** Out of memory (also: a locked-memory limit reached when pinning pages). */
    public static final int ENOMEM = 12;
    /** Permission denied. */
    public static final int EACCES = 13;
    /** Device or resource busy. */
    public static final int EBUSY = 16;
    /** File exists (VFIO: the IOVA range is already mapped). */
    public static final int EEXIST = 17;
    /** No such device. */
    public static final int ENODEV = 19;
    /** Invalid argument. */
    public static final int EINVAL = 22;

    private Errno() {
    }
}
