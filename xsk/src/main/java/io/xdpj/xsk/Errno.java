package io.xdpj.xsk;

/** The kernel error numbers the AF_XDP control path returns, so users can match them against kernel docs. */
public enum Errno {
    ENOENT(2), ENXIO(6), E2BIG(7), EBADF(9), ENOMEM(12), EFAULT(14), EBUSY(16), EEXIST(17), ENODEV(19), EINVAL(22), ENOSPC(28),
    ENOTSOCK(88), EOPNOTSUPP(95), ENOBUFS(105);

    private final int code;

    Errno(int code) {
        this.code = code;
    }

    /** The positive errno value (the kernel returns its negation). */
    public int code() {
        return code;
    }
}
