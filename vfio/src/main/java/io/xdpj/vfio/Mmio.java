package io.xdpj.vfio;

/**
 * A memory-mapped register window (a PCI BAR) as the driver sees it. Offsets are byte offsets from the start of
 * the BAR; every access is naturally aligned.
 *
 * <h2>Memory ordering (the contract every implementation keeps)</h2>
 * <ul>
 *   <li>{@link #write32} is a release store: every plain store the caller made to DMA memory before the call
 *       (descriptors, buffers) is visible to the device before the register write is. This is the "one release
 *       store to the tail register per burst" of the driver's rings (on x86 the uncached MMIO store is itself
 *       ordered after earlier stores; the release keeps the JIT from sinking descriptor stores past it).</li>
 *   <li>{@link #read32} is an acquire load: nothing the caller reads afterwards is hoisted above it, and it is
 *       never cached in a register by the JIT (a poll loop on a status register terminates).</li>
 * </ul>
 * <p>Implementations are final classes; one is loaded per run, keeping call sites monomorphic. No method boxes
 * or allocates.
 */
public interface Mmio {

    /** Reads the 32-bit register at {@code offset} (acquire). */
    int read32(int offset);

    /** Writes the 32-bit register at {@code offset} (release: earlier DMA-memory stores are visible first). */
    void write32(int offset, int value);

    /**
     * Reads 64 bits at {@code offset} in one access, as drivers do for the 48-bit statistics counters whose low
     * and high halves sit at {@code offset} and {@code offset + 4}.
     */
    long read64(int offset);

    /** The window's length in bytes. */
    long length();
}
