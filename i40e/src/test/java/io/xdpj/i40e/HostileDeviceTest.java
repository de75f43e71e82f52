package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.AgentRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.xdpj.i40e.hw.aq.AdminQueueDescriptor;
import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.ring.RingConsumer;
import io.xdpj.ring.RingProducer;
import io.xdpj.sim.SimAgent;
import io.xdpj.sim.SimConfig;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.wire.CountingSink;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.Wire;
import io.xdpj.vfio.DmaAllocator;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.Mmio;
import io.xdpj.vfio.PciFunction;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XdpPrograms;
import io.xdpj.xsk.XskMap;
import io.xdpj.xsk.XskSocket;

/**
 * Hostile input from the device, through test doubles around the model (the model itself stays as the facts
 * describe it): Rx write-backs written by the test in the device's place (random bits, EOF missing for long runs,
 * error bits, lengths beyond the buffer, DD on descriptors never posted), admin-queue completions with a wrong
 * opcode, length or flags ({@link ScriptedFirmware}), and registers reading all ones from any point of the
 * bring-up on. The driver must never hand on more than its buffer holds, never loop without bound, count every
 * frame it drops, and fail with its typed exception.
 */
class HostileDeviceTest {

    private static final long DD = RxDescriptor.DD_MASK;
    private static final long EOF = RxDescriptor.EOF_MASK;
    private static final int RING = 64;
    private static final int CHUNK = 2048;
    private static final int UMEM_FRAMES = 256;

    // ------------------------------------------------------------------------------------------------------------
    // Test doubles

    /** The model as the driver sees it, with BAR0 and DMA wrapped: records DMA blocks and QRX_TAIL, flips to all ones. */
    static final class Wrapped {
        final SimulatedXl710 model;
        final Map<String, DmaMemory> blocks = new HashMap<>();
        volatile int rxTail;
        volatile long allOnesAfterReads = Long.MAX_VALUE;
        long reads;
        private final Mmio bar;
        private final DmaAllocator dma;

        Wrapped(SimulatedXl710 model) {
            this.model = model;
            final Mmio inner = model.bar0();
            this.bar = new Mmio() {
                @Override
                public int read32(int offset) {
                    return ++reads > allOnesAfterReads ? -1 : inner.read32(offset);
                }

                @Override
                public void write32(int offset, int value) {
                    if (offset == LanQueueRegisters.QRX_TAIL(0)) {
                        rxTail = value;
                    }
                    if (reads < allOnesAfterReads) {
                        inner.write32(offset, value);
                    }
                }

                @Override
                public long read64(int offset) {
                    return ++reads > allOnesAfterReads ? -1L : inner.read64(offset);
                }

                @Override
                public long length() {
                    return inner.length();
                }
            };
            this.dma = new DmaAllocator() {
                @Override
                public DmaMemory allocate(long length, long alignment, String purpose) {
                    final DmaMemory m = model.dma().allocate(length, alignment, purpose);
                    blocks.put(purpose, m);
                    return m;
                }

                @Override
                public void close() {
                    model.dma().close();
                }
            };
        }

        /** The model through the wrapped BAR0 and DMA allocator, for the port. */
        PciFunction function() {
            return PciFunction.withAccess(model, bar, dma);
        }
    }

    /**
     * A clock that runs 100 ms per reading once flipped (the longest poll interval of the driver's waits), so its
     * deadlines pass within a few readings on a dead device.
     */
    static final class FlippingClock implements NanoClock {
        volatile boolean fast;
        private long offset;

        @Override
        public synchronized long nanoTime() {
            if (fast) {
                offset += 100_000_000L;
            }
            return System.nanoTime() + offset;
        }
    }

    /** A port on the model with no traffic (the generator never releases a frame): the test writes back instead. */
    static final class Bed implements AutoCloseable {
        final SimulatedXl710 model = SimulatedXl710.create(SimConfig.builder().build(),
            Wire.of(FrameGenerator.builder().count(0).build(), new CountingSink()));
        final Wrapped fn = new Wrapped(model);
        final AgentRunner agent = SimAgent.start(model, new BackoffIdleStrategy(1, 10, 1_000, 100_000));
        I40ePort port;
        Umem umem;
        XskSocket xsk;
        AtomicBuffer ring;
        int head;

        Bed(I40eConfig config, boolean zeroCopy) {
            port = I40ePort.open(fn.function(), config);
            umem = port.createUmem(new UmemConfig((long) UMEM_FRAMES * CHUNK, CHUNK, 0, 0, false));
            xsk = new XskSocket();
            xsk.registerUmem(umem);
            xsk.createFillRing(UMEM_FRAMES);
            xsk.createCompletionRing(UMEM_FRAMES);
            xsk.createRxRing(UMEM_FRAMES);
            final XskMap map = new XskMap(4);
            port.attachProgram(XdpPrograms.redirectXsk(map), null);
            port.bind(xsk, 0, zeroCopy ? XskSocket.XDP_ZEROCOPY : XskSocket.XDP_COPY);
            map.update(0, xsk);
            final RingProducer fill = xsk.fillRing().producer();
            fill.reserve(UMEM_FRAMES);
            for (int f = 0; f < UMEM_FRAMES; f++) {
                fill.putAddr(fill.reservedIndex() + f, (long) f * CHUNK);
            }
            fill.submit();
            port.poller(0).doWork();
            ring = fn.blocks.get("rx ring q0").buffer();
        }

        /** Descriptors the driver handed to the device and the device has not written back (tail − head). */
        int posted() {
            return (fn.rxTail - head) & (RING - 1);
        }

        /** Writes qword1 (and a garbage qword0) into the next posted descriptor, as the device; false if none. */
        boolean writeBack(long qw1, long qw0) {
            if (posted() == 0) {
                return false;
            }
            ring.putLong(head * 16, qw0);
            ring.putLongRelease(head * 16 + RxDescriptor.QWORD1_OFFSET, qw1);
            head = (head + 1) & (RING - 1);
            return true;
        }

        @Override
        public void close() {
            try {
                port.close();
            } finally {
                agent.close();
                model.close();
            }
        }
    }

    /** What the facts say a driver must make of a written-back descriptor (facts 7.2): the expected counters. */
    static final class Expected {
        final int maxFrame;
        boolean dropping;
        long delivered;
        long errors;
        long oversize;
        long multi;

        Expected(int maxFrame) {
            this.maxFrame = maxFrame;
        }

        void add(long qw1) {
            final long errorBits = (qw1 >>> RxDescriptor.I40E_RXD_QW1_ERROR_SHIFT) & 0xFF;
            final int len = (int) ((qw1 & RxDescriptor.I40E_RXD_QW1_LENGTH_PBUF_MASK)
                >>> RxDescriptor.I40E_RXD_QW1_LENGTH_PBUF_SHIFT);
            if ((qw1 & EOF) == 0) {
                dropping = true;
            } else if (dropping) {
                dropping = false;
                multi++;
            } else if ((errorBits & (1 << RxDescriptor.I40E_RX_DESC_ERROR_OVERSIZE_SHIFT)) != 0) {
                oversize++;
            } else if ((errorBits & (1 << RxDescriptor.I40E_RX_DESC_ERROR_RXE_SHIFT
                | 1 << RxDescriptor.I40E_RX_DESC_ERROR_HBO_SHIFT)) != 0) {
                errors++;
            } else if (len == 0 || len > maxFrame) {
                oversize++;
            } else {
                delivered++;
            }
        }
    }

    /** Polls until the driver does nothing more; each cycle must stay within the budget. Returns delivered frames. */
    private static long drain(Bed b, List<long[]> seen, int budget) {
        final I40eQueuePoller poller = b.port.poller(0);
        final RingConsumer rx = b.xsk.rxRing().consumer();
        final RingProducer fill = b.xsk.fillRing().producer();
        long delivered = 0;
        for (int idle = 0; idle < 3; ) {
            final int work = poller.doWork();
            assertTrue(work <= budget, "one poll cycle did " + work + " > budget " + budget);
            final int n = rx.peek(UMEM_FRAMES);
            if (n > 0) {
                fill.reserve(n);
                for (int i = 0; i < n; i++) {
                    final long addr = rx.descAddr(rx.peekIndex() + i);
                    seen.add(new long[] {addr, rx.descLen(rx.peekIndex() + i)});
                    fill.putAddr(fill.reservedIndex() + i, addr & b.umem.chunkMask());
                }
                fill.submit();
                rx.release(n);
                delivered += n;
            }
            idle = work == 0 && n == 0 ? idle + 1 : 0;
        }
        return delivered;
    }

    private static long qw1(boolean eof, int errors, int len) {
        return RxDescriptor.qword1(1L | (eof ? 2L : 0L), errors, 24, len, 0);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Rx write-backs

    /**
     * 20001 write-backs with random bits (DD always set: the device says it wrote them): whatever the bits, every
     * frame is delivered or counted exactly as the facts classify it, no delivered frame is longer than the buffer
     * or outside its UMEM chunk, and no poll cycle exceeds its budget.
     */
    @ParameterizedTest(name = "zc={0} batched={1}")
    @CsvSource({"true,false", "true,true", "false,false", "false,true"})
    void randomWriteBacksAreDeliveredOrCountedNeverBeyondTheBuffer(boolean zeroCopy, boolean batched) {
        final long seed = 0xbad_0000L + (zeroCopy ? 2 : 0) + (batched ? 1 : 0);
        final Random r = new Random(seed);
        final I40eConfig cfg = I40eConfig.builder().ringSize(RING).rxBudget(32)
            .rxMode(batched ? I40eConfig.RxMode.BATCHED : I40eConfig.RxMode.SCALAR).batchSize(8).build();
        try (Bed b = new Bed(cfg, zeroCopy)) {
            final int maxFrame = zeroCopy ? CHUNK - Umem.XDP_PACKET_HEADROOM : 2048 - Umem.XDP_PACKET_HEADROOM;
            final Expected e = new Expected(maxFrame / 128 * 128);
            final List<long[]> seen = new ArrayList<>();
            long delivered = 0;
            for (int written = 0; written < 20_001; ) {
                final int burst = 1 + r.nextInt(RING);
                for (int i = 0; i < burst && written < 20_001; i++) {
                    long q = r.nextLong() | DD;
                    if (r.nextInt(3) > 0) { // mostly plausible: EOF set, errors rare, lengths around the buffer
                        q = qw1(r.nextInt(8) != 0, r.nextInt(10) == 0 ? 1 << r.nextInt(8) : 0,
                            r.nextInt(10) == 0 ? r.nextInt(1 << 14) : 60 + r.nextInt(maxFrame));
                    }
                    if (!b.writeBack(q, r.nextLong())) {
                        break;
                    }
                    e.add(q);
                    written++;
                }
                delivered += drain(b, seen, 32);
            }
            final Map<String, Long> st = b.port.statistics();
            final String why = "seed " + seed;
            assertEquals(e.delivered, delivered, why);
            assertEquals(e.errors, st.get("rx-0.errors"), why);
            assertEquals(e.oversize, st.get("rx-0.oversize"), why);
            assertEquals(e.multi, st.get("rx-0.multi_buffer_drops"), why);
            for (long[] d : seen) {
                final long offsetInChunk = d[0] - (d[0] & b.umem.chunkMask());
                assertTrue(d[1] <= maxFrame && offsetInChunk + d[1] <= CHUNK, why + ": delivered " + d[1]
                    + " bytes at UMEM 0x" + Long.toHexString(d[0]) + ", beyond its chunk");
            }
        }
    }

    /** EOF missing on 100001 descriptors in a row: no frame is delivered, each cycle is bounded, one drop is counted. */
    @Test
    void aRunWithoutEofNeverEndsAFrameAndIsCountedOnceWhenItDoes() {
        try (Bed b = new Bed(I40eConfig.builder().ringSize(RING).rxBudget(32).build(), true)) {
            final List<long[]> seen = new ArrayList<>();
            for (int written = 0; written < 100_001; ) {
                while (written < 100_001 && b.writeBack(qw1(false, 0, 2048 - 256), -1L)) {
                    written++;
                }
                assertEquals(0, drain(b, seen, 32));
            }
            assertTrue(b.writeBack(qw1(true, 0, 60), 0));
            assertEquals(0, drain(b, seen, 32));
            assertEquals(1, b.port.statistics().get("rx-0.multi_buffer_drops"));
            // The next frame is a frame again.
            assertTrue(b.writeBack(qw1(true, 0, 61), 0));
            assertEquals(1, drain(b, seen, 32));
            assertEquals(61, seen.get(0)[1]);
        }
    }

    /**
     * DD written on every descriptor of the ring, including the one the driver never posted (the tail stays one
     * behind): the driver looks only at what it posted: 63 frames, not 64, and the 64th slot is re-armed (DD clear)
     * before it is ever read.
     */
    @Test
    void ddOnADescriptorNeverPostedIsNotRead() {
        try (Bed b = new Bed(I40eConfig.builder().ringSize(RING).build(), true)) {
            assertEquals(RING - 1, b.posted());
            for (int i = 0; i < RING; i++) {
                b.ring.putLongRelease(i * 16 + RxDescriptor.QWORD1_OFFSET, qw1(true, 0, 100));
            }
            final List<long[]> seen = new ArrayList<>();
            assertEquals(RING - 1, drain(b, seen, 256));
            assertEquals(0, b.ring.getLongVolatile((RING - 1) * 16 + RxDescriptor.QWORD1_OFFSET) & DD,
                "the never-posted slot was re-armed with its status cleared");
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Admin queue completions

    /** Runs every command against {@code responder}; returns the failures (typed ones only, else the test fails). */
    private static List<I40eException> against(ScriptedFirmware.Responder responder) {
        final List<I40eException> failures = new ArrayList<>();
        try (ScriptedFirmware fw = new ScriptedFirmware(responder)) {
            final FlippingClock clock = new FlippingClock();
            clock.fast = true;
            final AdminQueue aq = new AdminQueue(fw, fw.dma, new Deadline(clock));
            aq.enable();
            final AdminCommands c = new AdminCommands(aq);
            final List<Consumer<AdminCommands>> steps = List.of(AdminCommands::getVersion,
                AdminCommands::clearPxeMode, AdminCommands::listFunctionCapabilities, AdminCommands::macAddressRead,
                AdminCommands::getSwitchConfig, x -> x.getVsiParameters(16), AdminCommands::getLinkStatus,
                AdminCommands::setPhyIntMask, x -> x.driverVersion(0, 1, "xdpj-i40e"));
            for (Consumer<AdminCommands> s : steps) {
                try {
                    s.accept(c);
                } catch (I40eException e) {
                    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                    failures.add(e);
                } catch (RuntimeException e) {
                    fail("an admin-queue completion made the driver fail with " + e + " instead of an I40eException",
                        e);
                }
            }
            aq.close();
        }
        return failures;
    }

    /** A well-behaved firmware answer: DD | CMP, the opcode kept, retval 0, buffers as the driver posted them. */
    private static boolean ok(UnsafeBuffer d, UnsafeBuffer buf) {
        AdminQueueDescriptor.flags(d, 0, AdminQueueDescriptor.flags(d, 0) | AdminQueueDescriptor.FLAG_DD
            | AdminQueueDescriptor.FLAG_CMP);
        AdminQueueDescriptor.retval(d, 0, 0);
        return true;
    }

    @Test
    void aCompletionForAnotherOpcodeIsRefused() {
        final List<I40eException> f = against((d, buf) -> {
            ok(d, buf);
            AdminQueueDescriptor.opcode(d, 0, AdminQueueDescriptor.opcode(d, 0) ^ 0x0100);
            return true;
        });
        assertEquals(9, f.size(), "every command must notice the foreign completion: " + f);
        assertTrue(f.get(0).getMessage().contains("opcode"), f.get(0).getMessage());
    }

    @Test
    void aCompletionWithoutDoneIsRefused() {
        final List<I40eException> f = against((d, buf) -> {
            AdminQueueDescriptor.flags(d, 0, AdminQueueDescriptor.flags(d, 0) & ~AdminQueueDescriptor.FLAG_DD);
            return true;
        });
        assertEquals(9, f.size(), "every command must notice the missing DD: " + f);
    }

    @Test
    void aCompletionClaimingMoreDataThanTheBufferIsRefused() {
        final List<I40eException> f = against((d, buf) -> {
            ok(d, buf);
            if (buf != null) {
                AdminQueueDescriptor.datalen(d, 0, 0xFFFF);
            }
            return true;
        });
        // The indirect ones: get version and link status are direct, the rest that carry a buffer must refuse.
        assertTrue(f.size() >= 4, "indirect commands must refuse a length beyond their buffer: " + f);
    }

    @Test
    void anErrorCompletionNamesTheCommand() {
        final List<I40eException> f = against((d, buf) -> {
            ok(d, buf);
            AdminQueueDescriptor.flags(d, 0, AdminQueueDescriptor.flags(d, 0) | AdminQueueDescriptor.FLAG_ERR);
            AdminQueueDescriptor.retval(d, 0, 5);
            return true;
        });
        assertEquals(9, f.size(), f.toString());
        for (I40eException e : f) {
            assertTrue(e instanceof AdminQueueException, e.toString());
        }
    }

    @Test
    void aFirmwareThatNeverAnswersTimesOutEveryCommand() {
        final List<I40eException> f = against((d, buf) -> false);
        assertEquals(9, f.size(), f.toString());
    }

    /** 2001 seeded random completions (descriptor and buffer bytes): typed failures or results, nothing else. */
    @Test
    void randomCompletionsFailOnlyWithTypedExceptions() {
        final Random r = new Random(0xa0_0001L);
        for (int i = 0; i < 2001; i++) {
            final long seed = r.nextLong();
            final Random g = new Random(seed);
            final List<I40eException> f = against((d, buf) -> {
                final byte[] b = new byte[AdminQueueDescriptor.SIZE];
                g.nextBytes(b);
                if (g.nextBoolean()) { // keep the opcode half the time, so the parsers see the garbage
                    final int op = AdminQueueDescriptor.opcode(d, 0);
                    d.putBytes(0, b);
                    AdminQueueDescriptor.opcode(d, 0, op);
                    AdminQueueDescriptor.flags(d, 0, AdminQueueDescriptor.flags(d, 0) | AdminQueueDescriptor.FLAG_DD);
                } else {
                    d.putBytes(0, b);
                }
                if (buf != null) {
                    final byte[] data = new byte[g.nextInt(AdminQueueDescriptor.MAX_BUF_SIZE + 1)];
                    g.nextBytes(data);
                    buf.putBytes(0, data);
                }
                return true;
            });
            assertTrue(f.size() <= 9, "seed " + seed);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // All-ones registers

    /**
     * Registers read all ones from the k-th read of the bring-up on, for k across the whole bring-up: open fails
     * with an I40eException (or succeeds when k is past its last read), and every DMA mapping is gone afterwards.
     */
    @Test
    void allOnesFromAnyPointOfTheBringUpFailsTypedAndLeaksNoMapping() {
        long total;
        try (Bed b = new Bed(I40eConfig.builder().ringSize(RING).build(), true)) {
            total = b.fn.reads;
        }
        assertTrue(total > 100, "the bring-up reads registers: " + total);
        for (long k = 1; k <= total; k = k * 3 / 2 + 1) {
            final SimulatedXl710 model = SimulatedXl710.create(SimConfig.builder().build(),
                Wire.of(FrameGenerator.builder().count(0).build(), new CountingSink()));
            final AgentRunner agent = SimAgent.start(model, new BackoffIdleStrategy(1, 10, 1_000, 100_000));
            try {
                final Wrapped fn = new Wrapped(model);
                final FlippingClock clock = new FlippingClock();
                final long flipAt = k;
                fn.allOnesAfterReads = flipAt;
                final I40eConfig cfg = I40eConfig.builder().ringSize(RING).clock(new NanoClock() {
                    @Override
                    public long nanoTime() {
                        clock.fast = fn.reads >= flipAt;
                        return clock.nanoTime();
                    }
                }).build();
                final long t0 = System.nanoTime();
                try {
                    I40ePort.open(fn.function(), cfg).close();
                } catch (I40eException expected) {
                    // the typed failure
                } catch (RuntimeException e) {
                    fail("all ones from read " + k + " made open fail with " + e, e);
                }
                assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "open with all ones from read " + k
                    + " took more than 10 s");
                assertEquals(0, model.iommu().mappingCount(), "DMA mappings left after all ones from read " + k);
            } finally {
                agent.close();
                model.close();
            }
        }
    }

    /** All ones after the bring-up: the data path keeps returning, service() reports removal, close completes. */
    @Test
    void allOnesWhileRunningIsReportedAndTheTeardownFreesEverything() {
        final Bed b = new Bed(I40eConfig.builder().ringSize(RING).build(), true);
        try {
            b.fn.allOnesAfterReads = b.fn.reads;
            for (int i = 0; i < 1001; i++) {
                b.port.poller(0).doWork();
            }
            final I40eException e = assertThrows(I40eException.class, b.port::service);
            assertTrue(e.getMessage().contains("0xffffffff") || e.getMessage().contains("removed"), e.getMessage());
        } finally {
            try {
                b.port.close();
            } catch (I40eException expected) {
                // the teardown reports the dead device after freeing everything
            }
            b.agent.close();
            assertEquals(0, b.model.iommu().mappingCount());
            b.model.close();
        }
    }
}
