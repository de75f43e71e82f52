package io.xdpj.sim.iommu;

/**
 * One device access that the {@link Iommu} refused: the access was not performed.
 *
 * @param iova        first device address of the refused access
 * @param length      bytes the device tried to access
 * @param write       true for a device write (DMA to host memory), false for a device read
 * @param queue       the LAN queue that made the access, or {@link #ADMIN_QUEUE} for the admin queue / HMC
 * @param timeNanos   when it happened, from the IOMMU's clock
 * @param reason      why it was refused
 */
public record DmaFault(long iova, int length, boolean write, int queue, long timeNanos, Reason reason) {

    /** Queue number used for accesses made by the admin queue or the HMC, not by a LAN queue. */
    public static final int ADMIN_QUEUE = -1;

    /** Why an access faulted. */
    public enum Reason {
        /** Some byte of the access lies outside every mapping. */
        UNMAPPED,
        /** The device read a mapping made without {@link io.xdpj.vfio.IommuMapper#READ}. */
        READ_DENIED,
        /** The device wrote a mapping made without {@link io.xdpj.vfio.IommuMapper#WRITE}. */
        WRITE_DENIED,
        /** The access touched a range armed with {@link Iommu#injectFault(long, long)}. */
        INJECTED,
        /** The access had a length of zero or less (a model bug or a corrupt descriptor). */
        EMPTY,
        /**
         * The access hit a {@link MessageBackedMemory} mapping and the message exchange that carries it failed (the
         * client refused it, did not answer before the deadline, or the connection broke).
         */
        MESSAGE_FAILED
    }

    @Override
    public String toString() {
        return (write ? "write" : "read") + " of " + length + " bytes at iova 0x" + Long.toHexString(iova)
            + " by " + (queue == ADMIN_QUEUE ? "admin queue/HMC" : "queue " + queue) + ": " + reason;
    }
}
