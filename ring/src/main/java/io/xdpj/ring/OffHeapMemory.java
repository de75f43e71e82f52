package io.xdpj.ring;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Zeroed off-heap memory at an aligned address, freed explicitly. Agrona's aligned direct buffers are slices that
 * cannot be freed before the garbage collector finds them; rings, UMEMs and staging areas want their memory back
 * when they close.
 */
public final class OffHeapMemory implements AutoCloseable {

    private final long raw;
    private final long address;
    private final long length;
    private boolean freed;

    private OffHeapMemory(long raw, long address, long length) {
        this.raw = raw;
        this.address = address;
        this.length = length;
    }

    /**
     * Allocates {@code length} zeroed bytes at an address aligned to {@code alignment} (a power of two).
     *
     * @throws IllegalArgumentException for a non-positive length or an alignment that is not a power of two
     * @throws OutOfMemoryError         when the process has no memory left
     */
    public static OffHeapMemory allocate(long length, long alignment) {
        if (length <= 0 || alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("cannot allocate " + length + " bytes aligned to " + alignment
                + ": need a positive length and a power-of-two alignment");
        }
        final long raw = UnsafeApi.allocateMemory(length + alignment - 1);
        final long aligned = (raw + alignment - 1) & -alignment;
        UnsafeApi.setMemory(aligned, length, (byte) 0);
        return new OffHeapMemory(raw, aligned, length);
    }

    /** The aligned address of the first byte. */
    public long address() {
        return address;
    }

    public long length() {
        return length;
    }

    /** A view over the memory (lengths under 2 GiB). */
    public UnsafeBuffer view() {
        if (length > Integer.MAX_VALUE) {
            throw new IllegalStateException(length + " bytes do not fit one int-indexed view");
        }
        return new UnsafeBuffer(address, (int) length);
    }

    /** Frees the memory. Idempotent; the memory must not be touched afterwards. */
    @Override
    public synchronized void close() {
        if (!freed) {
            freed = true;
            UnsafeApi.freeMemory(raw);
        }
    }
}
