package io.xdpj.sim;

import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;

/**
 * What the control plane (register file, admin-queue firmware, HMC) tells the LAN data plane (the Rx/Tx DMA engines,
 * switch filters, RSS, statistics). The production implementation is {@link LanEngineAdapter} over the LAN engine;
 * the control plane's own tests use a recording implementation.
 *
 * <h2>Threads</h2>
 * Every method except {@link #rxTail}, {@link #txTail} and the statistics reads is called from the model's step
 * thread (the {@link SimAgent}, or a test calling {@link SimulatedXl710#step()}), the same thread that runs
 * {@link #doWork()}. The tail methods are called from the driver's thread on a QRX_TAIL/QTX_TAIL write and must
 * publish the value with a release store that {@link #doWork()} reads with an acquire load (the driver's plain
 * descriptor stores before the MMIO write are then visible to the engine, Mmio contract). Queue indices are
 * PF-relative.
 */
public interface LanDataPlane {

    /**
     * Starts Rx queue {@code queue} with the context read from HMC memory (facts 6.3); the tail is as last written.
     *
     * @throws IllegalArgumentException if the context cannot describe a ring the data plane can run (the message
     *                                  names the field); the queue then stays disabled
     */
    void startRxQueue(int queue, RxQueueContext context);

    /** Stops Rx queue {@code queue}: no more descriptor reads or write-backs (facts 6.4). */
    void stopRxQueue(int queue);

    /**
     * Starts Tx queue {@code queue} with its context (facts 6.2).
     *
     * @throws IllegalArgumentException as {@link #startRxQueue}
     */
    void startTxQueue(int queue, TxQueueContext context);

    /** Stops Tx queue {@code queue} (facts 6.4). */
    void stopTxQueue(int queue);

    /** QRX_TAIL(queue) was written (driver thread; release). */
    void rxTail(int queue, int tail);

    /** QTX_TAIL(queue) was written (driver thread; release). */
    void txTail(int queue, int tail);

    /** The device's current head of Tx queue {@code queue}, for QTX_HEAD reads; -1 if the queue is not running. */
    int txHead(int queue);

    /**
     * The device's current Rx head of queue {@code queue} (the next descriptor it will write back), for interrupt
     * causes; -1 if the data plane does not report it or the queue is not running.
     */
    default int rxHead(int queue) {
        return -1;
    }

    /** Whether frames move on the port: link up (facts 4.13) and, when false, the engine stops the wire. */
    void linkUp(boolean up);

    /** The port's max frame size in bytes, FCS included (AQ 0x0603, facts 4.13; 9728 after reset). */
    void maxFrameSize(int bytes);

    /** PCI bus mastering: while false the engine must not DMA (PCIe base spec; PciConfig.COMMAND_BUS_MASTER). */
    void busMaster(boolean enabled);

    /** The VSI's promiscuous modes (AQ 0x0254 flag bits after applying valid_flags, facts 4.11). */
    void promiscuous(int vsiSeid, int flags);

    /**
     * Adds a perfect MAC (and VLAN) filter for the VSI (AQ 0x0250, facts 4.12).
     *
     * @param vlan the VLAN id, or -1 when the filter ignores the VLAN
     * @param queue the PF-relative target queue, or -1 when the VSI's queue map decides
     */
    void addMacFilter(int vsiSeid, long mac, int vlan, int queue);

    /** Removes a filter added with the same (mac, vlan) (AQ 0x0251, facts 4.12). */
    void removeMacFilter(int vsiSeid, long mac, int vlan);

    /** The VSI's contiguous queue range from its TC0 mapping (AQ 0x0211 QUEUE_MAP, facts 4.10). */
    void queueMap(int vsiSeid, int firstQueue, int queueCount);

    /** The RSS hash key (AQ 0x0B02, 52 bytes: standard 40 + extended 12). */
    void rssKey(int vsiSeid, byte[] key);

    /** The RSS lookup table (AQ 0x0B03): entry i = queue index relative to the VSI's first queue. */
    void rssLut(int vsiSeid, byte[] lut);

    /**
     * A PF reset or a core reset: stop every queue, drop filters, promiscuous modes and RSS state, max frame size
     * back to 9728 (facts 2.2); the firmware then re-announces its after-reset state (default filter, link).
     */
    void reset();

    /** Whether {@code offset} is a statistics register the data plane serves (facts 8). */
    boolean isStatistic(int offset);

    /** Reads a statistics register (32-bit access). */
    int readStatistic32(int offset);

    /** Reads a 48-bit statistics counter with one 64-bit access at its L offset (facts 8). */
    long readStatistic64(int offset);

    /** One round of data-plane work (Rx from the wire, Tx to the wire, write-backs); returns the work done. */
    int doWork();
}
