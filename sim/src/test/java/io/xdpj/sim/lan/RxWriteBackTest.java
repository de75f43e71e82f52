package io.xdpj.sim.lan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.zip.CRC32;

import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.MacAddress;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rx write-back against golden qword1 values worked out by hand from facts 7.2: status DD (bit 0) and EOF (bit 1),
 * ptype 24 (IPv4/UDP) at bit 30, LENGTH_PBUF at bit 38. iPXE reads the length as (high dword >> 6) & 0x3FFF.
 */
class RxWriteBackTest {

    private final EngineFixture f = new EngineFixture(4);

    @AfterEach
    void freeDmaMemory() {
        f.close();
    }

    private static byte[] bytes(UnsafeBuffer frame) {
        final byte[] b = new byte[frame.capacity()];
        frame.getBytes(0, b);
        return b;
    }

    private byte[] received(EngineFixture.RxSide rx, int descriptor, int length) {
        final byte[] b = new byte[length];
        rx.buffer().getBytes(rx.bufferOffset(descriptor), b);
        return b;
    }

    @Test
    void singleBufferFramesOf60And64And1514Bytes() {
        final EngineFixture.RxSide rx = f.rx(0, 64, 16, 2048, true, 9728);
        final UnsafeBuffer f60 = TestFrames.generated(EngineFixture.LOCAL_MAC, 60, 0);
        final UnsafeBuffer f64 = TestFrames.generated(EngineFixture.LOCAL_MAC, 64, 1);
        final UnsafeBuffer f1514 = TestFrames.generated(EngineFixture.LOCAL_MAC, 1514, 2);
        f.wireIn.transmit(f60, 0, 60);
        f.wireIn.transmit(f64, 0, 64);
        f.wireIn.transmit(f1514, 0, 1514);
        assertEquals(3, f.engine.doWork());

        // 60 << 38: high dword 60 << 6 = 0xF00, plus ptype 24 << 30 = 0x6_0000_0000
        assertEquals(0x0000_0F06_0000_0003L, rx.qword1(0));
        // 64 << 6 = 0x1000
        assertEquals(0x0000_1006_0000_0003L, rx.qword1(1));
        // 1514 = 0x5EA, << 6 = 0x1_7A80
        assertEquals(0x0001_7A86_0000_0003L, rx.qword1(2));
        assertEquals(0L, rx.qword0(0)); // no RSS: no hash, no VLAN
        assertEquals(60, (int) (rx.qword1(0) >>> 32) >>> 6 & 0x3FFF);
        assertArrayEquals(bytes(f60), received(rx, 0, 60));
        assertArrayEquals(bytes(f64), received(rx, 1, 64));
        assertArrayEquals(bytes(f1514), received(rx, 2, 1514));
        assertEquals(0L, rx.qword1(3)); // untouched
        assertEquals(3, f.engine.rxHead(0));
        // statistics: 3 unicast frames, octets with FCS: 64 + 68 + 1518
        assertEquals(3, f.stats.value(PortStatistics.UPRC));
        assertEquals(64 + 68 + 1518, f.stats.value(PortStatistics.GORC));
        assertEquals(1, f.stats.value(PortStatistics.PRC64)); // 64 with FCS
        assertEquals(1, f.stats.value(PortStatistics.PRC64 + 1)); // 68: 65..127
        assertEquals(1, f.stats.value(PortStatistics.PRC64 + 5)); // 1518: 1024..1522
        assertEquals(3, f.stats.value(PortStatistics.V_UPRC));
    }

    @Test
    void a9000ByteFrameSpansFiveBuffersOf2048WithEofOnlyOnTheLast() {
        final EngineFixture.RxSide rx = f.rx(0, 64, 16, 2048, true, 9728);
        final UnsafeBuffer frame = TestFrames.generated(EngineFixture.LOCAL_MAC, 9000, 0);
        f.wireIn.transmit(frame, 0, 9000);
        f.engine.doWork();
        for (int i = 0; i < 4; i++) {
            // DD only; 2048 << 6 = 0x2_0000 in the high dword
            assertEquals(0x0002_0006_0000_0001L, rx.qword1(i), "descriptor " + i);
        }
        // 808 = 0x328, << 6 = 0xCA00; DD|EOF
        assertEquals(0x0000_CA06_0000_0003L, rx.qword1(4));
        final byte[] all = new byte[9000];
        rx.buffer().getBytes(0, all); // the five buffers are contiguous in this fixture
        assertArrayEquals(bytes(frame), all);
        assertEquals(5, f.engine.rxHead(0));
        assertEquals(0L, rx.qword1(5));
    }

    @Test
    void thirtyTwoByteDescriptorsGetQwords2And3Cleared() {
        final EngineFixture.RxSide rx = f.rx(0, 64, 32, 2048, true, 9728);
        rx.ring.buffer().putLong(16, -1L); // garbage where qword2/3 will be written back
        rx.ring.buffer().putLong(24, -1L);
        final UnsafeBuffer frame = TestFrames.generated(EngineFixture.LOCAL_MAC, 60, 0);
        f.wireIn.transmit(frame, 0, 60);
        f.engine.doWork();
        assertEquals(0x0000_0F06_0000_0003L, rx.qword1(0));
        assertEquals(0L, rx.ring.buffer().getLong(16));
        assertEquals(0L, rx.ring.buffer().getLong(24));
        assertEquals(rx.bufferIova(1), rx.ring.buffer().getLong(32)); // next descriptor untouched
    }

    @Test
    void withoutCrcStripTheFcsIsDeliveredAndCrcpSet() {
        final EngineFixture.RxSide rx = f.rx(0, 64, 16, 2048, false, 9728);
        final UnsafeBuffer frame = TestFrames.generated(EngineFixture.LOCAL_MAC, 60, 0);
        f.wireIn.transmit(frame, 0, 60);
        f.engine.doWork();
        // DD|EOF|CRCP (bit 4) = 0x13; length 64 → 0x1000
        assertEquals(0x0000_1006_0000_0013L, rx.qword1(0));
        final CRC32 crc = new CRC32();
        crc.update(bytes(frame));
        assertEquals((int) crc.getValue(), rx.buffer().getInt(60, ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void broadcastAndMulticastSetUmbcast() {
        final EngineFixture.RxSide rx = f.rx(0, 64, 16, 2048, true, 9728);
        f.engine.setPromiscuous(false, true, true);
        final UnsafeBuffer bc = TestFrames.generated(MacAddress.BROADCAST, 60, 0);
        final UnsafeBuffer mc = TestFrames.generated(0x0100_5E00_0001L, 60, 1);
        f.wireIn.transmit(bc, 0, 60);
        f.wireIn.transmit(mc, 0, 60);
        f.engine.doWork();
        assertEquals(0x0000_0F06_0000_0403L, rx.qword1(0)); // UMBCAST 2 << 9 = 0x400
        assertEquals(0x0000_0F06_0000_0203L, rx.qword1(1)); // UMBCAST 1 << 9 = 0x200
        assertEquals(1, f.stats.value(PortStatistics.BPRC));
        assertEquals(1, f.stats.value(PortStatistics.MPRC));
    }

    @Test
    void framesOverRxmaxAreDroppedAsOversize() {
        final EngineFixture.RxSide rx = f.rx(0, 64, 16, 2048, true, 2048);
        f.wireIn.transmit(TestFrames.generated(EngineFixture.LOCAL_MAC, 2044, 0), 0, 2044); // 2048 with FCS: fits
        f.wireIn.transmit(TestFrames.generated(EngineFixture.LOCAL_MAC, 2045, 0), 0, 2045); // 2049: over rxmax
        f.wireIn.transmit(TestFrames.generated(EngineFixture.LOCAL_MAC, 9725, 0), 0, 9725); // 9729: over the MFS
        f.engine.doWork();
        assertTrue(RxDescriptor.isDone(rx.qword1(0)));
        assertEquals(2044, RxDescriptor.lengthPbuf(rx.qword1(0)));
        assertEquals(0L, rx.qword1(1));
        assertEquals(2, f.stats.value(PortStatistics.ROC));
        // Each frame is counted once: neither oversize frame is a good packet (the rxmax one is taken back).
        assertEquals(1, f.stats.value(PortStatistics.UPRC));
        assertEquals(1, f.stats.value(PortStatistics.V_UPRC));
        assertEquals(2048, f.stats.value(PortStatistics.GORC));
        assertEquals(2048, f.stats.value(PortStatistics.V_GORC));
        assertEquals(1, f.stats.value(PortStatistics.PRC64 + 6)); // PRC9522: 2048 bytes with FCS
        assertEquals(0, f.stats.value(PortStatistics.V_RDPC));
        assertEquals(1, f.engine.rxHead(0));
    }

    @Test
    void runtsAreCountedAndDropped() {
        f.rx(0, 64, 16, 2048, true, 9728);
        f.wireIn.transmit(new UnsafeBuffer(new byte[59]), 0, 59);
        f.engine.doWork();
        assertEquals(1, f.stats.value(PortStatistics.RUC));
        assertEquals(0, f.engine.rxHead(0));
        assertTrue(FrameGenerator.MIN_FRAME == LanEngine.MIN_FRAME);
    }
}
