package io.xdpj.ring;

import org.agrona.UnsafeApi;

/**
 * Copies of frame-sized byte ranges between off-heap addresses: the device model's DMA into and out of buffers, the
 * copy-mode delivery into a UMEM frame, the copy-mode Tx staging, CPUMAP's frame copies.
 *
 * <p>Why not {@code Unsafe.copyMemory} for them: HotSpot's copy stub ends a copy whose length is not
 * a multiple of its vector width with an AVX-512 masked store where the CPU has AVX-512. On the AMD EPYC these
 * numbers come from, the masked store of a 60-byte frame into a UMEM line the core did not hold took 39 % of the
 * model thread's samples in the two-thread Rx loop (perf, instruction level: {@code vmovdqu32 ...{%k2}}); plain
 * 8-byte stores, which the JIT inlines, have no such cost. Long copies still go to the stub, where the tail is a
 * small part.
 */
public final class FrameCopy {

    /** Copies up to this many bytes with inlined 8-byte moves; longer copies use the JDK's copy stub. */
    public static final int INLINE_MAX = 256;

    private FrameCopy() {
    }

    /** Copies {@code bytes} bytes from process address {@code from} to {@code to} (non-overlapping ranges). */
    public static void copy(long from, long to, int bytes) {
        if (bytes > INLINE_MAX) {
            UnsafeApi.copyMemory(from, to, bytes);
            return;
        }
        int i = 0;
        for (; i + Long.BYTES <= bytes; i += Long.BYTES) {
            UnsafeApi.putLong(to + i, UnsafeApi.getLong(from + i));
        }
        if (i + Integer.BYTES <= bytes) {
            UnsafeApi.putInt(to + i, UnsafeApi.getInt(from + i));
            i += Integer.BYTES;
        }
        for (; i < bytes; i++) {
            UnsafeApi.putByte(to + i, UnsafeApi.getByte(from + i));
        }
    }
}
