package io.xdpj.i40e.hw.aq;

/** Admin queue return codes ({@code enum i40e_admin_queue_err}, the descriptor's retval; facts 3.4). */
public final class AdminQueueReturnCode {

    private AdminQueueReturnCode() {
    }

    /** Success (facts 3.4). */
    public static final int OK = 0;
    /** Operation not permitted (facts 3.4). */
    public static final int EPERM = 1;
    /** No such element (facts 3.4). */
    public static final int ENOENT = 2;
    /** Bad opcode (facts 3.4). */
    public static final int ESRCH = 3;
    /** Operation interrupted (facts 3.4). */
    public static final int EINTR = 4;
    /** I/O error (facts 3.4). */
    public static final int EIO = 5;
    /** No such resource (facts 3.4). */
    public static final int ENXIO = 6;
    /** Arg too long (facts 3.4). */
    public static final int E2BIG = 7;
    /** Try again (facts 3.4). */
    public static final int EAGAIN = 8;
    /** Out of memory; also "buffer too small" for list capabilities (facts 3.4, 4.6). */
    public static final int ENOMEM = 9;
    /** Permission denied (facts 3.4). */
    public static final int EACCES = 10;
    /** Bad address (facts 3.4). */
    public static final int EFAULT = 11;
    /** Device or resource busy (facts 3.4). */
    public static final int EBUSY = 12;
    /** Object already exists (facts 3.4). */
    public static final int EEXIST = 13;
    /** Invalid argument (facts 3.4). */
    public static final int EINVAL = 14;
    /** Not a typewriter (facts 3.4). */
    public static final int ENOTTY = 15;
    /** No space left or alloc failure (facts 3.4). */
    public static final int ENOSPC = 16;
    /** ENOSYS: the firmware has no such function (facts 3.4). */
    public static final int ENOSYS = 17;
    /** Parameter out of range (facts 3.4). */
    public static final int ERANGE = 18;
    /** Cmd flushed due to prev cmd error (facts 3.4). */
    public static final int EFLUSHED = 19;
    /** Descriptor contains a bad pointer (facts 3.4). */
    public static final int BAD_ADDR = 20;
    /** Op not allowed in current dev mode (facts 3.4). */
    public static final int EMODE = 21;
    /** File too large (facts 3.4). */
    public static final int EFBIG = 22;

    private static final String[] NAMES = {
        "OK", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "EAGAIN", "ENOMEM", "EACCES", "EFAULT",
        "EBUSY", "EEXIST", "EINVAL", "ENOTTY", "ENOSPC", "ENOSYS", "ERANGE", "EFLUSHED", "BAD_ADDR", "EMODE", "EFBIG",
    };

    /** The code's name, or {@code "retval <n>"} for a value outside the table (for error messages). */
    public static String name(int retval) {
        return retval >= 0 && retval < NAMES.length ? NAMES[retval] : "retval " + retval;
    }
}
