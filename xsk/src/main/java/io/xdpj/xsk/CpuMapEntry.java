package io.xdpj.xsk;

import io.xdpj.ring.FrameCopy;
import io.xdpj.ring.OffHeapMemory;
import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingKind;
import io.xdpj.ring.RingProducer;
import io.xdpj.ring.XskRing;

/**
 * One CPUMAP entry: the queue of another poller thread (the kernel's {@code bpf_cpu_map_entry} with its
 * {@code ptr_ring}, drained by that CPU's kthread). Frames are copied into fixed slots of the entry's own memory;
 * slot i belongs to ring index i, so a descriptor's {@code addr} is the slot's offset.
 *
 * <p>Producers are the pollers that redirect to this entry (their bulk-queue flush takes the entry's lock, once per
 * flush, as the kernel's ptr_ring producer lock); the consumer is the one thread calling {@link #poll}.
 */
public final class CpuMapEntry implements AutoCloseable {

    /** What the remote poller does with each frame. */
    @FunctionalInterface
    public interface FrameHandler {
        /** Handles one frame; the memory is valid only during the call. */
        void onFrame(long address, int length);
    }

    private final int cpu;
    private final int slotSize;
    private final XskRing ring;
    private final RingProducer producer;
    private final RingConsumer consumer;
    private final OffHeapMemory memory;
    private final long base;
    long enqueued;
    long dropped;

    /**
     * @param cpu       the target poller's index (the kernel's CPU number)
     * @param queueSize slots (a power of two; the kernel's {@code qsize})
     * @param slotSize  bytes per slot: the largest frame the entry carries
     */
    public CpuMapEntry(int cpu, int queueSize, int slotSize) {
        this.cpu = cpu;
        this.slotSize = slotSize;
        this.ring = XskRing.allocate(RingKind.DESCRIPTOR, queueSize);
        this.producer = ring.producer();
        this.consumer = ring.consumer();
        this.memory = OffHeapMemory.allocate((long) queueSize * slotSize, 64);
        this.base = memory.address();
    }

    /**
     * Moves {@code count} staged frames into the ring with one submit; frames that find no free slot are dropped
     * and counted (the kernel's {@code bq_flush_to_queue}).
     */
    synchronized void enqueueBulk(long[] addresses, int[] lengths, int count) {
        final int n = producer.reserveUpTo(count);
        final int idx = producer.reservedIndex();
        for (int i = 0; i < n; i++) {
            final int slot = (idx + i) & (ring.size() - 1);
            final long at = (long) slot * slotSize;
            final int len = Math.min(lengths[i], slotSize);
            FrameCopy.copy(addresses[i], base + at, len);
            producer.putDesc(idx + i, at, len, 0);
        }
        producer.submit();
        enqueued += n;
        dropped += count - n;
    }

    /**
     * Consumer side: hands up to {@code max} frames to {@code handler} and releases them.
     *
     * @return frames handled
     */
    public int poll(FrameHandler handler, int max) {
        final int n = consumer.peek(max);
        final int idx = consumer.peekIndex();
        for (int i = 0; i < n; i++) {
            handler.onFrame(base + consumer.descAddr(idx + i), consumer.descLen(idx + i));
        }
        consumer.release(n);
        return n;
    }

    public int cpu() {
        return cpu;
    }

    public int slotSize() {
        return slotSize;
    }

    /** Frames put on the entry's queue. */
    public long enqueued() {
        return enqueued;
    }

    /** Frames dropped because the queue was full. */
    public long dropped() {
        return dropped;
    }

    @Override
    public void close() {
        ring.free();
        memory.close();
    }
}
