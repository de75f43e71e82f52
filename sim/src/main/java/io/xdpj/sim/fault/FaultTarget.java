package io.xdpj.sim.fault;

/**
 * The model-side actions behind {@link SimFaults}. {@link #cable} and {@link #firmwareReset} run on the step thread
 * under the device lock; {@link #faultRing} runs on the caller's thread and takes the device lock itself.
 */
public interface FaultTarget {

    /** The link partner appears ({@code true}) or disappears. */
    void cable(boolean present);

    /** A firmware-initiated (EMP) reset starts. */
    void firmwareReset();

    /**
     * Arms an IOMMU fault over the ring of Rx ({@code rx}) or Tx queue {@code queue} as it was last enabled.
     *
     * @throws IllegalStateException if that queue was never enabled
     */
    void faultRing(boolean rx, int queue);
}
