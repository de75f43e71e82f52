package io.xdpj.vfio.linux;

/** Layout of {@code struct vfio_group_status} (facts D.3; 8 bytes). */
public final class VfioGroupStatus {
    /** u32 argsz, set by the caller to {@link #SIZE} (facts D.3). */
    public static final int ARGSZ_OFFSET = 0;
    /** u32 flags (facts D.3). */
    public static final int FLAGS_OFFSET = 4;
    /** sizeof (facts D.3). */
    public static final int SIZE = 8;
    /** Every device of the group is bound to a vfio driver or to none (facts D.3). */
    public static final int VFIO_GROUP_FLAGS_VIABLE = 1;
    /** The group is attached to a container (facts D.3). */
    public static final int VFIO_GROUP_FLAGS_CONTAINER_SET = 1 << 1;

    private VfioGroupStatus() {
    }
}
