package io.xdpj.sim.vfiouser;

/** A vfio-user transport or protocol failure; the message says what failed and what to check. */
public final class VfioUserException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public VfioUserException(String message) {
        super(message);
    }

    public VfioUserException(String message, Throwable cause) {
        super(message, cause);
    }
}
