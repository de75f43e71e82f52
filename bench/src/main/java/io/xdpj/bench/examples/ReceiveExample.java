package io.xdpj.bench.examples;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BusySpinIdleStrategy;

import io.xdpj.i40e.I40eConfig;
import io.xdpj.i40e.I40ePort;
import io.xdpj.i40e.I40eQueuePoller;
import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;
import io.xdpj.sim.SimAgent;
import io.xdpj.sim.SimConfig;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.wire.CountingSink;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.Wire;
import io.xdpj.vfio.PciFunction;
import io.xdpj.vfio.linux.VfioPciFunction;
import io.xdpj.vfio.pci.PciAddress;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XdpPrograms;
import io.xdpj.xsk.XdpStatistics;
import io.xdpj.xsk.XskMap;
import io.xdpj.xsk.XskSocket;

/**
 * The library in one page: open a port (a real one through VFIO, or the simulated XL710), make a UMEM and a socket,
 * load the RFC's default program, bind, and receive {@code frames} frames on queue 0 with the poller on this thread.
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/xdpsock.jar \
 *      io.xdpj.bench.examples.ReceiveExample [PCI-ADDRESS]
 * </pre>
 */
public final class ReceiveExample {

    private ReceiveExample() {
    }

    public static void main(String[] args) {
        System.out.println("received " + receive(args.length > 0 ? args[0] : null, 1_000_000) + " frames");
    }

    /** Receives {@code frames} frames on queue 0 of the port at {@code pci} (null: the simulated XL710). */
    public static long receive(String pci, long frames) {
        SimulatedXl710 model = null;
        AgentRunner modelThread = null;
        final PciFunction fn;
        if (pci == null) { // the model's wire: a generator of 64-byte UDP frames, and a sink for what we send
            model = SimulatedXl710.create(SimConfig.builder().build(),
                Wire.of(FrameGenerator.builder().sizes(60).build(), new CountingSink()));
            modelThread = SimAgent.start(model, new BusySpinIdleStrategy()); // a real NIC needs no such thread
            fn = model;
        } else {
            fn = VfioPciFunction.open(PciAddress.parse(pci)); // bound to vfio-pci, hugepages reserved
        }
        try (I40ePort port = I40ePort.open(fn, I40eConfig.builder().rxMode(I40eConfig.RxMode.BATCHED).build())) {
            final int chunks = 4096;
            final Umem umem = port.createUmem(new UmemConfig(chunks * 2048L, 2048, 0, 0, false)); // DMA memory
            final XskSocket xsk = new XskSocket();
            xsk.registerUmem(umem);
            xsk.createFillRing(chunks);
            xsk.createCompletionRing(chunks);
            xsk.createRxRing(2048);
            final XskMap xsks = new XskMap(64);
            port.attachProgram(XdpPrograms.redirectXsk(xsks), null); // bpf_redirect_xsk(ctx, &xsks, queue, PASS)
            port.bind(xsk, 0, XskSocket.XDP_ZEROCOPY | XskSocket.XDP_USE_NEED_WAKEUP);
            xsks.update(0, xsk);

            final RingProducer fill = xsk.fillRing().producer(); // hand every frame to the driver
            fill.reserve(chunks);
            for (int i = 0; i < chunks; i++) {
                fill.putAddr(fill.reservedIndex() + i, i * 2048L);
            }
            fill.submit();

            final I40eQueuePoller poller = port.poller(0);
            final RingConsumer rx = xsk.rxRing().consumer();
            long received = 0;
            long bytes = 0;
            while (received < frames) {
                poller.doWork(); // busy polling on this thread: descriptors -> program -> socket -> refill
                final int n = rx.peek((int) Math.min(64, frames - received));
                if (n == 0) {
                    continue;
                }
                final int idx = rx.peekIndex();
                fill.reserve(n);
                for (int i = 0; i < n; i++) {
                    final long addr = rx.descAddr(idx + i); // UMEM offset of the frame's first byte
                    bytes += rx.descLen(idx + i);           // the frame is at umem.addressOf(addr)
                    fill.putAddr(fill.reservedIndex() + i, addr & umem.chunkMask());
                }
                fill.submit();
                rx.release(n);
                received += n;
            }
            final XdpStatistics stats = new XdpStatistics();
            xsk.statistics(stats);
            System.out.println(bytes + " bytes; socket: " + stats);
            return received;
        } finally {
            if (modelThread != null) {
                modelThread.close();
            }
            if (model != null) {
                model.close();
            } else {
                fn.close();
            }
        }
    }
}
