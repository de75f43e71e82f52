package io.xdpj.i40e;

import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;

/**
 * An admin-queue command failed: the firmware returned an error code, or it did not complete before the deadline
 * (facts 3.6). {@link #retval()} is the firmware's return code (facts 3.4), or -1 for a timeout or a queue error.
 */
public final class AdminQueueException extends I40eException {

    private static final long serialVersionUID = 1L;

    private final int opcode;
    private final int retval;

    AdminQueueException(String step, int opcode, int retval, String message) {
        super(step, "admin queue opcode " + I40eException.hex(opcode) + " "
            + (retval >= 0 ? "returned " + AdminQueueReturnCode.name(retval) + " (" + retval + ")" : "failed")
            + ": " + message);
        this.opcode = opcode;
        this.retval = retval;
    }

    /** The command's opcode (facts 4.1). */
    public int opcode() {
        return opcode;
    }

    /** The firmware return code (facts 3.4), or -1 when the command did not complete. */
    public int retval() {
        return retval;
    }
}
