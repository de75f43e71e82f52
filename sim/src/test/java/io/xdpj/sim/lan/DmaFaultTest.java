package io.xdpj.sim.lan;

import static io.xdpj.i40e.hw.desc.TxDescriptor.I40E_TX_DESC_CMD_EOP;
import static io.xdpj.i40e.hw.desc.TxDescriptor.I40E_TX_DESC_CMD_RS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.sim.iommu.DmaFault;
import io.xdpj.vfio.IommuMapper;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every device access goes through the IOMMU; a refused one stops the queue, is logged and counted. */
class DmaFaultTest {

    private final EngineFixture f = new EngineFixture(2);

    @AfterEach
    void freeDmaMemory() {
        f.close();
    }

    @Test
    void rxBufferOutsideAnyMappingStopsTheQueue() {
        final EngineFixture.RxSide rx = f.rx(1, 64, 16, 2048, true, 9728);
        RxDescriptor.arm(rx.ring.buffer(), 0, 0x7000_0000L); // a buffer IOVA nobody mapped
        f.engine.setRss(new byte[52], new byte[] {1}, true); // every frame to queue 1
        f.wireIn.transmit(TestFrames.generated(EngineFixture.LOCAL_MAC, 100, 0), 0, 100);
        f.wireIn.transmit(TestFrames.generated(EngineFixture.LOCAL_MAC, 100, 1), 0, 100);
        f.engine.doWork();
        assertTrue(f.engine.rxQueueFaulted(1));
        assertEquals(1, f.engine.dmaFaults());
        assertEquals(new DmaFault(0x7000_0000L, 100, true, 1, f.iommu.lastFault().timeNanos(),
            DmaFault.Reason.UNMAPPED), f.iommu.lastFault());
        assertEquals(2, f.stats.value(PortStatistics.V_RDPC)); // the faulting frame and the one after it
        assertEquals(0, f.stats.value(PortStatistics.RDPC)); // VSI discards, not the port's
        assertEquals(0L, rx.qword1(0)); // nothing written back
        assertEquals(0, f.engine.rxHead(1));
        // restart clears the fault; a good buffer then works
        rx.arm(0);
        final RxQueueContext ctx = new RxQueueContext();
        ctx.base = rx.ring.iova() / 128;
        ctx.qlen = 64;
        ctx.dbuff = 16;
        ctx.crcstrip = 1;
        ctx.rxmax = 9728;
        f.engine.stopRx(1);
        f.engine.startRx(1, ctx);
        assertFalse(f.engine.rxQueueFaulted(1));
        f.wireIn.transmit(TestFrames.generated(EngineFixture.LOCAL_MAC, 100, 2), 0, 100);
        f.engine.doWork();
        assertTrue(RxDescriptor.isDone(rx.qword1(0)));
    }

    @Test
    void aReadOnlyRingCannotBeWrittenBack() {
        // a ring the driver mapped for device reads only (VFIO_DMA_MAP_FLAG_READ)
        final ByteBuffer memory = BufferUtil.allocateDirectAligned(4096, 4096);
        final UnsafeBuffer ring = new UnsafeBuffer(memory);
        final long ringIova = 0x4000_0000L;
        f.iommu.map(ring.addressOffset(), ringIova, 4096, IommuMapper.READ);
        final EngineFixture.RxSide buffers = f.new RxSide(0, 64, 16, 2048);
        for (int i = 0; i < 64; i++) {
            RxDescriptor.arm(ring, i * 16, buffers.bufferIova(i));
        }
        final RxQueueContext ctx = new RxQueueContext();
        ctx.base = ringIova / 128;
        ctx.qlen = 64;
        ctx.dbuff = 16;
        ctx.crcstrip = 1;
        ctx.rxmax = 9728;
        f.engine.writeRxTail(0, 63);
        f.engine.startRx(0, ctx);
        f.wireIn.transmit(TestFrames.generated(EngineFixture.LOCAL_MAC, 60, 0), 0, 60);
        f.engine.doWork();
        assertTrue(f.engine.rxQueueFaulted(0));
        assertEquals(DmaFault.Reason.WRITE_DENIED, f.iommu.lastFault().reason());
        assertEquals(ringIova, f.iommu.lastFault().iova());
        assertEquals(64 * 16, f.iommu.lastFault().length());
        assertEquals(0L, ring.getLong(8));
    }

    @Test
    void anInjectedFaultOnATxBufferStopsTheTxQueue() {
        final EngineFixture.TxSide tx = f.tx(0, 64, true);
        final long base = tx.buffers.iova();
        tx.put(base, 60, I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS);
        tx.put(base + 2048, 60, I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS);
        f.iommu.injectFault(base + 2048 + 59, 1); // the last byte of the second packet's buffer
        f.engine.writeTxTail(0, tx.nextToUse);
        f.engine.doWork();
        assertEquals(1, f.wireOut.frames.size()); // the first packet left before the fault
        assertTrue(f.engine.txQueueFaulted(0));
        assertEquals(1, f.engine.txHead(0)); // stopped at the faulting packet
        final DmaFault fault = f.iommu.lastFault();
        assertEquals(DmaFault.Reason.INJECTED, fault.reason());
        assertEquals(base + 2048, fault.iova());
        assertEquals(60, fault.length());
        assertFalse(fault.write());
        assertEquals(0, fault.queue());
        // a stopped queue does nothing more, even after the injection is cleared
        f.iommu.clearInjectedFaults();
        assertEquals(0, f.engine.doWork());
        assertEquals(1, f.wireOut.frames.size());
    }

    @Test
    void anInjectedFaultOnTheHeadWriteBackSlotStopsTheQueueAfterTheFrame() {
        final EngineFixture.TxSide tx = f.tx(0, 64, true);
        tx.put(tx.buffers.iova(), 60, I40E_TX_DESC_CMD_EOP | I40E_TX_DESC_CMD_RS);
        f.iommu.injectFault(tx.ring.iova() + 64 * 16, 4);
        f.engine.writeTxTail(0, tx.nextToUse);
        f.engine.doWork();
        assertEquals(1, f.wireOut.frames.size());
        assertTrue(f.engine.txQueueFaulted(0));
        assertEquals(0, tx.headWriteBack());
        assertTrue(f.iommu.lastFault().write());
    }
}
