package io.xdpj.sim.vfiouser;

/**
 * The vfio-user protocol's numbers: message header, commands, flags, and the VFIO structures the messages carry.
 * Sources: QEMU docs/interop/vfio-user.rst ("Message header", "Commands") and hw/vfio-user/protocol.h; the VFIO
 * structure flags and indexes are those of linux/vfio.h, which the protocol reuses. All fields are little-endian.
 */
public final class VfioUser {

    // ---- header: id u16 @0, command u16 @2, size u32 @4 (whole message, header included), flags u32 @8, error u32 @12
    public static final int HEADER_SIZE = 16;
    public static final int HDR_ID = 0;
    public static final int HDR_COMMAND = 2;
    public static final int HDR_SIZE = 4;
    public static final int HDR_FLAGS = 8;
    public static final int HDR_ERROR = 12;

    /** flags.type: request. */
    public static final int FLAG_REQUEST = 0x0;
    /** flags.type: reply. */
    public static final int FLAG_REPLY = 0x1;
    /** flags: the type field. */
    public static final int FLAG_TYPE_MASK = 0xF;
    /** flags: the sender wants no reply (posted region writes). */
    public static final int FLAG_NO_REPLY = 0x10;
    /** flags: the reply is an error; the header's error field holds an errno. */
    public static final int FLAG_ERROR = 0x20;

    // ---- commands
    public static final int VERSION = 1;
    public static final int DMA_MAP = 2;
    public static final int DMA_UNMAP = 3;
    public static final int DEVICE_GET_INFO = 4;
    public static final int DEVICE_GET_REGION_INFO = 5;
    public static final int DEVICE_GET_REGION_IO_FDS = 6;
    public static final int DEVICE_GET_IRQ_INFO = 7;
    public static final int DEVICE_SET_IRQS = 8;
    public static final int REGION_READ = 9;
    public static final int REGION_WRITE = 10;
    public static final int DMA_READ = 11;
    public static final int DMA_WRITE = 12;
    public static final int DEVICE_RESET = 13;
    public static final int DIRTY_PAGES = 14;

    /** Protocol version this server speaks (protocol.h VFIO_USER_MAJOR_VER / MINOR_VER). */
    public static final int MAJOR = 0;
    public static final int MINOR = 0;

    // ---- VFIO_USER_DMA_MAP / UNMAP flags (vfio-user.rst)
    public static final int DMA_FLAG_READ = 1;
    public static final int DMA_FLAG_WRITE = 2;
    /** UNMAP: return a dirty bitmap (not offered: the server never advertises migration). */
    public static final int DMA_UNMAP_FLAG_GET_DIRTY_BITMAP = 1;
    /** UNMAP: remove every mapping (iova and size must be 0). */
    public static final int DMA_UNMAP_FLAG_ALL = 2;

    // ---- struct vfio_device_info flags (linux/vfio.h)
    public static final int DEVICE_FLAGS_RESET = 1;
    public static final int DEVICE_FLAGS_PCI = 2;

    // ---- region indexes of a PCI device (linux/vfio.h VFIO_PCI_*_REGION_INDEX)
    public static final int BAR0_REGION = 0;
    public static final int BAR3_REGION = 3;
    public static final int ROM_REGION = 6;
    public static final int CONFIG_REGION = 7;
    public static final int NUM_REGIONS = 9;

    // ---- struct vfio_region_info flags
    public static final int REGION_FLAG_READ = 1;
    public static final int REGION_FLAG_WRITE = 2;

    // ---- irq indexes (VFIO_PCI_*_IRQ_INDEX)
    public static final int INTX_IRQ = 0;
    public static final int MSI_IRQ = 1;
    public static final int MSIX_IRQ = 2;
    public static final int ERR_IRQ = 3;
    public static final int REQ_IRQ = 4;
    public static final int NUM_IRQS = 5;

    // ---- struct vfio_irq_info flags
    public static final int IRQ_INFO_EVENTFD = 1;
    public static final int IRQ_INFO_MASKABLE = 2;
    public static final int IRQ_INFO_AUTOMASKED = 4;
    public static final int IRQ_INFO_NORESIZE = 8;

    // ---- struct vfio_irq_set flags
    public static final int IRQ_SET_DATA_NONE = 1;
    public static final int IRQ_SET_DATA_BOOL = 2;
    public static final int IRQ_SET_DATA_EVENTFD = 4;
    public static final int IRQ_SET_DATA_TYPE_MASK = 7;
    public static final int IRQ_SET_ACTION_MASK = 8;
    public static final int IRQ_SET_ACTION_UNMASK = 16;
    public static final int IRQ_SET_ACTION_TRIGGER = 32;
    public static final int IRQ_SET_ACTION_TYPE_MASK = 56;

    // ---- errno values put in error replies (asm-generic/errno-base.h)
    public static final int EINVAL = 22;
    public static final int ENOTSUP = 95;
    public static final int EFAULT = 14;
    public static final int ENOMEM = 12;
    public static final int EEXIST = 17;
    public static final int ENOENT = 2;

    private VfioUser() {
    }

    /** A command's name for logs. */
    public static String commandName(int command) {
        switch (command) {
            case VERSION: return "VERSION";
            case DMA_MAP: return "DMA_MAP";
            case DMA_UNMAP: return "DMA_UNMAP";
            case DEVICE_GET_INFO: return "DEVICE_GET_INFO";
            case DEVICE_GET_REGION_INFO: return "DEVICE_GET_REGION_INFO";
            case DEVICE_GET_REGION_IO_FDS: return "DEVICE_GET_REGION_IO_FDS";
            case DEVICE_GET_IRQ_INFO: return "DEVICE_GET_IRQ_INFO";
            case DEVICE_SET_IRQS: return "DEVICE_SET_IRQS";
            case REGION_READ: return "REGION_READ";
            case REGION_WRITE: return "REGION_WRITE";
            case DMA_READ: return "DMA_READ";
            case DMA_WRITE: return "DMA_WRITE";
            case DEVICE_RESET: return "DEVICE_RESET";
            case DIRTY_PAGES: return "DIRTY_PAGES";
            default: return "command " + command;
        }
    }
}
