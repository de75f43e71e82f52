package io.xdpj.xsk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.xdpj.ring.XskRing;

class XskSocketTest {

    private final List<Integer> enabled = new ArrayList<>();
    private final XskDeviceHooks hooks = new XskDeviceHooks() {
        @Override
        public void poolEnabled(int queue, XskBufferPool pool) {
            enabled.add(queue);
        }

        @Override
        public void poolDisabled(int queue) {
            enabled.remove(Integer.valueOf(queue));
        }
    };
    private final NetDevice zcDev = new NetDevice("zc0", 4, true, null, hooks);
    private final NetDevice copyDev = new NetDevice("copy0", 2, false, null, null);
    private final Umem umem = Umem.allocate(UmemConfig.aligned(64 * 4096));

    private XskSocket full() {
        return Fixture.socket(umem, 64);
    }

    private static Errno bindErr(XskSocket s, NetDevice d, int q, int flags) {
        return assertThrows(XskException.class, () -> s.bind(d, q, flags)).errno();
    }

    @Test
    void bindRules() {
        assertEquals(Errno.EINVAL, bindErr(full(), zcDev, 0, 1 << 7), "unknown flag");
        assertEquals(Errno.EINVAL, bindErr(full(), zcDev, 0, XskSocket.XDP_COPY | XskSocket.XDP_ZEROCOPY));
        assertEquals(Errno.EINVAL, bindErr(full(), zcDev, 4, 0), "queue out of range");
        assertEquals(Errno.ENODEV, bindErr(full(), null, 0, 0));
        assertEquals(Errno.EOPNOTSUPP, bindErr(full(), zcDev, 0, XskSocket.XDP_USE_SG));
        assertEquals(Errno.EOPNOTSUPP, bindErr(full(), copyDev, 0, XskSocket.XDP_ZEROCOPY));

        XskSocket noRings = new XskSocket();
        noRings.registerUmem(umem);
        noRings.createFillRing(64);
        noRings.createCompletionRing(64);
        assertEquals(Errno.EINVAL, bindErr(noRings, zcDev, 0, 0), "neither Rx nor Tx ring");

        XskSocket noFill = new XskSocket();
        noFill.registerUmem(umem);
        noFill.createRxRing(64);
        assertEquals(Errno.EINVAL, bindErr(noFill, zcDev, 0, 0), "fill and completion rings required");

        XskSocket noUmem = new XskSocket();
        noUmem.createRxRing(64);
        assertEquals(Errno.EINVAL, bindErr(noUmem, zcDev, 0, 0));
        assertEquals(Errno.EINVAL,
            assertThrows(XskException.class, () -> noUmem.createFillRing(64)).errno(), "fill ring needs a UMEM");
        assertEquals(Errno.EINVAL,
            assertThrows(XskException.class, () -> noUmem.createTxRing(100)).errno(), "power of two");

        XskSocket a = full();
        a.bind(zcDev, 1, 0);
        assertEquals(Errno.EBUSY, bindErr(a, zcDev, 2, 0), "already bound");
        assertEquals(Errno.EBUSY, bindErr(full(), zcDev, 1, 0), "queue already has a pool");
        assertEquals(Errno.EBUSY,
            assertThrows(XskException.class, () -> a.createRxRing(64)).errno(), "no ring changes after bind");
    }

    @Test
    void zeroCopyWhenTheDeviceCanElseCopy() {
        XskSocket zc = full();
        zc.bind(zcDev, 0, 0);
        assertEquals(XskSocket.XDP_OPTIONS_ZEROCOPY, zc.options());
        assertTrue(zcDev.rxQueue(0).zeroCopy());
        assertEquals(List.of(0), enabled);
        XskSocket forcedCopy = full();
        forcedCopy.bind(zcDev, 1, XskSocket.XDP_COPY);
        assertEquals(0, forcedCopy.options());
        XskSocket fallback = full();
        fallback.bind(copyDev, 0, 0);
        assertEquals(0, fallback.options());
        assertFalse(copyDev.rxQueue(0).zeroCopy());
    }

    @Test
    void sharedUmemRules() {
        XskSocket owner = full();
        owner.bind(zcDev, 0, XskSocket.XDP_USE_NEED_WAKEUP);

        XskSocket same = new XskSocket();
        same.createRxRing(64);
        same.bindShared(zcDev, 0, owner);
        assertSame(owner.pool(), same.pool(), "same (dev, queue) shares the pool");
        assertSame(owner.fillRing(), same.fillRing());

        XskSocket withOwnRings = new XskSocket();
        withOwnRings.createRxRing(64);
        assertEquals(Errno.EINVAL, assertThrows(XskException.class,
            () -> withOwnRings.bind(zcDev, 0, XskSocket.XDP_SHARED_UMEM | XskSocket.XDP_COPY, owner)).errno(),
            "no other flags with XDP_SHARED_UMEM");

        XskSocket otherQueueNoRings = new XskSocket();
        otherQueueNoRings.createRxRing(64);
        assertEquals(Errno.EINVAL, assertThrows(XskException.class,
            () -> otherQueueNoRings.bindShared(zcDev, 2, owner)).errno(), "another queue needs own fill/completion");

        XskSocket unboundOwner = full();
        XskSocket s = new XskSocket();
        s.createRxRing(64);
        assertEquals(Errno.EBADF, assertThrows(XskException.class, () -> s.bindShared(zcDev, 0, unboundOwner))
            .errno());
        assertEquals(Errno.EINVAL, assertThrows(XskException.class, () -> full().bindShared(zcDev, 0, owner))
            .errno(), "own UMEM and SHARED_UMEM");
    }

    @Test
    void rxQueueSocketPointerFollowsTheRefcount() {
        XdpRxQueue rxq = zcDev.rxQueue(0);
        XskSocket owner = full();
        owner.bind(zcDev, 0, 0);
        assertSame(owner, rxq.xsk());
        assertEquals(1, rxq.xskRefcnt());

        XskSocket txOnly = new XskSocket();
        txOnly.createTxRing(64);
        txOnly.bindShared(zcDev, 0, owner);
        assertSame(owner, rxq.xsk(), "a socket without an Rx ring does not count");

        XskSocket second = new XskSocket();
        second.createRxRing(64);
        second.bindShared(zcDev, 0, owner);
        assertNull(rxq.xsk(), "two sockets with Rx rings: no fast-path socket");
        assertEquals(2, rxq.xskRefcnt());

        owner.close();
        assertSame(second, rxq.xsk(), "back to one: the pointer is restored");
        second.close();
        txOnly.close();
        assertNull(rxq.xsk());
        assertNull(rxq.pool(), "last socket gone: pool removed");
        assertTrue(enabled.isEmpty(), "driver told the pool is gone");
    }

    @Test
    void mapEntriesGoWithTheSocket() {
        XskMap map = new XskMap(4);
        XskSocket s = full();
        assertEquals(Errno.EOPNOTSUPP, assertThrows(XskException.class, () -> map.update(0, s)).errno(),
            "unbound socket");
        s.bind(zcDev, 0, 0);
        assertEquals(Errno.E2BIG, assertThrows(XskException.class, () -> map.update(4, s)).errno());
        map.update(2, s);
        assertSame(s, map.lookup(2));
        s.close();
        assertNull(map.lookup(2));
        assertEquals(Errno.ENOENT, assertThrows(XskException.class, () -> map.delete(2)).errno());
    }

    @Test
    void txRingStartsWithNeedWakeupAndWakeupReachesTheDriver() {
        int[] woken = new int[2];
        NetDevice d = new NetDevice("w0", 1, true, null, new XskDeviceHooks() {
            @Override
            public void wakeup(int queue, int flags) {
                woken[0] = queue + 1;
                woken[1] = flags;
            }
        });
        XskSocket s = full();
        assertTrue(s.txRing().needsWakeup(), "Tx must be woken the first time");
        assertEquals(Errno.ENXIO, assertThrows(XskException.class, () -> s.wakeup(XskSocket.XDP_WAKEUP_TX))
            .errno());
        s.bind(d, 0, XskSocket.XDP_USE_NEED_WAKEUP);
        s.wakeup(XskSocket.XDP_WAKEUP_TX);
        assertEquals(1, woken[0]);
        assertEquals(XskSocket.XDP_WAKEUP_TX, woken[1]);
        assertEquals(1, s.wakeups());
    }

    @Test
    void needWakeupOnlyWhenAskedFor() {
        XskSocket with = full();
        with.bind(zcDev, 0, XskSocket.XDP_USE_NEED_WAKEUP);
        XskBufferPool pool = with.pool();
        assertFalse(with.fillRing().needsWakeup());
        pool.setRxNeedWakeup();
        assertTrue(with.fillRing().needsWakeup());
        pool.clearRxNeedWakeup();
        assertFalse(with.fillRing().needsWakeup());
        pool.clearTxNeedWakeup();
        assertFalse(with.txRing().needsWakeup());
        pool.setTxNeedWakeup();
        assertTrue(with.txRing().needsWakeup());

        XskSocket without = full();
        without.bind(zcDev, 1, 0);
        without.pool().setRxNeedWakeup();
        assertFalse(without.fillRing().needsWakeup(), "no XDP_USE_NEED_WAKEUP: flag untouched");
        assertEquals(XskRing.NEED_WAKEUP, without.txRing().flags(), "creation value stays");
    }

    @Test
    void fillRingAllocationSkipsAndCountsInvalidAddresses() {
        XskSocket s = full();
        s.bind(zcDev, 0, 0);
        var fq = s.fillRing().producer();
        fq.reserve(4);
        int i = fq.reservedIndex();
        fq.putAddr(i, 4096 + 7);           // valid: rounds down to 4096
        fq.putAddr(i + 1, 64 * 4096);      // at the UMEM end: invalid
        fq.putAddr(i + 2, -4096L);         // huge: invalid
        fq.putAddr(i + 3, 2 * 4096);
        fq.submit();
        long[] out = new long[8];
        XskBufferPool pool = s.pool();
        assertEquals(2, pool.allocBatch(out, 0, 8));
        assertEquals(4096, out[0]);
        assertEquals(2 * 4096, out[1]);
        assertEquals(2, pool.fillInvalidDescs());
        assertEquals(0, pool.fillEmptyDescs());
        assertEquals(-1, pool.alloc());
        assertEquals(1, pool.fillEmptyDescs());
        XdpStatistics st = new XdpStatistics();
        s.statistics(st);
        assertEquals(1, st.rxFillRingEmptyDescs);
        pool.free(out[1]);
        assertEquals(2 * 4096, pool.alloc(), "freed frames are reused first");
        assertEquals(4, s.fillRing().consumerIndex(), "the refreshing peek published the 4 consumed entries");
    }

    @Test
    void txPeekValidatesCountsAndReservesCompletions() {
        XskSocket s = full();
        s.bind(zcDev, 0, 0);
        XskBufferPool pool = s.pool();
        long[] addrs = new long[16];
        int[] lens = new int[16];
        assertEquals(0, pool.txPeekBatch(addrs, lens, 16));
        XdpStatistics st = new XdpStatistics();
        s.statistics(st);
        assertEquals(1, st.txRingEmptyDescs);

        var tx = s.txRing().producer();
        tx.reserve(3);
        tx.putDesc(tx.reservedIndex(), 0, 60, 0);
        tx.putDesc(tx.reservedIndex() + 1, 4096 + 4000, 200, 0); // crosses the chunk end
        tx.putDesc(tx.reservedIndex() + 2, 8192, 1514, 0);
        tx.submit();
        assertEquals(2, pool.txPeekBatch(addrs, lens, 16));
        assertEquals(8192, addrs[1]);
        assertEquals(1514, lens[1]);
        s.statistics(st);
        assertEquals(1, st.txInvalidDescs);
        var cq = s.completionRing().consumer();
        assertEquals(0, cq.peek(8), "completions wait for the device");
        pool.txCompleted(1);
        assertEquals(1, cq.peek(8));
        assertEquals(0, cq.addr(cq.peekIndex()));
        pool.txCompleted(1);
        assertEquals(2, cq.peek(8));
    }
}
