package io.xdpj.vfio;

/**
 * Hands out {@link DmaMemory}: allocates host memory, gives it an IOVA and maps it for the device.
 * Control path only; never called per packet.
 */
public interface DmaAllocator extends AutoCloseable {

    /**
     * Allocates {@code length} bytes aligned to {@code alignment} (a power of two; both in bytes), zeroed and
     * mapped for device reads and writes.
     *
     * @param purpose what the memory is for, named in errors and fault reports (e.g. "rx ring q0")
     * @throws DmaException if memory cannot be allocated or mapped; the message says what to check
     */
    DmaMemory allocate(long length, long alignment, String purpose);

    /** Frees every block still allocated. */
    @Override
    void close();
}
