package io.xdpj.vfio;

/** DMA memory could not be allocated, mapped or unmapped. The message says what to check. */
public class DmaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DmaException(String message) {
        super(message);
    }

    public DmaException(String message, Throwable cause) {
        super(message, cause);
    }
}
