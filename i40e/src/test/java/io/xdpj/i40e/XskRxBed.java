package io.xdpj.i40e;

import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;

import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;
import io.xdpj.sim.wire.CountingSink;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.FrameSink;
import io.xdpj.xsk.XdpPassHandler;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XdpProgram;
import io.xdpj.xsk.XdpPrograms;
import io.xdpj.xsk.XdpRxRunner;
import io.xdpj.xsk.XskMap;
import io.xdpj.xsk.XskMapDirect;
import io.xdpj.xsk.XskSocket;

/**
 * One port on the model, one AF_XDP socket on queue 0, a generator of sequence-numbered frames on the wire, and the
 * application loop (consume the Rx ring, check every frame, give the frames back to the fill ring) on the test
 * thread together with the queue's poller.
 */
final class XskRxBed implements AutoCloseable {

    static final int FRAMES = 4096;
    static final int CHUNK = 2048;
    /** Frames in flight when paced: fewer than the 511 descriptors the ring holds. */
    static final int PACE = 256;

    final SimBed bed;
    final GatedSource gate;
    final FrameGenerator generator;
    final I40ePort port;
    final Umem umem;
    final XskSocket xsk;
    final RingConsumer rx;
    final RingProducer fill;
    final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    final long count;
    long delivered;
    long corrupt;
    long outOfOrder;
    long lastSequence = -1;

    final boolean paced;

    /** Makes the program under test from the socket's XSKMAP and XSKMAP_DIRECT. */
    interface Programs {
        XdpProgram make(XskMap map, XskMapDirect direct);
    }

    XskRxBed(String path, I40eConfig.RxMode mode, boolean zeroCopy, boolean paced, long count, int... sizes) {
        this((map, direct) -> program(path, map, direct), null, I40eConfig.builder().ringSize(512).rxMode(mode).build(),
            zeroCopy, paced, count, new CountingSink(), sizes);
    }

    XskRxBed(Programs programs, XdpPassHandler pass, I40eConfig config, boolean zeroCopy, boolean paced, long count,
             FrameSink sink, int... sizes) {
        this.count = count;
        this.paced = paced;
        this.generator = FrameGenerator.builder().sizes(sizes).count(count).flows(7).build();
        this.gate = new GatedSource(generator);
        this.bed = new SimBed(b -> { }, gate, sink);
        bed.open(config);
        this.port = bed.port;
        this.umem = port.createUmem(new UmemConfig((long) FRAMES * CHUNK, CHUNK, 0, 0, false));
        this.xsk = new XskSocket();
        xsk.registerUmem(umem);
        xsk.createFillRing(FRAMES);
        xsk.createCompletionRing(FRAMES);
        xsk.createRxRing(FRAMES);
        final XskMap map = new XskMap(64);
        final XskMapDirect direct = new XskMapDirect(64);
        port.attachProgram(programs.make(map, direct), pass);
        port.bind(xsk, 0, zeroCopy ? XskSocket.XDP_ZEROCOPY : XskSocket.XDP_COPY);
        map.update(0, xsk);
        direct.update(0, xsk);
        this.rx = xsk.rxRing().consumer();
        this.fill = xsk.fillRing().producer();
        fill.reserve(FRAMES);
        for (int f = 0; f < FRAMES; f++) {
            fill.putAddr(fill.reservedIndex() + f, (long) f * CHUNK);
        }
        fill.submit();
    }

    static XdpProgram program(String path, XskMap map, XskMapDirect direct) {
        return switch (path) {
            case "redirect" -> XdpPrograms.libxdpDefault(map);
            case "xskmap-direct" -> XdpPrograms.xskmapDirect(direct);
            case "redirect-flag" -> XdpPrograms.redirectFlag(map);
            case "redirect-xsk" -> XdpPrograms.redirectXsk(map);
            default -> throw new IllegalArgumentException(path);
        };
    }

    /** Runs poller and application until every generated frame is accounted for (or the guard expires). */
    void run() {
        final I40eQueuePoller poller = port.poller(0);
        poller.doWork(); // posts the fill ring's frames before the first frame can arrive
        if (paced) {
            gate.allow(PACE);
        }
        gate.open();
        final long guard = System.nanoTime() + 30_000_000_000L;
        int idle = 0;
        while (true) {
            final int work = poller.doWork() + consume();
            if (paced) {
                gate.allow(port.runner(0).frames() + PACE);
            }
            if (work == 0 && ++idle % 1024 == 0) {
                if (generator.exhausted() && accounted() == count) {
                    return;
                }
                if (System.nanoTime() > guard) {
                    throw new AssertionError("frames not accounted for: " + accounted() + " of " + count + " "
                        + port.statistics());
                }
            } else if (work != 0) {
                idle = 0;
            }
        }
    }

    /** Application: every Rx descriptor checked (payload, order) and its frame returned to the fill ring. */
    int consume() {
        final int n = rx.peek(256);
        if (n == 0) {
            return 0;
        }
        final int idx = rx.peekIndex();
        fill.reserve(n);
        final int f = fill.reservedIndex();
        for (int i = 0; i < n; i++) {
            final long addr = rx.descAddr(idx + i);
            final int len = rx.descLen(idx + i);
            frame.wrap(umem.address() + addr, len);
            if (!FrameGenerator.verify(frame, 0, len)) {
                corrupt++;
            }
            final long seq = FrameGenerator.sequence(frame, 0);
            if (seq <= lastSequence) {
                outOfOrder++;
            }
            lastSequence = seq;
            fill.putAddr(f + i, addr & ~(CHUNK - 1L));
        }
        fill.submit();
        rx.release(n);
        delivered += n;
        return n;
    }

    /** Frames that left through another door than this socket (DEVMAP, CPUMAP), as the test counts them. */
    java.util.function.LongSupplier elsewhere = () -> 0;

    /**
     * Delivered to the socket + handed to the PASS handler + queued for XDP_TX + sent elsewhere + every counted drop,
     * device and driver.
     */
    long accounted() {
        final XdpRxRunner r = port.runner(0);
        return delivered + (r.actionCount(io.xdpj.xsk.XdpAction.PASS) - r.dropPassNoHandler())
            + (r.actionCount(io.xdpj.xsk.XdpAction.TX) - r.dropTxFull()) + elsewhere.getAsLong() + drops();
    }

    long drops() {
        final Map<String, Long> s = port.statistics();
        final XdpRxRunner r = port.runner(0);
        return s.get("rx_discards") + s.get("port.rx_discards") + s.get("port.rx_oversize")
            + s.get("port.rx_undersize") + s.get("rx-0.errors") + s.get("rx-0.oversize")
            + s.get("rx-0.multi_buffer_drops")
            + r.dropAborted() + r.dropDrop() + r.dropPassNoHandler() + r.dropTxFull() + r.dropRedirect() + r.dropXsk();
    }

    @Override
    public void close() {
        xsk.close();
        bed.close();
    }
}
