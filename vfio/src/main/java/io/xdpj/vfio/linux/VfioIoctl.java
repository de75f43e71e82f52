package io.xdpj.vfio.linux;

/**
 * VFIO ioctl request numbers and extension/IOMMU type values (facts D.2, from {@code linux/vfio.h}).
 *
 * <p>Every VFIO ioctl is {@code _IO(';', 100 + n)}: no size or direction bits, so the number is
 * {@code 0x3B00 | (100 + n)} (facts D.2, local probe).
 */
public final class VfioIoctl {
    /** VFIO_TYPE, the ioctl type character ';' (facts D.2). */
    public static final int VFIO_TYPE = ';';
    /** VFIO_BASE, the first VFIO ioctl number (facts D.2). */
    public static final int VFIO_BASE = 100;

    /** Container: returns VFIO_API_VERSION (facts D.2). */
    public static final long VFIO_GET_API_VERSION = io(0);
    /** Container: integer extension by value, returns &gt; 0 if supported (facts D.2). */
    public static final long VFIO_CHECK_EXTENSION = io(1);
    /** Container: integer IOMMU type by value (facts D.2). */
    public static final long VFIO_SET_IOMMU = io(2);
    /** Group: struct vfio_group_status (facts D.2). */
    public static final long VFIO_GROUP_GET_STATUS = io(3);
    /** Group: pointer to the container's fd as an int (facts D.2). */
    public static final long VFIO_GROUP_SET_CONTAINER = io(4);
    /** Group: no argument (facts D.2). */
    public static final long VFIO_GROUP_UNSET_CONTAINER = io(5);
    /** Group: NUL-terminated device name; returns a new device fd (facts D.2). */
    public static final long VFIO_GROUP_GET_DEVICE_FD = io(6);
    /** Device: struct vfio_device_info (facts D.2). */
    public static final long VFIO_DEVICE_GET_INFO = io(7);
    /** Device: struct vfio_region_info with index set by the caller (facts D.2). */
    public static final long VFIO_DEVICE_GET_REGION_INFO = io(8);
    /** Device: no argument (facts D.2). */
    public static final long VFIO_DEVICE_RESET = io(11);
    /** Container: struct vfio_iommu_type1_info (facts D.2). */
    public static final long VFIO_IOMMU_GET_INFO = io(12);
    /** Container: struct vfio_iommu_type1_dma_map (facts D.2). */
    public static final long VFIO_IOMMU_MAP_DMA = io(13);
    /** Container: struct vfio_iommu_type1_dma_unmap, size written back (facts D.2). */
    public static final long VFIO_IOMMU_UNMAP_DMA = io(14);

    /** VFIO_API_VERSION, what VFIO_GET_API_VERSION returns (facts D.2). */
    public static final int VFIO_API_VERSION = 0;
    /** Extension / IOMMU type: VFIO_TYPE1_IOMMU (facts D.2). */
    public static final int VFIO_TYPE1_IOMMU = 1;
    /** Extension / IOMMU type: VFIO_TYPE1v2_IOMMU (facts D.2). */
    public static final int VFIO_TYPE1v2_IOMMU = 3;
    /** Extension / IOMMU type: VFIO_NOIOMMU_IOMMU (facts D.1, D.2). */
    public static final int VFIO_NOIOMMU_IOMMU = 8;

    /** vfio-pci region index of BAR0 (facts D.4). */
    public static final int VFIO_PCI_BAR0_REGION_INDEX = 0;
    /** vfio-pci region index of the configuration space (facts D.4). */
    public static final int VFIO_PCI_CONFIG_REGION_INDEX = 7;
    /** Number of fixed vfio-pci regions (facts D.4). */
    public static final int VFIO_PCI_NUM_REGIONS = 9;

    private VfioIoctl() {
    }

    private static long io(int n) {
        return (VFIO_TYPE << 8) | (VFIO_BASE + n);
    }

    /** The ioctl's name for error messages. */
    public static String name(long request) {
        final int n = (int) (request & 0xFF) - VFIO_BASE;
        switch (n) {
            case 0: return "VFIO_GET_API_VERSION";
            case 1: return "VFIO_CHECK_EXTENSION";
            case 2: return "VFIO_SET_IOMMU";
            case 3: return "VFIO_GROUP_GET_STATUS";
            case 4: return "VFIO_GROUP_SET_CONTAINER";
            case 5: return "VFIO_GROUP_UNSET_CONTAINER";
            case 6: return "VFIO_GROUP_GET_DEVICE_FD";
            case 7: return "VFIO_DEVICE_GET_INFO";
            case 8: return "VFIO_DEVICE_GET_REGION_INFO";
            case 11: return "VFIO_DEVICE_RESET";
            case 12: return "VFIO_IOMMU_GET_INFO";
            case 13: return "VFIO_IOMMU_MAP_DMA";
            case 14: return "VFIO_IOMMU_UNMAP_DMA";
            default: return "ioctl 0x" + Long.toHexString(request);
        }
    }
}
