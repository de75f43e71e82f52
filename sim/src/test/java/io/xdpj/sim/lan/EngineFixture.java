package io.xdpj.sim.lan;

import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.i40e.hw.desc.TxDescriptor;
import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import io.xdpj.sim.iommu.Iommu;
import io.xdpj.sim.wire.FrameSource;
import io.xdpj.sim.wire.Loopback;
import io.xdpj.sim.wire.Wire;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.OffHeapDmaAllocator;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A LAN engine wired to an IOMMU, an off-heap DMA allocator and a loopback, plus a tiny driver side: rings and
 * buffers in DMA memory, descriptors written by hand. {@link #close()} frees the DMA memory.
 */
final class EngineFixture implements AutoCloseable {

    static final long LOCAL_MAC = 0x0200_0000_0001L;

    final Iommu iommu = new Iommu();
    final OffHeapDmaAllocator dma = new OffHeapDmaAllocator(iommu, 0x10_0000);
    final Loopback wireIn = new Loopback();
    final CapturingSink wireOut = new CapturingSink();
    final PortStatistics stats = new PortStatistics(1, 7);
    final LanEngine engine;

    EngineFixture(int queues) {
        this(queues, null);
    }

    /** With {@code source} on the wire's receive side instead of {@link #wireIn} (when not null). */
    EngineFixture(int queues, FrameSource source) {
        this.engine = new LanEngine(iommu, Wire.of(source != null ? source : wireIn, wireOut), stats, queues);
        engine.setLinkUp(true);
        engine.setBusMaster(true);
        engine.addMacFilter(LOCAL_MAC);
    }

    @Override
    public void close() {
        dma.close();
    }

    /** An Rx ring with one buffer per descriptor, every descriptor armed, tail = count − 1 (facts 6.3). */
    RxSide rx(int q, int count, int descriptorBytes, int bufferBytes, boolean crcStrip, int rxmax) {
        final RxSide side = new RxSide(q, count, descriptorBytes, bufferBytes);
        final RxQueueContext ctx = new RxQueueContext();
        ctx.base = side.ring.iova() / RxQueueContext.BASE_UNIT;
        ctx.qlen = count;
        ctx.dbuff = bufferBytes / RxQueueContext.DBUFF_UNIT;
        ctx.dsize = descriptorBytes == 32 ? 1 : 0;
        ctx.crcstrip = crcStrip ? 1 : 0;
        ctx.rxmax = rxmax;
        ctx.l2tsel = 1;
        ctx.prefena = 1;
        engine.writeRxTail(q, count - 1);
        side.tail = count - 1;
        engine.startRx(q, ctx);
        return side;
    }

    /** A Tx ring with head write-back after it when {@code headWriteBack}. */
    TxSide tx(int q, int count, boolean headWriteBack) {
        final TxSide side = new TxSide(count);
        final TxQueueContext ctx = new TxQueueContext();
        ctx.base = side.ring.iova() / TxQueueContext.BASE_UNIT;
        ctx.qlen = count;
        ctx.newContext = 1;
        ctx.headWbEna = headWriteBack ? 1 : 0;
        ctx.headWbAddr = side.ring.iova() + (long) count * TxDescriptor.SIZE;
        engine.startTx(q, ctx);
        return side;
    }

    /** Driver's view of an Rx ring. */
    final class RxSide {
        final int q;
        final int count;
        final int descriptorBytes;
        final int bufferBytes;
        final DmaMemory ring;
        final DmaMemory buffers;
        int nextToClean;
        int tail;

        RxSide(int q, int count, int descriptorBytes, int bufferBytes) {
            this.q = q;
            this.count = count;
            this.descriptorBytes = descriptorBytes;
            this.bufferBytes = bufferBytes;
            this.ring = dma.allocate((long) count * descriptorBytes, 128, "rx ring q" + q);
            this.buffers = dma.allocate((long) count * bufferBytes, 4096, "rx buffers q" + q);
            for (int i = 0; i < count; i++) {
                arm(i);
            }
        }

        void arm(int i) {
            arm(i, i);
        }

        /** Arms descriptor {@code i} with buffer {@code buffer}'s IOVA. */
        void arm(int i, int buffer) {
            RxDescriptor.arm(ring.buffer(), i * descriptorBytes, bufferIova(buffer));
            if (descriptorBytes == 32) {
                RxDescriptor.clearReserved32(ring.buffer(), i * descriptorBytes);
            }
        }

        long bufferIova(int i) {
            return buffers.iova() + (long) i * bufferBytes;
        }

        int bufferOffset(int i) {
            return i * bufferBytes;
        }

        long qword1(int i) {
            return RxDescriptor.qword1Acquire(ring.buffer(), i * descriptorBytes);
        }

        long qword0(int i) {
            return RxDescriptor.qword0(ring.buffer(), i * descriptorBytes);
        }

        AtomicBuffer buffer() {
            return buffers.buffer();
        }
    }

    /** Driver's view of a Tx ring. */
    final class TxSide {
        final int count;
        final DmaMemory ring;
        final DmaMemory buffers;
        int nextToUse;

        TxSide(int count) {
            this.count = count;
            this.ring = dma.allocate((long) count * TxDescriptor.SIZE + 4, 128, "tx ring");
            this.buffers = dma.allocate(64 * 2048, 4096, "tx buffers");
        }

        /** Puts a data descriptor at next_to_use. */
        int put(long bufferIova, int size, int cmd) {
            final int at = nextToUse;
            TxDescriptor.putData(ring.buffer(), at * TxDescriptor.SIZE, bufferIova,
                TxDescriptor.dataQword1(cmd | TxDescriptor.I40E_TX_DESC_CMD_ICRC, 0, size, 0));
            nextToUse = (at + 1) % count;
            return at;
        }

        /** Puts a raw descriptor (any DTYPE) at next_to_use. */
        int putRaw(long qword0, long qword1) {
            final int at = nextToUse;
            TxDescriptor.putData(ring.buffer(), at * TxDescriptor.SIZE, qword0, qword1);
            nextToUse = (at + 1) % count;
            return at;
        }

        long qword1(int i) {
            return TxDescriptor.qword1Acquire(ring.buffer(), i * TxDescriptor.SIZE);
        }

        int headWriteBack() {
            return ring.buffer().getIntVolatile(count * TxDescriptor.SIZE);
        }
    }
}
