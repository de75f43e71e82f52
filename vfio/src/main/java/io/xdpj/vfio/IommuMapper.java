package io.xdpj.vfio;

/**
 * The IOMMU's map and unmap operations for one device's DMA address space: VFIO_IOMMU_MAP_DMA and
 * VFIO_IOMMU_UNMAP_DMA on a real machine, the device model's translation table in the simulator. The same calls,
 * with the same arguments, are made in both cases.
 */
public interface IommuMapper {

    /** Device may read the mapping (VFIO_DMA_MAP_FLAG_READ). */
    int READ = 1;
    /** Device may write the mapping (VFIO_DMA_MAP_FLAG_WRITE). */
    int WRITE = 1 << 1;

    /**
     * Maps {@code length} bytes at process address {@code vaddr} to device address {@code iova}.
     *
     * @param flags {@link #READ} and/or {@link #WRITE}
     * @throws DmaException if the mapping is refused (overlap, alignment, limits)
     */
    void map(long vaddr, long iova, long length, int flags);

    /**
     * Removes the mapping that starts at {@code iova} and is {@code length} bytes long.
     *
     * @throws DmaException if no such mapping exists
     */
    void unmap(long iova, long length);

    /** The smallest mapping granule the IOMMU supports (bytes, a power of two; 4096 on x86). */
    long pageSize();
}
