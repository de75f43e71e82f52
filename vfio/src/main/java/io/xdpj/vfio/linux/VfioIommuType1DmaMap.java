package io.xdpj.vfio.linux;

/** Layout of {@code struct vfio_iommu_type1_dma_map} (facts D.3; 32 bytes). */
public final class VfioIommuType1DmaMap {
    /** u32 argsz (facts D.3). */
    public static final int ARGSZ_OFFSET = 0;
    /** u32 flags (facts D.3). */
    public static final int FLAGS_OFFSET = 4;
    /** u64 vaddr: process address (facts D.3). */
    public static final int VADDR_OFFSET = 8;
    /** u64 iova: device address (facts D.3). */
    public static final int IOVA_OFFSET = 16;
    /** u64 size in bytes (facts D.3). */
    public static final int SIZE_OFFSET = 24;
    /** sizeof (facts D.3). */
    public static final int SIZE = 32;
    /** Device may read (facts D.3). */
    public static final int VFIO_DMA_MAP_FLAG_READ = 1;
    /** Device may write (facts D.3). */
    public static final int VFIO_DMA_MAP_FLAG_WRITE = 1 << 1;

    private VfioIommuType1DmaMap() {
    }
}
