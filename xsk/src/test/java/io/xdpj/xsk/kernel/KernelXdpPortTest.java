package io.xdpj.xsk.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XdpStatistics;
import io.xdpj.xsk.XskSocket;
import io.xdpj.xsk.kernel.KernelXdpPort.Attach;
import io.xdpj.xsk.kernel.KernelXdpPort.XdpMode;

/**
 * The kernel backend against the running kernel: a veth pair whose peer end sits in its own network namespace; the
 * peer sends numbered, checksummed frames through a packet socket, the project's API receives them through a real
 * AF_XDP socket in copy mode with native and with generic XDP; the project's socket transmits to the peer. Needs
 * root (skipped with the reason otherwise).
 */
class KernelXdpPortTest {

    static final int CHUNK = 2048;
    static final int FRAMES = 4096;
    /** Frames sent per test: odd, and more than one ring's worth of some rings below. */
    static final int COUNT = 1001;
    /** Frames the peer sends before the test waits for them: veth's XDP ring holds 256, a backlog 1000. */
    static final int BURST = 32;
    static final long DEADLINE_NANOS = 10_000_000_000L;

    private VethPair veth;
    private KernelXdpPort port;
    private PeerSocket peer;

    @BeforeAll
    static void canRun() {
        final String why = VethPair.unavailableReason();
        assumeTrue(why == null, why);
    }

    @BeforeEach
    void pair() throws InterruptedException {
        veth = VethPair.create();
        peer = PeerSocket.open(veth.namespace, veth.peer);
    }

    @AfterEach
    void unpair() {
        if (port != null) {
            port.close();
        }
        if (peer != null) {
            peer.close();
        }
        veth.close();
    }

    private static XskSocket socket(Umem umem, int fill, int rx, int tx) {
        final XskSocket s = new XskSocket();
        s.registerUmem(umem);
        s.createFillRing(fill);
        s.createCompletionRing(fill);
        if (rx > 0) {
            s.createRxRing(rx);
        }
        if (tx > 0) {
            s.createTxRing(tx);
        }
        return s;
    }

    private static void fill(XskSocket s, int frames) {
        final RingProducer f = s.fillRing().producer();
        assertEquals(frames, f.reserve(frames));
        for (int i = 0; i < frames; i++) {
            f.putAddr(f.reservedIndex() + i, (long) i * CHUNK);
        }
        f.submit();
    }

    @Test
    void receivesEveryFrameInOrderWithNativeXdp() {
        receiveAll(XdpMode.NATIVE, Attach.AUTO);
    }

    @Test
    void receivesEveryFrameInOrderWithGenericXdp() {
        receiveAll(XdpMode.GENERIC, Attach.AUTO);
    }

    @Test
    void receivesThroughANetlinkAttachedProgram() {
        receiveAll(XdpMode.NATIVE, Attach.NETLINK);
    }

    /** 1001 frames from the peer arrive once each, in order, intact, in copy mode; no counter moves. */
    private void receiveAll(XdpMode mode, Attach attach) {
        port = KernelXdpPort.open(veth.local, mode, attach);
        assertEquals(mode, port.xdpMode());
        assertEquals(attach != Attach.NETLINK, port.attachedByLink());
        final int[] attached = KernelXdpPort.attachedProgram(veth.local);
        assertEquals(mode == XdpMode.NATIVE ? 1 : 2, attached[0], "XDP_ATTACHED_DRV (1) or _SKB (2)");
        assertEquals(port.programId(), attached[1]);

        final Umem umem = port.createUmem(new UmemConfig((long) FRAMES * CHUNK, CHUNK, 0, 0, false));
        final XskSocket xsk = socket(umem, FRAMES, 2048, 0);
        port.bind(xsk, 0, XskSocket.XDP_COPY | XskSocket.XDP_USE_NEED_WAKEUP);
        assertEquals(0, xsk.options(), "copy mode: XDP_OPTIONS_ZEROCOPY clear");
        fill(xsk, 2048);

        final RingConsumer rx = xsk.rxRing().consumer();
        final RingProducer f = xsk.fillRing().producer();
        final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
        final KernelQueuePoller poller = port.poller(0);
        int next = 0;
        int sent = 0;
        final long end = System.nanoTime() + DEADLINE_NANOS;
        while (next < COUNT && System.nanoTime() < end) {
            if (sent == next) {
                final int burst = Math.min(BURST, COUNT - sent);
                for (int i = 0; i < burst; i++) {
                    peer.send(sent++);
                }
            }
            poller.doWork();
            final int n = rx.peek(64);
            if (n == 0) {
                continue;
            }
            final int idx = rx.peekIndex();
            assertEquals(n, f.reserve(n));
            for (int i = 0; i < n; i++) {
                final long addr = rx.descAddr(idx + i);
                final int len = rx.descLen(idx + i);
                frame.wrap(umem.addressOf(addr), len);
                assertEquals(PeerSocket.lengthOf(next), len, "length of frame " + next);
                assertEquals(next, PeerSocket.checkFrame(frame, 0, len), "sequence (or -2: bad checksum)");
                assertEquals(0, rx.descOptions(idx + i));
                next++;
                f.putAddr(f.reservedIndex() + i, addr & umem.chunkMask());
            }
            f.submit();
            rx.release(n);
        }
        assertEquals(COUNT, next, "frames received in order before the deadline");

        final XdpStatistics st = new XdpStatistics();
        xsk.statistics(st);
        assertEquals(0, st.rxDropped);
        assertEquals(0, st.rxRingFull);
        assertEquals(0, st.rxInvalidDescs);
        final Map<String, Long> m = port.statistics();
        assertEquals(mode == XdpMode.NATIVE ? 1L : 2L, m.get("xdp.mode"));
        assertEquals(st.rxDropped, m.get("xsk-0.rx_dropped"));
        assertEquals(st.rxFillRingEmptyDescs, m.get("xsk-0.rx_fill_ring_empty_descs"));
        assertEquals(0L, m.get("xsk-0.zero_copy"));

        port.close();
        port = null;
        assertArrayEquals(new int[] {0, 0}, KernelXdpPort.attachedProgram(veth.local),
            "no XDP program stays attached after close");
        assertFalse(xsk.isBound());
    }

    /**
     * Copy mode with 511 frames on the fill ring and nobody consuming: the first 511 frames land on the Rx ring, each
     * of the other 490 finds the fill ring empty and is counted in rx_dropped (facts A.7: the copy-mode buffer
     * allocation fails) and in rx_fill_ring_empty_descs (facts A.6).
     */
    @Test
    void dropsWithAnEmptyFillRingAreCountedAsTheKernelCountsThem() {
        port = KernelXdpPort.open(veth.local, XdpMode.NATIVE, Attach.AUTO);
        final Umem umem = port.createUmem(new UmemConfig((long) FRAMES * CHUNK, CHUNK, 0, 0, false));
        final XskSocket xsk = socket(umem, 512, 2048, 0);
        port.bind(xsk, 0, XskSocket.XDP_COPY);
        fill(xsk, 511);
        final XdpStatistics st = new XdpStatistics();
        int sent = 0;
        final long end = System.nanoTime() + DEADLINE_NANOS;
        while (sent < COUNT && System.nanoTime() < end) {
            final int burst = Math.min(BURST, COUNT - sent);
            for (int i = 0; i < burst; i++) {
                peer.send(sent++);
            }
            waitAccounted(xsk, st, sent, end);
        }
        assertEquals(COUNT, sent);
        assertEquals(511, xsk.rxRing().producerIndex(), "frames on the Rx ring");
        assertEquals(490, st.rxDropped);
        assertEquals(490, st.rxFillRingEmptyDescs);
        assertEquals(0, st.rxRingFull);
        final Map<String, Long> m = port.statistics();
        assertEquals(490L, m.get("xsk-0.rx_dropped"));
        assertEquals(490L, m.get("xsk-0.rx_fill_ring_empty_descs"));
        assertEquals(0L, m.get("xsk-0.rx_ring_full"));
    }

    /**
     * An Rx ring of 256 slots, 1024 frames on the fill ring, nobody consuming: 256 frames are delivered, the other 745
     * find the Rx ring full (rx_ring_full, facts A.2/A.7); the fill ring never runs dry.
     */
    @Test
    void aFullRxRingIsCountedAsRxRingFull() {
        port = KernelXdpPort.open(veth.local, XdpMode.GENERIC, Attach.AUTO);
        final Umem umem = port.createUmem(new UmemConfig((long) FRAMES * CHUNK, CHUNK, 0, 0, false));
        final XskSocket xsk = socket(umem, 1024, 256, 0);
        port.bind(xsk, 0, XskSocket.XDP_COPY);
        fill(xsk, 1024);
        final XdpStatistics st = new XdpStatistics();
        int sent = 0;
        final long end = System.nanoTime() + DEADLINE_NANOS;
        while (sent < COUNT && System.nanoTime() < end) {
            final int burst = Math.min(BURST, COUNT - sent);
            for (int i = 0; i < burst; i++) {
                peer.send(sent++);
            }
            waitAccounted(xsk, st, sent, end);
        }
        assertEquals(256, xsk.rxRing().producerIndex());
        assertEquals(745, st.rxRingFull);
        assertEquals(0, st.rxDropped);
        assertEquals(0, st.rxFillRingEmptyDescs);
        assertEquals(745L, port.statistics().get("xsk-0.rx_ring_full"));
    }

    /** Waits until every frame sent so far is on the Rx ring or counted by XDP_STATISTICS. */
    private static void waitAccounted(XskSocket xsk, XdpStatistics st, int sent, long end) {
        while (System.nanoTime() < end) {
            xsk.statistics(st);
            if (xsk.rxRing().producerIndex() + st.rxDropped + st.rxRingFull >= sent) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** 1001 frames written into the UMEM and put on the Tx ring arrive at the peer intact; 1001 completions. */
    @Test
    void transmitsToThePeer() {
        port = KernelXdpPort.open(veth.local);
        final Umem umem = port.createUmem(new UmemConfig((long) FRAMES * CHUNK, CHUNK, 0, 0, false));
        final XskSocket xsk = socket(umem, 2048, 0, 512);
        port.bind(xsk, 0, XskSocket.XDP_USE_NEED_WAKEUP);
        final UnsafeBuffer view = new UnsafeBuffer(umem.address(), (int) umem.size());
        final RingProducer tx = xsk.txRing().producer();
        final RingConsumer comp = xsk.completionRing().consumer();
        final KernelQueuePoller poller = port.poller(0);
        final boolean[] seen = new boolean[COUNT];
        int submitted = 0;
        int completed = 0;
        int received = 0;
        final long end = System.nanoTime() + DEADLINE_NANOS;
        // One burst at a time: the peer's socket buffer (about 200 KB) must never overflow, or it drops frames.
        while (submitted < COUNT && System.nanoTime() < end) {
            final int burst = Math.min(BURST, COUNT - submitted);
            assertEquals(burst, tx.reserve(burst));
            for (int i = 0; i < burst; i++) {
                final int seq = submitted + i;
                final long addr = (long) (seq % FRAMES) * CHUNK;
                PeerSocket.writeFrame(view, (int) addr, seq, PeerSocket.lengthOf(seq));
                tx.putDesc(tx.reservedIndex() + i, addr, PeerSocket.lengthOf(seq), 0);
            }
            tx.submit();
            submitted += burst;
            while (completed < submitted && System.nanoTime() < end) {
                poller.doWork(); // copy mode: the Tx ring asks for a send() kick
                completed += drain(comp);
            }
            for (int i = 0; i < burst; i++) {
                final int seq = peer.receive(1000);
                assertTrue(seq >= 0, "frame " + (submitted - burst + i) + " at the peer: " + seq
                    + " (-1 foreign, -2 bad checksum, -3 none within 1 s)");
                assertFalse(seen[seq], "frame " + seq + " twice");
                seen[seq] = true;
                received++;
            }
        }
        assertEquals(COUNT, received, "frames the peer received");
        assertEquals(COUNT, completed);
        final XdpStatistics st = new XdpStatistics();
        xsk.statistics(st);
        assertEquals(0, st.txInvalidDescs);
        final Map<String, Long> m = port.statistics();
        assertTrue(m.get("xsk-0.tx_kicks") >= (COUNT + BURST - 1) / BURST, "at least one send() per burst");
        assertEquals(0L, m.get("xsk-0.kick_errors"), "errno " + m.get("xsk-0.kick_last_errno"));
    }

    /**
     * A UMEM in 2 MiB huge pages when the pool has two free (its address then 2 MiB aligned, and it receives), else
     * the error says how to reserve them. The test never changes the pool: other tests on the machine use it.
     */
    @Test
    void hugePageUmemOrAdviceHowToReserveThem() throws IOException {
        port = KernelXdpPort.open(veth.local, XdpMode.NATIVE, Attach.AUTO);
        final UmemConfig config = new UmemConfig(4L << 20, CHUNK, 0, 0, true);
        if (hugePagesFree() < 2) {
            final KernelXdpException e = assertThrows(KernelXdpException.class, () -> port.createUmem(config));
            assertTrue(e.getMessage().contains("hugepages-2048kB/nr_hugepages"), e.getMessage());
            return;
        }
        final Umem umem = port.createUmem(config);
        assertEquals(0, umem.address() & ((2L << 20) - 1), "2 MiB aligned");
        final XskSocket xsk = socket(umem, 1024, 1024, 0);
        port.bind(xsk, 0, XskSocket.XDP_COPY);
        fill(xsk, 1024);
        for (int i = 0; i < BURST - 1; i++) {
            peer.send(i);
        }
        final long end = System.nanoTime() + DEADLINE_NANOS;
        while (xsk.rxRing().producerIndex() < BURST - 1 && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertEquals(BURST - 1, xsk.rxRing().producerIndex());
    }

    private static long hugePagesFree() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("HugePages_Free:")) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        return 0;
    }

    private static int drain(RingConsumer comp) {
        final int c = comp.peek(64);
        comp.release(c);
        return c;
    }

    /** A second socket on the same queue shares the first's UMEM and fill ring; the last bound takes the key. */
    @Test
    void aSocketSharingTheUmemReceivesOnTheSameQueue() {
        port = KernelXdpPort.open(veth.local, XdpMode.NATIVE, Attach.AUTO);
        final Umem umem = port.createUmem(new UmemConfig((long) FRAMES * CHUNK, CHUNK, 0, 0, false));
        final XskSocket owner = socket(umem, 2048, 512, 0);
        port.bind(owner, 0, XskSocket.XDP_COPY);
        final XskSocket second = new XskSocket();
        second.createRxRing(512);
        port.bindShared(second, 0, owner);
        assertSame(umem, second.umem());
        assertNull(second.fillRing(), "sockets on one queue use the owner's fill ring");
        fill(owner, 511);
        for (int i = 0; i < BURST; i++) {
            peer.send(i);
        }
        final long end = System.nanoTime() + DEADLINE_NANOS;
        while (second.rxRing().producerIndex() < BURST && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertEquals(BURST, second.rxRing().producerIndex(), "the second socket holds the XSKMAP key");
        assertEquals(0, owner.rxRing().producerIndex());
        final Map<String, Long> m = port.statistics();
        assertTrue(m.containsKey("xsk-0#2.rx_dropped"));
    }

    /** Closing the port leaves no socket, bpf object, ring mapping or UMEM mapping behind. */
    @Test
    void closeLeavesNoFdOrMappingBehind() throws IOException {
        cycle(); // warm-up: classes, jnr stubs and the JIT settle first
        final long fds = fdCount();
        final long kernelFds = kernelFdCount();
        final long socketMaps = mapsLines("socket:") + mapsLines("anon_inode:[xdp");
        final long umemAt = cycle();
        assertEquals(kernelFds, kernelFdCount(), "AF_XDP, packet, netlink and bpf fds");
        assertEquals(fds, fdCount(), "all fds of the process");
        assertEquals(socketMaps, mapsLines("socket:") + mapsLines("anon_inode:[xdp"), "ring mappings");
        assertEquals(0, mapsLines(Long.toHexString(umemAt) + "-"), "the UMEM mapping");
        assertArrayEquals(new int[] {0, 0}, KernelXdpPort.attachedProgram(veth.local));
    }

    /** One open, bind, receive-ready, close cycle; returns the UMEM's address. */
    private long cycle() {
        final KernelXdpPort p = KernelXdpPort.open(veth.local, XdpMode.AUTO, Attach.AUTO);
        final long at;
        try {
            final Umem umem = p.createUmem(new UmemConfig((long) FRAMES * CHUNK, CHUNK, 0, 0, false));
            final XskSocket xsk = socket(umem, 2048, 2048, 2048);
            p.bind(xsk, 0, XskSocket.XDP_USE_NEED_WAKEUP); // right after the last cycle's close: see KernelXsk.bind
            fill(xsk, 1024);
            p.poller(0).doWork();
            at = umem.address();
        } catch (RuntimeException | Error e) { // the first failure is the one to see, not close()'s complaint
            try {
                p.close();
            } catch (RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
        p.close();
        return at;
    }

    private static long fdCount() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static long kernelFdCount() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(p -> {
                try {
                    final String t = Files.readSymbolicLink(p).toString();
                    return t.startsWith("socket:") || t.startsWith("anon_inode:bpf");
                } catch (IOException e) {
                    return false; // the fd closed while listing (the listing's own)
                }
            }).count();
        }
    }

    private static long mapsLines(String what) throws IOException {
        final List<String> lines = Files.readAllLines(Path.of("/proc/self/maps"));
        return lines.stream().filter(l -> l.contains(what)).count();
    }

    @Test
    void errorsSayWhatToDo() {
        final KernelXdpException missing = assertThrows(KernelXdpException.class,
            () -> KernelXdpPort.open("xdpjnone0"));
        assertEquals(KernelXdpException.ENODEV, missing.errno());
        assertTrue(missing.getMessage().contains("ip link show"), missing.getMessage());

        port = KernelXdpPort.open(veth.local, XdpMode.NATIVE, Attach.AUTO);
        final KernelXdpException busy = assertThrows(KernelXdpException.class,
            () -> KernelXdpPort.open(veth.local, XdpMode.NATIVE, Attach.AUTO));
        assertEquals(KernelXdpException.EBUSY, busy.errno());
        assertTrue(busy.getMessage().contains("another XDP program") && busy.getMessage().contains(
            "program id " + port.programId()), busy.getMessage());

        final Umem umem = port.createUmem(new UmemConfig((long) FRAMES * CHUNK, CHUNK, 0, 0, false));
        final XskSocket zc = socket(umem, 2048, 2048, 0);
        final KernelXdpException noZc = assertThrows(KernelXdpException.class,
            () -> port.bind(zc, 0, XskSocket.XDP_ZEROCOPY));
        assertEquals(KernelXdpException.EOPNOTSUPP, noZc.errno());
        assertTrue(noZc.getMessage().contains("zero-copy") && noZc.getMessage().contains("XDP_COPY"),
            noZc.getMessage());

        final KernelXdpException queue = assertThrows(KernelXdpException.class, () -> port.bind(zc, 1, 0));
        assertTrue(queue.getMessage().contains("1 Rx queue(s)"), queue.getMessage());

        final KernelXdpException java = assertThrows(KernelXdpException.class,
            () -> port.attachProgram(ctx -> 2, null));
        assertEquals(KernelXdpException.EOPNOTSUPP, java.errno());

        final XskSocket inProcess = new XskSocket();
        inProcess.registerUmem(Umem.allocate(new UmemConfig(16 * CHUNK, CHUNK, 0, 0, false)));
        inProcess.createFillRing(16);
        inProcess.createCompletionRing(16);
        inProcess.createRxRing(16);
        assertThrows(KernelXdpException.class, () -> port.bind(inProcess, 0, 0));
        inProcess.close();
        zc.close();
        port.close();
        port = null;

        veth.localDown();
        final KernelXdpException down = assertThrows(KernelXdpException.class,
            () -> KernelXdpPort.open(veth.local));
        assertEquals(KernelXdpException.ENETDOWN, down.errno());
        assertTrue(down.getMessage().contains("ip link set dev " + veth.local + " up"), down.getMessage());
    }

    /** The default program's Java form and the map it shares with the kernel one. */
    @Test
    void theJavaProgramSeesTheSocketsTheKernelMapHolds() {
        port = KernelXdpPort.open(veth.local);
        final LibxdpDefaultProgram program = new LibxdpDefaultProgram();
        port.attachProgram(program, null);
        final Umem umem = port.createUmem(new UmemConfig((long) FRAMES * CHUNK, CHUNK, 0, 0, false));
        final XskSocket xsk = socket(umem, 2048, 2048, 0);
        port.bind(xsk, 0, XskSocket.XDP_COPY);
        assertSame(xsk, program.map().lookup(0));
        port.close();
        port = null;
        assertNull(program.map().lookup(0), "closing the socket takes it out of the map");
    }
}
