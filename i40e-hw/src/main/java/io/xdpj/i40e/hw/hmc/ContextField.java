package io.xdpj.i40e.hw.hmc;

/**
 * One field of an HMC context object: its Intel name, its width in bits and the absolute bit position of its least
 * significant bit in the little-endian object image (facts 5.5-5.7).
 */
public interface ContextField {

    /** Intel's field name (e.g. {@code rxmax}). */
    String fieldName();

    /** Width in bits (1..64). */
    int width();

    /** Absolute bit position of the field's bit 0. */
    int lsb();
}
