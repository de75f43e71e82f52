package io.xdpj.vfio.linux;

/**
 * Layout of {@code struct vfio_iommu_type1_info} (facts D.3; 24 bytes) and of the IOVA-range capability that
 * may follow it in the same buffer.
 *
 * <p>Capability chain ({@code linux/vfio.h}, struct vfio_info_cap_header and
 * vfio_iommu_type1_info_cap_iova_range): each capability starts with u16 id @0, u16 version @2, u32 next @4
 * (offset of the next capability from the start of the info buffer, 0 ends the chain). The IOVA-range capability
 * (id 1, facts D.3) then has u32 nr_iovas @8, u32 reserved @12 and nr_iovas ranges from @16, each u64 start and
 * u64 end (inclusive), 16 bytes.
 */
public final class VfioIommuType1Info {
    /** u32 argsz (facts D.3). */
    public static final int ARGSZ_OFFSET = 0;
    /** u32 flags (facts D.3). */
    public static final int FLAGS_OFFSET = 4;
    /** u64 iova_pgsizes: a bitmap of supported IOMMU page sizes (facts D.3). */
    public static final int IOVA_PGSIZES_OFFSET = 8;
    /** u32 cap_offset (facts D.3). */
    public static final int CAP_OFFSET_OFFSET = 16;
    /** sizeof (facts D.3). */
    public static final int SIZE = 24;
    /** iova_pgsizes is valid (facts D.3). */
    public static final int VFIO_IOMMU_INFO_PGSIZES = 1;
    /** cap_offset is valid (facts D.3). */
    public static final int VFIO_IOMMU_INFO_CAPS = 1 << 1;

    /** Capability header: u16 id (vfio.h struct vfio_info_cap_header). */
    public static final int CAP_ID_OFFSET = 0;
    /** Capability header: u32 next (vfio.h struct vfio_info_cap_header). */
    public static final int CAP_NEXT_OFFSET = 4;
    /** Capability id of the valid IOVA ranges (facts D.3). */
    public static final int VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE = 1;
    /** IOVA-range capability: u32 nr_iovas after the 8-byte header (vfio.h). */
    public static final int CAP_IOVA_RANGE_NR_IOVAS_OFFSET = 8;
    /** IOVA-range capability: first struct vfio_iova_range (vfio.h). */
    public static final int CAP_IOVA_RANGE_RANGES_OFFSET = 16;
    /** sizeof(struct vfio_iova_range): u64 start, u64 end (vfio.h). */
    public static final int IOVA_RANGE_SIZE = 16;

    private VfioIommuType1Info() {
    }
}
