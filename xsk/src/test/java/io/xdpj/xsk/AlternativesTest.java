package io.xdpj.xsk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;

class AlternativesTest {

    @Test
    void xskmapDirectAndRedirectFlagFallBackToTheMapWhenTheQueueHasTwoSockets() {
        try (Fixture f = new Fixture(256, 0)) {
            XskSocket second = new XskSocket();
            second.createRxRing(256);
            second.bindShared(f.dev, 0, f.xsk);
            XskMap map = new XskMap(4);
            map.update(0, second);
            XskMapDirect direct = new XskMapDirect(4);
            direct.update(0, second);
            for (XdpProgram p : new XdpProgram[] {XdpPrograms.xskmapDirect(direct), XdpPrograms.redirectFlag(map)}) {
                XdpRxRunner r = new XdpRxRunner(f.dev.rxQueue(0), f.redirect, p, null, 2048, 256);
                long from = f.nextSeq;
                int n = f.takeFrames(r, 16, 64);
                for (int i = 0; i < n; i++) {
                    r.receive(f.handles[i], f.lens[i]);
                }
                r.finish();
                assertEquals(16, r.actionCount(XdpAction.REDIRECT));
                assertEquals(from + 16, f.drainRx(second, from), "delivered to the map's socket");
            }
            second.close();
        }
    }

    @Test
    void redirectInfoIsLeftCleanAfterEveryPath() {
        try (Fixture f = new Fixture(256, 0)) {
            XskMap map = new XskMap(4);
            map.update(0, f.xsk);
            XdpRxRunner r = new XdpRxRunner(f.dev.rxQueue(0), f.redirect, XdpPrograms.redirectFlag(map), null,
                2048, 256);
            int n = f.takeFrames(r, 8, 64);
            r.receiveBatchSameTarget(f.handles, f.lens, n);
            r.finish();
            RedirectInfo ri = f.redirect.redirectInfo();
            assertEquals(0, ri.kernFlags, "the flag is consumed by do_redirect");
            assertEquals(RedirectInfo.MAP_TYPE_UNSPEC, ri.mapType);
            assertEquals(8, f.drainRx(f.xsk, 0));
        }
    }

    @Test
    void unalignedZeroCopyDescriptorsCarryTheDataOffsetInTheUpperBits() {
        NetDevice dev = new NetDevice("u0", 1, true, null, null);
        try (Umem umem = Umem.allocate(new UmemConfig(3000 * 16, 3000, 100, Umem.XDP_UMEM_UNALIGNED_CHUNK_FLAG,
            false))) {
            XskSocket s = Fixture.socket(umem, 64);
            s.bind(dev, 0, 0);
            XskMap map = new XskMap(1);
            map.update(0, s);
            RingProducer fq = s.fillRing().producer();
            fq.reserve(1);
            fq.putAddr(fq.reservedIndex(), 4500);
            fq.submit();
            XdpRedirect redirect = new XdpRedirect();
            XdpRxRunner r = new XdpRxRunner(dev.rxQueue(0), redirect, XdpPrograms.libxdpDefault(map), null, 0, 0);
            long handle = r.pool().alloc();
            assertEquals(4500, handle);
            long data = umem.address() + 4500 + 100 + Umem.XDP_PACKET_HEADROOM;
            UnsafeApi.putLong(data + 14, 0xCAFEL);
            r.receive(handle, 60);
            r.finish();
            RingConsumer rx = s.rxRing().consumer();
            assertEquals(1, rx.peek(4));
            long addr = rx.descAddr(rx.peekIndex());
            assertEquals(4600L | (256L << 48), addr, "base = frame + headroom, offset = XDP_PACKET_HEADROOM");
            assertEquals(0xCAFEL, UnsafeApi.getLong(umem.addressOf(addr) + 14));
            redirect.close();
            s.close();
        }
    }

    @Test
    void cpumapEntryCarriesFramesToAnotherThread() throws Exception {
        try (Fixture f = new Fixture(256, 0); CpuMapEntry entry = new CpuMapEntry(1, 64, 2048)) {
            CpuMap cpumap = new CpuMap(2);
            cpumap.update(1, entry);
            XdpRxRunner r = new XdpRxRunner(f.dev.rxQueue(0), f.redirect, ctx -> cpumap.redirectMap(ctx, 1, 0),
                null, 2048, 256);
            AtomicLong received = new AtomicLong();
            long[] nextSeq = {0};
            Thread remote = new Thread(() -> {
                while (received.get() < 1001) {
                    entry.poll((a, len) -> {
                        if (UnsafeApi.getLong(a + 14) != nextSeq[0]++) {
                            throw new AssertionError("out of order at " + (nextSeq[0] - 1));
                        }
                        received.incrementAndGet();
                    }, 16);
                }
            });
            remote.start();
            int sent = 0;
            while (sent < 1001) {
                int n = f.takeFrames(r, Math.min(7, 1001 - sent), 64);
                for (int i = 0; i < n; i++) {
                    r.receive(f.handles[i], f.lens[i]);
                }
                r.finish();
                sent += n;
                while (entry.enqueued() - received.get() > 48) {
                    Thread.onSpinWait(); // keep the 64-slot queue from overflowing in this test
                }
            }
            remote.join(30_000);
            assertEquals(1001, received.get());
            assertEquals(0, entry.dropped());
        }
    }
}
