package io.xdpj.sim.regs;

import static io.xdpj.i40e.hw.reg.LanQueueRegisters.GLLAN_RCTL_0;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.PFLAN_QALLOC;
import static io.xdpj.i40e.hw.reg.MacRegisters.PRTGL_SAH;
import static io.xdpj.i40e.hw.reg.MacRegisters.PRTGL_SAL;
import static io.xdpj.i40e.hw.reg.MacRegisters.PRTPM_SAH;
import static io.xdpj.i40e.hw.reg.MacRegisters.PRTPM_SAL;
import static io.xdpj.i40e.hw.reg.PciRegisters.GLPCI_CAPSUP;
import static io.xdpj.i40e.hw.reg.PciRegisters.GLPCI_CNF2;
import static io.xdpj.i40e.hw.reg.PciRegisters.PF_FUNC_RID;
import static io.xdpj.i40e.hw.reg.PciRegisters.PF_VT_PFALLOC;
import static io.xdpj.i40e.hw.reg.PfGeneral.GLGEN_RSTAT;
import static io.xdpj.i40e.hw.reg.PfGeneral.GLGEN_RSTCTL;
import static io.xdpj.i40e.hw.reg.PfGeneral.GLGEN_RTRIG;
import static io.xdpj.i40e.hw.reg.PfGeneral.GLVFGEN_TIMER;
import static io.xdpj.i40e.hw.reg.PfGeneral.PFGEN_CTRL;
import static io.xdpj.i40e.hw.reg.PfGeneral.PFGEN_PORTNUM;
import static io.xdpj.i40e.hw.reg.PfGeneral.PRTGEN_CNF;

import io.xdpj.i40e.hw.reg.HmcRegisters;
import io.xdpj.i40e.hw.reg.InterruptRegisters;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.i40e.hw.reg.MacRegisters;
import io.xdpj.i40e.hw.reg.Nvm;
import io.xdpj.i40e.hw.reg.PciRegisters;
import io.xdpj.i40e.hw.reg.PfGeneral;
import io.xdpj.sim.LanDataPlane;
import io.xdpj.sim.SimConfig;
import io.xdpj.sim.adminq.AdminQueue;
import io.xdpj.sim.adminq.RegisterAccess;
import io.xdpj.sim.hmc.ContextLines;
import io.xdpj.sim.hmc.LanHmc;
import org.agrona.concurrent.NanoClock;

/**
 * Register dispatch (for {@link Bar0}, which serves the tails and the statistics itself without the device lock,
 * and for the firmware's debug register commands): statistics (delegated to the data plane), admin queue, queue
 * enables, HMC, interrupts, NVM, and the identity/reset registers declared here with their reset values (facts
 * 2.1):
 * <ul>
 *   <li>PFGEN_CTRL (PFR): PFSWR starts a PF reset and reads 1 until it is done (facts 2.2 step 3);</li>
 *   <li>GLGEN_RSTAT (POR): DEVSTATE 0 when idle, set by the reset machinery during core/global/EMP resets;</li>
 *   <li>GLGEN_RSTCTL (POR): GRSTDEL = 8 (model choice; drivers poll min(GRSTDEL × 20, 160) times, facts 2.2);</li>
 *   <li>GLGEN_RTRIG (CORER): CORER / GLOBR / EMPFWR start a reset, the bits do not stay set;</li>
 *   <li>PFGEN_PORTNUM, PF_FUNC_RID, GLPCI_CAPSUP (ARI_EN 0), GLPCI_CNF2 (MSI_X_PF_N), PF_VT_PFALLOC (no VFs),
 *       PFLAN_QALLOC (FIRSTQ..LASTQ, VALID), PRTGEN_CNF(0..3) (PORT_DIS for ports beyond the enabled count):
 *       read-only, consistent with the capabilities (facts 13.6);</li>
 *   <li>GLLAN_RCTL_0 (CORER), PRTPM_SAL/SAH(0..3) (PFR), PRTGL_SAL/SAH (GLOBR; MFS = 0x2600, facts 2.1): plain
 *       storage. NB: PRTPM_SAx read 0 after reset because the facts do not say how they pack the MAC (facts 14);</li>
 *   <li>GLVFGEN_TIMER: free-running microseconds from the model's clock (facts 2.1).</li>
 * </ul>
 * Everything else reads 0 and is counted as unknown (count, last offset). Device lock only.
 */
public final class RegisterFile implements RegisterAccess {

    /** GLGEN_RSTCTL.GRSTDEL after power-on (model choice, see class comment). */
    public static final int GRSTDEL_DEFAULT = 8;

    private final RegisterStore store;
    private final NvmRegisters nvm;
    private final Interrupts interrupts;
    private final QueueRegisters queues;
    private final LanHmc hmc;
    private final ContextLines contextLines;
    private final AdminQueue adminQueue;
    private final ResetTrigger resets;
    private final LanDataPlane lan;
    private final NanoClock clock;
    private long unknownReads;
    private long unknownWrites;
    private int lastUnknownOffset = -1;

    public RegisterFile(SimConfig config, RegisterStore store, NvmRegisters nvm, Interrupts interrupts,
                        QueueRegisters queues, LanHmc hmc, ContextLines contextLines, AdminQueue adminQueue,
                        ResetTrigger resets, LanDataPlane lan) {
        this.store = store;
        this.nvm = nvm;
        this.interrupts = interrupts;
        this.queues = queues;
        this.hmc = hmc;
        this.contextLines = contextLines;
        this.adminQueue = adminQueue;
        this.resets = resets;
        this.lan = lan;
        this.clock = config.clock();
        declareIdentity(store, config);
    }

    private static void declareIdentity(RegisterStore store, SimConfig config) {
        store.declare(PFGEN_CTRL, 0, PfGeneral.PFGEN_CTRL_PFSWR_MASK, ResetDomain.PFR);
        store.declare(GLGEN_RSTAT, 0, 0, ResetDomain.POR);
        store.declare(GLGEN_RSTCTL, GRSTDEL_DEFAULT << PfGeneral.GLGEN_RSTCTL_GRSTDEL_SHIFT,
            PfGeneral.GLGEN_RSTCTL_GRSTDEL_MASK | PfGeneral.GLGEN_RSTCTL_ECC_RST_ENA_MASK, ResetDomain.POR);
        store.declare(GLGEN_RTRIG, 0, 0, ResetDomain.CORER);
        store.declare(PFGEN_PORTNUM, config.portNumber(), 0, ResetDomain.CORER);
        for (int port = 0; port < 4; port++) {
            store.declare(PRTGEN_CNF + 4 * port, port < config.enabledPorts() ? 0
                : PfGeneral.PRTGEN_CNF_PORT_DIS_MASK, 0, ResetDomain.POR);
        }
        store.declare(PF_FUNC_RID, config.pfId() | config.deviceNumber() << PciRegisters.PF_FUNC_RID_DEVICE_NUMBER_SHIFT
            | config.busNumber() << PciRegisters.PF_FUNC_RID_BUS_NUMBER_SHIFT, 0, ResetDomain.PCIR);
        store.declare(GLPCI_CAPSUP, 0, 0, ResetDomain.PCIR);
        store.declare(GLPCI_CNF2, config.msixVectors() << PciRegisters.GLPCI_CNF2_MSI_X_PF_N_SHIFT, 0,
            ResetDomain.PCIR);
        store.declare(PF_VT_PFALLOC, 0, 0, ResetDomain.CORER);
        store.declare(PFLAN_QALLOC, config.firstQueue() << LanQueueRegisters.PFLAN_QALLOC_FIRSTQ_SHIFT
            | (config.firstQueue() + config.queueCount() - 1) << LanQueueRegisters.PFLAN_QALLOC_LASTQ_SHIFT
            | LanQueueRegisters.PFLAN_QALLOC_VALID_MASK, 0, ResetDomain.CORER);
        store.declare(GLLAN_RCTL_0, 0, LanQueueRegisters.GLLAN_RCTL_0_PXE_MODE_MASK, ResetDomain.CORER);
        for (int n = 0; n < 4; n++) {
            store.declare(PRTPM_SAL(n), 0, 0xFFFF_FFFF, ResetDomain.PFR);
            store.declare(PRTPM_SAH(n), 0, 0xFFFF_FFFF, ResetDomain.PFR);
        }
        store.declare(PRTGL_SAL, 0, 0xFFFF_FFFF, ResetDomain.GLOBR);
        store.declare(PRTGL_SAH, MacRegisters.MAX_FRAME_SIZE_DEFAULT << MacRegisters.PRTGL_SAH_MFS_SHIFT,
            0xFFFF_FFFF, ResetDomain.GLOBR);
    }

    @Override
    public int read32(int offset) {
        if (lan.isStatistic(offset)) {
            return lan.readStatistic32(offset);
        }
        if (AdminQueue.owns(offset)) {
            return adminQueue.read(offset);
        }
        if (queues.owns(offset)) {
            return queues.read(offset);
        }
        final int head = queues.txHeadIndex(offset);
        if (head >= 0) {
            return queues.readTxHead(head);
        }
        switch (offset) {
            case InterruptRegisters.PFINT_ICR0:
                return interrupts.readAndClearIcr0();
            case GLVFGEN_TIMER:
                return (int) (clock.nanoTime() / 1000);
            default:
                break;
        }
        if (store.isDeclared(offset)) {
            return store.get(offset);
        }
        unknownReads++;
        lastUnknownOffset = offset;
        return 0;
    }

    @Override
    public void write32(int offset, int value) {
        if (AdminQueue.owns(offset)) {
            adminQueue.write(offset, value);
            return;
        }
        if (queues.owns(offset)) {
            queues.write(offset, value);
            return;
        }
        if (!store.isDeclared(offset)) {
            unknownWrites++;
            lastUnknownOffset = offset;
            return;
        }
        store.write(offset, value);
        sideEffects(offset, value);
        interrupts.written(offset, value);
    }

    private void sideEffects(int offset, int value) {
        switch (offset) {
            case PFGEN_CTRL:
                if ((value & PfGeneral.PFGEN_CTRL_PFSWR_MASK) != 0) {
                    resets.pfSoftwareReset();
                }
                break;
            case GLGEN_RTRIG:
                if ((value & (PfGeneral.GLGEN_RTRIG_CORER_MASK | PfGeneral.GLGEN_RTRIG_GLOBR_MASK
                    | PfGeneral.GLGEN_RTRIG_EMPFWR_MASK)) != 0) {
                    resets.globalReset(value);
                }
                break;
            case Nvm.GLNVM_SRCTL:
                nvm.srctlWritten(value);
                break;
            case HmcRegisters.PFHMC_SDCMD:
                hmc.sdCommandWritten(value);
                break;
            case HmcRegisters.PFCM_LANCTXCTL:
                contextLines.controlWritten();
                break;
            default:
                break;
        }
    }

    /** Accesses to offsets the model does not serve. */
    public long unknownReads() {
        return unknownReads;
    }

    public long unknownWrites() {
        return unknownWrites;
    }

    /** The last unknown offset accessed (-1 if none). */
    public int lastUnknownOffset() {
        return lastUnknownOffset;
    }

    public RegisterStore store() {
        return store;
    }
}
