package io.xdpj.xsk;

/**
 * A control-path failure of the AF_XDP layer, carrying the errno the kernel would return in the same situation
 * and a message saying what to check. The data path never throws; it counts.
 */
public class XskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    public XskException(Errno errno, String message) {
        super(message + " (" + errno + ")");
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
