package io.xdpj.xsk;

import java.util.BitSet;

/**
 * A port as the AF_XDP layer sees it (the kernel's {@code net_device} for this purpose): a name, an ifindex, its Rx
 * queues, whether the driver supports zero-copy, its XDP transmit side (for XDP_TX and DEVMAP) and the driver's
 * hooks. The driver creates one per port; tests create them with test doubles.
 */
public final class NetDevice {

    /** Largest ifindex handed out; bounds the per-poller DEVMAP bulk-queue table. */
    public static final int MAX_IFINDEX = 255;

    /** Ifindexes in use (index 0 is never handed out, as in the kernel). Guarded by the class lock. */
    private static final BitSet IFINDEXES = new BitSet(MAX_IFINDEX + 1);

    private final String name;
    private final int ifindex;
    private final XdpRxQueue[] rxQueues;
    private final boolean zeroCopyCapable;
    private final XdpTransmitter transmitter;
    private final XskDeviceHooks hooks;
    private boolean released;

    /**
     * @param transmitter the device's XDP Tx side, or null if it cannot transmit (XDP_TX and DEVMAP to it then
     *                    count a drop)
     */
    public NetDevice(String name, int rxQueues, boolean zeroCopyCapable, XdpTransmitter transmitter,
                     XskDeviceHooks hooks) {
        if (rxQueues <= 0) {
            throw new IllegalArgumentException("device " + name + " needs at least one Rx queue, got " + rxQueues);
        }
        this.ifindex = allocateIfindex(name);
        this.name = name;
        this.zeroCopyCapable = zeroCopyCapable;
        this.transmitter = transmitter;
        this.hooks = hooks == null ? XskDeviceHooks.NONE : hooks;
        this.rxQueues = new XdpRxQueue[rxQueues];
        for (int q = 0; q < rxQueues; q++) {
            this.rxQueues[q] = new XdpRxQueue(this, q);
        }
    }

    private static synchronized int allocateIfindex(String name) {
        final int i = IFINDEXES.nextClearBit(1);
        if (i > MAX_IFINDEX) {
            throw new IllegalStateException("device " + name + ": " + MAX_IFINDEX + " devices are open in this "
                + "process; close the ports no longer used");
        }
        IFINDEXES.set(i);
        return i;
    }

    /**
     * Gives the ifindex back for a later device (the kernel's unregister_netdevice). The driver calls it when the
     * port is closed; idempotent. NB: without it a process that opens and closes ports keeps using up ifindexes.
     */
    public void release() {
        synchronized (NetDevice.class) {
            if (!released) {
                released = true;
                IFINDEXES.clear(ifindex);
            }
        }
    }

    public String name() {
        return name;
    }

    public int ifindex() {
        return ifindex;
    }

    public int rxQueueCount() {
        return rxQueues.length;
    }

    /** The Rx-queue object of queue {@code q} (the kernel's {@code netdev_rx_queue}). */
    public XdpRxQueue rxQueue(int q) {
        return rxQueues[q];
    }

    public boolean zeroCopyCapable() {
        return zeroCopyCapable;
    }

    /** The XDP transmit side, or null. */
    public XdpTransmitter transmitter() {
        return transmitter;
    }

    XskDeviceHooks hooks() {
        return hooks;
    }

    @Override
    public String toString() {
        return name + "(ifindex " + ifindex + ")";
    }
}
