package io.xdpj.bench;

import java.util.concurrent.TimeUnit;

import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.sim.iommu.Iommu;
import io.xdpj.sim.lan.LanEngine;
import io.xdpj.sim.lan.PortStatistics;
import io.xdpj.sim.wire.CountingSink;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.Wire;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.OffHeapDmaAllocator;
import org.agrona.concurrent.AtomicBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The device model alone delivering frames into one Rx ring: per invocation the LAN engine takes
 * {@value LanEngine#RX_BURST} generated frames from the wire (one {@link LanEngine#doWork()}) and writes them through
 * the IOMMU into the ring's buffers with full write-back; a trivial consumer then re-arms every completed descriptor
 * and bumps the tail once per burst. Reported per frame.
 *
 * <p>What a frame costs here: the generator (template copy, sequence number, checksum), the MAC read, the port
 * and VSI counters, the filter lookup, packet-type parsing, the tail acquire, one IOMMU translation of the buffer,
 * the copy into it, the write-back (qword0 plain, qword1 release), the head publication, and the consumer's acquire
 * of qword1 plus re-arm. RSS is off (queue 0), as for a single-queue Rx loop.
 *
 * <p>{@code frameBytes} is the frame length on the model's wire, without FCS: 60 is a minimum Ethernet frame
 * (64 bytes on a real wire), 64 a frame of 64 bytes without FCS. The teardown fails the run if any frame was
 * discarded, so the figure is always frames delivered.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dagrona.disable.bounds.checks=true", "-XX:+UseParallelGC", "-Xms1g", "-Xmx1g"})
public class SimRxBenchmark {

    static final int RING = 512;
    static final int BUFFER = 2048;
    static final long LOCAL_MAC = 0x0200_0000_0001L;

    @Param({"64"})
    public int frameBytes;

    private OffHeapDmaAllocator dma;
    private LanEngine engine;
    private PortStatistics stats;
    private AtomicBuffer ring;
    private long bufferIova;
    private int nextToClean;
    private long delivered;

    @Setup(Level.Trial)
    public void setUp() {
        final Iommu iommu = new Iommu();
        dma = new OffHeapDmaAllocator(iommu, 0x10_0000);
        final DmaMemory ringMemory = dma.allocate((long) RING * RxDescriptor.SIZE_16, 4096, "bench rx ring");
        final DmaMemory buffers = dma.allocate((long) RING * BUFFER, 4096, "bench rx buffers");
        ring = ringMemory.buffer();
        bufferIova = buffers.iova();
        for (int i = 0; i < RING; i++) {
            RxDescriptor.arm(ring, i * RxDescriptor.SIZE_16, bufferIova + (long) i * BUFFER);
        }
        final FrameGenerator generator = FrameGenerator.builder().dstMac(LOCAL_MAC).sizes(frameBytes).build();
        stats = new PortStatistics(0, 0);
        engine = new LanEngine(iommu, Wire.of(generator, new CountingSink()), stats, 1);
        engine.addMacFilter(LOCAL_MAC);
        engine.setLinkUp(true);
        engine.setBusMaster(true);
        final RxQueueContext ctx = new RxQueueContext();
        ctx.base = ringMemory.iova() / RxQueueContext.BASE_UNIT;
        ctx.qlen = RING;
        ctx.dbuff = BUFFER / RxQueueContext.DBUFF_UNIT;
        ctx.crcstrip = 1;
        ctx.rxmax = 9728;
        ctx.l2tsel = 1;
        ctx.prefena = 1;
        engine.writeRxTail(0, RING - 1);
        engine.startRx(0, ctx);
        nextToClean = 0;
        delivered = 0;
    }

    @Benchmark
    @OperationsPerInvocation(LanEngine.RX_BURST)
    public int rxBurst() {
        engine.doWork();
        return consume();
    }

    /** The trivial driver: re-arm every written-back descriptor, one tail write per burst. */
    private int consume() {
        final AtomicBuffer r = ring;
        int ntc = nextToClean;
        int cleaned = 0;
        while (true) {
            final int offset = ntc * RxDescriptor.SIZE_16;
            if (!RxDescriptor.isDone(RxDescriptor.qword1Acquire(r, offset))) {
                break;
            }
            RxDescriptor.arm(r, offset, bufferIova + (long) ntc * BUFFER);
            ntc = ntc + 1 == RING ? 0 : ntc + 1;
            cleaned++;
        }
        if (cleaned != 0) {
            nextToClean = ntc;
            engine.writeRxTail(0, ntc == 0 ? RING - 1 : ntc - 1);
        }
        delivered += cleaned;
        return cleaned;
    }

    @TearDown(Level.Trial)
    public void check() {
        dma.close();
        final long discards = stats.value(PortStatistics.V_RDPC);
        if (discards != 0 || engine.dmaFaults() != 0) {
            throw new IllegalStateException("the model discarded " + discards + " frames and had "
                + engine.dmaFaults() + " DMA faults: the figure would not be frames delivered");
        }
        if (delivered != stats.value(PortStatistics.UPRC)) {
            throw new IllegalStateException("delivered " + delivered + " frames but the port received "
                + stats.value(PortStatistics.UPRC));
        }
    }
}
