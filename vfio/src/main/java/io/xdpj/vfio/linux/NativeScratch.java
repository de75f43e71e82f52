package io.xdpj.vfio.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A small zeroed native buffer for ioctl argument structures and pread/pwrite of config registers. One per
 * owner, used under the owner's lock; control path only. Little-endian like the structures it carries.
 */
final class NativeScratch {
    private final ByteBuffer backing;
    final UnsafeBuffer buffer;

    NativeScratch(int bytes) {
        backing = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer = new UnsafeBuffer(backing);
    }

    /** The buffer's address, cleared over {@code bytes}. */
    long cleared(int bytes) {
        buffer.setMemory(0, bytes, (byte) 0);
        return buffer.addressOffset();
    }

    long address() {
        return buffer.addressOffset();
    }

    int capacity() {
        return backing.capacity();
    }
}
