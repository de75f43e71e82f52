package io.xdpj.vfio;

/**
 * A VFIO, sysfs or PCI step failed on the control path. The message names the step, the reason the kernel gave
 * and what to check or do about it.
 */
public class VfioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VfioException(String message) {
        super(message);
    }

    public VfioException(String message, Throwable cause) {
        super(message, cause);
    }
}
