package io.xdpj.i40e;

import static io.xdpj.i40e.hw.aq.AdminQueueDescriptor.FLAG_BUF;
import static io.xdpj.i40e.hw.aq.AdminQueueDescriptor.FLAG_DD;
import static io.xdpj.i40e.hw.aq.AdminQueueDescriptor.FLAG_ERR;
import static io.xdpj.i40e.hw.aq.AdminQueueDescriptor.FLAG_LB;
import static io.xdpj.i40e.hw.aq.AdminQueueDescriptor.FLAG_RD;
import static io.xdpj.i40e.hw.aq.AdminQueueDescriptor.FLAG_SI;
import static io.xdpj.i40e.hw.aq.AdminQueueDescriptor.LARGE_BUF;
import static io.xdpj.i40e.hw.aq.AdminQueueDescriptor.MAX_BUF_SIZE;
import static io.xdpj.i40e.hw.aq.AdminQueueDescriptor.SIZE;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.ARQ_BLOCK_OFFSET;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ARQH;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ARQH_ARQH_MASK;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ARQT;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQBAH;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQBAL;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQH;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQH_ATQH_MASK;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQLEN;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQLEN_ATQCRIT_MASK;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQLEN_ATQENABLE_MASK;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQT;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.xdpj.i40e.hw.aq.AdminQueueDescriptor;
import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.vfio.DmaAllocator;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.Mmio;

/**
 * The admin queue pair: the send queue (ATQ, driver → firmware commands) and the receive queue (ARQ, firmware →
 * driver events), both 32-byte descriptor rings in DMA memory (facts 3).
 *
 * <h2>Memory ordering</h2>
 * The ring pair here is descriptor memory + the PF_ATQT / PF_ARQT tail registers: the driver fills a descriptor with
 * plain stores and publishes it with the tail {@link Mmio#write32} (release); the firmware's write-back is seen
 * after the acquire {@link Mmio#read32} of PF_ATQH / PF_ARQH that showed the head moved past it.
 *
 * <p>Control path only; one command in flight at a time (methods synchronized).
 */
final class AdminQueue implements AutoCloseable {

    /** ATQ/ARQ entries: DPDK's 32 ({@code I40E_AQ_LEN}, facts 3.5); commands are serialized, so few suffice. */
    static final int ENTRIES = 32;
    /** Ring alignment {@code I40E_ADMINQ_DESC_ALIGNMENT} (facts 3.5). */
    static final int RING_ALIGNMENT = 4096;
    /** {@code I40E_ASQ_CMD_TIMEOUT} = 250 ms (facts 3.6). */
    static final long COMMAND_TIMEOUT_NANOS = 250_000_000L;
    /** Poll step 50 µs (facts 3.6). */
    static final long COMMAND_POLL_NANOS = 50_000L;

    /** Receives one ARQ event (facts 3.7). */
    interface EventHandler {
        /**
         * @param opcode event opcode (e.g. 0x0607 link status change)
         * @param retval the event's status
         * @param desc   the event descriptor (32 bytes, valid during the call)
         * @param data   the event's buffer, {@code length} bytes valid during the call
         */
        void onEvent(int opcode, int retval, AtomicBuffer desc, AtomicBuffer data, int length);
    }

    private final Mmio bar;
    private final Deadline deadline;
    private final DmaMemory atqRing;
    private final DmaMemory arqRing;
    private final DmaMemory commandBuffer;
    private final DmaMemory eventBuffers;
    private final AtomicBuffer atq;
    private final AtomicBuffer arq;
    private final AtomicBuffer data;
    private final UnsafeBuffer desc = new UnsafeBuffer(new byte[SIZE]);
    private final UnsafeBuffer eventDesc = new UnsafeBuffer(new byte[SIZE]);
    private final UnsafeBuffer eventData = new UnsafeBuffer(0, 0);
    private int atqNextToUse;
    private int arqNextToClean;
    private boolean enabled;
    private long commands;
    private long events;

    AdminQueue(Mmio bar, DmaAllocator dma, Deadline deadline) {
        this.bar = bar;
        this.deadline = deadline;
        this.atqRing = dma.allocate((long) ENTRIES * SIZE, RING_ALIGNMENT, "admin send queue (ATQ)");
        this.arqRing = dma.allocate((long) ENTRIES * SIZE, RING_ALIGNMENT, "admin receive queue (ARQ)");
        this.commandBuffer = dma.allocate(MAX_BUF_SIZE, RING_ALIGNMENT, "admin command buffer");
        this.eventBuffers = dma.allocate((long) ENTRIES * MAX_BUF_SIZE, RING_ALIGNMENT, "admin event buffers");
        this.atq = atqRing.buffer();
        this.arq = arqRing.buffer();
        this.data = commandBuffer.buffer();
    }

    /**
     * Programs both queues (facts 3.5) with the ARQ buffers posted first. Order: head, tail, base low/high, then
     * length with ENABLE. NB: the shared code writes LEN|ENABLE before the base; we follow iPXE and enable last, so
     * the firmware never sees an enabled queue with a stale base address (facts 3.5 lists both orders).
     */
    synchronized void enable() {
        atq.setMemory(0, ENTRIES * SIZE, (byte) 0);
        for (int i = 0; i < ENTRIES; i++) {
            armEvent(i);
        }
        program(0, atqRing.iova());
        program(ARQ_BLOCK_OFFSET, arqRing.iova());
        // ARQ: hand every buffer but one to the firmware (facts 3.5 step 4).
        bar.write32(PF_ARQT, ENTRIES - 1);
        atqNextToUse = 0;
        arqNextToClean = 0;
        checkBase(0, atqRing.iova(), "ATQ");
        checkBase(ARQ_BLOCK_OFFSET, arqRing.iova(), "ARQ");
        enabled = true;
    }

    private void program(int block, long iova) {
        bar.write32(PF_ATQH + block, 0);
        bar.write32(PF_ATQT + block, 0);
        bar.write32(PF_ATQBAL + block, (int) iova);
        bar.write32(PF_ATQBAH + block, (int) (iova >>> 32));
        bar.write32(PF_ATQLEN + block, ENTRIES | PF_ATQLEN_ATQENABLE_MASK);
    }

    /** Reads the base back (facts 3.5 step 5: a mismatch means the registers did not take the write). */
    private void checkBase(int block, long iova, String name) {
        final int bal = bar.read32(PF_ATQBAL + block);
        if (bal != (int) iova) {
            throw new I40eException("admin queue setup", name + " base PF_" + name + "BAL reads " + I40eException.hex(bal)
                + " after writing " + I40eException.hex((int) iova) + "; is BAR0 mapped and the device out of reset?");
        }
    }

    /** Re-arms ARQ slot {@code i}: zeroed, flags BUF (| LB), datalen = buffer size, address (facts 3.5, 3.7 step 3). */
    private void armEvent(int i) {
        final int d = i * SIZE;
        arq.setMemory(d, SIZE, (byte) 0);
        AdminQueueDescriptor.flags(arq, d, FLAG_BUF | (MAX_BUF_SIZE > LARGE_BUF ? FLAG_LB : 0));
        AdminQueueDescriptor.datalen(arq, d, MAX_BUF_SIZE);
        AdminQueueDescriptor.bufferAddress(arq, d, eventBuffers.iova() + (long) i * MAX_BUF_SIZE);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Commands: begin → fill params (and data) → execute

    /** Starts a command: a zeroed descriptor with the opcode and flags = SI (facts 3.6 step 3). Returns it. */
    synchronized UnsafeBuffer begin(int opcode) {
        desc.setMemory(0, SIZE, (byte) 0);
        AdminQueueDescriptor.opcode(desc, 0, opcode);
        AdminQueueDescriptor.flags(desc, 0, FLAG_SI);
        return desc;
    }

    /** The command buffer (4096 bytes of DMA memory) an indirect command reads from or the firmware writes to. */
    AtomicBuffer data() {
        return data;
    }

    /**
     * Makes the current command indirect with a {@code length}-byte buffer: BUF, RD when the firmware reads it,
     * LB above 512 bytes, datalen and the buffer address (facts 3.3 direction rule).
     */
    synchronized void indirect(int length, boolean toFirmware) {
        if (length > MAX_BUF_SIZE) {
            throw new I40eException("admin command", "buffer of " + length + " bytes exceeds " + MAX_BUF_SIZE);
        }
        int flags = AdminQueueDescriptor.flags(desc, 0) | FLAG_BUF;
        if (toFirmware) {
            flags |= FLAG_RD;
        }
        if (length > LARGE_BUF) {
            flags |= FLAG_LB;
        }
        AdminQueueDescriptor.flags(desc, 0, flags);
        AdminQueueDescriptor.datalen(desc, 0, length);
        AdminQueueDescriptor.bufferAddress(desc, 0, commandBuffer.iova());
    }

    /**
     * Posts the current command and waits for its completion (facts 3.6): ATQH == next_to_use polled every 50 µs for
     * 250 ms. On completion the firmware's descriptor is copied back into the staging descriptor (read it for the
     * response params) and its return code is returned.
     */
    synchronized int execute(String step) {
        final int opcode = AdminQueueDescriptor.opcode(desc, 0);
        requireEnabled(step, opcode);
        final int head = bar.read32(PF_ATQH);
        if ((head & ~PF_ATQH_ATQH_MASK) != 0 || head >= ENTRIES) {
            throw new AdminQueueException(step, opcode, -1, "PF_ATQH reads " + I40eException.hex(head)
                + ", beyond the " + ENTRIES + "-entry ring (head overrun; all ones means the device is gone, facts 9)");
        }
        final int posted = (AdminQueueDescriptor.flags(desc, 0) & FLAG_BUF) != 0 ? AdminQueueDescriptor.datalen(desc, 0) : 0;
        final int slot = atqNextToUse;
        atq.putBytes(slot * SIZE, desc, 0, SIZE);
        final int next = slot + 1 == ENTRIES ? 0 : slot + 1;
        atqNextToUse = next;
        bar.write32(PF_ATQT, next); // release: publishes the descriptor (and the command buffer) to the firmware
        commands++;
        final boolean done = deadline.await(() -> (bar.read32(PF_ATQH) & PF_ATQH_ATQH_MASK) == next,
            COMMAND_TIMEOUT_NANOS, COMMAND_POLL_NANOS);
        if (!done) {
            final int len = bar.read32(PF_ATQLEN);
            throw new AdminQueueException(step, opcode, -1, ((len & PF_ATQLEN_ATQCRIT_MASK) != 0
                ? "AQ critical error (PF_ATQLEN " + I40eException.hex(len) + ")"
                : "no completion within 250 ms (PF_ATQH " + I40eException.hex(bar.read32(PF_ATQH)) + ", tail " + next
                + "); is the firmware running (GL_FWSTS), the device in reset (GLGEN_RSTAT)?"));
        }
        // The head passed the command; its write-back carries DD (facts 3.3). Linux trusts the head alone (facts
        // 3.6): give a late DD the command's remaining time rather than fail a slow firmware.
        final boolean written = deadline.await(() -> (AdminQueueDescriptor.flags(atq, slot * SIZE) & FLAG_DD) != 0,
            COMMAND_TIMEOUT_NANOS, COMMAND_POLL_NANOS);
        desc.putBytes(0, atq, slot * SIZE, SIZE);
        atq.setMemory(slot * SIZE, SIZE, (byte) 0); // clean the slot (facts 3.6 step 2)
        checkCompletion(step, opcode, written, posted);
        // DPDK/Linux keep the low 8 bits: the high byte is a firmware-internal code (facts 3.2).
        return AdminQueueDescriptor.retval(desc, 0) & 0xFF;
    }

    /**
     * Refuses a completion that cannot be this command's: no DD, another opcode, or (on success) more data than the
     * buffer posted. A firmware that does this is broken or is not a 700-series firmware; its answer is not parsed.
     */
    private void checkCompletion(String step, int opcode, boolean written, int posted) {
        if (!written) {
            throw new AdminQueueException(step, opcode, -1, "PF_ATQH passed the command but its descriptor has no DD "
                + "(flags " + I40eException.hex(AdminQueueDescriptor.flags(desc, 0)) + ") within 250 ms: the "
                + "firmware did not write the completion back (facts 3.3, 3.6)");
        }
        final int answered = AdminQueueDescriptor.opcode(desc, 0);
        if (answered != opcode) {
            throw new AdminQueueException(step, opcode, -1, "the completion carries opcode "
                + I40eException.hex(answered) + ", not the command's: the firmware answered something else");
        }
        final int length = AdminQueueDescriptor.datalen(desc, 0);
        if (posted > 0 && (AdminQueueDescriptor.retval(desc, 0) & 0xFF) == 0 && length > posted) {
            throw new AdminQueueException(step, opcode, -1, "the completion claims " + length + " bytes of data in "
                + "a " + posted + "-byte buffer");
        }
    }

    /** {@link #execute} that throws unless the firmware returned OK. */
    synchronized void executeOk(String step) {
        final int retval = execute(step);
        if (retval != 0) {
            throw new AdminQueueException(step, AdminQueueDescriptor.opcode(desc, 0), retval,
                "the firmware refused the command");
        }
    }

    private void requireEnabled(String step, int opcode) {
        if (!enabled) {
            throw new AdminQueueException(step, opcode, -1, "the admin queue is not enabled (closed or after a reset)");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Events

    /**
     * Takes every pending ARQ event (facts 3.7): for each slot between next_to_clean and PF_ARQH, hand it to
     * {@code handler}, re-arm it and return it to the firmware with ARQT = the cleaned index.
     *
     * @return events handled
     */
    synchronized int pollEvents(EventHandler handler) {
        if (!enabled) {
            return 0;
        }
        final int headReg = bar.read32(PF_ARQH);
        final int head = headReg & PF_ARQH_ARQH_MASK;
        if (head >= ENTRIES) {
            throw new AdminQueueException("admin event poll", 0, -1, "PF_ARQH reads " + I40eException.hex(headReg)
                + ", beyond the ring; the device may be gone or in reset");
        }
        int handled = 0;
        while (arqNextToClean != head) {
            final int ntc = arqNextToClean;
            final int d = ntc * SIZE;
            eventDesc.putBytes(0, arq, d, SIZE);
            final int flags = AdminQueueDescriptor.flags(eventDesc, 0);
            final int len = Math.min(AdminQueueDescriptor.datalen(eventDesc, 0), MAX_BUF_SIZE);
            eventData.wrap(eventBuffers.address() + (long) ntc * MAX_BUF_SIZE, MAX_BUF_SIZE);
            handler.onEvent(AdminQueueDescriptor.opcode(eventDesc, 0),
                (flags & FLAG_ERR) != 0 ? -1 : AdminQueueDescriptor.retval(eventDesc, 0) & 0xFF,
                eventDesc, eventData, len);
            armEvent(ntc);
            bar.write32(PF_ARQT, ntc); // release: the re-armed slot goes back (facts 3.7 step 4)
            arqNextToClean = ntc + 1 == ENTRIES ? 0 : ntc + 1;
            handled++;
            events++;
        }
        return handled;
    }

    /** Whether the firmware still sees the send queue enabled (ATQLEN.ENABLE; facts 2.2 step 4). */
    boolean alive() {
        return enabled && (bar.read32(PF_ATQLEN) & PF_ATQLEN_ATQENABLE_MASK) != 0;
    }

    long commands() {
        return commands;
    }

    long events() {
        return events;
    }

    /**
     * Shuts both queues down (facts 3.5): AQ 0x0003 with driver_unloading = 1 if the queue is alive (errors ignored:
     * the device may already be gone), then zero H, T, LEN, BAL, BAH of both.
     */
    synchronized void shutdown(boolean tellFirmware) {
        if (enabled && tellFirmware && alive()) {
            begin(AdminQueueOpcode.QUEUE_SHUTDOWN);
            AdminQueueDescriptor.param32(desc, 0, 0, 1);
            try {
                execute("admin queue shutdown");
            } catch (AdminQueueException e) {
                // The device is going away anyway; the registers are cleared below.
            }
        }
        enabled = false;
        for (int block : new int[] {0, ARQ_BLOCK_OFFSET}) {
            bar.write32(PF_ATQH + block, 0);
            bar.write32(PF_ATQT + block, 0);
            bar.write32(PF_ATQLEN + block, 0);
            bar.write32(PF_ATQBAL + block, 0);
            bar.write32(PF_ATQBAH + block, 0);
        }
    }

    /** Re-programs the registers after a reset cleared them (DPDK {@code i40e_resume_aq}, facts 3.6). */
    synchronized void resume() {
        enable();
    }

    @Override
    public synchronized void close() {
        enabled = false;
        atqRing.close();
        arqRing.close();
        commandBuffer.close();
        eventBuffers.close();
    }
}
