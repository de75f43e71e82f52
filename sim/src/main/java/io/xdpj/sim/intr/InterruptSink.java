package io.xdpj.sim.intr;

/**
 * Where the model's MSI-X messages go: the vfio-user server signals the client's eventfd for the vector
 * (VFIO_USER_DEVICE_SET_IRQS, index MSI-X); an in-process model has no sink and delivers nothing.
 */
@FunctionalInterface
public interface InterruptSink {

    /** Sends MSI-X vector {@code vector} (0 = the "other causes" vector, facts 9). Called on the step thread. */
    void msix(int vector);
}
