package io.xdpj.vfio;

/**
 * One opened PCI function: its register BAR, its configuration space and its DMA memory. A driver is written
 * against this and runs unchanged on a real device (through VFIO) or on the simulated XL710.
 */
public interface PciFunction extends AutoCloseable {

    /** The function's name: a PCI address such as {@code 0000:01:00.0}, or a model's name. */
    String name();

    /** BAR0, the control/status register space. */
    Mmio bar0();

    PciConfig config();

    /** Allocates DMA memory mapped for this function. */
    DmaAllocator dma();

    /** Releases the function: frees its DMA memory, unmaps BARs, closes file descriptors. Idempotent. */
    @Override
    void close();

    /**
     * {@code function} as a driver sees it through another BAR0 and DMA allocator (instrumented or fault-injecting
     * wrappers of its own); name, configuration space and close are {@code function}'s.
     */
    static PciFunction withAccess(PciFunction function, Mmio bar0, DmaAllocator dma) {
        return new PciFunction() {
            @Override
            public String name() {
                return function.name();
            }

            @Override
            public Mmio bar0() {
                return bar0;
            }

            @Override
            public PciConfig config() {
                return function.config();
            }

            @Override
            public DmaAllocator dma() {
                return dma;
            }

            @Override
            public void close() {
                function.close();
            }
        };
    }
}
