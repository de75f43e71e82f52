package io.xdpj.xsk;

import org.agrona.UnsafeApi;

import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;

/**
 * A device, a UMEM and bound sockets, plus a tiny "driver" that takes frames from the queue's pool, writes a
 * numbered packet into each and hands them to the Rx stage, and an "application" that drains the Rx ring and
 * recycles frames to the fill ring.
 */
final class Fixture implements AutoCloseable {

    static final int CHUNK = 2048;
    static final int FRAMES = 512;

    final RecordingTransmitter tx = new RecordingTransmitter();
    final NetDevice dev;
    final Umem umem;
    final XskSocket xsk;
    final XdpRedirect redirect = new XdpRedirect();
    long nextSeq;
    final long[] handles = new long[XdpRxRunner.MAX_BATCH];
    final int[] lens = new int[XdpRxRunner.MAX_BATCH];

    Fixture(int ringSize, int bindFlags) {
        dev = new NetDevice("test0", 4, true, tx, null);
        umem = Umem.allocate(new UmemConfig((long) FRAMES * CHUNK, CHUNK, 0, 0, false));
        xsk = socket(umem, ringSize);
        xsk.bind(dev, 0, bindFlags);
        fill(xsk, FRAMES);
    }

    static XskSocket socket(Umem umem, int ringSize) {
        XskSocket s = new XskSocket();
        s.registerUmem(umem);
        s.createFillRing(FRAMES);
        s.createCompletionRing(FRAMES);
        s.createRxRing(ringSize);
        s.createTxRing(ringSize);
        return s;
    }

    /** The program for {@code path}, over maps holding this fixture's socket at key 0 (queue 0). */
    XdpProgram program(XdpRxRunnerTest.Path path) {
        XskMap map = new XskMap(4);
        map.update(0, xsk);
        XskMapDirect direct = new XskMapDirect(4);
        direct.update(0, xsk);
        return switch (path) {
            case REDIRECT, BATCHED_REDIRECT -> XdpPrograms.libxdpDefault(map);
            case XSKMAP_DIRECT -> XdpPrograms.xskmapDirect(direct);
            case REDIRECT_FLAG -> XdpPrograms.redirectFlag(map);
            case REDIRECT_XSK, REDIRECT_XSK_BATCHED -> XdpPrograms.redirectXsk(map);
        };
    }

    /** Puts up to {@code n} frames on the fill ring: frames 0.. in order on the first call. */
    void fill(XskSocket s, int n) {
        RingProducer fq = s.fillRing().producer();
        int got = fq.reserveUpTo(n);
        for (int i = 0; i < got; i++) {
            fq.putAddr(fq.reservedIndex() + i, (long) ((fq.reservedIndex() + i) % FRAMES) * CHUNK);
        }
        fq.submit();
    }

    /** Driver side: takes {@code n} frames from the pool and writes packet {@code seq} of {@code len} bytes. */
    int takeFrames(XdpRxRunner runner, int n, int len) {
        int got = runner.pool().allocBatch(handles, 0, n);
        for (int i = 0; i < got; i++) {
            long data = umem.address() + handles[i] + umem.headroom() + Umem.XDP_PACKET_HEADROOM;
            UnsafeApi.setMemory(data, len, (byte) 0);
            UnsafeApi.putLong(data + 14, nextSeq++);
            lens[i] = len;
        }
        return got;
    }

    /** Application side: consumes every Rx descriptor, checks sequence order, returns frames to the fill ring. */
    long drainRx(XskSocket s, long expectFrom) {
        RingConsumer rx = s.rxRing().consumer();
        RingProducer fq = s.fillRing().producer();
        long seq = expectFrom;
        int n;
        while ((n = rx.peek(64)) > 0) {
            int idx = rx.peekIndex();
            if (fq.reserve(n) != n) {
                throw new AssertionError("fill ring has no room for " + n);
            }
            for (int i = 0; i < n; i++) {
                long addr = rx.descAddr(idx + i);
                long got = UnsafeApi.getLong(umem.addressOf(addr) + 14);
                if (got != seq) {
                    throw new AssertionError("expected packet " + seq + " got " + got);
                }
                seq++;
                fq.putAddr(fq.reservedIndex() + i, addr & ~(CHUNK - 1L));
            }
            fq.submit();
            rx.release(n);
        }
        return seq;
    }

    @Override
    public void close() {
        redirect.close();
        xsk.close();
        umem.close();
    }

    static final class RecordingTransmitter implements XdpTransmitter {
        int queued;
        int flushed;
        int capacity = Integer.MAX_VALUE;
        long lastSeq = -1;

        @Override
        public boolean xmit(long address, int length) {
            if (queued - flushed >= capacity) {
                return false;
            }
            lastSeq = UnsafeApi.getLong(address + 14);
            queued++;
            return true;
        }

        @Override
        public void flush() {
            flushed = queued;
        }
    }
}
