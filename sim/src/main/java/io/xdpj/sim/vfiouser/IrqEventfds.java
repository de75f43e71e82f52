package io.xdpj.sim.vfiouser;

import java.nio.ByteOrder;
import java.util.Arrays;

import io.xdpj.sim.intr.InterruptSink;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The client's interrupt eventfds per VFIO irq index (VFIO_USER_DEVICE_SET_IRQS with DATA_EVENTFD and
 * ACTION_TRIGGER, vfio-user.rst; the semantics of VFIO_DEVICE_SET_IRQS in linux/vfio.h). Raising an interrupt writes
 * the 8-byte value 1 to its eventfd (eventfd(2)); the client turns that into the guest's MSI-X message, where the
 * MSI-X table's mask bits apply (the client emulates the table).
 *
 * <p>Used on the server thread only.
 */
final class IrqEventfds implements InterruptSink, AutoCloseable {

    private final int[][] fds = new int[VfioUser.NUM_IRQS][];
    private final UnsafeBuffer one = new UnsafeBuffer(BufferUtil.allocateDirectAligned(8, 8));
    private long signalled;
    private long dropped;

    IrqEventfds(int msixVectors) {
        for (int i = 0; i < VfioUser.NUM_IRQS; i++) {
            fds[i] = new int[count(i, msixVectors)];
            Arrays.fill(fds[i], -1);
        }
        one.putLong(0, 1L, ByteOrder.LITTLE_ENDIAN);
    }

    /** Interrupts per index: INTx 1, MSI 0 (the XL710 has no MSI capability here), MSI-X the table size, ERR/REQ 1. */
    static int count(int index, int msixVectors) {
        switch (index) {
            case VfioUser.MSI_IRQ: return 0;
            case VfioUser.MSIX_IRQ: return msixVectors;
            default: return 1;
        }
    }

    int count(int index) {
        return fds[index].length;
    }

    /**
     * Sets the eventfds of {@code [start, start + count)} of an index: {@code newFds} (taken over) or, when null,
     * none (those interrupts are disabled). A count of 0 with no descriptors disables the whole index.
     */
    void set(int index, int start, int count, int[] newFds) {
        final int[] slots = fds[index];
        final int from = count == 0 ? 0 : start;
        final int to = count == 0 ? slots.length : start + count;
        for (int i = from; i < to; i++) {
            UnixSocket.closeFd(slots[i]);
            slots[i] = newFds == null ? -1 : newFds[i - start];
        }
    }

    /** The eventfd of an interrupt, or -1. */
    int fd(int index, int vector) {
        return fds[index][vector];
    }

    /** Signals an interrupt of an index (VFIO_IRQ_SET_DATA_NONE | ACTION_TRIGGER, or the model). */
    void trigger(int index, int vector) {
        final int fd = fds[index][vector];
        if (fd < 0) {
            dropped++;
            return;
        }
        final long n = UnixSocket.libc().write(fd, one.addressOffset(), 8);
        if (n == 8) {
            signalled++;
        } else {
            dropped++;
        }
    }

    @Override
    public void msix(int vector) {
        if (vector >= 0 && vector < fds[VfioUser.MSIX_IRQ].length) {
            trigger(VfioUser.MSIX_IRQ, vector);
        }
    }

    /** Interrupts written to an eventfd. */
    long signalled() {
        return signalled;
    }

    /** Interrupts the model raised while no eventfd was set for them (the guest had them off). */
    long dropped() {
        return dropped;
    }

    @Override
    public void close() {
        for (int i = 0; i < VfioUser.NUM_IRQS; i++) {
            set(i, 0, 0, null);
        }
    }
}
