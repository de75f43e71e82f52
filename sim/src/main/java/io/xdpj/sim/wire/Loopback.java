package io.xdpj.sim.wire;

import java.nio.ByteBuffer;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A cable from the port's Tx to its own Rx: transmitted frames queue up and are received in order.
 *
 * <p>Backed by an Agrona single-producer/single-consumer ring of variable-length records, so {@link #transmit}
 * and {@link #poll} may run on two different threads (one each), e.g. a test injecting frames while the agent
 * receives. A full queue drops the frame and counts it ({@link #dropped()}). Allocates nothing per frame.
 */
public final class Loopback implements FrameSource, FrameSink {

    private static final int FRAME_TYPE = 1;

    private final OneToOneRingBuffer ring;
    private final MessageHandler copier = this::copyOut;
    private MutableDirectBuffer into;
    private int intoOffset;
    private int intoCapacity;
    private int polledLength;
    private long dropped;
    private long oversize;

    /** Smallest capacity: the ring takes records up to capacity / 8 bytes, and frames may have 16383. */
    public static final int MIN_CAPACITY = 8 * 16384;

    /** A loopback holding up to {@code capacityBytes} of queued frames (a power of two, ≥ {@link #MIN_CAPACITY}). */
    public Loopback(int capacityBytes) {
        if (Integer.bitCount(capacityBytes) != 1 || capacityBytes < MIN_CAPACITY) {
            throw new WireException("loopback capacity " + capacityBytes + " must be a power of two of at least "
                + MIN_CAPACITY);
        }
        final int total = capacityBytes + RingBufferDescriptor.TRAILER_LENGTH;
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(total)));
    }

    /** A loopback holding up to 4 MiB of queued frames. */
    public Loopback() {
        this(4 << 20);
    }

    @Override
    public boolean transmit(DirectBuffer buffer, int offset, int length) {
        // NB: the Agrona ring throws on records over maxMsgLength; check first, the data path never throws
        if (length > ring.maxMsgLength() || !ring.write(FRAME_TYPE, buffer, offset, length)) {
            dropped++;
            return false;
        }
        return true;
    }

    @Override
    public int poll(MutableDirectBuffer buffer, int offset, int capacity) {
        into = buffer;
        intoOffset = offset;
        intoCapacity = capacity;
        polledLength = 0;
        ring.read(copier, 1);
        into = null;
        return polledLength;
    }

    private void copyOut(int type, MutableDirectBuffer buffer, int index, int length) {
        if (length > intoCapacity) {
            oversize++;
            return;
        }
        into.putBytes(intoOffset, buffer, index, length);
        polledLength = length;
    }

    /** Frames dropped on transmit because the queue was full (read on the transmitting thread). */
    public long dropped() {
        return dropped;
    }

    /** Frames skipped on poll because the poller's buffer was smaller than the frame (read on the polling thread). */
    public long oversize() {
        return oversize;
    }

    /** Bytes of frames queued (approximate while the other side runs). */
    public int queuedBytes() {
        return ring.size();
    }
}
