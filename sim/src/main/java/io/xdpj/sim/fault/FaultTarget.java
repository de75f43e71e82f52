package io.xdpj.sim.fault;

/** The model-side actions behind {@link SimFaults}; run on the step thread under the device lock. */
public interface FaultTarget {

    /** The link partner appears ({@code true}) or disappears. */
    void cable(boolean present);

    /** A firmware-initiated (EMP) reset starts. */
    void firmwareReset();
}
