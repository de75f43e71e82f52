package io.xdpj.bench.xdpsock;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BusySpinIdleStrategy;

import io.xdpj.i40e.I40eConfig;
import io.xdpj.i40e.I40ePort;
import io.xdpj.i40e.I40eQueuePoller;
import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;
import io.xdpj.ring.XskRing;
import io.xdpj.sim.SimAgent;
import io.xdpj.sim.SimConfig;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.wire.CountingSink;
import io.xdpj.sim.wire.FrameAllowance;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.Wire;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XdpPrograms;
import io.xdpj.xsk.XskMap;
import io.xdpj.xsk.XskSocket;

/**
 * The resource-safety run (its own JVM, started by {@link ResourceSafetyTest} with native memory tracking): N cycles
 * of open port → bind a zero-copy socket → receive 101 frames → close, on one simulated XL710. Prints one JSON line
 * with the process's file descriptors, threads, the model's IOMMU mappings, NMT "Other" committed bytes and heap
 * after GC, at the end of the warm-up cycles and at the end.
 */
public final class ResourceCycles {

    static final int FRAMES_PER_CYCLE = 101;
    private static final int CHUNK = 2048;
    private static final int UMEM_FRAMES = 512;

    public static void main(String[] args) throws Exception {
        final int cycles = Integer.parseInt(args[0]);
        final int warmup = Integer.parseInt(args[1]);
        final FrameAllowance wire = new FrameAllowance(FrameGenerator.builder().sizes(60, 1001, 333).build());
        final SimulatedXl710 model = SimulatedXl710.create(SimConfig.builder().build(),
            Wire.of(wire, new CountingSink()));
        final AgentRunner agent = SimAgent.start(model, new BusySpinIdleStrategy());
        long[] atWarmup = null;
        long maxMappingsAfterClose = 0;
        long received = 0;
        final long t0 = System.nanoTime();
        try {
            for (int c = 0; c < cycles; c++) {
                received += cycle(model, wire);
                maxMappingsAfterClose = Math.max(maxMappingsAfterClose, model.iommu().mappingCount());
                if (c + 1 == warmup) {
                    // NB: the first snapshot loads the JMX classes after counting the fds, and a class search
                    // opens every jar of the class path: count once more after that.
                    snapshot(model);
                    atWarmup = snapshot(model);
                }
            }
        } finally {
            agent.close();
        }
        final long[] end = snapshot(model);
        model.close();
        System.out.printf("{\"cycles\":%d,\"warmup\":%d,\"received\":%d,\"seconds\":%.1f,"
                + "\"fds\":[%d,%d],\"threads\":[%d,%d],\"mappings\":[%d,%d],\"nmt_other\":[%d,%d],\"heap\":[%d,%d],"
                + "\"max_mappings_after_close\":%d}%n", cycles, warmup, received, (System.nanoTime() - t0) / 1e9,
            atWarmup[0], end[0], atWarmup[1], end[1], atWarmup[2], end[2], atWarmup[3], end[3], atWarmup[4], end[4],
            maxMappingsAfterClose);
    }

    /** One cycle; returns the frames received (101 unless something is wrong). */
    private static long cycle(SimulatedXl710 model, FrameAllowance wire) {
        final I40ePort port = I40ePort.open(model, I40eConfig.builder().ringSize(256).build());
        XskSocket xsk = null;
        long got = 0;
        try {
            final Umem umem = port.createUmem(new UmemConfig((long) UMEM_FRAMES * CHUNK, CHUNK, 0, 0, false));
            xsk = new XskSocket();
            xsk.registerUmem(umem);
            xsk.createFillRing(UMEM_FRAMES);
            xsk.createCompletionRing(UMEM_FRAMES);
            xsk.createRxRing(UMEM_FRAMES);
            final XskMap map = new XskMap(4);
            port.attachProgram(XdpPrograms.redirectXsk(map), null);
            port.bind(xsk, 0, XskSocket.XDP_ZEROCOPY);
            map.update(0, xsk);
            final RingProducer fill = xsk.fillRing().producer();
            fill.reserve(UMEM_FRAMES);
            for (int f = 0; f < UMEM_FRAMES; f++) {
                fill.putAddr(fill.reservedIndex() + f, (long) f * CHUNK);
            }
            fill.submit();
            final I40eQueuePoller poller = port.poller(0);
            poller.doWork();
            wire.allow(FRAMES_PER_CYCLE);
            final RingConsumer rx = xsk.rxRing().consumer();
            final long end = System.nanoTime() + 10_000_000_000L;
            while (got < FRAMES_PER_CYCLE && System.nanoTime() < end) {
                poller.doWork();
                final int n = rx.peek(64);
                rx.release(n);
                got += n;
            }
        } finally {
            port.close();
        }
        // The application unmaps its rings (xsk_socket__delete's munmap); XskSocket.close leaves them allocated.
        if (xsk != null) {
            for (XskRing r : new XskRing[] {xsk.fillRing(), xsk.completionRing(), xsk.rxRing()}) {
                r.free();
            }
        }
        return got;
    }

    /** fds, threads, IOMMU mappings, NMT Other committed (-1 without NMT), heap used after GC. */
    static long[] snapshot(SimulatedXl710 model) throws IOException {
        final long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        }
        return new long[] {fds, ManagementFactory.getThreadMXBean().getThreadCount(), model.iommu().mappingCount(),
            SoakMemory.nmtOtherCommitted(), SoakMemory.heapUsedAfterGc()};
    }
}
