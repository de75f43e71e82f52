package io.xdpj.sim.vfiouser;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import jnr.ffi.LibraryLoader;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/** The client side of a vfio-user connection, as QEMU's proxy builds messages (hw/vfio-user/protocol.h layouts). */
public final class TestClient implements AutoCloseable {

    /** Test-only C functions: memory file descriptors and eventfd reads. */
    public interface TestLibC {
        int memfd_create(String name, int flags);

        int ftruncate(int fd, long length);

        @ssize_t long pwrite(int fd, long buffer, @size_t long count, long offset);

        @ssize_t long read(int fd, long buffer, @size_t long count);

        int eventfd(int initval, int flags);

        int close(int fd);
    }

    static final TestLibC LIBC = LibraryLoader.create(TestLibC.class).load("c");
    /** EFD_NONBLOCK (eventfd(2)). */
    static final int EFD_NONBLOCK = 0x800;

    final UnixSocket socket;
    final UnsafeBuffer out = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1 << 16, 64));
    final UnsafeBuffer in = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1 << 16, 64));
    private int nextId = 1;
    private int lastId;

    TestClient(UnixSocket socket) {
        this.socket = socket;
    }

    /** Starts a request: header with a fresh id; payload is written at 16.. by the caller. */
    int begin(int command, int flags) {
        lastId = nextId++;
        out.putShort(VfioUser.HDR_ID, (short) lastId, ByteOrder.LITTLE_ENDIAN);
        out.putShort(VfioUser.HDR_COMMAND, (short) command, ByteOrder.LITTLE_ENDIAN);
        out.putInt(VfioUser.HDR_FLAGS, flags, ByteOrder.LITTLE_ENDIAN);
        out.putInt(VfioUser.HDR_ERROR, 0, ByteOrder.LITTLE_ENDIAN);
        return lastId;
    }

    void send(int payload, int... fds) {
        out.putInt(VfioUser.HDR_SIZE, VfioUser.HEADER_SIZE + payload, ByteOrder.LITTLE_ENDIAN);
        socket.send(out.addressOffset(), VfioUser.HEADER_SIZE + payload, fds, fds.length);
    }

    /** Receives one reply into {@link #in}; returns its total size. */
    int receive() {
        final int[] fds = new int[UnixSocket.MAX_FDS];
        if (socket.receive(in.addressOffset(), VfioUser.HEADER_SIZE, fds, 0) < 0) {
            throw new IllegalStateException("server closed the connection");
        }
        final int size = in.getInt(VfioUser.HDR_SIZE, ByteOrder.LITTLE_ENDIAN);
        socket.receive(in.addressOffset() + VfioUser.HEADER_SIZE, size - VfioUser.HEADER_SIZE, fds, 0);
        return size;
    }

    int replyId() {
        return in.getShort(VfioUser.HDR_ID, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    int replyFlags() {
        return in.getInt(VfioUser.HDR_FLAGS, ByteOrder.LITTLE_ENDIAN);
    }

    int replyError() {
        return in.getInt(VfioUser.HDR_ERROR, ByteOrder.LITTLE_ENDIAN);
    }

    int lastId() {
        return lastId;
    }

    void version(String json) {
        begin(VfioUser.VERSION, 0);
        out.putShort(16, (short) 0, ByteOrder.LITTLE_ENDIAN);
        out.putShort(18, (short) 0, ByteOrder.LITTLE_ENDIAN);
        final byte[] caps = (json + "\0").getBytes(StandardCharsets.US_ASCII);
        out.putBytes(20, caps);
        send(4 + caps.length);
    }

    void regionRead(int region, long offset, int count) {
        begin(VfioUser.REGION_READ, 0);
        out.putLong(16, offset, ByteOrder.LITTLE_ENDIAN);
        out.putInt(24, region, ByteOrder.LITTLE_ENDIAN);
        out.putInt(28, count, ByteOrder.LITTLE_ENDIAN);
        send(16);
    }

    void regionWrite(int region, long offset, byte[] data, boolean posted) {
        begin(VfioUser.REGION_WRITE, posted ? VfioUser.FLAG_NO_REPLY : 0);
        out.putLong(16, offset, ByteOrder.LITTLE_ENDIAN);
        out.putInt(24, region, ByteOrder.LITTLE_ENDIAN);
        out.putInt(28, data.length, ByteOrder.LITTLE_ENDIAN);
        out.putBytes(32, data);
        send(16 + data.length);
    }

    void dmaMap(long iova, long size, long offset, int flags, int... fd) {
        begin(VfioUser.DMA_MAP, 0);
        out.putInt(16, 32, ByteOrder.LITTLE_ENDIAN);
        out.putInt(20, flags, ByteOrder.LITTLE_ENDIAN);
        out.putLong(24, offset, ByteOrder.LITTLE_ENDIAN);
        out.putLong(32, iova, ByteOrder.LITTLE_ENDIAN);
        out.putLong(40, size, ByteOrder.LITTLE_ENDIAN);
        send(32, fd);
    }

    void dmaUnmap(long iova, long size, int flags) {
        begin(VfioUser.DMA_UNMAP, 0);
        out.putInt(16, 24, ByteOrder.LITTLE_ENDIAN);
        out.putInt(20, flags, ByteOrder.LITTLE_ENDIAN);
        out.putLong(24, iova, ByteOrder.LITTLE_ENDIAN);
        out.putLong(32, size, ByteOrder.LITTLE_ENDIAN);
        send(24);
    }

    void setIrqs(int flags, int index, int start, int count, int... fds) {
        begin(VfioUser.DEVICE_SET_IRQS, 0);
        out.putInt(16, 20, ByteOrder.LITTLE_ENDIAN);
        out.putInt(20, flags, ByteOrder.LITTLE_ENDIAN);
        out.putInt(24, index, ByteOrder.LITTLE_ENDIAN);
        out.putInt(28, start, ByteOrder.LITTLE_ENDIAN);
        out.putInt(32, count, ByteOrder.LITTLE_ENDIAN);
        send(20, fds);
    }

    static byte[] le32(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }

    /** Reads an eventfd's counter (non-blocking fds give 0 when nothing was signalled). */
    static long readEventfd(int fd) {
        final UnsafeBuffer b = new UnsafeBuffer(BufferUtil.allocateDirectAligned(8, 8));
        final long n = LIBC.read(fd, b.addressOffset(), 8);
        return n == 8 ? b.getLong(0, ByteOrder.LITTLE_ENDIAN) : 0;
    }

    @Override
    public void close() {
        socket.close();
    }
}
