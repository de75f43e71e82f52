package io.xdpj.i40e;

/**
 * A control-path failure of the i40e driver. The message names the bring-up or teardown step, the register or
 * admin-queue opcode involved, the value seen and what to check. The data path never throws; it counts.
 */
public class I40eException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String step;

    public I40eException(String step, String message) {
        super(step + ": " + message);
        this.step = step;
    }

    public I40eException(String step, String message, Throwable cause) {
        super(step + ": " + message, cause);
        this.step = step;
    }

    /** The bring-up, teardown or control step that failed (e.g. "pf reset", "rx queue 0 enable"). */
    public String step() {
        return step;
    }

    static String hex(int value) {
        return "0x" + Integer.toHexString(value);
    }
}
