package io.xdpj.ring;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A fixed-slot single-producer/single-consumer ring with the kernel AF_XDP layout and semantics (facts A.3, A.4):
 * a power-of-two number of entries, free-running 32-bit producer and consumer indices (slot = index &amp; mask,
 * used = producer − consumer in u32 arithmetic), a flags word carrying {@link #NEED_WAKEUP}, and entries that are
 * either 8-byte UMEM addresses (fill, completion) or 16-byte descriptors (Rx, Tx).
 *
 * <p>The ring is the shared memory; each side works through its own handle, {@link #producer()} or
 * {@link #consumer()}, which keeps that side's cached copy of the other side's index and must be used by one
 * thread at a time.
 *
 * <h2>Memory-ordering contract (the one place it is written down)</h2>
 * Mirroring the comment in the kernel's {@code xsk_queue.h} (facts A.4):
 * <pre>
 *   producer                                consumer
 *   if (LOAD.acq ->consumer) {   (A)        LOAD.acq ->producer           (C)
 *       STORE $entries                      LOAD $entries
 *       STORE.rel ->producer     (B)        STORE.rel ->consumer          (D)
 *   }
 * </pre>
 * (A) pairs with (D): the producer overwrites a slot only after the consumer's release of it is visible, so the
 * consumer has finished reading it. (B) pairs with (C): the consumer reads an entry only after it saw the producer
 * index that covers it, so the entry's contents are visible. The kernel uses a plain READ_ONCE plus a control
 * dependency for (A); Java's memory model has no control-dependency ordering, so (A) is an acquire load (a plain
 * load on x86). Entries themselves are plain loads and stores: one release store per burst, never one per field.
 *
 * <p>The flags word is written by the kernel side of the ring (the driver) and read by the application: a release
 * store and an acquire load, pairing with each other only (it orders nothing else).
 */
public final class XskRing {

    /** XDP_RING_NEED_WAKEUP in the flags word (facts A.1). */
    public static final int NEED_WAKEUP = 1;

    private final UnsafeBuffer buffer;
    private final RingLayout layout;
    private final RingKind kind;
    private final int size;
    private final OffHeapMemory owned;
    private final RingProducer producer;
    private final RingConsumer consumer;

    private XskRing(UnsafeBuffer buffer, RingLayout layout, RingKind kind, int size, OffHeapMemory owned) {
        this.buffer = buffer;
        this.layout = layout;
        this.kind = kind;
        this.size = size;
        this.owned = owned;
        this.producer = new RingProducer(this);
        this.consumer = new RingConsumer(this);
    }

    /**
     * Allocates a ring of {@code entries} entries in zeroed off-heap memory with the {@link RingLayout#KERNEL}
     * layout, aligned to a 4 KiB page like a kernel ring mapping.
     *
     * @throws IllegalArgumentException if {@code entries} is not a power of two (the kernel's
     *                                  {@code xsk_init_queue} returns -EINVAL then)
     */
    public static XskRing allocate(RingKind kind, int entries) {
        checkEntries(entries);
        final long bytes = RingLayout.KERNEL.bytesFor(entries, kind);
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a ring of " + entries + " " + kind + " entries needs " + bytes
                + " bytes; at most " + Integer.MAX_VALUE + " fit one buffer");
        }
        final OffHeapMemory memory = OffHeapMemory.allocate(roundToPage((int) bytes), 4096);
        return new XskRing(memory.view(), RingLayout.KERNEL, kind, entries, memory);
    }

    /**
     * Wraps ring memory laid out by someone else (for example a kernel AF_XDP ring mapped into this process),
     * described by {@code layout} as XDP_MMAP_OFFSETS gives it. The memory is not cleared.
     */
    public static XskRing wrap(RingKind kind, int entries, AtomicBuffer memory, RingLayout layout) {
        checkEntries(entries);
        final long needed = layout.bytesFor(entries, kind);
        if (memory.capacity() < needed) {
            throw new IllegalArgumentException("ring memory of " + memory.capacity() + " bytes is too small for "
                + entries + " " + kind + " entries at desc offset " + layout.desc() + " (" + needed + " needed)");
        }
        final UnsafeBuffer view = new UnsafeBuffer(memory); // same backing (array or off-heap address)
        return new XskRing(view, layout, kind, entries, null);
    }

    private static void checkEntries(int entries) {
        if (entries <= 0 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("ring size " + entries
                + " is not a power of two; AF_XDP rings need a power-of-two number of entries (e.g. 2048)");
        }
    }

    private static int roundToPage(int bytes) {
        return (bytes + 4095) & ~4095;
    }

    /** The producer side's handle (one per ring). */
    public RingProducer producer() {
        return producer;
    }

    /** The consumer side's handle (one per ring). */
    public RingConsumer consumer() {
        return consumer;
    }

    public RingKind kind() {
        return kind;
    }

    /** Number of entries (a power of two). */
    public int size() {
        return size;
    }

    public RingLayout layout() {
        return layout;
    }

    /** The ring's memory (index words and entries). */
    public AtomicBuffer buffer() {
        return buffer;
    }

    UnsafeBuffer unsafeBuffer() {
        return buffer;
    }

    /** The published producer index (acquire). For diagnostics and tests; the handles keep their own cache. */
    public int producerIndex() {
        return buffer.getIntAcquire(layout.producer());
    }

    /** The published consumer index (acquire). For diagnostics and tests. */
    public int consumerIndex() {
        return buffer.getIntAcquire(layout.consumer());
    }

    /** Whether the flags word carries {@link #NEED_WAKEUP} (acquire; pairs with {@link #setFlags}). */
    public boolean needsWakeup() {
        return (buffer.getIntAcquire(layout.flags()) & NEED_WAKEUP) != 0;
    }

    /** Reads the flags word (acquire). */
    public int flags() {
        return buffer.getIntAcquire(layout.flags());
    }

    /** Writes the flags word (release). Only the kernel side of a ring (the driver) writes it. */
    public void setFlags(int flags) {
        buffer.putIntRelease(layout.flags(), flags);
    }

    /** Frees memory this ring allocated itself; a wrapped ring's memory belongs to its owner. */
    public void free() {
        if (owned != null) {
            owned.close();
        }
    }

    @Override
    public String toString() {
        return "XskRing[" + kind + " x" + size + ", prod=" + Integer.toUnsignedString(producerIndex()) + ", cons="
            + Integer.toUnsignedString(consumerIndex()) + "]";
    }
}
