package io.xdpj.vfio;

/**
 * A PCI function's configuration space (VFIO region 7 on a real machine). Control path only.
 */
public interface PciConfig {

    /** Vendor ID, 16 bits. */
    int VENDOR_ID = 0x00;
    /** Device ID, 16 bits. */
    int DEVICE_ID = 0x02;
    /** Command register, 16 bits. */
    int COMMAND = 0x04;
    /** Status register, 16 bits. */
    int STATUS = 0x06;
    /** Base address register 0. */
    int BAR0 = 0x10;

    /** Command: memory space enable. */
    int COMMAND_MEMORY = 1 << 1;
    /** Command: bus master enable; the device may not DMA without it (PCIe base spec 7.5.1.1). */
    int COMMAND_BUS_MASTER = 1 << 2;
    /** Command: INTx disable. */
    int COMMAND_INTX_DISABLE = 1 << 10;

    int read8(int offset);

    int read16(int offset);

    int read32(int offset);

    void write16(int offset, int value);

    void write32(int offset, int value);
}
