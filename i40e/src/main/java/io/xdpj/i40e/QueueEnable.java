package io.xdpj.i40e;

import static io.xdpj.i40e.I40eException.hex;

import io.xdpj.i40e.hw.reg.HmcRegisters;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.vfio.Mmio;

/**
 * The QRX_ENA / QTX_ENA request/status handshake (facts 6.2-6.4), shared by the Rx and Tx queues: wait until
 * QENA_REQ and QENA_STAT agree (a previous switch finished), change QENA_REQ, wait until QENA_STAT follows.
 */
final class QueueEnable {

    /**
     * QENA_STAT wait: Linux polls 10 × 10-20 µs, DPDK 1000 × 1 ms (facts 6.2, 6.3, 13.12). We take DPDK's 1 s: a
     * device (or a model on a loaded machine) that is merely slow must not fail the bring-up.
     */
    static final long TIMEOUT_NANOS = 1_000_000_000L;
    static final long POLL_NANOS = 10_000L;

    private QueueEnable() {
    }

    /**
     * Switches the queue on: unless QENA_STAT already shows it enabled, runs {@code beforeRequest} (Tx: QTX_HEAD = 0)
     * and sets QENA_REQ; then waits for QENA_STAT.
     *
     * @param regName     the register as the error names it, e.g. "QRX_ENA(3)"
     * @param contextHint what of the HMC context to check when the queue does not come up
     */
    static void switchOn(Mmio bar, Deadline deadline, int reg, String step, String regName, Runnable beforeRequest,
                         String contextHint) {
        awaitSettled(bar, deadline, reg, step);
        if ((bar.read32(reg) & LanQueueRegisters.QENA_STAT_MASK) == 0) {
            beforeRequest.run();
            bar.write32(reg, bar.read32(reg) | LanQueueRegisters.QENA_REQ_MASK);
        }
        if (!deadline.await(() -> (bar.read32(reg) & LanQueueRegisters.QENA_STAT_MASK) != 0, TIMEOUT_NANOS,
            POLL_NANOS)) {
            throw new I40eException(step, regName + " reads " + hex(bar.read32(reg)) + ": QENA_STAT did not follow "
                + "QENA_REQ within 1 s; check the HMC context" + contextHint + " and PFHMC_ERRORINFO "
                + hex(bar.read32(HmcRegisters.PFHMC_ERRORINFO)));
        }
    }

    /** Switches the queue off: clears QENA_REQ once the previous switch finished, waits until QENA_STAT clears. */
    static void switchOff(Mmio bar, Deadline deadline, int reg, String step, String regName) {
        awaitSettled(bar, deadline, reg, step);
        bar.write32(reg, bar.read32(reg) & ~LanQueueRegisters.QENA_REQ_MASK);
        if (!deadline.await(() -> (bar.read32(reg) & LanQueueRegisters.QENA_STAT_MASK) == 0, TIMEOUT_NANOS,
            POLL_NANOS)) {
            throw new I40eException(step, regName + " reads " + hex(bar.read32(reg))
                + ": QENA_STAT still set 1 s after clearing QENA_REQ");
        }
    }

    private static void awaitSettled(Mmio bar, Deadline deadline, int reg, String step) {
        if (!deadline.await(() -> {
            final int v = bar.read32(reg);
            return ((v & LanQueueRegisters.QENA_REQ_MASK) != 0) == ((v & LanQueueRegisters.QENA_STAT_MASK) != 0);
        }, TIMEOUT_NANOS, POLL_NANOS)) {
            throw new I40eException(step, "register " + hex(reg) + " reads " + hex(bar.read32(reg))
                + ": QENA_REQ and QENA_STAT disagree for 1 s (a previous switch did not finish)");
        }
    }
}
