package io.xdpj.vfio.linux;

/** Layout of {@code struct vfio_region_info} (facts D.3; 32 bytes). */
public final class VfioRegionInfo {
    /** u32 argsz (facts D.3). */
    public static final int ARGSZ_OFFSET = 0;
    /** u32 flags (facts D.3). */
    public static final int FLAGS_OFFSET = 4;
    /** u32 index, set by the caller (facts D.3). */
    public static final int INDEX_OFFSET = 8;
    /** u32 cap_offset (facts D.3). */
    public static final int CAP_OFFSET_OFFSET = 12;
    /** u64 size; 0 for an unimplemented BAR (facts D.3, D.4). */
    public static final int SIZE_OFFSET = 16;
    /** u64 offset: where to pread/pwrite/mmap the region in the device fd (facts D.3, D.4). */
    public static final int OFFSET_OFFSET = 24;
    /** sizeof (facts D.3). */
    public static final int SIZE = 32;
    /** Region supports read (facts D.3). */
    public static final int VFIO_REGION_INFO_FLAG_READ = 1;
    /** Region supports write (facts D.3). */
    public static final int VFIO_REGION_INFO_FLAG_WRITE = 1 << 1;
    /** Region supports mmap (facts D.3, D.4). */
    public static final int VFIO_REGION_INFO_FLAG_MMAP = 1 << 2;
    /** Region info has capabilities (facts D.3). */
    public static final int VFIO_REGION_INFO_FLAG_CAPS = 1 << 3;

    private VfioRegionInfo() {
    }
}
