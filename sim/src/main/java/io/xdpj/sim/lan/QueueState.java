package io.xdpj.sim.lan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.xdpj.i40e.hw.desc.RxDescriptor;

/**
 * One LAN queue's registers and run state, shared between the driver's thread (tail writes, head reads, start and
 * stop) and the model's agent thread (everything else).
 *
 * <h2>Memory ordering (the tail/head register pairs)</h2>
 * <ul>
 *   <li>tail: the driver's thread stores it with release ({@link #writeTail}); the agent loads it with acquire
 *       ({@link #tailAcquire}). Pair: every descriptor the driver wrote before the tail write is visible to the
 *       agent once it sees the new tail (the QRX_TAIL/QTX_TAIL contract of {@code Mmio#write32}). The Rx side keeps
 *       the value it loaded ({@link #knownTail}) and loads again only when that shows too few descriptors.</li>
 *   <li>head: written only by the agent, with release after the descriptors it covers are written back
 *       ({@link #publishHead}); read by the driver's thread with acquire ({@link #headAcquire}, the QTX_HEAD
 *       read).</li>
 *   <li>ring: the started queue's geometry, an immutable object published with a volatile store by start/stop and
 *       loaded by the agent per frame (Rx) or per step (Tx); a stop returns only once the agent's step in flight
 *       has ended ({@code LanEngine.awaitStepBoundary}).</li>
 *   <li>faulted: set by the agent when a DMA access of this queue faults (the queue then stops, as malicious-driver
 *       detection stops a queue on hardware); cleared by the next start.</li>
 * </ul>
 *
 * @param <R> the ring geometry type
 */
final class QueueState<R> {

    private static final VarHandle HEAD;
    /** Bytes of the tail's own cache line. */
    private static final int LINE = 64;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(QueueState.class, "head", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    volatile R ring;
    volatile boolean faulted;
    /**
     * The tail register, the one field the driver's thread writes while the queue runs, alone on an aligned 64-byte
     * line of its own: next to the agent's fields below, each tail write cost the agent a cache miss on its next
     * access to them (3.7 % of the model thread's samples in the two-thread Rx loop, on the load of {@link #ring}).
     */
    private final AtomicBuffer tail = new UnsafeBuffer(BufferUtil.allocateDirectAligned(LINE, LINE));
    @SuppressWarnings("unused") // accessed through HEAD
    private int head;
    /** Agent-only: the tail as last loaded, valid for {@link #tailRing}. */
    int knownTail;
    /** Agent-only: the ring object {@link #knownTail} was loaded for (a restart publishes a new one). */
    Object tailRing;
    /** Agent-only: the ring object {@link #ringAddress} belongs to (a restart publishes a new one). */
    Object cachedRing;
    /** Agent-only: the IOMMU generation read before {@link #ringAddress} was translated. */
    long ringGeneration = -1;
    /** Agent-only: process address of {@link #cachedRing} while the IOMMU generation is unchanged. */
    long ringAddress;

    // Agent-only, Rx: write-backs staged until their cache line is complete (LanEngine class comment): the
    // descriptors' process addresses, their qword0/qword1 pairs, how many, the head after them, 32-byte format.
    final long[] stagedAddress = new long[LanEngine.WRITE_BACK_LINE / RxDescriptor.SIZE_16];
    final long[] stagedWords = new long[2 * LanEngine.WRITE_BACK_LINE / RxDescriptor.SIZE_16];
    int staged;
    int stagedHead;
    boolean stagedWide;

    // Agent-only, Rx: the descriptor cache (LanEngine class comment, "Descriptor fetch"): packet addresses read
    // ahead from the ring in one burst, the array position of the next one, how many are left, the ring index of
    // the next one, the ring they belong to.
    final long[] fetchedAddress = new long[LanEngine.DESCRIPTOR_FETCH];
    int fetchedNext;
    int fetchedLeft;
    int fetchedIndex;
    Object fetchedRing;

    QueueState(int index) {
        this.index = index;
    }

    void writeTail(int value) {
        tail.putIntRelease(0, value);
    }

    int tailAcquire() {
        return tail.getIntAcquire(0);
    }

    /** The head as the agent (its only writer) last stored it. */
    int headPlain() {
        return (int) HEAD.get(this);
    }

    void publishHead(int value) {
        HEAD.setRelease(this, value);
    }

    int headAcquire() {
        return (int) HEAD.getAcquire(this);
    }

    /** Start: head from the context, fault cleared, then the ring published (the volatile store orders the rest). */
    void start(R newRing, int initialHead) {
        faulted = false;
        HEAD.setRelease(this, initialHead);
        ring = newRing;
    }

    void stop() {
        ring = null;
    }
}
