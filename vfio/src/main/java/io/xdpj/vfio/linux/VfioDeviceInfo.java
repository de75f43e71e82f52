package io.xdpj.vfio.linux;

/**
 * Layout of {@code struct vfio_device_info} (facts D.3). Current headers make it 24 bytes (with {@code pad}); the
 * 6.1 headers have 20. Passing argsz 24 to an older kernel is fine: argsz only tells it how much room there is.
 */
public final class VfioDeviceInfo {
    /** u32 argsz (facts D.3). */
    public static final int ARGSZ_OFFSET = 0;
    /** u32 flags (facts D.3). */
    public static final int FLAGS_OFFSET = 4;
    /** u32 num_regions (facts D.3). */
    public static final int NUM_REGIONS_OFFSET = 8;
    /** u32 num_irqs (facts D.3). */
    public static final int NUM_IRQS_OFFSET = 12;
    /** u32 cap_offset (facts D.3). */
    public static final int CAP_OFFSET_OFFSET = 16;
    /** sizeof in current headers (facts D.3). */
    public static final int SIZE = 24;
    /** The device supports VFIO_DEVICE_RESET (facts D.3). */
    public static final int VFIO_DEVICE_FLAGS_RESET = 1;
    /** A vfio-pci device (facts D.3). */
    public static final int VFIO_DEVICE_FLAGS_PCI = 1 << 1;

    private VfioDeviceInfo() {
    }
}
