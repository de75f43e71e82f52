package io.xdpj.vfio;

import org.agrona.concurrent.AtomicBuffer;

/**
 * A block of host memory that the device may read and write by DMA: it has an address in this process and an
 * IOVA (the address the device uses, translated by the IOMMU). The block is mapped for the device from
 * allocation until {@link #close()}.
 *
 * <p>{@link #buffer()} is an Agrona view over the whole block. Agrona buffers are {@code int}-indexed, so blocks
 * of 2 GiB or more expose no single view; use {@link #address()} arithmetic with {@code long}s there.
 */
public interface DmaMemory extends AutoCloseable {

    /** The block's address in this process. */
    long address();

    /** The block's address as the device sees it. */
    long iova();

    /** Length in bytes. */
    long length();

    /** A view over the whole block (only for blocks under 2 GiB). */
    AtomicBuffer buffer();

    /** What the block is for (in error messages and fault reports). */
    String purpose();

    /** Unmaps the block from the device and frees it. Idempotent. */
    @Override
    void close();
}
