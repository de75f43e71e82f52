package io.xdpj.sim.vfiouser;

import static io.xdpj.sim.vfiouser.VfioUser.EINVAL;
import static io.xdpj.sim.vfiouser.VfioUser.HEADER_SIZE;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;

import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQBAH;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQBAL;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQLEN;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQT;

import io.xdpj.sim.SimPciConfig;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.vfio.Mmio;
import io.xdpj.vfio.PciConfig;
import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A vfio-user server (QEMU docs/interop/vfio-user.rst) for one {@link SimulatedXl710}: a QEMU {@code vfio-user-pci}
 * device (the client) connects over a UNIX socket and the guest sees the model as a PCI function.
 *
 * <h2>What the client sees</h2>
 * DEVICE_GET_INFO: flags RESET | PCI, 9 regions, 5 irq indexes. Regions: 0 = BAR0 (the register file, the
 * configured size, read/write through messages, no mmap, so every access reaches the model), 3 = BAR3 (32 KiB; the
 * client emulates the MSI-X table and PBA in it), 7 = configuration space (4 KiB, {@link SimPciConfig}); the others
 * are empty. IRQs: INTx 1, MSI 0, MSI-X = the configured vector count, ERR 1, REQ 1, all eventfd-signalled. The
 * model's interrupt block sends MSI-X vectors to the eventfds (see io.xdpj.sim.regs.Interrupts).
 *
 * <h2>DMA</h2>
 * DMA_MAP regions that come with a file descriptor are mmapped and entered in the model's IOMMU, so IOVA = what the
 * guest programs (guest-physical without a vIOMMU); readable regions without one are reached through
 * VFIO_USER_DMA_READ / DMA_WRITE requests this server sends to the client (vfio-user.rst, "Read and Write
 * Operations"), behind per-step shadow pages whose coherence {@link MessageDma} describes ({@link DmaMaps}).
 *
 * <h2>Threads</h2>
 * One thread ({@link #run()}) handles messages and steps the model in between, so protocol handling and the model
 * never run concurrently: a message is handled completely (including its register side effects) before the next step.
 * While idle it waits for the socket at most 1 ms, then steps again (the wire and timers keep moving).
 *
 * <h2>Server-to-client requests</h2>
 * QEMU's client does not offer twin-socket mode (hw/vfio-user/proxy.c parses no twin_socket capability), so the
 * DMA requests and their replies share the one socket with the client's requests (vfio-user.rst, "Command
 * Concurrency": unrelated messages may appear between a request and its reply). While this thread waits for the
 * reply to its own DMA request, a client request that arrives is copied to a queue (allocation on this slow path)
 * and handled, in arrival order, after the step and before any newer message; so a region write never lands in the
 * middle of a step. Every wait ends at a deadline ({@link #DMA_TIMEOUT_MILLIS}); a refused, late or broken
 * exchange makes the device access fault (logged, counted), never throws into the model.
 * The spec forbids stalling command processing indefinitely while waiting for a reply ("Socket"); the deferral here
 * is bounded by that deadline, not indefinite.
 * NB: QEMU handles our requests in a main-loop bottom half under its big lock ("Runs off main loop, so BQL held",
 * hw/vfio-user/pci.c), while a vCPU waiting for a region-read reply holds that lock; so with QEMU a crossing ends
 * only at a deadline. Seen in the bed with guest RAM passed without descriptors: Linux i40e's PF_ATQH poll crossed
 * the first descriptor fetch, our DMA_READ timed out (a DMA fault), QEMU's read timed out too and the late reply
 * broke QEMU's stream ("unexpected reply", "bad header size"). Message-based DMA is therefore fit for clients that
 * serve DMA requests independently of their own waits; with QEMU, pass guest RAM as descriptors (share=on memfd).
 *
 * <p>Posted writes (NO_REPLY) get no reply, as the client expects; a malformed request gets an error reply with an
 * errno; a broken transport ends {@link #run()} with a {@link VfioUserException}.
 */
public final class VfioUserServer implements AutoCloseable {

    /** Largest data payload of a region or DMA message (advertised as max_data_xfer_size). */
    public static final int MAX_DATA = 1 << 20;
    private static final int MAX_MESSAGE = HEADER_SIZE + 64 + MAX_DATA;
    private static final int IDLE_WAIT_MILLIS = 1;
    /** Deadline of one DMA_READ/DMA_WRITE exchange (below QEMU's own 5 s reply timeout, x-msg-timeout). */
    public static final int DMA_TIMEOUT_MILLIS = 2000;
    /** receiveMessage(): the message was larger than {@link #MAX_MESSAGE} and was discarded (header kept). */
    private static final int DISCARDED = -2;

    private final SimulatedXl710 device;
    private final UnixSocket socket;
    private final Consumer<String> log;
    private final Mmio bar0;
    private final PciConfig config;
    private final long bar0Size;
    private final UnsafeBuffer in = new UnsafeBuffer(BufferUtil.allocateDirectAligned(MAX_MESSAGE, 64));
    private final UnsafeBuffer out = new UnsafeBuffer(BufferUtil.allocateDirectAligned(MAX_MESSAGE, 64));
    private final byte[] bar3 = new byte[SimPciConfig.BAR3_SIZE];
    private final int[] fds = new int[UnixSocket.MAX_FDS];
    private final DmaMaps dma;
    private final MessageDma messageDma;
    private final IrqEventfds irqs;
    // The DMA message exchange has its own buffers: it runs nested inside a step or a message's handling.
    private final UnsafeBuffer dmaOut = new UnsafeBuffer(BufferUtil.allocateDirectAligned(HEADER_SIZE + 16 + MAX_DATA,
        64));
    private final UnsafeBuffer dmaIn = new UnsafeBuffer(BufferUtil.allocateDirectAligned(MAX_MESSAGE, 64));
    private final int[] dmaFds = new int[UnixSocket.MAX_FDS];
    /** Client requests that arrived while a DMA reply was awaited, oldest first. */
    private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
    private int nextDmaId;
    private long deferredCount;
    private boolean transportBroken;
    private boolean closedDuringDma;
    private final long[] commandCounts = new long[VfioUser.DIRTY_PAGES + 2];
    private final java.util.BitSet readOffsets = new java.util.BitSet();
    private boolean versionDone;
    private boolean trace;
    private long errorReplies;

    /**
     * @param log receives one line per notable event (connection, errors, resets); never per register access
     */
    public VfioUserServer(SimulatedXl710 device, UnixSocket socket, Consumer<String> log) {
        this.device = device;
        this.socket = socket;
        this.log = log;
        this.bar0 = device.bar0();
        this.config = device.config();
        this.bar0Size = device.simConfig().bar0Size();
        this.messageDma = new MessageDma(device.iommu(), new MessageDma.Transport() {
            @Override
            public boolean read(long iova, int length, long address) {
                return dmaRead(iova, length, address);
            }

            @Override
            public boolean write(long iova, int length, long address) {
                return dmaWrite(iova, length, address);
            }
        }, log, MAX_DATA);
        this.dma = new DmaMaps(device.iommu(), messageDma);
        this.irqs = new IrqEventfds(device.simConfig().msixVectors());
        device.attachInterrupts(vector -> {
            if (trace) {
                log.accept("msi-x vector " + vector + (irqs.fd(VfioUser.MSIX_IRQ, vector) < 0 ? " (no eventfd)" : ""));
            }
            irqs.msix(vector);
        });
    }

    /**
     * Trace mode (diagnostics for bring-up work): logs every BAR0 write, the first read of each BAR0 offset, and the
     * opcode, flags and return code of every admin command, read from the descriptor ring in guest memory when the
     * driver writes PF_ATQT (facts 3.1, 3.2).
     */
    public void trace(boolean on) {
        trace = on;
    }

    /**
     * Serves the client until it closes the connection (QEMU sends no goodbye; the socket just closes), stepping the
     * model between messages.
     */
    public void run() {
        while (true) {
            final int work = step();
            if (transportBroken) {
                if (closedDuringDma) {
                    log.accept("client closed the connection during a DMA exchange; " + summary());
                    return;
                }
                throw new VfioUserException("the vfio-user connection broke during a DMA exchange (see the log); "
                    + summary());
            }
            if ((!deferred.isEmpty() || socket.readable(work > 0 ? 0 : IDLE_WAIT_MILLIS)) && !handleOne()) {
                log.accept("client closed the connection; " + summary());
                return;
            }
        }
    }

    /**
     * One model step, then the end of the step for message-backed DMA (the device's writes go to the client).
     *
     * @return the work the model did
     */
    int step() {
        final int work = device.step();
        messageDma.endStep();
        return work;
    }

    /**
     * Answers one message: the oldest request queued during a DMA exchange, else the next one from the socket
     * (blocking until it arrives).
     *
     * @return false if the client closed the connection
     */
    boolean handleOne() {
        final Deferred queued = deferred.poll();
        final int total;
        if (queued != null) {
            in.putBytes(0, queued.message);
            System.arraycopy(queued.fds, 0, fds, 0, queued.fds.length);
            total = queued.discarded ? DISCARDED : queued.fds.length;
        } else {
            total = receiveMessage(in, fds);
            if (total == -1) {
                return false;
            }
        }
        final int size = in.getInt(VfioUser.HDR_SIZE, ByteOrder.LITTLE_ENDIAN);
        final int command = in.getShort(VfioUser.HDR_COMMAND, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int flags = in.getInt(VfioUser.HDR_FLAGS, ByteOrder.LITTLE_ENDIAN);
        if (total == DISCARDED) {
            replyError(command, flags, EINVAL);
            return true;
        }
        commandCounts[Math.min(command, commandCounts.length - 1)]++;
        if ((flags & VfioUser.FLAG_TYPE_MASK) != VfioUser.FLAG_REQUEST) {
            closeAll(fds, total);
            log.accept("ignored a " + VfioUser.commandName(command) + " reply the server never asked for");
            return true;
        }
        dispatch(command, flags, size - HEADER_SIZE, total);
        messageDma.endStep(); // DMA the handling caused (register side effects) reaches the client now
        return true;
    }

    /**
     * Receives one whole message into {@code buf} (header at 0).
     *
     * @return the number of descriptors received into {@code fdArray}, -1 if the peer closed the connection before
     *         the message, or {@link #DISCARDED} if it was larger than {@link #MAX_MESSAGE} (only its header is kept)
     */
    private int receiveMessage(UnsafeBuffer buf, int[] fdArray) {
        final int fdCount = socket.receive(buf.addressOffset(), HEADER_SIZE, fdArray, 0);
        if (fdCount < 0) {
            return -1;
        }
        final int size = buf.getInt(VfioUser.HDR_SIZE, ByteOrder.LITTLE_ENDIAN);
        if (size < HEADER_SIZE) {
            closeAll(fdArray, fdCount);
            throw new VfioUserException("vfio-user message " + VfioUser.commandName(
                buf.getShort(VfioUser.HDR_COMMAND, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) + " declares size " + size
                + ", less than its 16-byte header; the stream cannot be resynchronised");
        }
        if (size > MAX_MESSAGE) {
            int left = size - HEADER_SIZE;
            int count = fdCount;
            while (left > 0) {
                final int chunk = Math.min(left, MAX_MESSAGE - HEADER_SIZE);
                count = socket.receive(buf.addressOffset() + HEADER_SIZE, chunk, fdArray, count);
                left -= chunk;
            }
            closeAll(fdArray, count);
            return DISCARDED;
        }
        return socket.receive(buf.addressOffset() + HEADER_SIZE, size - HEADER_SIZE, fdArray, fdCount);
    }

    // ---- DMA_READ / DMA_WRITE (server -> client): address u64, count u64, data (vfio-user.rst) ------------------

    /** Reads guest memory through the client; false (logged) if the exchange failed. Never throws. */
    private boolean dmaRead(long iova, int length, long address) {
        if (transportBroken) {
            return false;
        }
        try {
            final int id = beginDma(VfioUser.DMA_READ, iova, length, 0);
            socket.send(dmaOut.addressOffset(), HEADER_SIZE + 16, dmaFds, 0);
            if (!awaitReply(id, VfioUser.DMA_READ)) {
                return false;
            }
            final int size = dmaIn.getInt(VfioUser.HDR_SIZE, ByteOrder.LITTLE_ENDIAN);
            if (size != HEADER_SIZE + 16 + length || dmaIn.getLong(HEADER_SIZE, ByteOrder.LITTLE_ENDIAN) != iova
                || dmaIn.getLong(HEADER_SIZE + 8, ByteOrder.LITTLE_ENDIAN) != length) {
                log.accept("DMA_READ reply for " + length + " bytes at iova 0x" + Long.toHexString(iova)
                    + " does not match the request (size " + size + ")");
                return false;
            }
            UnsafeApi.copyMemory(dmaIn.addressOffset() + HEADER_SIZE + 16, address, length);
            return true;
        } catch (VfioUserException e) {
            return broken(e);
        }
    }

    /** Writes guest memory through the client; false (logged) if the exchange failed. Never throws. */
    private boolean dmaWrite(long iova, int length, long address) {
        if (transportBroken) {
            return false;
        }
        try {
            final int id = beginDma(VfioUser.DMA_WRITE, iova, length, length);
            UnsafeApi.copyMemory(address, dmaOut.addressOffset() + HEADER_SIZE + 16, length);
            socket.send(dmaOut.addressOffset(), HEADER_SIZE + 16 + length, dmaFds, 0);
            // NB: the spec's reply carries address and count; QEMU's client replies with the header alone
            // (hw/vfio-user/pci.c vfio_user_dma_write), so only the header is relied on.
            return awaitReply(id, VfioUser.DMA_WRITE);
        } catch (VfioUserException e) {
            return broken(e);
        }
    }

    private int beginDma(int command, long iova, int length, int data) {
        final int id = nextDmaId++ & 0xFFFF;
        dmaOut.putShort(VfioUser.HDR_ID, (short) id, ByteOrder.LITTLE_ENDIAN);
        dmaOut.putShort(VfioUser.HDR_COMMAND, (short) command, ByteOrder.LITTLE_ENDIAN);
        dmaOut.putInt(VfioUser.HDR_SIZE, HEADER_SIZE + 16 + data, ByteOrder.LITTLE_ENDIAN);
        dmaOut.putInt(VfioUser.HDR_FLAGS, VfioUser.FLAG_REQUEST, ByteOrder.LITTLE_ENDIAN);
        dmaOut.putInt(VfioUser.HDR_ERROR, 0, ByteOrder.LITTLE_ENDIAN);
        dmaOut.putLong(HEADER_SIZE, iova, ByteOrder.LITTLE_ENDIAN);
        dmaOut.putLong(HEADER_SIZE + 8, length, ByteOrder.LITTLE_ENDIAN);
        return id;
    }

    /**
     * Waits (until {@link #DMA_TIMEOUT_MILLIS}) for the reply to DMA request {@code id}; requests that arrive first are
     * queued for after the step, stray replies (to requests that timed out) are dropped.
     *
     * @return true if the reply arrived without the error flag (it is then in {@link #dmaIn})
     */
    private boolean awaitReply(int id, int command) {
        final long deadline = System.nanoTime() + DMA_TIMEOUT_MILLIS * 1_000_000L;
        while (true) {
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.accept(VfioUser.commandName(command) + " #" + id + ": no reply within " + DMA_TIMEOUT_MILLIS
                    + " ms");
                return false;
            }
            if (!socket.readable((int) Math.max(1, Math.min(left / 1_000_000, 100)))) {
                continue;
            }
            final int count = receiveMessage(dmaIn, dmaFds);
            if (count == -1) {
                closedDuringDma = true;
                return broken(new VfioUserException("the client closed the connection"));
            }
            final int flags = dmaIn.getInt(VfioUser.HDR_FLAGS, ByteOrder.LITTLE_ENDIAN);
            if ((flags & VfioUser.FLAG_TYPE_MASK) == VfioUser.FLAG_REQUEST) {
                defer(count);
                continue;
            }
            if (count == DISCARDED) {
                log.accept("dropped a reply larger than " + MAX_MESSAGE + " bytes");
                continue;
            }
            closeAll(dmaFds, count);
            final int replyId = dmaIn.getShort(VfioUser.HDR_ID, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int replyCommand = dmaIn.getShort(VfioUser.HDR_COMMAND, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            if (replyId != id || replyCommand != command) {
                log.accept("ignored a " + VfioUser.commandName(replyCommand) + " reply #" + replyId
                    + " the server no longer waits for");
                continue;
            }
            if ((flags & VfioUser.FLAG_ERROR) != 0) {
                log.accept(VfioUser.commandName(command) + " #" + id + " refused by the client with errno "
                    + dmaIn.getInt(VfioUser.HDR_ERROR, ByteOrder.LITTLE_ENDIAN));
                return false;
            }
            return true;
        }
    }

    /** Queues the client request in {@link #dmaIn} (slow path: one copy, allocated). */
    private void defer(int count) {
        final int size = count == DISCARDED ? HEADER_SIZE : dmaIn.getInt(VfioUser.HDR_SIZE, ByteOrder.LITTLE_ENDIAN);
        final byte[] message = new byte[size];
        dmaIn.getBytes(0, message);
        deferred.add(new Deferred(message, Arrays.copyOf(dmaFds, Math.max(count, 0)), count == DISCARDED));
        deferredCount++;
    }

    private boolean broken(VfioUserException e) {
        if (!transportBroken) {
            log.accept("DMA message exchange failed: " + e.getMessage());
        }
        transportBroken = true;
        return false;
    }

    /** A client request received while a DMA reply was awaited. */
    private static final class Deferred {
        final byte[] message;
        final int[] fds;
        /** Larger than {@link #MAX_MESSAGE}: only the header was kept, the request is refused. */
        final boolean discarded;

        Deferred(byte[] message, int[] fds, boolean discarded) {
            this.message = message;
            this.fds = fds;
            this.discarded = discarded;
        }
    }

    private void dispatch(int command, int flags, int length, int fdCount) {
        if (!versionDone && command != VfioUser.VERSION) {
            closeAll(fds, fdCount);
            replyError(command, flags, EINVAL);
            return;
        }
        final int errno;
        switch (command) {
            case VfioUser.VERSION: errno = version(length); break;
            case VfioUser.DMA_MAP: errno = dmaMap(length, fdCount); break;
            case VfioUser.DMA_UNMAP: errno = dmaUnmap(length); break;
            case VfioUser.DEVICE_GET_INFO: errno = deviceInfo(length); break;
            case VfioUser.DEVICE_GET_REGION_INFO: errno = regionInfo(length); break;
            case VfioUser.DEVICE_GET_IRQ_INFO: errno = irqInfo(length); break;
            case VfioUser.DEVICE_SET_IRQS: errno = setIrqs(length, fdCount); break;
            case VfioUser.REGION_READ: errno = regionRead(length); break;
            case VfioUser.REGION_WRITE: errno = regionWrite(length, flags); break;
            case VfioUser.DEVICE_RESET: errno = reset(); break;
            default: errno = VfioUser.ENOTSUP; break;
        }
        if (command != VfioUser.DMA_MAP && command != VfioUser.DEVICE_SET_IRQS) {
            closeAll(fds, fdCount); // descriptors a command does not take are not kept
        }
        if (errno != 0) {
            replyError(command, flags, errno);
        }
    }

    // ---- VERSION: major u16, minor u16, capabilities JSON (NUL-terminated) --------------------------------------

    private int version(int length) {
        if (length < 4 || versionDone) {
            return EINVAL;
        }
        final int major = in.getShort(HEADER_SIZE, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (major != VfioUser.MAJOR) {
            log.accept("client speaks vfio-user " + major + ".x; this server speaks " + VfioUser.MAJOR + ".x");
            return VfioUser.ENOTSUP;
        }
        // NB: the client refuses a reply longer than its request (QEMU proxy.c), so the JSON stays short.
        final byte[] caps = ("{\"capabilities\":{\"max_msg_fds\":" + UnixSocket.MAX_FDS + ",\"max_data_xfer_size\":"
            + MAX_DATA + "}}\0").getBytes(StandardCharsets.US_ASCII);
        out.putShort(HEADER_SIZE, (short) VfioUser.MAJOR, ByteOrder.LITTLE_ENDIAN);
        out.putShort(HEADER_SIZE + 2, (short) VfioUser.MINOR, ByteOrder.LITTLE_ENDIAN);
        out.putBytes(HEADER_SIZE + 4, caps);
        versionDone = true;
        reply(4 + caps.length);
        log.accept("version negotiated with " + clientCapabilities(length));
        return 0;
    }

    private String clientCapabilities(int length) {
        final byte[] json = new byte[Math.max(0, length - 4)];
        in.getBytes(HEADER_SIZE + 4, json);
        int end = 0;
        while (end < json.length && json[end] != 0) {
            end++;
        }
        return new String(json, 0, end, StandardCharsets.US_ASCII);
    }

    // ---- DMA_MAP: argsz u32, flags u32, offset u64, iova u64, size u64 -----------------------------------------

    private int dmaMap(int length, int fdCount) {
        if (length < 32 || fdCount > 1) {
            closeAll(fds, fdCount);
            return EINVAL;
        }
        final int flags = in.getInt(HEADER_SIZE + 4, ByteOrder.LITTLE_ENDIAN);
        final long offset = in.getLong(HEADER_SIZE + 8, ByteOrder.LITTLE_ENDIAN);
        final long iova = in.getLong(HEADER_SIZE + 16, ByteOrder.LITTLE_ENDIAN);
        final long size = in.getLong(HEADER_SIZE + 24, ByteOrder.LITTLE_ENDIAN);
        final int errno = dma.map(iova, size, offset, flags, fdCount == 1 ? fds[0] : -1);
        if (errno == 0) {
            reply(0);
        }
        return errno;
    }

    // ---- DMA_UNMAP: argsz u32, flags u32, iova u64, size u64 ----------------------------------------------------

    private int dmaUnmap(int length) {
        if (length < 24) {
            return EINVAL;
        }
        final int flags = in.getInt(HEADER_SIZE + 4, ByteOrder.LITTLE_ENDIAN);
        final long iova = in.getLong(HEADER_SIZE + 8, ByteOrder.LITTLE_ENDIAN);
        final long size = in.getLong(HEADER_SIZE + 16, ByteOrder.LITTLE_ENDIAN);
        if ((flags & VfioUser.DMA_UNMAP_FLAG_GET_DIRTY_BITMAP) != 0) {
            return VfioUser.ENOTSUP; // migration is not offered, so there is no dirty tracking
        }
        int errno = 0;
        if ((flags & VfioUser.DMA_UNMAP_FLAG_ALL) != 0) {
            if (iova != 0 || size != 0) {
                return EINVAL;
            }
            dma.unmapAll();
        } else {
            errno = dma.unmap(iova, size);
        }
        if (errno == 0) {
            out.putBytes(HEADER_SIZE, in, HEADER_SIZE, 24);
            reply(24);
        }
        return errno;
    }

    // ---- DEVICE_GET_INFO: argsz u32, flags u32, num_regions u32, num_irqs u32 --------------------------------

    private int deviceInfo(int length) {
        if (length < 4 || in.getInt(HEADER_SIZE, ByteOrder.LITTLE_ENDIAN) < 16) {
            return EINVAL;
        }
        out.putInt(HEADER_SIZE, 16, ByteOrder.LITTLE_ENDIAN);
        out.putInt(HEADER_SIZE + 4, VfioUser.DEVICE_FLAGS_RESET | VfioUser.DEVICE_FLAGS_PCI, ByteOrder.LITTLE_ENDIAN);
        out.putInt(HEADER_SIZE + 8, VfioUser.NUM_REGIONS, ByteOrder.LITTLE_ENDIAN);
        out.putInt(HEADER_SIZE + 12, VfioUser.NUM_IRQS, ByteOrder.LITTLE_ENDIAN);
        reply(16);
        return 0;
    }

    // ---- DEVICE_GET_REGION_INFO: argsz, flags, index, cap_offset (u32 each), size u64, offset u64 --------------

    private int regionInfo(int length) {
        if (length < 32 || in.getInt(HEADER_SIZE, ByteOrder.LITTLE_ENDIAN) < 32) {
            return EINVAL;
        }
        final int index = in.getInt(HEADER_SIZE + 8, ByteOrder.LITTLE_ENDIAN);
        if (index < 0 || index >= VfioUser.NUM_REGIONS) {
            return EINVAL;
        }
        final long size = regionSize(index);
        out.putInt(HEADER_SIZE, 32, ByteOrder.LITTLE_ENDIAN);
        out.putInt(HEADER_SIZE + 4, size == 0 ? 0 : VfioUser.REGION_FLAG_READ | VfioUser.REGION_FLAG_WRITE,
            ByteOrder.LITTLE_ENDIAN);
        out.putInt(HEADER_SIZE + 8, index, ByteOrder.LITTLE_ENDIAN);
        out.putInt(HEADER_SIZE + 12, 0, ByteOrder.LITTLE_ENDIAN);
        out.putLong(HEADER_SIZE + 16, size, ByteOrder.LITTLE_ENDIAN);
        out.putLong(HEADER_SIZE + 24, 0, ByteOrder.LITTLE_ENDIAN);
        reply(32);
        return 0;
    }

    private long regionSize(int index) {
        switch (index) {
            case VfioUser.BAR0_REGION: return bar0Size;
            case VfioUser.BAR3_REGION: return SimPciConfig.BAR3_SIZE;
            case VfioUser.CONFIG_REGION: return 4096;
            default: return 0;
        }
    }

    // ---- DEVICE_GET_IRQ_INFO: argsz, flags, index, count (u32 each) -----------------------------------------

    private int irqInfo(int length) {
        if (length < 16 || in.getInt(HEADER_SIZE, ByteOrder.LITTLE_ENDIAN) < 16) {
            return EINVAL;
        }
        final int index = in.getInt(HEADER_SIZE + 8, ByteOrder.LITTLE_ENDIAN);
        if (index < 0 || index >= VfioUser.NUM_IRQS) {
            return EINVAL;
        }
        // As vfio-pci reports them: INTx maskable and auto-masked; MSI-X without NORESIZE (vectors can be added).
        final int flags = VfioUser.IRQ_INFO_EVENTFD | (index == VfioUser.INTX_IRQ
            ? VfioUser.IRQ_INFO_MASKABLE | VfioUser.IRQ_INFO_AUTOMASKED : 0);
        out.putInt(HEADER_SIZE, 16, ByteOrder.LITTLE_ENDIAN);
        out.putInt(HEADER_SIZE + 4, flags, ByteOrder.LITTLE_ENDIAN);
        out.putInt(HEADER_SIZE + 8, index, ByteOrder.LITTLE_ENDIAN);
        out.putInt(HEADER_SIZE + 12, irqs.count(index), ByteOrder.LITTLE_ENDIAN);
        reply(16);
        return 0;
    }

    // ---- DEVICE_SET_IRQS: argsz, flags, index, start, count (u32 each); eventfds as SCM_RIGHTS -----------------

    private int setIrqs(int length, int fdCount) {
        if (length < 20) {
            closeAll(fds, fdCount);
            return EINVAL;
        }
        final int flags = in.getInt(HEADER_SIZE + 4, ByteOrder.LITTLE_ENDIAN);
        final int index = in.getInt(HEADER_SIZE + 8, ByteOrder.LITTLE_ENDIAN);
        final int start = in.getInt(HEADER_SIZE + 12, ByteOrder.LITTLE_ENDIAN);
        final int count = in.getInt(HEADER_SIZE + 16, ByteOrder.LITTLE_ENDIAN);
        final int data = flags & VfioUser.IRQ_SET_DATA_TYPE_MASK;
        final int action = flags & VfioUser.IRQ_SET_ACTION_TYPE_MASK;
        final boolean valid = index >= 0 && index < VfioUser.NUM_IRQS && start >= 0 && count >= 0
            && (long) start + count <= irqs.count(index) && Integer.bitCount(data) == 1
            && Integer.bitCount(action) == 1 && (count > 0 || start == 0);
        if (!valid || (data == VfioUser.IRQ_SET_DATA_EVENTFD && fdCount != 0 && fdCount != count)
            || (data != VfioUser.IRQ_SET_DATA_EVENTFD && fdCount != 0)) {
            closeAll(fds, fdCount);
            return EINVAL;
        }
        if (action != VfioUser.IRQ_SET_ACTION_TRIGGER) {
            // Mask/unmask exist for INTx only (vfio-pci semantics); the model never raises INTx, so they change nothing.
            return index == VfioUser.INTX_IRQ && data != VfioUser.IRQ_SET_DATA_EVENTFD ? replyEmpty() : EINVAL;
        }
        if (data == VfioUser.IRQ_SET_DATA_EVENTFD) {
            irqs.set(index, start, count, fdCount == 0 ? null : Arrays.copyOf(fds, fdCount));
        } else if (data == VfioUser.IRQ_SET_DATA_NONE) {
            if (count == 0) {
                irqs.set(index, 0, 0, null);
            } else {
                for (int i = start; i < start + count; i++) {
                    irqs.trigger(index, i);
                }
            }
        } else {
            if (length < 20 + count) {
                return EINVAL;
            }
            for (int i = 0; i < count; i++) {
                if (in.getByte(HEADER_SIZE + 20 + i) != 0) {
                    irqs.trigger(index, start + i);
                }
            }
        }
        return replyEmpty();
    }

    // ---- REGION_READ / REGION_WRITE: offset u64, region u32, count u32, data ----------------------------------

    private int regionRead(int length) {
        if (length < 16) {
            return EINVAL;
        }
        final long offset = in.getLong(HEADER_SIZE, ByteOrder.LITTLE_ENDIAN);
        final int region = in.getInt(HEADER_SIZE + 8, ByteOrder.LITTLE_ENDIAN);
        final int count = in.getInt(HEADER_SIZE + 12, ByteOrder.LITTLE_ENDIAN);
        if (!inRegion(region, offset, count)) {
            return EINVAL;
        }
        final int data = HEADER_SIZE + 16;
        final boolean done;
        switch (region) {
            case VfioUser.BAR0_REGION: done = readBar0((int) offset, count, data); break;
            case VfioUser.BAR3_REGION: out.putBytes(data, bar3, (int) offset, count); done = true; break;
            default: done = readConfig((int) offset, count, data); break;
        }
        if (!done) {
            return EINVAL;
        }
        out.putBytes(HEADER_SIZE, in, HEADER_SIZE, 16);
        reply(16 + count);
        return 0;
    }

    private int regionWrite(int length, int flags) {
        if (length < 16) {
            return EINVAL;
        }
        final long offset = in.getLong(HEADER_SIZE, ByteOrder.LITTLE_ENDIAN);
        final int region = in.getInt(HEADER_SIZE + 8, ByteOrder.LITTLE_ENDIAN);
        final int count = in.getInt(HEADER_SIZE + 12, ByteOrder.LITTLE_ENDIAN);
        if (length < 16 + count || !inRegion(region, offset, count)) {
            return EINVAL;
        }
        final int data = HEADER_SIZE + 16;
        final boolean done;
        switch (region) {
            case VfioUser.BAR0_REGION: done = writeBar0((int) offset, count, data); break;
            case VfioUser.BAR3_REGION: in.getBytes(data, bar3, (int) offset, count); done = true; break;
            default: done = writeConfig((int) offset, count, data); break;
        }
        if (!done) {
            return EINVAL;
        }
        if ((flags & VfioUser.FLAG_NO_REPLY) == 0) {
            out.putBytes(HEADER_SIZE, in, HEADER_SIZE, 16);
            reply(16);
        }
        return 0;
    }

    private boolean inRegion(int region, long offset, int count) {
        if (region != VfioUser.BAR0_REGION && region != VfioUser.BAR3_REGION && region != VfioUser.CONFIG_REGION) {
            return false;
        }
        return count > 0 && count <= MAX_DATA && offset >= 0 && offset + count <= regionSize(region);
    }

    /** BAR0: aligned 4- and 8-byte accesses, as the CPU issues them (readl/readq); others are refused. */
    private boolean readBar0(int offset, int count, int data) {
        if (count == 4 && (offset & 3) == 0) {
            final int value = bar0.read32(offset);
            out.putInt(data, value, ByteOrder.LITTLE_ENDIAN);
            if (trace && !readOffsets.get(offset >> 2)) {
                readOffsets.set(offset >> 2);
                log.accept(String.format("bar0 first read  0x%06x = 0x%08x", offset, value));
            }
            return true;
        }
        if (count == 8 && (offset & 7) == 0) {
            out.putLong(data, bar0.read64(offset), ByteOrder.LITTLE_ENDIAN);
            return true;
        }
        return false;
    }

    private boolean writeBar0(int offset, int count, int data) {
        if (count == 4 && (offset & 3) == 0) {
            final int value = in.getInt(data, ByteOrder.LITTLE_ENDIAN);
            if (trace) {
                traceWrite(offset, value);
            }
            bar0.write32(offset, value);
            return true;
        }
        if (count == 8 && (offset & 7) == 0) {
            bar0.write32(offset, in.getInt(data, ByteOrder.LITTLE_ENDIAN));
            bar0.write32(offset + 4, in.getInt(data + 4, ByteOrder.LITTLE_ENDIAN));
            return true;
        }
        return false;
    }

    /** Config space: 1-, 2- and 4-byte aligned accesses, or runs of whole dwords (QEMU reads 256 bytes at once). */
    private boolean readConfig(int offset, int count, int data) {
        if (count == 1) {
            out.putByte(data, (byte) config.read8(offset));
        } else if (count == 2 && (offset & 1) == 0) {
            out.putShort(data, (short) config.read16(offset), ByteOrder.LITTLE_ENDIAN);
        } else if ((offset & 3) == 0 && (count & 3) == 0) {
            for (int i = 0; i < count; i += 4) {
                out.putInt(data + i, config.read32(offset + i), ByteOrder.LITTLE_ENDIAN);
            }
        } else {
            return false;
        }
        return true;
    }

    private boolean writeConfig(int offset, int count, int data) {
        if (count == 1) {
            // NB: the model takes 16- and 32-bit writes; a byte write merges into its aligned halfword.
            final int half = offset & ~1;
            final int shift = (offset & 1) * 8;
            final int merged = (config.read16(half) & ~(0xFF << shift)) | ((in.getByte(data) & 0xFF) << shift);
            config.write16(half, merged);
        } else if (count == 2 && (offset & 1) == 0) {
            config.write16(offset, in.getShort(data, ByteOrder.LITTLE_ENDIAN) & 0xFFFF);
        } else if ((offset & 3) == 0 && (count & 3) == 0) {
            for (int i = 0; i < count; i += 4) {
                config.write32(offset + i, in.getInt(data + i, ByteOrder.LITTLE_ENDIAN));
            }
        } else {
            return false;
        }
        return true;
    }

    private int lastAtqTail = -1;

    private void traceWrite(int offset, int value) {
        log.accept(String.format("bar0 write 0x%06x = 0x%08x", offset, value));
        if (offset != PF_ATQT) {
            return;
        }
        final long ring = (bar0.read32(PF_ATQBAL) & 0xFFFF_FFFFL) | (long) bar0.read32(PF_ATQBAH) << 32;
        final int entries = bar0.read32(PF_ATQLEN) & 0x3FF;
        if (lastAtqTail >= 0 && entries > 0) {
            traceDescriptor("done", ring, (lastAtqTail + entries - 1) % entries);
        }
        if (entries > 0) {
            traceDescriptor("sent", ring, (value + entries - 1) % entries);
        }
        lastAtqTail = value;
    }

    /** One ATQ descriptor (facts 3.2): flags u16 @0, opcode u16 @2, datalen u16 @4, retval u16 @6, params @16. */
    private void traceDescriptor(String what, long ring, int index) {
        final long address = dma.address(ring + 32L * index);
        if (address == 0) {
            log.accept("aq " + what + " #" + index + ": descriptor not in a mapped region");
            return;
        }
        final UnsafeBuffer d = new UnsafeBuffer(address, 32);
        log.accept(String.format("aq %s #%d opcode 0x%04x flags 0x%04x datalen %d retval %d params %08x %08x %08x %08x",
            what, index, d.getShort(2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF, d.getShort(0, ByteOrder.LITTLE_ENDIAN) & 0xFFFF,
            d.getShort(4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF, d.getShort(6, ByteOrder.LITTLE_ENDIAN) & 0xFFFF,
            d.getInt(16, ByteOrder.LITTLE_ENDIAN), d.getInt(20, ByteOrder.LITTLE_ENDIAN),
            d.getInt(24, ByteOrder.LITTLE_ENDIAN), d.getInt(28, ByteOrder.LITTLE_ENDIAN)));
    }

    // ---- DEVICE_RESET --------------------------------------------------------------------------------------------

    private int reset() {
        device.functionLevelReset();
        log.accept("device reset (function-level reset of the model)");
        return replyEmpty();
    }

    // ---- replies -------------------------------------------------------------------------------------------------

    private int replyEmpty() {
        reply(0);
        return 0;
    }

    private void reply(int payload) {
        if ((in.getInt(VfioUser.HDR_FLAGS, ByteOrder.LITTLE_ENDIAN) & VfioUser.FLAG_NO_REPLY) != 0) {
            return;
        }
        out.putShort(VfioUser.HDR_ID, in.getShort(VfioUser.HDR_ID, ByteOrder.LITTLE_ENDIAN), ByteOrder.LITTLE_ENDIAN);
        out.putShort(VfioUser.HDR_COMMAND, in.getShort(VfioUser.HDR_COMMAND, ByteOrder.LITTLE_ENDIAN),
            ByteOrder.LITTLE_ENDIAN);
        out.putInt(VfioUser.HDR_SIZE, HEADER_SIZE + payload, ByteOrder.LITTLE_ENDIAN);
        out.putInt(VfioUser.HDR_FLAGS, VfioUser.FLAG_REPLY, ByteOrder.LITTLE_ENDIAN);
        out.putInt(VfioUser.HDR_ERROR, 0, ByteOrder.LITTLE_ENDIAN);
        socket.send(out.addressOffset(), HEADER_SIZE + payload, fds, 0);
    }

    private void replyError(int command, int flags, int errno) {
        errorReplies++;
        log.accept(VfioUser.commandName(command) + " refused with errno " + errno);
        if ((flags & VfioUser.FLAG_NO_REPLY) != 0) {
            return;
        }
        out.putShort(VfioUser.HDR_ID, in.getShort(VfioUser.HDR_ID, ByteOrder.LITTLE_ENDIAN), ByteOrder.LITTLE_ENDIAN);
        out.putShort(VfioUser.HDR_COMMAND, (short) command, ByteOrder.LITTLE_ENDIAN);
        out.putInt(VfioUser.HDR_SIZE, HEADER_SIZE, ByteOrder.LITTLE_ENDIAN);
        out.putInt(VfioUser.HDR_FLAGS, VfioUser.FLAG_REPLY | VfioUser.FLAG_ERROR, ByteOrder.LITTLE_ENDIAN);
        out.putInt(VfioUser.HDR_ERROR, errno, ByteOrder.LITTLE_ENDIAN);
        socket.send(out.addressOffset(), HEADER_SIZE, fds, 0);
    }

    private static void closeAll(int[] fds, int count) {
        for (int i = 0; i < count; i++) {
            UnixSocket.closeFd(fds[i]);
            fds[i] = -1;
        }
    }

    // ---- inspection -----------------------------------------------------------------------------------------------

    /** Messages received with this command number. */
    public long count(int command) {
        return commandCounts[Math.min(command, commandCounts.length - 1)];
    }

    /** Error replies sent (or due, for posted writes). */
    public long errorReplies() {
        return errorReplies;
    }

    /** DMA regions the client has mapped, and how many came with a descriptor (reachable by the model). */
    public int dmaRegions() {
        return dma.count();
    }

    /** DMA regions without a descriptor that the model reaches through DMA_READ/DMA_WRITE messages. */
    public int dmaRegionsByMessage() {
        return dma.messageBackedCount();
    }

    /** Shadow page runs filled by DMA_READ, changed-byte runs written by DMA_WRITE, and failed exchanges. */
    public long dmaReadMessages() {
        return messageDma.fills();
    }

    public long dmaWriteMessages() {
        return messageDma.writeBacks();
    }

    public long dmaMessageFailures() {
        return messageDma.failures();
    }

    /** Client requests that arrived while the server waited for a DMA reply (handled after the step). */
    public long deferredRequests() {
        return deferredCount;
    }

    public int dmaRegionsWithFd() {
        return dma.mappedCount();
    }

    /** The process address of a client IOVA in a descriptor-backed region, or 0 (for tests and diagnostics). */
    public long dmaAddress(long iova) {
        return dma.address(iova);
    }

    /** The eventfd the client set for an interrupt, or -1. */
    public int irqFd(int index, int vector) {
        return irqs.fd(index, vector);
    }

    /** Interrupts signalled to the client's eventfds, and those raised while the client had none set. */
    public long interruptsSignalled() {
        return irqs.signalled();
    }

    public long interruptsDropped() {
        return irqs.dropped();
    }

    /** One line with the message counts, for the log. */
    public String summary() {
        final StringBuilder b = new StringBuilder("messages:");
        for (int c = 1; c < commandCounts.length; c++) {
            if (commandCounts[c] > 0) {
                b.append(' ').append(VfioUser.commandName(c)).append('=').append(commandCounts[c]);
            }
        }
        return b.append("; DMA by message: read ").append(messageDma.fills()).append(", written ")
            .append(messageDma.writeBacks()).append(", failed ").append(messageDma.failures()).append(", requests deferred ")
            .append(deferredCount).append("; error replies ").append(errorReplies).append("; interrupts signalled ")
            .append(irqs.signalled()).append(", dropped ").append(irqs.dropped()).toString();
    }

    @Override
    public void close() {
        for (Deferred d : deferred) {
            closeAll(d.fds, d.fds.length); // descriptors of requests never handled
        }
        deferred.clear();
        device.attachInterrupts(null);
        irqs.close();
        dma.close();
        messageDma.close();
        socket.close();
    }
}
