package io.xdpj.sim.fault;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import io.xdpj.sim.adminq.CommandFaults;
import io.xdpj.sim.iommu.Iommu;

/**
 * Fault injection, callable from any thread (typically a test while the driver runs).
 *
 * <ul>
 *   <li>{@link #linkDown()} / {@link #linkUp()}: the link partner disappears / returns. Applied at the next model
 *       step: the data plane is told (it stops moving frames while down) and, with LSE enabled and LINK_UPDOWN not
 *       masked, a link-status event (opcode 0x0607) is posted on the ARQ (facts 3.7, 4.13).</li>
 *   <li>{@link #failCommand(int, int)}: every later admin command with that opcode completes with DD|CMP|ERR and
 *       the given retval without executing. {@link #stallCommand(int)}: such a command is never completed; the ATQ
 *       stops at it (ATQH does not advance), so the driver times out (facts 3.6). {@link #clearCommandFaults()}
 *       removes both kinds; a stalled queue then resumes.</li>
 *   <li>{@link #firmwareReset()}: an EMP reset at the next step: GLGEN_RSTAT.DEVSTATE non-zero and EMPRCNT advanced
 *       for a few steps, GLNVM_ULD done bits clear meanwhile, admin queue registers cleared, queues stopped,
 *       PFINT_ICR0.GRST latched (facts 2.1, 2.2, 3.1).</li>
 *   <li>{@link #dmaFault(long, long)}: every device access touching the IOVA range is refused by the IOMMU and
 *       logged there (descriptor, buffer, admin queue and HMC accesses alike) until {@link #clearDmaFaults()};
 *       {@link #dmaFaultRxRing(int)} / {@link #dmaFaultTxRing(int)} arm it over a queue's descriptor ring.</li>
 *   <li>{@link #surpriseRemoval()}: immediately, every BAR0 and config-space read returns all ones, writes are
 *       dropped, and the model stops (no DMA, no steps). Irreversible. (Generic PCIe behaviour; UNVERIFIED for the
 *       i40e, facts 9, 14.)</li>
 * </ul>
 */
public final class SimFaults {

    private final FaultTarget target;
    private final CommandFaults commands;
    private final Iommu iommu;
    private final Runnable removal;
    private final ConcurrentLinkedQueue<Consumer<FaultTarget>> pending = new ConcurrentLinkedQueue<>();

    public SimFaults(FaultTarget target, CommandFaults commands, Iommu iommu, Runnable removal) {
        this.target = target;
        this.commands = commands;
        this.iommu = iommu;
        this.removal = removal;
    }

    public void linkDown() {
        pending.add(t -> t.cable(false));
    }

    public void linkUp() {
        pending.add(t -> t.cable(true));
    }

    public void failCommand(int opcode, int retval) {
        commands.fail(opcode, retval);
    }

    public void stallCommand(int opcode) {
        commands.stall(opcode);
    }

    public void clearCommandFaults() {
        commands.clear();
    }

    public void firmwareReset() {
        pending.add(FaultTarget::firmwareReset);
    }

    public void dmaFault(long iova, long length) {
        iommu.injectFault(iova, length);
    }

    /**
     * Arms a DMA fault, at once, over the descriptor ring of Rx queue {@code queue} as it was last enabled: the data
     * plane's next descriptor access on that queue is refused.
     *
     * @throws IllegalStateException if the queue was never enabled (there is no ring to fault)
     */
    public void dmaFaultRxRing(int queue) {
        target.faultRing(true, queue);
    }

    /** As {@link #dmaFaultRxRing}, for the ring of Tx queue {@code queue}. */
    public void dmaFaultTxRing(int queue) {
        target.faultRing(false, queue);
    }

    public void clearDmaFaults() {
        iommu.clearInjectedFaults();
    }

    public void surpriseRemoval() {
        removal.run();
    }

    /** Applies queued link and reset faults; called by the model's step under the device lock. */
    public int apply() {
        int applied = 0;
        for (Consumer<FaultTarget> fault = pending.poll(); fault != null; fault = pending.poll()) {
            fault.accept(target);
            applied++;
        }
        return applied;
    }
}
