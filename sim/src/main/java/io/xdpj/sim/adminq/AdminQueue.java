package io.xdpj.sim.adminq;

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

import java.util.ArrayDeque;

import io.xdpj.i40e.hw.aq.AdminQueueDescriptor;
import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;
import io.xdpj.i40e.hw.reg.AdminQueueRegisters;
import io.xdpj.i40e.hw.reg.InterruptRegisters;
import io.xdpj.sim.DeviceDma;
import io.xdpj.sim.regs.Interrupts;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The admin queue pair as the firmware sees it (facts 3): the PF_ATQ* / PF_ARQ* registers (all EMPR domain, facts
 * 3.1), command processing and event posting.
 *
 * <h2>Commands (ATQ)</h2>
 * Processed in the model step, not synchronously with the ATQT write: a real device completes commands
 * asynchronously and drivers poll ATQH (Linux, DPDK) or DD (iPXE) (facts 3.6), so stepping keeps that shape and
 * keeps DMA on the step thread. With ATQLEN.ATQENABLE set and bus mastering on, every descriptor from ATQH up to
 * ATQT is read by DMA, its indirect buffer read when it carries BUF|RD, executed, the response buffer (if the
 * command produced one, also on an error return) written back up to datalen, and the descriptor written back with
 * DD|CMP (plus ERR when retval ≠ 0) and retval; the cookie is left as the driver wrote it; then ATQH advances
 * (wrapping at ATQLEN). Model choices where the facts are silent: an unreadable ring descriptor sets ATQLEN.ATQCRIT
 * and stops processing (the driver reports "AQ critical error" on its timeout, facts 3.6); an unreadable or
 * unwritable indirect buffer completes the command with BAD_ADDR ("descriptor contains a bad pointer", facts 3.4);
 * ATQT ≥ ATQLEN also sets ATQCRIT.
 *
 * <h2>Events (ARQ)</h2>
 * The driver posts buffers and writes ARQT = the last index handed over; the firmware owns [ARQH, ARQT) (facts 3.5,
 * 3.7). An event is written over the whole descriptor at ARQH (flags = the driver's flags | DD | CMP, opcode,
 * datalen = event data length, retval 0, params = the event's params; the drivers re-arm the slot afterwards, facts
 * 3.7), ARQH advances and PFINT_ICR0.ADMINQ is latched. With no free descriptor the event is dropped and
 * ARQLEN.ARQOVFL set; with the ARQ disabled events are dropped.
 *
 * <p>Device lock only (registers from the driver's thread, processing from the step thread).
 */
public final class AdminQueue {

    /** Events waiting for an ARQ descriptor are bounded; older ones are dropped first. */
    static final int MAX_PENDING_EVENTS = 64;

    private final DeviceDma dma;
    private final Interrupts interrupts;
    private CommandHandler handler;
    private final CommandFaults faults;
    private final AqCommand command = new AqCommand();
    private final UnsafeBuffer eventDescriptor = new UnsafeBuffer(new byte[AdminQueueDescriptor.SIZE]);
    private final ArrayDeque<byte[]> events = new ArrayDeque<>();

    private int atqBal;
    private int atqBah;
    private int atqLen;
    private int atqHead;
    private int atqTail;
    private int arqBal;
    private int arqBah;
    private int arqLen;
    private int arqHead;
    private int arqTail;
    private long commandsCompleted;
    private long eventsPosted;
    private long eventsDropped;
    private int lastOpcode = -1;
    private boolean stalled;

    public AdminQueue(DeviceDma dma, Interrupts interrupts, CommandFaults faults) {
        this.dma = dma;
        this.interrupts = interrupts;
        this.faults = faults;
        this.handler = c -> AdminQueueReturnCode.ESRCH;
    }

    /** Sets the firmware that executes commands (once, while the device is built). */
    void bind(CommandHandler commandHandler) {
        this.handler = commandHandler;
    }

    /** Whether {@code offset} is one of the ten admin queue registers. */
    public static boolean owns(int offset) {
        final int d = offset - PF_ATQBAL;
        return d >= 0 && d <= PF_ARQT - PF_ATQBAL && (d & 0x7F) == 0;
    }

    public int read(int offset) {
        switch (offset) {
            case PF_ATQBAL: return atqBal;
            case PF_ATQBAH: return atqBah;
            case PF_ATQLEN: return atqLen;
            case PF_ATQH: return atqHead;
            case PF_ATQT: return atqTail;
            case PF_ARQBAL: return arqBal;
            case PF_ARQBAH: return arqBah;
            case PF_ARQLEN: return arqLen;
            case PF_ARQH: return arqHead;
            case PF_ARQT: return arqTail;
            default: throw notAdminQueue(offset);
        }
    }

    public void write(int offset, int value) {
        final int lenMask = AdminQueueRegisters.PF_ATQLEN_ATQLEN_MASK | AdminQueueRegisters.PF_ATQLEN_ATQVFE_MASK
            | AdminQueueRegisters.PF_ATQLEN_ATQOVFL_MASK | AdminQueueRegisters.PF_ATQLEN_ATQCRIT_MASK
            | AdminQueueRegisters.PF_ATQLEN_ATQENABLE_MASK;
        final int indexMask = AdminQueueRegisters.PF_ATQH_ATQH_MASK;
        switch (offset) {
            case PF_ATQBAL: atqBal = value; break;
            case PF_ATQBAH: atqBah = value; break;
            case PF_ATQLEN: atqLen = value & lenMask; break;
            case PF_ATQH: atqHead = value & indexMask; break;
            case PF_ATQT: atqTail = value & indexMask; break;
            case PF_ARQBAL: arqBal = value; break;
            case PF_ARQBAH: arqBah = value; break;
            case PF_ARQLEN: arqLen = value & lenMask; break;
            case PF_ARQH: arqHead = value & indexMask; break;
            case PF_ARQT: arqTail = value & indexMask; break;
            default: throw notAdminQueue(offset);
        }
    }

    private static IllegalArgumentException notAdminQueue(int offset) {
        return new IllegalArgumentException("not an admin queue register: 0x" + Integer.toHexString(offset));
    }

    /** EMPR-domain reset: every admin queue register reads 0 and pending events are dropped (facts 3.1). */
    public void reset() {
        atqBal = atqBah = atqLen = atqHead = atqTail = 0;
        arqBal = arqBah = arqLen = arqHead = arqTail = 0;
        events.clear();
        stalled = false;
    }

    /** Queues an event for the ARQ (posted in the next step). {@code params} is the 16-byte params area. */
    public void postEvent(int opcode, byte[] params) {
        final byte[] event = new byte[AdminQueueDescriptor.SIZE];
        final UnsafeBuffer view = new UnsafeBuffer(event);
        AdminQueueDescriptor.opcode(view, 0, opcode);
        view.putBytes(AdminQueueDescriptor.PARAMS, params, 0, 16);
        if (events.size() == MAX_PENDING_EVENTS) {
            events.removeFirst();
            eventsDropped++;
        }
        events.addLast(event);
    }

    /** Processes pending commands and posts pending events; returns the work done. */
    public int step() {
        return processCommands() + postEvents();
    }

    private static boolean enabled(int len) {
        return (len & AdminQueueRegisters.PF_ATQLEN_ATQENABLE_MASK) != 0
            && (len & AdminQueueRegisters.PF_ATQLEN_ATQLEN_MASK) != 0;
    }

    private static long base(int bah, int bal) {
        return (bah & 0xFFFF_FFFFL) << 32 | (bal & 0xFFFF_FFFFL);
    }

    private int processCommands() {
        if (!enabled(atqLen) || !dma.busMaster()) {
            return 0;
        }
        final int entries = atqLen & AdminQueueRegisters.PF_ATQLEN_ATQLEN_MASK;
        if (atqTail >= entries || atqHead >= entries) {
            atqLen |= AdminQueueRegisters.PF_ATQLEN_ATQCRIT_MASK;
            return 0;
        }
        int done = 0;
        while (atqHead != atqTail) {
            final long slot = base(atqBah, atqBal) + (long) AdminQueueDescriptor.SIZE * atqHead;
            if (!dma.read(slot, command.descriptor, 0, AdminQueueDescriptor.SIZE)) {
                atqLen |= AdminQueueRegisters.PF_ATQLEN_ATQCRIT_MASK;
                return done;
            }
            stalled = faults.stalls(command.opcode());
            if (stalled) {
                return done;
            }
            execute();
            if (!dma.write(slot, command.descriptor, 0, AdminQueueDescriptor.SIZE)) {
                atqLen |= AdminQueueRegisters.PF_ATQLEN_ATQCRIT_MASK;
                return done;
            }
            atqHead = (atqHead + 1) % entries;
            commandsCompleted++;
            done++;
        }
        return done;
    }

    private void execute() {
        lastOpcode = command.opcode();
        command.bufferRead = false;
        command.responseLength = 0;
        final int flags = command.flags();
        final long bufferIova = AdminQueueDescriptor.bufferAddress(command.descriptor, 0);
        final int datalen = command.datalen();
        int retval = faults.failure(lastOpcode);
        if (retval < 0) {
            retval = AdminQueueReturnCode.OK;
            if ((flags & AdminQueueDescriptor.FLAG_BUF) != 0 && (flags & AdminQueueDescriptor.FLAG_RD) != 0
                && datalen > 0) {
                if (!dma.read(bufferIova, command.buffer, 0, datalen)) {
                    retval = AdminQueueReturnCode.BAD_ADDR;
                }
                command.bufferRead = retval == AdminQueueReturnCode.OK;
            }
            if (retval == AdminQueueReturnCode.OK) {
                command.buffer.setMemory(datalen, AqCommand.MAX_BUFFER - datalen, (byte) 0);
                if (!command.bufferRead) {
                    command.buffer.setMemory(0, datalen, (byte) 0);
                }
                retval = handler.execute(command);
            }
            // A handler that produced response bytes gets them written back even when it reports an error:
            // per-element results (MAC-VLAN match_method / error_code, facts 4.12) are what explain the error.
            if (command.responseLength > 0 && (flags & AdminQueueDescriptor.FLAG_BUF) != 0) {
                final int length = Math.min(command.responseLength, datalen);
                if (!dma.write(bufferIova, command.buffer, 0, length)) {
                    retval = AdminQueueReturnCode.BAD_ADDR;
                }
            }
        }
        int done = command.flags() | AdminQueueDescriptor.FLAG_DD | AdminQueueDescriptor.FLAG_CMP;
        if (retval != AdminQueueReturnCode.OK) {
            done |= AdminQueueDescriptor.FLAG_ERR;
        }
        AdminQueueDescriptor.flags(command.descriptor, 0, done);
        AdminQueueDescriptor.retval(command.descriptor, 0, retval);
    }

    private int postEvents() {
        int posted = 0;
        while (!events.isEmpty()) {
            if (!enabled(arqLen)) {
                eventsDropped += events.size();
                events.clear();
                return posted;
            }
            if (!dma.busMaster()) {
                return posted;
            }
            final int entries = arqLen & AdminQueueRegisters.PF_ARQLEN_ARQLEN_MASK;
            if (arqHead >= entries || arqHead == arqTail) {
                arqLen |= AdminQueueRegisters.PF_ARQLEN_ARQOVFL_MASK;
                eventsDropped++;
                events.removeFirst();
                continue;
            }
            final long slot = base(arqBah, arqBal) + (long) AdminQueueDescriptor.SIZE * arqHead;
            if (!dma.read(slot, eventDescriptor, 0, AdminQueueDescriptor.SIZE)) {
                arqLen |= AdminQueueRegisters.PF_ARQLEN_ARQCRIT_MASK;
                return posted;
            }
            final int driverFlags = AdminQueueDescriptor.flags(eventDescriptor, 0);
            eventDescriptor.putBytes(0, events.peekFirst());
            AdminQueueDescriptor.flags(eventDescriptor, 0,
                driverFlags | AdminQueueDescriptor.FLAG_DD | AdminQueueDescriptor.FLAG_CMP);
            if (!dma.write(slot, eventDescriptor, 0, AdminQueueDescriptor.SIZE)) {
                arqLen |= AdminQueueRegisters.PF_ARQLEN_ARQCRIT_MASK;
                return posted;
            }
            events.removeFirst();
            arqHead = (arqHead + 1) % entries;
            eventsPosted++;
            posted++;
            interrupts.raise(InterruptRegisters.PFINT_ICR0_ADMINQ_MASK);
        }
        return posted;
    }

    public long commandsCompleted() {
        return commandsCompleted;
    }

    public long eventsPosted() {
        return eventsPosted;
    }

    public long eventsDropped() {
        return eventsDropped;
    }

    /** Opcode of the last command executed or failed by injection (-1 before the first). */
    public int lastOpcode() {
        return lastOpcode;
    }

    /** Whether the ATQ is stopped at a descriptor whose opcode is stalled by fault injection. */
    public boolean stalled() {
        return stalled;
    }

    /** Events waiting for an ARQ descriptor. */
    public int pendingEvents() {
        return events.size();
    }
}
