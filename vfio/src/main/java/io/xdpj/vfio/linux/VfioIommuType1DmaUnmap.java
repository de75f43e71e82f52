package io.xdpj.vfio.linux;

/** Layout of {@code struct vfio_iommu_type1_dma_unmap} without its optional data (facts D.3; 24 bytes). */
public final class VfioIommuType1DmaUnmap {
    /** u32 argsz (facts D.3). */
    public static final int ARGSZ_OFFSET = 0;
    /** u32 flags (facts D.3). */
    public static final int FLAGS_OFFSET = 4;
    /** u64 iova (facts D.3). */
    public static final int IOVA_OFFSET = 8;
    /** u64 size; the kernel writes back how much it unmapped (facts D.2, D.3). */
    public static final int SIZE_OFFSET = 16;
    /** sizeof without data[] (facts D.3). */
    public static final int SIZE = 24;

    private VfioIommuType1DmaUnmap() {
    }
}
