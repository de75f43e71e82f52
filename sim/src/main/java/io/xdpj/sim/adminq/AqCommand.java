package io.xdpj.sim.adminq;

import io.xdpj.i40e.hw.aq.AdminQueueDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The command being executed: a copy of its 32-byte descriptor and of its indirect buffer. Handlers read the request
 * from here and leave the response here (params in the descriptor copy, bytes in {@link #buffer} with
 * {@link #responseLength}); {@link AdminQueue} then writes both back by DMA. One instance is reused.
 */
public final class AqCommand {

    /** Largest indirect buffer served: datalen is 16 bits (facts 3.2). */
    public static final int MAX_BUFFER = 0xFFFF;

    final UnsafeBuffer descriptor = new UnsafeBuffer(new byte[AdminQueueDescriptor.SIZE]);
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_BUFFER]);
    /** Whether the driver's buffer was read into {@link #buffer} (the command carried BUF and RD). */
    boolean bufferRead;
    /** Bytes of {@link #buffer} to write back to the driver's buffer (at most datalen). */
    int responseLength;

    public int opcode() {
        return AdminQueueDescriptor.opcode(descriptor, 0);
    }

    public int flags() {
        return AdminQueueDescriptor.flags(descriptor, 0);
    }

    /** The descriptor's datalen (the driver's buffer size, or what a handler set for the response). */
    public int datalen() {
        return AdminQueueDescriptor.datalen(descriptor, 0);
    }

    public void datalen(int value) {
        AdminQueueDescriptor.datalen(descriptor, 0, value);
    }

    /** Whether the command carries a buffer (BUF flag, facts 3.3). */
    public boolean hasBuffer() {
        return (flags() & AdminQueueDescriptor.FLAG_BUF) != 0;
    }

    /** Whether the driver's buffer holds data for the firmware and was read (BUF and RD, facts 3.3). */
    public boolean bufferRead() {
        return bufferRead;
    }

    public UnsafeBuffer buffer() {
        return buffer;
    }

    /** Marks the first {@code length} bytes of {@link #buffer()} as the response (clipped to datalen on write). */
    public void respond(int length) {
        responseLength = length;
    }

    public int param8(int offset) {
        return AdminQueueDescriptor.param8(descriptor, 0, offset);
    }

    public int param16(int offset) {
        return AdminQueueDescriptor.param16(descriptor, 0, offset);
    }

    public int param32(int offset) {
        return AdminQueueDescriptor.param32(descriptor, 0, offset);
    }

    public void param8(int offset, int value) {
        AdminQueueDescriptor.param8(descriptor, 0, offset, value);
    }

    public void param16(int offset, int value) {
        AdminQueueDescriptor.param16(descriptor, 0, offset, value);
    }

    public void param32(int offset, int value) {
        AdminQueueDescriptor.param32(descriptor, 0, offset, value);
    }

    /** Zeroes the 16-byte params area, for direct responses that define every field. */
    public void clearParams() {
        descriptor.setMemory(AdminQueueDescriptor.PARAMS, 16, (byte) 0);
    }
}
