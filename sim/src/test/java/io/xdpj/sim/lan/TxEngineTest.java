package io.xdpj.sim.lan;

import static io.xdpj.i40e.hw.desc.TxDescriptor.I40E_TX_DESC_CMD_EOP;
import static io.xdpj.i40e.hw.desc.TxDescriptor.I40E_TX_DESC_CMD_RS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import io.xdpj.i40e.hw.desc.TxContextDescriptor;
import io.xdpj.i40e.hw.desc.TxDescriptor;
import io.xdpj.sim.wire.FrameGenerator;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tx against facts 7.3-7.5: gathering up to EOP, DTYPE 0xF on RS descriptors, head write-back, bad descriptors. */
class TxEngineTest {

    private final EngineFixture f = new EngineFixture(2);

    @AfterEach
    void freeDmaMemory() {
        f.close();
    }

    /** Copies a generated frame of {@code length} into the Tx buffer area at {@code offset}; returns its bytes. */
    private byte[] stage(EngineFixture.TxSide tx, int offset, int length, long seq) {
        final UnsafeBuffer frame = TestFrames.generated(EngineFixture.LOCAL_MAC, length, seq);
        tx.buffers.buffer().putBytes(offset, frame, 0, length);
        final byte[] b = new byte[length];
        frame.getBytes(0, b);
        return b;
    }

    @Test
    void packetsGoOutInOrderAndRsDescriptorsAreWrittenBack() {
        final EngineFixture.TxSide tx = f.tx(1, 64, true);
        final long base = tx.buffers.iova();
        final byte[] p0 = stage(tx, 0, 60, 0);
        final byte[] p1 = stage(tx, 4096, 1514, 1);
        final byte[] p2 = stage(tx, 8192, 300, 2);
        // packet 0: one descriptor, no RS
        final int d0 = tx.put(base, 60, I40E_TX_DESC_CMD_EOP);
        // packet 1: split over two descriptors (1000 + 514), RS on the last
        final int d1 = tx.put(base + 4096, 1000, 0);
        final int d2 = tx.put(base + 4096 + 1000, 514, I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS);
        // packet 2: a context descriptor (no TSO) in front, RS on the data descriptor
        final int c3 = tx.putRaw(0,
            TxContextDescriptor.qword1(TxContextDescriptor.I40E_TX_CTX_DESC_SWTCH_UPLINK, 0, 0));
        final int d4 = tx.put(base + 8192, 300, I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS);
        final long q0 = tx.qword1(d0);
        final long q1 = tx.qword1(d1);
        final long q3 = tx.qword1(c3);
        f.engine.writeTxTail(1, tx.nextToUse);
        assertEquals(3, f.engine.doWork());

        assertEquals(3, f.wireOut.frames.size());
        assertArrayEquals(p0, f.wireOut.frames.get(0));
        assertArrayEquals(p1, f.wireOut.frames.get(1));
        assertArrayEquals(p2, f.wireOut.frames.get(2));
        // DTYPE 0xF exactly on the RS descriptors (facts 7.5); the others untouched
        assertEquals(q0, tx.qword1(d0));
        assertEquals(q1, tx.qword1(d1));
        assertEquals(TxDescriptor.DESC_DONE_QWORD1, tx.qword1(d2));
        assertEquals(q3, tx.qword1(c3));
        assertEquals(TxDescriptor.DESC_DONE_QWORD1, tx.qword1(d4));
        assertEquals(base + 8192, tx.ring.buffer().getLong(d4 * 16)); // only qword1 is rewritten (model)
        // head: QTX_HEAD and the head write-back word (facts 5.7, 7.5)
        assertEquals(5, f.engine.txHead(1));
        assertEquals(5, tx.headWriteBack());
        // statistics: octets with FCS
        assertEquals(3, f.stats.value(PortStatistics.UPTC));
        assertEquals(64 + 1518 + 304, f.stats.value(PortStatistics.GOTC));
        assertEquals(1, f.stats.value(PortStatistics.PTC64));
        assertEquals(1, f.stats.value(PortStatistics.PTC64 + 5));
        assertEquals(1, f.stats.value(PortStatistics.PTC64 + 3)); // 304: 256..511
        assertEquals(64 + 1518 + 304, f.stats.value(PortStatistics.V_GOTC));
    }

    @Test
    void aPacketWhoseEopIsBeyondTheTailWaits() {
        final EngineFixture.TxSide tx = f.tx(0, 64, false);
        final long base = tx.buffers.iova();
        final byte[] p = stage(tx, 0, 1514, 0);
        tx.put(base, 1000, 0);
        f.engine.writeTxTail(0, tx.nextToUse); // only the first half is handed over
        f.engine.doWork();
        assertEquals(0, f.wireOut.frames.size());
        assertEquals(0, f.engine.txHead(0));
        tx.put(base + 1000, 514, I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS);
        f.engine.writeTxTail(0, tx.nextToUse);
        f.engine.doWork();
        assertArrayEquals(p, f.wireOut.frames.get(0));
        assertEquals(2, f.engine.txHead(0));
    }

    @Test
    void shortFramesArePaddedTo60() {
        final EngineFixture.TxSide tx = f.tx(0, 64, false);
        tx.buffers.buffer().setMemory(0, 64, (byte) 0x77);
        tx.put(tx.buffers.iova(), 17, I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS); // I40E_MIN_TX_LEN
        f.engine.writeTxTail(0, tx.nextToUse);
        f.engine.doWork();
        final byte[] expected = new byte[60];
        Arrays.fill(expected, 0, 17, (byte) 0x77);
        assertArrayEquals(expected, f.wireOut.frames.get(0));
        assertEquals(64, f.stats.value(PortStatistics.GOTC));
    }

    @Test
    void badPacketsAreDroppedCountedAndStillCompleted() {
        final EngineFixture.TxSide tx = f.tx(0, 64, true);
        final long base = tx.buffers.iova();
        stage(tx, 0, 60, 0);
        // 1) a zero-length data descriptor
        tx.put(base, 0, I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS);
        // 2) nine data descriptors in one packet (more than I40E_MAX_BUFFER_TXD = 8)
        for (int i = 0; i < 8; i++) {
            tx.put(base, 60, 0);
        }
        final int ninth = tx.put(base, 60, I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS);
        // 3) a packet of 16 bytes (under I40E_MIN_TX_LEN)
        tx.put(base, 16, I40E_TX_DESC_CMD_EOP);
        // 4) a descriptor with a DTYPE the device never accepts (0xF, a stale completed slot)
        tx.putRaw(base, TxDescriptor.DESC_DONE_QWORD1);
        // 5) a TSO context descriptor (segmentation is not modeled) before a good data descriptor
        tx.putRaw(0, TxContextDescriptor.qword1(TxContextDescriptor.I40E_TX_CTX_DESC_TSO, 60, 1448));
        tx.put(base, 60, I40E_TX_DESC_CMD_EOP);
        // 6) a good packet
        final int good = tx.put(base, 60, I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS);
        f.engine.writeTxTail(0, tx.nextToUse);
        f.engine.doWork();
        assertEquals(1, f.wireOut.frames.size());
        assertEquals(5, f.engine.badTxDescriptors());
        assertEquals(5, f.stats.value(PortStatistics.V_TEPC));
        assertEquals(TxDescriptor.DESC_DONE_QWORD1, tx.qword1(0));
        assertEquals(TxDescriptor.DESC_DONE_QWORD1, tx.qword1(ninth));
        assertEquals(TxDescriptor.DESC_DONE_QWORD1, tx.qword1(good));
        assertEquals(tx.nextToUse, f.engine.txHead(0));
        assertEquals(tx.nextToUse, tx.headWriteBack());
    }

    @Test
    void withTheLinkDownFramesCountTdoldButDescriptorsComplete() {
        final EngineFixture.TxSide tx = f.tx(0, 64, true);
        stage(tx, 0, 60, 0);
        final int d = tx.put(tx.buffers.iova(), 60, I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS);
        f.engine.setLinkUp(false);
        f.engine.writeTxTail(0, tx.nextToUse);
        f.engine.doWork();
        assertEquals(0, f.wireOut.frames.size());
        assertEquals(1, f.stats.value(PortStatistics.TDOLD));
        assertEquals(0, f.stats.value(PortStatistics.UPTC));
        assertEquals(TxDescriptor.DESC_DONE_QWORD1, tx.qword1(d));
        assertEquals(1, tx.headWriteBack());
    }

    @Test
    void withoutBusMasteringNothingIsFetched() {
        final EngineFixture.TxSide tx = f.tx(0, 64, false);
        stage(tx, 0, 60, 0);
        tx.put(tx.buffers.iova(), 60, I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS);
        f.engine.setBusMaster(false);
        f.engine.writeTxTail(0, tx.nextToUse);
        assertEquals(0, f.engine.doWork());
        assertEquals(0, f.engine.txHead(0));
        f.engine.setBusMaster(true);
        assertEquals(1, f.engine.doWork());
        assertEquals(1, f.engine.txHead(0));
    }

    @Test
    void txToALoopbackComesBackOnRx() {
        final io.xdpj.sim.wire.Loopback cable = new io.xdpj.sim.wire.Loopback();
        final LanEngine engine = new LanEngine(f.iommu, io.xdpj.sim.wire.Wire.of(cable, cable), f.stats, 1);
        engine.setLinkUp(true);
        engine.setBusMaster(true);
        engine.addMacFilter(EngineFixture.LOCAL_MAC);
        final EngineFixture.TxSide tx = f.new TxSide(64);
        final io.xdpj.i40e.hw.hmc.TxQueueContext tctx = new io.xdpj.i40e.hw.hmc.TxQueueContext();
        tctx.base = tx.ring.iova() / 128;
        tctx.qlen = 64;
        engine.startTx(0, tctx);
        final EngineFixture.RxSide rx = f.new RxSide(0, 64, 32, 2048);
        final io.xdpj.i40e.hw.hmc.RxQueueContext rctx = new io.xdpj.i40e.hw.hmc.RxQueueContext();
        rctx.base = rx.ring.iova() / 128;
        rctx.qlen = 64;
        rctx.dbuff = 16;
        rctx.dsize = 1;
        rctx.crcstrip = 1;
        rctx.rxmax = 9728;
        engine.writeRxTail(0, 63);
        engine.startRx(0, rctx);
        final byte[] p = stage(tx, 0, 1000, 41);
        tx.put(tx.buffers.iova(), 1000, I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS);
        engine.writeTxTail(0, tx.nextToUse);
        engine.doWork();
        final byte[] got = new byte[1000];
        rx.buffer().getBytes(0, got);
        assertArrayEquals(p, got);
        assertTrue(FrameGenerator.verify(rx.buffer(), 0, 1000));
        assertEquals(41, FrameGenerator.sequence(rx.buffer(), 0));
        assertFalse(engine.txQueueFaulted(0));
    }
}
