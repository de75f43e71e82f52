package io.xdpj.sim.regs;

import io.xdpj.sim.LanDataPlane;
import io.xdpj.vfio.Mmio;

/**
 * BAR0 of the simulated XL710, the {@link Mmio} a driver reads and writes.
 *
 * <h2>Threads and memory ordering (the pairs, written once here)</h2>
 * <ul>
 *   <li>Tail writes (QRX_TAIL / QTX_TAIL) take no lock: {@link QueueRegisters#writeTail} passes the value to the data
 *       plane, which stores it with a release store and reads it with an acquire load in its work loop. Pair: driver
 *       plain descriptor stores → release store of the tail (this write) / acquire load of the tail → engine
 *       descriptor reads. This is the Mmio.write32 release contract on the hot path.</li>
 *   <li>Statistics reads take no lock; the data plane publishes its counters for cross-thread reads.</li>
 *   <li>Every other access runs under the device lock, which the model's step also holds while it changes control
 *       state (admin queue, queue enables, HMC, resets). Monitor exit/enter gives the release/acquire pairs: the
 *       driver's stores before a register write (e.g. an AQ descriptor before ATQT) happen-before the step that
 *       acts on the write, and the step's results (ATQH, QENA_STAT, DMA'd responses) happen-before the driver's next
 *       read of the register that reports them.</li>
 *   <li>Surprise removal is a volatile flag: once set, every read returns all ones and writes are dropped (generic
 *       PCIe behaviour, UNVERIFIED for the i40e, facts 9).</li>
 * </ul>
 * Offsets must be 4-byte aligned and inside the BAR; anything else is a driver bug and throws.
 */
public final class Bar0 implements Mmio {

    private final Object lock;
    private final RegisterFile registers;
    private final QueueRegisters queues;
    private final LanDataPlane lan;
    private final long length;
    private volatile boolean removed;

    public Bar0(Object lock, RegisterFile registers, QueueRegisters queues, LanDataPlane lan, long length) {
        this.lock = lock;
        this.registers = registers;
        this.queues = queues;
        this.lan = lan;
        this.length = length;
    }

    @Override
    public int read32(int offset) {
        check(offset, 4);
        if (removed) {
            return -1;
        }
        final int tail = queues.tailSlot(offset);
        if (tail >= 0) {
            return queues.readTail(tail);
        }
        if (lan.isStatistic(offset)) {
            return lan.readStatistic32(offset);
        }
        synchronized (lock) {
            return registers.read32(offset);
        }
    }

    @Override
    public void write32(int offset, int value) {
        check(offset, 4);
        if (removed) {
            return;
        }
        final int tail = queues.tailSlot(offset);
        if (tail >= 0) {
            queues.writeTail(tail, value); // release (see the class comment)
            return;
        }
        synchronized (lock) {
            registers.write32(offset, value);
        }
    }

    @Override
    public long read64(int offset) {
        check(offset, 8);
        if (removed) {
            return -1L;
        }
        if (lan.isStatistic(offset)) {
            return lan.readStatistic64(offset);
        }
        synchronized (lock) {
            final long low = registers.read32(offset) & 0xFFFF_FFFFL;
            return (long) registers.read32(offset + 4) << 32 | low;
        }
    }

    @Override
    public long length() {
        return length;
    }

    /** Surprise removal: from now on reads return all ones and writes are ignored. */
    public void remove() {
        removed = true;
    }

    public boolean removed() {
        return removed;
    }

    private void check(int offset, int size) {
        if (offset < 0 || (offset & 3) != 0 || offset > length - size) {
            throw new IllegalArgumentException("BAR0 access of " + size + " bytes at 0x" + Integer.toHexString(offset)
                + " is unaligned or outside the " + length + "-byte BAR; check the register offset");
        }
    }
}
