package io.xdpj.sim;

import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ARQBAH;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ARQBAL;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ARQH;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ARQLEN;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ARQT;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQBAH;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQBAL;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQH;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQLEN;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQT;

import java.util.function.BooleanSupplier;

import io.xdpj.i40e.hw.aq.AdminQueueDescriptor;
import io.xdpj.i40e.hw.hmc.HmcGeometry;
import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import io.xdpj.i40e.hw.reg.HmcRegisters;
import io.xdpj.i40e.hw.reg.AdminQueueRegisters;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.Mmio;
import io.xdpj.vfio.PciConfig;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A tiny test-only "driver": raw register writes and DMA memory from the model's allocator, in the order of a
 * minimal PF driver (facts 10.3, iPXE), with the model stepped by hand. Not the project's driver.
 */
public final class TestDriver {

    /** Steps allowed for any wait on the model; a wait that needs more fails the test. */
    public static final int MAX_STEPS = 50;
    /** Admin queue entries (iPXE uses 4, facts 3.5; an odd-sized ring is no problem for the firmware). */
    public static final int AQ_ENTRIES = 5;
    public static final int AQ_BUFFER = AdminQueueDescriptor.MAX_BUF_SIZE;

    public final SimulatedXl710 device;
    public final Mmio bar;
    private DmaMemory atq;
    private DmaMemory arq;
    private DmaMemory atqBuffer;
    private DmaMemory[] arqBuffers;
    private int atqNext;
    private int arqNext;

    public TestDriver(SimulatedXl710 device) {
        this.device = device;
        this.bar = device.bar0();
    }

    public int read(int offset) {
        return bar.read32(offset);
    }

    public void write(int offset, int value) {
        bar.write32(offset, value);
    }

    public void enableBusMaster() {
        final PciConfig config = device.config();
        config.write16(PciConfig.COMMAND, config.read16(PciConfig.COMMAND) | PciConfig.COMMAND_BUS_MASTER
            | PciConfig.COMMAND_MEMORY);
    }

    /** Steps the model until {@code condition} holds; returns the steps taken; fails after {@link #MAX_STEPS}. */
    public int stepUntil(BooleanSupplier condition, String what) {
        for (int steps = 0; steps <= MAX_STEPS; steps++) {
            if (condition.getAsBoolean()) {
                return steps;
            }
            device.step();
        }
        throw new AssertionError("model did not reach: " + what + " within " + MAX_STEPS + " steps");
    }

    public void steps(int n) {
        for (int i = 0; i < n; i++) {
            device.step();
        }
    }

    public DmaMemory allocate(long bytes, String purpose) {
        return device.dma().allocate(bytes, 4096, purpose);
    }

    /** Programs both admin queues as iPXE does (H, T, BAL, BAH, then LEN | ENABLE; ARQ buffers pre-posted). */
    public void openAdminQueues() {
        atq = allocate((long) AQ_ENTRIES * AdminQueueDescriptor.SIZE, "ATQ");
        arq = allocate((long) AQ_ENTRIES * AdminQueueDescriptor.SIZE, "ARQ");
        atqBuffer = allocate(AQ_BUFFER, "ATQ buffer");
        arqBuffers = new DmaMemory[AQ_ENTRIES];
        for (int i = 0; i < AQ_ENTRIES; i++) {
            arqBuffers[i] = allocate(AQ_BUFFER, "ARQ buffer " + i);
            armEvent(i);
        }
        program(PF_ATQH, PF_ATQT, PF_ATQBAL, PF_ATQBAH, PF_ATQLEN, atq.iova());
        program(PF_ARQH, PF_ARQT, PF_ARQBAL, PF_ARQBAH, PF_ARQLEN, arq.iova());
        write(PF_ARQT, AQ_ENTRIES - 1);
        atqNext = 0;
        arqNext = 0;
    }

    private void program(int h, int t, int bal, int bah, int len, long iova) {
        write(h, 0);
        write(t, 0);
        write(bal, (int) iova);
        write(bah, (int) (iova >>> 32));
        write(len, AQ_ENTRIES | AdminQueueRegisters.PF_ATQLEN_ATQENABLE_MASK);
    }

    private void armEvent(int i) {
        final AtomicBuffer ring = arq.buffer();
        final int d = i * AdminQueueDescriptor.SIZE;
        ring.setMemory(d, AdminQueueDescriptor.SIZE, (byte) 0);
        AdminQueueDescriptor.flags(ring, d, AdminQueueDescriptor.FLAG_BUF | AdminQueueDescriptor.FLAG_LB);
        AdminQueueDescriptor.datalen(ring, d, AQ_BUFFER);
        AdminQueueDescriptor.bufferAddress(ring, d, arqBuffers[i].iova());
    }

    /** A command to fill in and send. */
    public final class Command {
        public final UnsafeBuffer descriptor = new UnsafeBuffer(new byte[AdminQueueDescriptor.SIZE]);
        public final UnsafeBuffer buffer = new UnsafeBuffer(new byte[AQ_BUFFER]);
        private boolean withBuffer;

        Command(int opcode) {
            AdminQueueDescriptor.opcode(descriptor, 0, opcode);
            AdminQueueDescriptor.flags(descriptor, 0, AdminQueueDescriptor.FLAG_SI);
            AdminQueueDescriptor.param32(descriptor, 0, 0, 0);
            descriptor.putInt(AdminQueueDescriptor.COOKIE_HIGH, 0xC0FFEE01);
            descriptor.putInt(AdminQueueDescriptor.COOKIE_LOW, 0x12345678);
        }

        public Command param8(int offset, int value) {
            AdminQueueDescriptor.param8(descriptor, 0, offset, value);
            return this;
        }

        public Command param16(int offset, int value) {
            AdminQueueDescriptor.param16(descriptor, 0, offset, value);
            return this;
        }

        public Command param32(int offset, int value) {
            AdminQueueDescriptor.param32(descriptor, 0, offset, value);
            return this;
        }

        /** An indirect command: BUF (| RD when the firmware reads it; | LB above 512 bytes), datalen = length. */
        public Command buffer(int length, boolean firmwareReads) {
            withBuffer = true;
            int flags = AdminQueueDescriptor.flags(descriptor, 0) | AdminQueueDescriptor.FLAG_BUF;
            if (firmwareReads) {
                flags |= AdminQueueDescriptor.FLAG_RD;
            }
            if (length > AdminQueueDescriptor.LARGE_BUF) {
                flags |= AdminQueueDescriptor.FLAG_LB;
            }
            AdminQueueDescriptor.flags(descriptor, 0, flags);
            AdminQueueDescriptor.datalen(descriptor, 0, length);
            return this;
        }

        /** Sends it and waits (stepping the model) until ATQH passes it, as Linux/DPDK do (facts 3.6). */
        public Completion send() {
            final Completion c = post();
            stepUntil(() -> read(PF_ATQH) == atqNext, "ATQH == " + atqNext);
            return c.collect();
        }

        /** Writes the descriptor and the tail without waiting. */
        public Completion post() {
            final int slot = atqNext;
            final AtomicBuffer ring = atq.buffer();
            if (withBuffer) {
                atqBuffer.buffer().putBytes(0, buffer, 0, AdminQueueDescriptor.datalen(descriptor, 0));
                AdminQueueDescriptor.bufferAddress(descriptor, 0, atqBuffer.iova());
            }
            ring.putBytes(slot * AdminQueueDescriptor.SIZE, descriptor, 0, AdminQueueDescriptor.SIZE);
            atqNext = (atqNext + 1) % AQ_ENTRIES;
            write(PF_ATQT, atqNext);
            return new Completion(slot);
        }
    }

    /** The descriptor (and buffer) after the firmware wrote them back. */
    public final class Completion {
        public final int slot;
        public final UnsafeBuffer descriptor = new UnsafeBuffer(new byte[AdminQueueDescriptor.SIZE]);
        public final UnsafeBuffer buffer = new UnsafeBuffer(new byte[AQ_BUFFER]);

        Completion(int slot) {
            this.slot = slot;
        }

        public Completion collect() {
            atq.buffer().getBytes(slot * AdminQueueDescriptor.SIZE, descriptor, 0, AdminQueueDescriptor.SIZE);
            atqBuffer.buffer().getBytes(0, buffer, 0, AQ_BUFFER);
            return this;
        }

        public int flags() {
            return AdminQueueDescriptor.flags(descriptor, 0);
        }

        public int retval() {
            return AdminQueueDescriptor.retval(descriptor, 0);
        }

        public int datalen() {
            return AdminQueueDescriptor.datalen(descriptor, 0);
        }

        public int param8(int offset) {
            return AdminQueueDescriptor.param8(descriptor, 0, offset);
        }

        public int param16(int offset) {
            return AdminQueueDescriptor.param16(descriptor, 0, offset);
        }

        public int param32(int offset) {
            return AdminQueueDescriptor.param32(descriptor, 0, offset);
        }

        public byte[] bufferBytes(int length) {
            final byte[] out = new byte[length];
            buffer.getBytes(0, out);
            return out;
        }
    }

    public Command command(int opcode) {
        return new Command(opcode);
    }

    /**
     * The next ARQ event if the firmware wrote one (DD set, as iPXE polls), else null. Re-arms the slot and writes
     * ARQT = the cleaned index (facts 3.7).
     */
    public UnsafeBuffer pollEvent() {
        final AtomicBuffer ring = arq.buffer();
        final int d = arqNext * AdminQueueDescriptor.SIZE;
        if ((AdminQueueDescriptor.flags(ring, d) & AdminQueueDescriptor.FLAG_DD) == 0) {
            return null;
        }
        final UnsafeBuffer event = new UnsafeBuffer(new byte[AdminQueueDescriptor.SIZE]);
        ring.getBytes(d, event, 0, AdminQueueDescriptor.SIZE);
        armEvent(arqNext);
        write(PF_ARQT, arqNext);
        arqNext = (arqNext + 1) % AQ_ENTRIES;
        return event;
    }

    // ---- LAN HMC, as i40e_init_lan_hmc / i40e_configure_lan_hmc lay it out (facts 5.3)

    private DmaMemory hmcBacking;
    private DmaMemory[] hmcPages;
    private long rxFpmBase;

    /** FPM size for {@code count} Tx and Rx contexts: align512(align512(count × 128) + count × 32) (facts 5.3). */
    public static long fpmSize(int count) {
        return HmcGeometry.alignObjectBase(HmcGeometry.alignObjectBase((long) count * 128) + (long) count * 32);
    }

    /**
     * Programs SD 0 (direct: one backing buffer; paged: a PD page and 4 KiB pages) and the FPM registers for
     * {@code count} Tx and Rx contexts of PF {@code pf}.
     */
    public void setupLanHmc(int pf, int count, boolean direct) {
        final long size = fpmSize(count);
        final long sdAddress;
        if (direct) {
            hmcBacking = allocate(size, "HMC direct backing");
            sdAddress = hmcBacking.iova();
        } else {
            hmcBacking = allocate(4096, "HMC PD page");
            hmcPages = new DmaMemory[(int) ((size + 4095) / 4096)];
            for (int i = 0; i < hmcPages.length; i++) {
                hmcPages[i] = allocate(4096, "HMC page " + i);
                hmcBacking.buffer().putLong(8 * i, hmcPages[i].iova() | HmcGeometry.PD_VALID,
                    java.nio.ByteOrder.LITTLE_ENDIAN);
            }
            sdAddress = hmcBacking.iova();
        }
        write(HmcRegisters.PFHMC_SDDATAHIGH, (int) (sdAddress >>> 32));
        write(HmcRegisters.PFHMC_SDDATALOW, (int) sdAddress | HmcGeometry.MAX_BP_COUNT << 2 | (direct ? 2 : 0) | 1);
        write(HmcRegisters.PFHMC_SDCMD, HmcRegisters.PFHMC_SDCMD_PMSDWR_MASK);
        rxFpmBase = HmcGeometry.alignObjectBase((long) count * 128);
        write(HmcRegisters.GLHMC_LANTXBASE(pf), 0);
        write(HmcRegisters.GLHMC_LANTXCNT(pf), count);
        write(HmcRegisters.GLHMC_LANRXBASE(pf), (int) (rxFpmBase / 512));
        write(HmcRegisters.GLHMC_LANRXCNT(pf), count);
    }

    /** Host memory view of FPM offset {@code fpm} (direct or paged), for writing contexts as drivers do (5.4). */
    private UnsafeBuffer fpm(long fpm, int length) {
        if (hmcPages == null) {
            return new UnsafeBuffer(hmcBacking.buffer(), (int) fpm, length);
        }
        return new UnsafeBuffer(hmcPages[(int) (fpm / 4096)].buffer(), (int) (fpm % 4096), length);
    }

    /** Writes the Rx context of PF-relative queue {@code q} into HMC memory (zeroed first by pack, facts 5.4). */
    public void writeRxContext(int q, RxQueueContext ctx) {
        ctx.pack(fpm(rxFpmBase + (long) RxQueueContext.OBJECT_SIZE * q, RxQueueContext.OBJECT_SIZE), 0);
    }

    /** Writes the Tx context of PF-relative queue {@code q} into HMC memory. */
    public void writeTxContext(int q, TxQueueContext ctx) {
        ctx.pack(fpm((long) TxQueueContext.OBJECT_SIZE * q, TxQueueContext.OBJECT_SIZE), 0);
    }

    /**
     * Writes a context through PFCM_LANCTX, line by line, polling CTX_DONE after each, as iPXE does (facts 5.8).
     *
     * @param absoluteQueue FIRSTQ + PF-relative queue
     * @param tx            false for an Rx context (2 lines), true for a Tx context (8 lines)
     */
    public void writeContextLines(int absoluteQueue, boolean tx, byte[] image) {
        final UnsafeBuffer view = new UnsafeBuffer(image);
        for (int line = 0; line < image.length / 16; line++) {
            for (int i = 0; i < 4; i++) {
                write(HmcRegisters.PFCM_LANCTXDATA(i),
                    view.getInt(16 * line + 4 * i, java.nio.ByteOrder.LITTLE_ENDIAN));
            }
            write(HmcRegisters.PFCM_LANCTXCTL, absoluteQueue | line << HmcRegisters.PFCM_LANCTXCTL_SUB_LINE_SHIFT
                | (tx ? 1 : 0) << HmcRegisters.PFCM_LANCTXCTL_QUEUE_TYPE_SHIFT
                | 1 << HmcRegisters.PFCM_LANCTXCTL_OP_CODE_SHIFT);
            stepUntil(() -> (read(HmcRegisters.PFCM_LANCTXSTAT) & HmcRegisters.PFCM_LANCTXSTAT_CTX_DONE_MASK) != 0,
                "PFCM_LANCTXSTAT.CTX_DONE");
        }
    }

    /** A default config for tests: PF 2 on bus 1 device 0, port 1 of 2, queues 64..95. */
    public static SimConfig.Builder config() {
        return SimConfig.builder().pfId(2).pciAddress(1, 0).enabledPorts(2).portNumber(1).queues(64, 32)
            .macAddress(0x0200_AABB_CC01L);
    }
}
