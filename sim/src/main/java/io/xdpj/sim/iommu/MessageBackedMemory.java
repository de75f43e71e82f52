package io.xdpj.sim.iommu;

/**
 * Device-addressable memory that has no process address of its own: the IOMMU hands every access to a mapping
 * made with {@link Iommu#mapMessageBacked} to this object, which makes the bytes reachable at a process address it
 * owns (for the vfio-user server: a shadow page filled by a VFIO_USER_DMA_READ message and written back with
 * VFIO_USER_DMA_WRITE; see io.xdpj.sim.vfiouser.MessageDma).
 *
 * <p>Called on the model's thread, from {@link Iommu#translate}, after the IOMMU checked that the whole access lies
 * inside the mapping and that the mapping grants the permission. Must not throw.
 */
public interface MessageBackedMemory {

    /**
     * Makes {@code [iova, iova + length)} reachable for one device access.
     *
     * @param write true for a device write to host memory, false for a device read
     * @param queue the LAN queue making the access, or {@link DmaFault#ADMIN_QUEUE}
     * @return the process address of {@code iova}, valid until the end of the current model step, or 0 when the
     *         memory could not be reached (the IOMMU then records a {@link DmaFault.Reason#MESSAGE_FAILED} fault)
     */
    long access(long iova, int length, boolean write, int queue);
}
