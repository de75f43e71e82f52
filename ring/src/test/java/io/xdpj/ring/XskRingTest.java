package io.xdpj.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class XskRingTest {

    @Test
    void sizeMustBeAPowerOfTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> XskRing.allocate(RingKind.ADDRESS, 1000));
        assertTrue(e.getMessage().contains("1000 is not a power of two"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> XskRing.allocate(RingKind.DESCRIPTOR, 0));
        assertThrows(IllegalArgumentException.class, () -> XskRing.allocate(RingKind.DESCRIPTOR, -8));
        assertEquals(1, XskRing.allocate(RingKind.ADDRESS, 1).size());
    }

    @Test
    void kernelLayoutPutsIndicesOnSeparateCacheLines() {
        RingLayout l = RingLayout.KERNEL;
        assertEquals(0, l.producer());
        assertEquals(128, l.consumer());
        assertEquals(196, l.flags());
        assertEquals(320, l.desc());
        assertTrue(l.consumer() / 64 != l.producer() / 64);
        assertEquals(320 + 2048 * 16, l.bytesFor(2048, RingKind.DESCRIPTOR));
        assertEquals(320 + 2048 * 8, l.bytesFor(2048, RingKind.ADDRESS));
    }

    @Test
    void layoutRejectsOverlaps() {
        assertThrows(IllegalArgumentException.class, () -> new RingLayout(0, 0, 8, 64));
        assertThrows(IllegalArgumentException.class, () -> new RingLayout(0, 64, 68, 64));
        assertThrows(IllegalArgumentException.class, () -> new RingLayout(0, 2, 8, 64));
    }

    @Test
    void entriesLandAtTheLayoutOffsets() {
        XskRing ring = XskRing.allocate(RingKind.DESCRIPTOR, 4);
        RingProducer p = ring.producer();
        assertEquals(1, p.reserve(1));
        p.putDesc(p.reservedIndex(), 0x1122334455667788L, 60, 1);
        p.submit();
        UnsafeBuffer raw = (UnsafeBuffer) ring.buffer();
        assertEquals(0x1122334455667788L, raw.getLong(320));
        assertEquals(60, raw.getInt(328));
        assertEquals(1, raw.getInt(332));
        assertEquals(1, raw.getInt(0), "producer index at offset 0");
        assertEquals(0, raw.getInt(128), "consumer index at offset 128");
    }

    @Test
    void reserveIsAllOrNothingAndNeverOverwritesUnreadEntries() {
        XskRing ring = XskRing.allocate(RingKind.ADDRESS, 8);
        RingProducer p = ring.producer();
        RingConsumer c = ring.consumer();
        assertEquals(5, p.reserve(5));
        for (int i = 0; i < 5; i++) {
            p.putAddr(p.reservedIndex() + i, 100 + i);
        }
        p.submit();
        assertEquals(0, p.reserve(4), "only 3 free: a batch of 4 must be refused");
        assertEquals(3, p.free(4));
        assertEquals(3, p.reserveUpTo(64));
        p.cancel(3);
        assertEquals(2, c.peek(2));
        c.release(2);
        assertEquals(4, p.reserve(4), "after the consumer released 2, 5 are free");
        assertEquals(5, p.reservedIndex());
        p.cancel(4);
        assertEquals(100, c.addr(0));
        assertEquals(102, c.addr(c.peekIndex()));
    }

    @Test
    void peekDoesNotConsumeAndReleaseAdvances() {
        XskRing ring = XskRing.allocate(RingKind.DESCRIPTOR, 4);
        RingProducer p = ring.producer();
        RingConsumer c = ring.consumer();
        assertEquals(0, c.peek(4));
        p.reserve(3);
        for (int i = 0; i < 3; i++) {
            p.putDesc(i, 4096L * i, 64 + i, 0);
        }
        assertEquals(0, c.peek(4), "reserved but not submitted entries are invisible");
        p.submit();
        assertEquals(3, c.peek(4));
        assertEquals(3, c.peek(4));
        assertEquals(65, c.descLen(c.peekIndex() + 1));
        assertEquals(4096L, c.descAddr(c.peekIndex() + 1));
        c.release(1);
        assertEquals(2, c.peek(4));
        assertEquals(1, c.peekIndex());
        assertEquals(1, ring.consumerIndex());
    }

    @Test
    void deferredReleaseIsPublishedOnlyByPublishOrARefreshingPeek() {
        XskRing ring = XskRing.allocate(RingKind.ADDRESS, 4);
        RingProducer p = ring.producer();
        RingConsumer c = ring.consumer();
        p.reserve(4);
        p.submit();
        assertEquals(2, c.peek(2));
        c.releaseDeferred(2);
        assertEquals(0, ring.consumerIndex(), "deferred release not yet visible");
        assertEquals(0, p.reserve(1), "producer cannot reuse unpublished slots");
        c.publish();
        assertEquals(2, ring.consumerIndex());
        assertEquals(1, p.reserve(1));
        c.releaseDeferred(2);
        assertEquals(0, c.peek(1), "peek refreshes: nothing submitted");
        assertEquals(4, ring.consumerIndex(), "the refreshing peek published the deferred release");
    }

    @Test
    void indicesWrapAroundTheU32Range() {
        UnsafeBuffer memory = new UnsafeBuffer(new byte[RingLayout.KERNEL.desc() + 8 * 8]);
        memory.putInt(RingLayout.KERNEL.producer(), -3); // 0xFFFFFFFD
        memory.putInt(RingLayout.KERNEL.consumer(), -3);
        XskRing ring = XskRing.wrap(RingKind.ADDRESS, 8, memory, RingLayout.KERNEL);
        RingProducer p = ring.producer();
        RingConsumer c = ring.consumer();
        for (long v = 0; v < 40; v++) {
            assertEquals(1, p.reserve(1));
            p.putAddr(p.reservedIndex(), v);
            p.submit();
            assertEquals(1, c.peek(8));
            assertEquals(v, c.addr(c.peekIndex()));
            c.release(1);
        }
        assertEquals(37, ring.producerIndex());
        assertEquals(8, p.free(8));
    }

    @Test
    void wrapChecksCapacityAndUsesForeignOffsets() {
        RingLayout old = new RingLayout(0, 64, 68, 128); // pre-padding kernels (facts A.3)
        assertThrows(IllegalArgumentException.class,
            () -> XskRing.wrap(RingKind.DESCRIPTOR, 16, new UnsafeBuffer(new byte[128 + 15 * 16]), old));
        UnsafeBuffer memory = new UnsafeBuffer(new byte[128 + 16 * 16]);
        XskRing ring = XskRing.wrap(RingKind.DESCRIPTOR, 16, memory, old);
        ring.producer().reserve(1);
        ring.producer().putDesc(0, 7, 8, 0);
        ring.producer().submit();
        assertEquals(1, memory.getInt(0));
        assertEquals(7, memory.getLong(128));
        ring.setFlags(XskRing.NEED_WAKEUP);
        assertEquals(1, memory.getInt(68));
    }

    @Test
    void needWakeupFlag() {
        XskRing ring = XskRing.allocate(RingKind.ADDRESS, 2);
        assertFalse(ring.needsWakeup());
        ring.setFlags(XskRing.NEED_WAKEUP);
        assertTrue(ring.needsWakeup());
        ring.setFlags(0);
        assertFalse(ring.needsWakeup());
    }
}
