package io.xdpj.i40e;

import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQBAH;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQBAL;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQH;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQT;

import org.agrona.concurrent.UnsafeBuffer;

import io.xdpj.i40e.hw.aq.AdminQueueDescriptor;
import io.xdpj.sim.iommu.Iommu;
import io.xdpj.vfio.DmaAllocator;
import io.xdpj.vfio.Mmio;
import io.xdpj.vfio.OffHeapDmaAllocator;

/**
 * A hostile admin-queue firmware for the driver's {@link AdminQueue}: a register file whose ATQT write makes a
 * {@link Responder} write the "completion" of each posted command into the ring descriptor and its buffer, as it
 * likes (wrong opcode, length, flags, garbage), then move ATQH as a real firmware would, or not.
 *
 * <p>DMA memory is real off-heap memory behind the model's {@link Iommu}, so the responder writes through the
 * addresses the driver handed out, as a device does.
 */
final class ScriptedFirmware implements Mmio, AutoCloseable {

    /** Writes the completion of the command in {@code desc} (32 bytes, in the ring) and {@code buffer}. */
    interface Responder {
        /**
         * @param desc   the ring descriptor of the posted command, to overwrite with the completion
         * @param buffer the command's buffer ({@code AdminQueueDescriptor.MAX_BUF_SIZE} bytes), or null for a direct command
         * @return whether to advance ATQH (false: the firmware never completes it)
         */
        boolean respond(UnsafeBuffer desc, UnsafeBuffer buffer);
    }

    final Iommu iommu = new Iommu();
    final DmaAllocator dma = new OffHeapDmaAllocator(iommu, 0x4000_0000L);
    private final java.util.Map<Integer, Integer> regs = new java.util.HashMap<>();
    private final UnsafeBuffer descView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer bufferView = new UnsafeBuffer(0, 0);
    Responder responder;
    long completions;

    ScriptedFirmware(Responder responder) {
        this.responder = responder;
    }

    @Override
    public synchronized int read32(int offset) {
        return regs.getOrDefault(offset, 0);
    }

    @Override
    public synchronized void write32(int offset, int value) {
        regs.put(offset, value);
        if (offset == PF_ATQT) {
            respondUpTo(value);
        }
    }

    private void respondUpTo(int tail) {
        int head = regs.getOrDefault(PF_ATQH, 0);
        final long base = (regs.getOrDefault(PF_ATQBAL, 0) & 0xFFFF_FFFFL) | ((long) regs.getOrDefault(PF_ATQBAH, 0) << 32);
        while (head != tail) {
            final long d = iommu.translate(base + (long) head * AdminQueueDescriptor.SIZE, AdminQueueDescriptor.SIZE,
                true, -1);
            descView.wrap(d, AdminQueueDescriptor.SIZE);
            UnsafeBuffer buf = null;
            if ((AdminQueueDescriptor.flags(descView, 0) & AdminQueueDescriptor.FLAG_BUF) != 0) {
                final long b = iommu.translate(AdminQueueDescriptor.bufferAddress(descView, 0),
                    AdminQueueDescriptor.MAX_BUF_SIZE, true, -1);
                bufferView.wrap(b, AdminQueueDescriptor.MAX_BUF_SIZE);
                buf = bufferView;
            }
            if (!responder.respond(descView, buf)) {
                return;
            }
            completions++;
            head = head + 1 == AdminQueue.ENTRIES ? 0 : head + 1;
            regs.put(PF_ATQH, head);
        }
    }

    @Override
    public long read64(int offset) {
        return (read32(offset) & 0xFFFF_FFFFL) | ((long) read32(offset + 4) << 32);
    }

    @Override
    public long length() {
        return 4L << 20;
    }

    @Override
    public void close() {
        dma.close();
    }
}
