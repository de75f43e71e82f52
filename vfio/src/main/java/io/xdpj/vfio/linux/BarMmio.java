package io.xdpj.vfio.linux;

import io.xdpj.vfio.Mmio;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A PCI BAR mmapped from a VFIO device fd, as the driver's {@link Mmio}.
 *
 * <p>Ordering (the {@link Mmio} contract): {@link #write32} is {@code putIntRelease}, so earlier plain stores to
 * DMA memory (descriptors) are not reordered after the register store by the JIT, and x86 keeps stores in
 * order for the device; {@link #read32} is {@code getIntVolatile}, an acquire load the JIT never hoists out of a
 * poll loop. The buffer's bounds check turns an offset outside the BAR into an exception instead of a SIGBUS.
 * The owner ({@link VfioPciFunction}) munmaps the BAR after the last access.
 */
public final class BarMmio implements Mmio {
    private final UnsafeBuffer bar;

    BarMmio(long address, int length) {
        this.bar = new UnsafeBuffer(address, length);
    }

    /** The mapping's address in this process. */
    public long address() {
        return bar.addressOffset();
    }

    @Override
    public int read32(int offset) {
        return bar.getIntVolatile(offset); // acquire: pairs with the device's register update
    }

    @Override
    public void write32(int offset, int value) {
        bar.putIntRelease(offset, value); // release: pairs with the device's DMA reads of earlier descriptor stores
    }

    @Override
    public long read64(int offset) {
        return bar.getLongVolatile(offset); // one 8-byte load: both halves of a 48-bit counter together
    }

    @Override
    public long length() {
        return bar.capacity();
    }
}
