package io.xdpj.sim.wire;

/** A wire backend could not be opened or configured (control path). The message says what to check. */
public class WireException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WireException(String message) {
        super(message);
    }

    public WireException(String message, Throwable cause) {
        super(message, cause);
    }
}
