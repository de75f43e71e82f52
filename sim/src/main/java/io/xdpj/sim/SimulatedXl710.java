package io.xdpj.sim;

import java.util.function.Function;

import io.xdpj.i40e.hw.reg.PfGeneral;
import io.xdpj.sim.adminq.Firmware;
import io.xdpj.sim.fault.FaultTarget;
import io.xdpj.sim.fault.SimFaults;
import io.xdpj.sim.hmc.ContextLines;
import io.xdpj.sim.hmc.LanHmc;
import io.xdpj.sim.iommu.Iommu;
import io.xdpj.sim.lan.LanEngine;
import io.xdpj.sim.lan.PortStatistics;
import io.xdpj.sim.regs.Bar0;
import io.xdpj.sim.regs.Interrupts;
import io.xdpj.sim.regs.NvmRegisters;
import io.xdpj.sim.regs.QueueRegisters;
import io.xdpj.sim.regs.RegisterFile;
import io.xdpj.sim.regs.RegisterStore;
import io.xdpj.sim.wire.Wire;
import io.xdpj.vfio.DmaAllocator;
import io.xdpj.vfio.Mmio;
import io.xdpj.vfio.OffHeapDmaAllocator;
import io.xdpj.vfio.PciConfig;
import io.xdpj.vfio.PciFunction;

/**
 * A simulated Intel XL710 PF, behaving as the facts sheet describes the hardware (not as any driver expects): a BAR0
 * register file with reset values and side effects ({@link Bar0}), PCI configuration space, an admin-queue firmware,
 * the LAN HMC, queue enable handshakes, an IOMMU in front of all DMA, and a LAN data plane behind
 * {@link LanDataPlane}. A driver written against {@link PciFunction} runs on it unchanged.
 *
 * <h2>Stepping</h2>
 * {@link #step()} runs one round of everything, in this order: injected faults, pending resets, and (unless a
 * core/global/EMP reset is in progress) NVM accesses, queue enable/disable switches, admin commands and events; then
 * the data plane's work. Control state changes only in {@code step()} (and in the register writes themselves), so a
 * test that calls {@code step()} between driver actions is deterministic. {@link SimAgent} runs {@code step()} on its
 * own thread instead. {@code step()} must not be called from two threads at once.
 */
public final class SimulatedXl710 implements PciFunction {

    private final Object lock = new Object();
    private final SimConfig config;
    private final Iommu iommu;
    private final OffHeapDmaAllocator allocator;
    private final DeviceDma dma;
    private final LanDataPlane lan;
    private final RegisterStore store = new RegisterStore();
    private final NvmRegisters nvm;
    private final Interrupts interrupts;
    private final LanHmc hmc;
    private final ContextLines contextLines;
    private final QueueRegisters queues;
    private final Firmware firmware;
    private final Resets resets;
    private final RegisterFile registers;
    private final Bar0 bar0;
    private final SimPciConfig pciConfig;
    private final SimFaults faults;
    private volatile boolean removed;
    private volatile boolean interruptsAttached;
    private boolean closed;

    /**
     * Builds the device.
     *
     * @param dataPlane makes the LAN data plane from the device's IOMMU (its descriptor and buffer DMA must go
     *                  through it)
     */
    public SimulatedXl710(SimConfig config, Function<Iommu, LanDataPlane> dataPlane) {
        this.config = config;
        this.iommu = new Iommu();
        this.allocator = new OffHeapDmaAllocator(iommu, config.iovaBase());
        this.dma = new DeviceDma(iommu);
        this.lan = dataPlane.apply(iommu);
        this.nvm = new NvmRegisters(store, config);
        this.interrupts = new Interrupts(store, config.msixVectors(), config.queueCount());
        this.hmc = new LanHmc(store, dma, config.pfId(), config.lanQueueMax());
        this.contextLines = new ContextLines(store, config.firstQueue(), config.queueCount());
        this.queues = new QueueRegisters(store, config, hmc, contextLines, interrupts, lan);
        this.firmware = Firmware.create(config, dma, interrupts, nvm, new DebugRegisters(), lan);
        this.resets = new Resets(config, store, nvm, interrupts, queues, hmc, contextLines, firmware, lan);
        this.registers = new RegisterFile(config, store, nvm, interrupts, queues, hmc, contextLines,
            firmware.adminQueue(), resets, lan);
        this.bar0 = new Bar0(lock, registers, queues, lan, config.bar0Size());
        this.pciConfig = new SimPciConfig(lock, config, this::commandWritten);
        pciConfig.onFunctionLevelReset(() -> {
            pciConfig.functionReset();
            resets.pfSoftwareReset();
        });
        this.faults = new SimFaults(new Target(), firmware.faults(), iommu, this::remove);
        lan.busMaster(false);
        firmware.announce();
    }

    /**
     * A device whose data plane is the {@link LanEngine} on {@code wire}: statistics for the configured port and the
     * main VSI's stat_counter_idx, one engine queue per PF queue.
     */
    public static SimulatedXl710 create(SimConfig config, Wire wire) {
        return new SimulatedXl710(config, iommu -> new LanEngineAdapter(new LanEngine(iommu, wire,
            new PortStatistics(config.portNumber(), config.statCounterIndex()), config.queueCount()),
            config.vsiSeid()));
    }

    /** The LAN engine, when the data plane is one ({@link #create(SimConfig, Wire)}); else null. */
    public LanEngine engine() {
        return lan instanceof LanEngineAdapter ? ((LanEngineAdapter) lan).engine() : null;
    }

    private void commandWritten(int command) {
        final boolean master = (command & PciConfig.COMMAND_BUS_MASTER) != 0;
        if (master != dma.busMaster()) {
            dma.busMaster(master);
            lan.busMaster(master);
        }
    }

    private void remove() {
        removed = true;
        bar0.remove();
        pciConfig.remove();
        synchronized (lock) {
            dma.busMaster(false);
            lan.busMaster(false);
        }
    }

    /**
     * One round of the model (see the class comment); returns the amount of work done (0 = idle, for idle
     * strategies).
     */
    public int step() {
        if (removed) {
            return 0;
        }
        int work;
        synchronized (lock) {
            work = faults.apply() + resets.step();
            if (!resets.globalResetInProgress()) {
                work += nvm.step() + contextLines.step() + queues.step() + firmware.step();
            }
        }
        work += lan.doWork();
        if (interruptsAttached) {
            synchronized (lock) {
                work += interrupts.deliver(lan);
            }
        }
        return work;
    }

    /**
     * Attaches the MSI-X sink (the vfio-user server's eventfds): from the next step on, the interrupt block sends the
     * vectors the driver enabled (see {@link Interrupts}). Without a sink (in-process use) nothing is delivered and
     * the step does not take the lock for it.
     */
    public void attachInterrupts(io.xdpj.sim.intr.InterruptSink sink) {
        synchronized (lock) {
            interrupts.sink(sink);
            interruptsAttached = sink != null;
        }
    }

    /**
     * A function-level reset (the vfio-user client's DEVICE_RESET, as VFIO_DEVICE_RESET does an FLR): the PCI command
     * register returns to its power-on value (bus mastering off) and the PF's registers, queues and firmware state
     * go through a PF reset (reset domain PFR, facts 2.2).
     */
    public void functionLevelReset() {
        synchronized (lock) {
            pciConfig.functionReset();
            resets.pfSoftwareReset();
        }
    }

    @Override
    public String name() {
        return String.format("simulated XL710 %04x:%04x pf%d", 0x8086, config.deviceId(), config.pfId());
    }

    @Override
    public Mmio bar0() {
        return bar0;
    }

    /** BAR0 with its concrete type (for model inspection in tests). */
    public Bar0 bar0Model() {
        return bar0;
    }

    @Override
    public PciConfig config() {
        return pciConfig;
    }

    @Override
    public DmaAllocator dma() {
        return allocator;
    }

    /** The device's IOMMU (fault log, mapping count). */
    public Iommu iommu() {
        return iommu;
    }

    public SimFaults faults() {
        return faults;
    }

    public SimConfig simConfig() {
        return config;
    }

    /** The data plane the device drives. */
    public LanDataPlane dataPlane() {
        return lan;
    }

    // ---- inspection for tests and diagnostics; call while the model is not stepping on another thread

    public Firmware firmware() {
        return firmware;
    }

    public LanHmc hmc() {
        return hmc;
    }

    public QueueRegisters queues() {
        return queues;
    }

    public RegisterFile registers() {
        return registers;
    }

    public Interrupts interrupts() {
        return interrupts;
    }

    /** Control-plane DMA refused because bus mastering was off. */
    public long dmaBlockedByBusMaster() {
        return dma.blockedByBusMaster();
    }

    /** PF software resets completed. */
    public long pfResets() {
        return resets.pfResets();
    }

    /** Core/global/EMP resets started. */
    public long globalResets() {
        return resets.globalResets();
    }

    /** Whether PFGEN_CTRL.PFSWR is still set (a PF reset is in progress). */
    public boolean pfResetInProgress() {
        synchronized (lock) {
            return (store.get(PfGeneral.PFGEN_CTRL) & PfGeneral.PFGEN_CTRL_PFSWR_MASK) != 0;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        allocator.close();
    }

    /**
     * The register file as the firmware's debug commands (AQ 0xFF03/0xFF04) see it; the step holds the device lock.
     * Offsets outside BAR0 or unaligned read 0 / are dropped, as unknown registers.
     */
    private final class DebugRegisters implements io.xdpj.sim.adminq.RegisterAccess {
        @Override
        public int read32(int offset) {
            return inBar(offset) ? registers.read32(offset) : 0;
        }

        @Override
        public void write32(int offset, int value) {
            if (inBar(offset)) {
                registers.write32(offset, value);
            }
        }

        private boolean inBar(int offset) {
            return offset >= 0 && (offset & 3) == 0 && offset <= config.bar0Size() - 4;
        }
    }

    private final class Target implements FaultTarget {
        @Override
        public void cable(boolean present) {
            firmware.cable(present);
        }

        @Override
        public void firmwareReset() {
            resets.globalReset(PfGeneral.GLGEN_RTRIG_EMPFWR_MASK);
        }

        @Override
        public void faultRing(boolean rx, int queue) {
            final long iova;
            final long bytes;
            synchronized (lock) {
                iova = queues.ringIova(rx, queue);
                bytes = queues.ringBytes(rx, queue);
            }
            if (bytes == 0) {
                throw new IllegalStateException((rx ? "Rx" : "Tx") + " queue " + queue
                    + " was never enabled; there is no ring to fault");
            }
            iommu.injectFault(iova, bytes);
        }
    }
}
