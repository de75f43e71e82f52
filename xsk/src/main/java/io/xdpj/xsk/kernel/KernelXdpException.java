package io.xdpj.xsk.kernel;

/**
 * A control-path failure of the kernel AF_XDP backend: which step failed, the errno the kernel returned (0 when the
 * failure was found before any call), and what to do about it.
 */
public class KernelXdpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** errno values (x86-64 Linux, local probe) the backend tells apart. */
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int ENOPROTOOPT = 92;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int ENETDOWN = 100;
    public static final int ENOBUFS = 105;

    private final String step;
    private final int errno;

    public KernelXdpException(String step, int errno, String advice) {
        super(step + ": " + (errno == 0 ? "" : name(errno) + " (" + errno + "): ") + advice);
        this.step = step;
        this.errno = errno;
    }

    /** The failing step, e.g. "bind" or "BPF_PROG_LOAD". */
    public String step() {
        return step;
    }

    /** The positive errno, or 0. */
    public int errno() {
        return errno;
    }

    /** The symbolic name of the errno values this backend meets. */
    public static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case ENOSPC -> "ENOSPC";
            case ENOPROTOOPT -> "ENOPROTOOPT";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case EAFNOSUPPORT -> "EAFNOSUPPORT";
            case ENETDOWN -> "ENETDOWN";
            case ENOBUFS -> "ENOBUFS";
            default -> "errno";
        };
    }
}
