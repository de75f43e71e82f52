package io.xdpj.i40e;

import static io.xdpj.i40e.I40eException.hex;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.IdleStrategy;

import io.xdpj.i40e.hw.Intel700SeriesIds;
import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AqPhy;
import io.xdpj.i40e.hw.aq.AqPromiscuous;
import io.xdpj.i40e.hw.aq.AqRss;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.i40e.hw.reg.PciRegisters;
import io.xdpj.i40e.hw.reg.PfGeneral;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.Mmio;
import io.xdpj.vfio.PciConfig;
import io.xdpj.vfio.PciFunction;
import io.xdpj.xsk.NetDevice;
import io.xdpj.xsk.PollerThreads;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XdpAction;
import io.xdpj.xsk.XdpPassHandler;
import io.xdpj.xsk.XdpPort;
import io.xdpj.xsk.XdpProgram;
import io.xdpj.xsk.XdpRedirect;
import io.xdpj.xsk.XdpRxRunner;
import io.xdpj.xsk.XskBufferPool;
import io.xdpj.xsk.XskDeviceHooks;
import io.xdpj.xsk.XskSocket;

/**
 * One i40e PF port, brought up from a {@link PciFunction} (a VFIO-bound XL710, or {@code io.xdpj.sim.SimulatedXl710}):
 * the application's handle for queues, the XDP program, UMEMs and sockets, pollers, link and statistics.
 *
 * <p>Bring-up ({@link #open}) follows the facts' PF order (facts 10; Linux/DPDK with iPXE's minimum, facts 10.3):
 * PCI bus mastering, firmware mode check, clear_hw, PF reset, identity, admin queue, firmware version, clear PXE,
 * capabilities, MAC, LAN HMC, switch config → main VSI, VSI queue map, filters, link events, MAC config and link
 * enable, driver version, RSS, then the queues (Rx enabled before Tx). {@link #close()} reverses it and leaves the
 * device reset with every DMA block unmapped.
 *
 * <p>Queues: Rx queue q pairs with Tx queue q (AF_XDP transmit of the socket bound to q); Tx queue
 * {@code rxQueues} is the port's XDP Tx queue (XDP_TX and DEVMAP redirects to this port).
 *
 * <p>Threads: control methods are synchronized and must not race running pollers: {@link #bind}, {@link #attachProgram}
 * and {@link #close} refuse while managed pollers run ({@link #stopPollers} first), as the kernel quiesces NAPI.
 */
public final class I40ePort implements XdpPort {

    /** Version sent with AQ 0x0002. */
    static final int DRIVER_MAJOR = 0;
    static final int DRIVER_MINOR = 1;
    /** Get Version retries at init: 10, 100 ms apart, re-programming the queue each time (facts 3.6). */
    static final int GET_VERSION_ATTEMPTS = 10;
    static final long GET_VERSION_RETRY_NANOS = 100_000_000L;
    /** RSS key: the 40-byte Toeplitz verification key of the Microsoft RSS specification, then 12 bytes of 0x6d. */
    static final byte[] DEFAULT_RSS_KEY = rssKey();

    private final PciFunction fn;
    private final Mmio bar;
    private final I40eConfig config;
    private final Deadline deadline;
    private final PfReset pf;
    private final AdminQueue aq;
    private final AdminCommands cmd;
    private final int pfId;
    private final int port;
    private final int firstQueue;
    private final AdminCommands.FirmwareVersion firmware;
    private final AdminCommands.Capabilities caps;
    private final long mac;
    private final LanHmc hmc;
    private final AdminCommands.VsiParameters vsi;
    private final RxQueue[] rxQueues;
    private final TxQueue[] xskTxQueues;
    private final TxQueue xdpTxQueue;
    private final XdpTxPort xdpTx;
    private final NetDevice netDevice;
    private final XdpRedirect[] redirects;
    private final XdpRxRunner[] runners;
    private final I40eQueuePoller[] pollers;
    private final I40eStatistics statistics;
    private final Map<Umem, DmaMemory> umems = new IdentityHashMap<>();
    private final PollerThreads pollerThreads = new PollerThreads();
    /** Sockets bound through this port: unbound at close, as the kernel's xsk_notifier does on unregister. */
    private final List<XskSocket> sockets = new ArrayList<>();
    /** Everything holding DMA memory, in allocation order (freed newest first if bring-up fails). */
    private final List<AutoCloseable> owned = new ArrayList<>();
    private volatile AdminCommands.LinkStatus link;
    private volatile String failure;
    private long linkEvents;
    private boolean closed;
    /** {@link #stopReception()} ran: the queues stay off until the port closes. */
    private boolean receptionStopped;

    private I40ePort(PciFunction fn, I40eConfig config) {
        this.fn = fn;
        this.bar = fn.bar0();
        this.config = config;
        this.deadline = new Deadline(config.clock());
        this.pf = new PfReset(bar, deadline);
        try {
            enableBusMaster(fn.config());
            pf.checkFirmwareMode();
            pf.clearHw();
            pf.reset();
            this.port = (bar.read32(PfGeneral.PFGEN_PORTNUM) & PfGeneral.PFGEN_PORTNUM_PORT_NUM_MASK)
                >>> PfGeneral.PFGEN_PORTNUM_PORT_NUM_SHIFT;
            this.pfId = readPfId();
            this.firstQueue = pf.queueAllocation()[0];
            this.aq = own(new AdminQueue(bar, fn.dma(), deadline));
            this.cmd = new AdminCommands(aq);
            this.firmware = startAdminQueue();
            cmd.clearPxeMode();
            // Current Linux (O) and DPDK write GLLAN_RCTL_0 = 1 after the command (facts 4.7).
            bar.write32(LanQueueRegisters.GLLAN_RCTL_0, LanQueueRegisters.GLLAN_RCTL_0_PXE_MODE_MASK);
            this.caps = cmd.listFunctionCapabilities();
            checkQueueCounts();
            this.mac = cmd.macAddressRead();
            this.hmc = own(new LanHmc(bar, fn.dma(), pfId, caps.txQueues(), caps.rxQueues()));
            final AdminCommands.SwitchConfig sw = cmd.getSwitchConfig();
            final AdminCommands.VsiParameters got = cmd.getVsiParameters(sw.vsiSeid());
            cmd.updateVsiQueueMap(got, config.rxQueues());
            this.vsi = cmd.getVsiParameters(sw.vsiSeid());
            // The counters start at a consistent zero: they are read while the VSI takes no frame (a frame arriving
            // between two register reads would otherwise be in one counter's offset and not in another's), before
            // the filters open it and before any Rx queue can take a frame, so every frame written back from then on
            // is in the VSI's count, whether the driver takes it or a restart drops it (rx-N.dropped_at_stop).
            closeVsi();
            this.statistics = new I40eStatistics(bar, port, vsi.statCounterIndex());
            statistics.resetOffsets();
            setFilters();
            cmd.setPhyIntMask();
            this.link = cmd.getLinkStatus();
            cmd.setMacConfig(AqPhy.FRAME_SIZE_MAX);
            cmd.setLinkRestartAn();
            cmd.driverVersion(DRIVER_MAJOR, DRIVER_MINOR, config.driverName());
            configureRss();
            final int n = config.rxQueues();
            this.rxQueues = new RxQueue[n];
            this.xskTxQueues = new TxQueue[n];
            for (int q = 0; q < n; q++) {
                rxQueues[q] = own(new RxQueue(q, config, bar, fn.dma()));
                xskTxQueues[q] = own(new TxQueue(q, firstQueue + q, config.ringSize(), bar, fn.dma(),
                    Math.max(config.copyBufferSize(), Umem.PAGE_SIZE)));
            }
            this.xdpTxQueue = own(new TxQueue(n, firstQueue + n, config.ringSize(), bar, fn.dma(),
                config.copyBufferSize()));
            this.xdpTx = new XdpTxPort(xdpTxQueue);
            this.netDevice = new NetDevice(fn.name(), n, true, xdpTx, new Hooks());
            this.redirects = new XdpRedirect[n];
            this.runners = new XdpRxRunner[n];
            this.pollers = new I40eQueuePoller[n];
            final XdpProgram passAll = ctx -> XdpAction.PASS;
            for (int q = 0; q < n; q++) {
                redirects[q] = own(new XdpRedirect());
                runners[q] = new XdpRxRunner(netDevice.rxQueue(q), redirects[q], passAll, null,
                    config.copyBufferSize(), Umem.XDP_PACKET_HEADROOM);
                rxQueues[q].runner(runners[q]);
                rxQueues[q].bufferSource(null, -1);
                pollers[q] = new I40eQueuePoller(rxQueues[q], xskTxQueues[q], config.rxBudget());
            }
            startQueues();
        } catch (RuntimeException e) {
            releaseAfterFailure(e);
            throw e;
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    /**
     * A bring-up step failed: quiesce the device if it still answers (queues off, PF reset: no DMA into memory about to
     * be freed), clear the admin queue registers, then free every DMA block allocated so far, newest first.
     */
    private void releaseAfterFailure(RuntimeException cause) {
        if (bar.read32(PfGeneral.GLGEN_RSTAT) != -1) {
            try {
                pf.clearHw();
                pf.reset();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                final AutoCloseable c = owned.get(i);
                if (c instanceof AdminQueue a) {
                    a.shutdown(false);
                }
                c.close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
        owned.clear();
        if (netDevice != null) {
            netDevice.release();
        }
    }

    /**
     * Brings the PF up and starts its queues. The port does not own {@code fn}: close the port, then the function.
     *
     * @throws I40eException naming the step, register or opcode and the value seen, if any step fails; the device is
     *                       then left as the failing step found it and every DMA block allocated so far is freed
     *                       when {@code fn} is closed
     */
    public static I40ePort open(PciFunction fn, I40eConfig config) {
        return new I40ePort(fn, config);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bring-up steps

    /** Memory space and bus mastering on: the device may not DMA without them (PCIe; facts 10.1 step 1). */
    private static void enableBusMaster(PciConfig pci) {
        final int vendor = pci.read16(PciConfig.VENDOR_ID);
        if (vendor != Intel700SeriesIds.I40E_INTEL_VENDOR_ID) {
            throw new I40eException("pci setup", "vendor id reads " + hex(vendor) + ", not Intel 0x8086; is this the "
                + "right function and bound to vfio-pci?");
        }
        final int command = pci.read16(PciConfig.COMMAND);
        pci.write16(PciConfig.COMMAND, command | PciConfig.COMMAND_MEMORY | PciConfig.COMMAND_BUS_MASTER);
    }

    /** pf_id = PF_FUNC_RID[7:0] with ARI, else [2:0] (facts 2.1, Linux/DPDK; iPXE always uses [2:0]). */
    private int readPfId() {
        final boolean ari = (bar.read32(PciRegisters.GLPCI_CAPSUP) & PciRegisters.GLPCI_CAPSUP_ARI_EN_MASK) != 0;
        final int rid = bar.read32(PciRegisters.PF_FUNC_RID);
        return ari ? rid & 0xFF : rid & PciRegisters.PF_FUNC_RID_FUNCTION_NUMBER_MASK;
    }

    /** Admin queue up and Get Version, retried 10 × 100 ms on timeout with the registers re-programmed (facts 3.6). */
    private AdminCommands.FirmwareVersion startAdminQueue() {
        aq.enable();
        for (int attempt = 1; ; attempt++) {
            try {
                return cmd.getVersion();
            } catch (AdminQueueException e) {
                if (e.retval() >= 0 || attempt >= GET_VERSION_ATTEMPTS) {
                    throw e;
                }
                deadline.sleep(GET_VERSION_RETRY_NANOS);
                aq.resume();
            }
        }
    }

    /** The configured queues plus the XDP Tx queue must fit the PF's allocation and the HMC. */
    private void checkQueueCounts() {
        final int need = config.rxQueues() + 1;
        if (caps.rxQueues() < config.rxQueues() || caps.txQueues() < need) {
            throw new I40eException("capabilities", config.rxQueues() + " Rx queues and " + need + " Tx queues "
                + "requested, the PF has " + caps.rxQueues() + " Rx / " + caps.txQueues() + " Tx (AQ 0x000A RXQ/TXQ)");
        }
    }

    /**
     * The switch forwards nothing more to the VSI: every promiscuous mode off (AQ 0x0254) and our MAC's perfect
     * filter removed (AQ 0x0251; also the firmware's default filter, facts 4.12; its error ignored, as Linux ignores
     * it) (facts 4.11, 4.12).
     */
    private void closeVsi() {
        final int all = AqPromiscuous.SET_UNICAST | AqPromiscuous.SET_MULTICAST | AqPromiscuous.SET_BROADCAST
            | AqPromiscuous.SET_VLAN;
        cmd.setPromiscuous(vsi.seid(), 0, all);
        cmd.removeMacFilter(vsi.seid(), mac);
    }

    /**
     * Promiscuous (UC|MC|BC|VLAN, iPXE) or: remove the firmware's default filter (ignoring errors, as Linux does),
     * add a perfect filter for our MAC, and accept broadcast (DPDK dev_start) (facts 4.11, 4.12).
     */
    private void setFilters() {
        if (config.promiscuous()) {
            final int all = AqPromiscuous.SET_UNICAST | AqPromiscuous.SET_MULTICAST | AqPromiscuous.SET_BROADCAST
                | AqPromiscuous.SET_VLAN;
            cmd.setPromiscuous(vsi.seid(), all, all);
        } else {
            cmd.removeMacFilter(vsi.seid(), mac);
            cmd.addMacFilter(vsi.seid(), mac);
            cmd.setPromiscuous(vsi.seid(), AqPromiscuous.SET_BROADCAST, AqPromiscuous.SET_BROADCAST);
        }
    }

    /**
     * RSS through the admin queue (AQ 0x0B02 key, 0x0B03 PF LUT): entry i → queue i mod rxQueues. Also with one
     * queue (as Linux does), so every descriptor carries the RSS hash for {@link I40eRxMetadata}.
     */
    private void configureRss() {
        cmd.setRssKey(vsi.vsiNumber(), DEFAULT_RSS_KEY);
        final int size = caps.rssTableSize() > 0 ? caps.rssTableSize() : 512;
        final byte[] lut = new byte[Math.min(size, 4096)];
        for (int i = 0; i < lut.length; i++) {
            lut[i] = (byte) (i % config.rxQueues());
        }
        cmd.setRssLut(vsi.vsiNumber(), lut);
    }

    private static byte[] rssKey() {
        final int[] toeplitz = {
            0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
            0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
            0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
        };
        final byte[] key = new byte[AqRss.KEY_DATA_SIZE];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i < toeplitz.length ? toeplitz[i] : 0x6d);
        }
        return key;
    }

    /** Contexts, tails and buffers, then enable: every Rx queue before any Tx queue (Linux start_rings, facts 6.3). */
    private void startQueues() {
        for (int q = 0; q < rxQueues.length; q++) {
            xskTxQueues[q].configure(hmc, pfId, vsi.qsHandle());
            rxQueues[q].configure(hmc);
            rxQueues[q].fill();
        }
        xdpTxQueue.configure(hmc, pfId, vsi.qsHandle());
        for (int q = 0; q < rxQueues.length; q++) {
            QueueInterrupts.bindRxQueue(bar, q, caps.msixVectors());
        }
        for (RxQueue r : rxQueues) {
            r.enable(deadline);
        }
        for (TxQueue t : xskTxQueues) {
            t.enable(pf, deadline);
        }
        xdpTxQueue.enable(pf, deadline);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Public API

    /** The port as the AF_XDP layer sees it (for DEVMAP entries and socket binds). */
    public NetDevice netDevice() {
        return netDevice;
    }

    /** The port's permanent LAN MAC (AQ 0x0107), 48 bits in wire order. */
    public long macAddress() {
        return mac;
    }

    /** Firmware and API version (AQ 0x0001), e.g. "FW 8.3 build 20001, API 1.15". */
    public String firmwareVersion() {
        return firmware.toString();
    }

    /** Physical port number (PFGEN_PORTNUM). */
    public int portNumber() {
        return port;
    }

    public int rxQueueCount() {
        return rxQueues.length;
    }

    /** Whether the link was up at the last link status (bring-up or link event). */
    public boolean linkUp() {
        return link.up();
    }

    /** Link speed in Mb/s at the last link status, 0 if unknown or down. */
    public int linkSpeedMbps() {
        return link.up() ? link.speedMbps() : 0;
    }

    /** Link status changes received from the firmware (ARQ events 0x0607). */
    public synchronized long linkEvents() {
        return linkEvents;
    }

    /**
     * Attaches an XDP program to every queue. {@code passHandler} receives XDP_PASS frames (null: counted drops).
     */
    @Override
    public synchronized void attachProgram(XdpProgram program, XdpPassHandler passHandler) {
        requireOpen("attach program");
        requireStopped("attach program");
        requireReceiving("attach program");
        for (int q = 0; q < runners.length; q++) {
            runners[q] = new XdpRxRunner(netDevice.rxQueue(q), redirects[q], program, passHandler,
                config.copyBufferSize(), Umem.XDP_PACKET_HEADROOM);
            rxQueues[q].runner(runners[q]);
        }
    }

    /** The XDP stage of {@code queue} (its counters: frames, actions, drops). */
    public XdpRxRunner runner(int queue) {
        checkQueue(queue, "runner");
        return runners[queue];
    }

    /** The redirect machinery of {@code queue}'s poller (its counters). */
    public XdpRedirect redirect(int queue) {
        checkQueue(queue, "redirect");
        return redirects[queue];
    }

    /**
     * Creates a UMEM in DMA memory mapped for this port (needed for zero-copy: the device reads and writes its
     * frames). Closed with the port.
     */
    @Override
    public synchronized Umem createUmem(UmemConfig umemConfig) {
        requireOpen("create umem");
        final DmaMemory mem = fn.dma().allocate(umemConfig.size(), Umem.PAGE_SIZE, "umem");
        final Umem u;
        try {
            u = Umem.register(mem.address(), umemConfig);
        } catch (RuntimeException e) {
            mem.close();
            throw e;
        }
        umems.put(u, mem);
        return u;
    }

    /**
     * Binds {@code socket} to {@code queue} ({@link XskSocket#bind} flags). Zero-copy needs a UMEM from
     * {@link #createUmem}; the queue then receives into UMEM frames.
     *
     * @throws I40eException if the queue does not exist, the port is closed or pollers run
     * @throws io.xdpj.xsk.XskException for the kernel's bind errors (second UMEM on a queue: EBUSY)
     */
    @Override
    public synchronized void bind(XskSocket socket, int queue, int flags) {
        requireOpen("bind");
        requireStopped("bind");
        requireReceiving("bind");
        checkQueue(queue, "bind");
        if ((flags & XskSocket.XDP_COPY) == 0 && (flags & XskSocket.XDP_SHARED_UMEM) == 0 && socket.umem() != null
            && !umems.containsKey(socket.umem())) {
            if ((flags & XskSocket.XDP_ZEROCOPY) != 0) {
                throw new I40eException("bind", "zero-copy needs a UMEM in this port's DMA memory: create it with "
                    + "I40ePort.createUmem, or bind with XDP_COPY");
            }
            flags |= XskSocket.XDP_COPY;
        }
        socket.bind(netDevice, queue, flags);
        sockets.add(socket);
    }

    /** Binds {@code socket} sharing the UMEM of the bound {@code owner} (XDP_SHARED_UMEM). */
    @Override
    public synchronized void bindShared(XskSocket socket, int queue, XskSocket owner) {
        requireOpen("bind");
        requireStopped("bind");
        requireReceiving("bind");
        checkQueue(queue, "bind");
        socket.bindShared(netDevice, queue, owner);
        sockets.add(socket);
    }

    /** The poller of {@code queue}, to run on the caller's thread ({@link I40eQueuePoller#doWork()}). */
    @Override
    public I40eQueuePoller poller(int queue) {
        checkQueue(queue, "poller");
        return pollers[queue];
    }

    /** Starts one thread per queue running its poller with {@code idle} between empty cycles. */
    @Override
    public synchronized void startPollers(IdleStrategy idle) {
        requireOpen("start pollers");
        requireReceiving("start pollers");
        if (pollerThreads.running()) {
            throw new I40eException("start pollers", "pollers already run");
        }
        pollerThreads.start(idle, pollers);
    }

    /** Stops the managed pollers and waits for their threads. */
    @Override
    public synchronized void stopPollers() {
        pollerThreads.stop();
    }

    /**
     * Stops reception for a final count while frames may keep arriving (control path; pollers stopped): first the
     * VSI stops taking frames ({@link #closeVsi}), then every Rx queue is disabled (facts 6.4, with Linux's 50 ms
     * settle) and the frames the device wrote back that no poller took are counted in {@code rx-N.dropped_at_stop}.
     *
     * <p>Why the filters go first: frames that still reach the VSI count in its packet counters and, with the queue
     * disabled, in its discards (GLV_RDPC), so those counters would keep moving and a snapshot read register by
     * register would catch a frame in one and not yet in the other. Afterwards the VSI's counters ({@code rx_unicast},
     * {@code rx_multicast}, {@code rx_broadcast}, {@code rx_discards}) and the queues' counters no longer change, so
     * one {@link #statistics()} snapshot accounts for every frame the VSI received. The port then only reports
     * statistics and closes: pollers, binds and program changes are refused. Idempotent.
     */
    public synchronized void stopReception() {
        requireOpen("stop reception");
        requireStopped("stop reception");
        if (receptionStopped) {
            return;
        }
        receptionStopped = true;
        closeVsi();
        for (RxQueue r : rxQueues) {
            r.disable(deadline, true);
        }
    }

    /**
     * Control-path service: takes admin-queue events (link changes re-read with LSE re-armed, facts 4.13), reaps the
     * XDP Tx queue, and checks the device is still there and not in reset.
     *
     * @throws I40eException if the device was removed (registers read all ones), is in a reset, or lost its admin
     *                       queue (a firmware/EMP reset clears ATQLEN.ENABLE); the port must then be closed
     */
    public synchronized int service() {
        requireOpen("service");
        checkHealth();
        final boolean[] linkChanged = new boolean[1];
        final int n = aq.pollEvents((opcode, retval, desc, data, length) -> {
            if (opcode == AdminQueueOpcode.GET_LINK_STATUS) {
                link = AdminCommands.LinkStatus.decode(desc);
                linkEvents++;
                linkChanged[0] = true;
            }
        });
        if (linkChanged[0]) {
            link = cmd.getLinkStatus(); // re-arms LSE (Linux i40e_handle_link_event)
        }
        xdpTx.reap();
        return n;
    }

    private void checkHealth() {
        if (failure != null) {
            throw new I40eException("device health", failure);
        }
        final int rstat = bar.read32(PfGeneral.GLGEN_RSTAT);
        if (rstat == -1) {
            fail("GLGEN_RSTAT reads 0xffffffff: the device was removed (surprise removal, facts 9)");
        }
        if ((rstat & PfGeneral.GLGEN_RSTAT_DEVSTATE_MASK) != 0) {
            fail("GLGEN_RSTAT " + hex(rstat) + ": a device reset is in progress (DEVSTATE ≠ 0); close and reopen");
        }
        if (!aq.alive()) {
            fail("PF_ATQLEN " + hex(bar.read32(io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQLEN))
                + " lost ATQENABLE: the firmware reset the admin queue; close and reopen the port");
        }
    }

    private void fail(String why) {
        failure = why;
        throw new I40eException("device health", why);
    }

    /** Counters like {@code ethtool -S}: port and VSI hardware counters, then per queue and per socket. */
    @Override
    public synchronized Map<String, Long> statistics() {
        requireOpen("statistics");
        final Map<String, Long> out = new LinkedHashMap<>(statistics.read());
        for (int q = 0; q < rxQueues.length; q++) {
            final RxQueue r = rxQueues[q];
            final String p = "rx-" + q + ".";
            out.put(p + "packets", r.packets);
            out.put(p + "bytes", r.bytes);
            out.put(p + "errors", r.rxErrors);
            out.put(p + "oversize", r.oversize);
            out.put(p + "multi_buffer_drops", r.multiBufferDrops);
            out.put(p + "dropped_at_stop", r.droppedAtStop);
            out.put(p + "alloc_failed", r.allocFailed);
            out.put(p + "batches", r.batches);
            final XdpRxRunner x = runners[q];
            out.put(p + "xdp_frames", x.frames());
            for (int a = 0; a < XdpAction.COUNT; a++) {
                out.put(p + "xdp_" + XdpAction.name(a).toLowerCase(java.util.Locale.ROOT), x.actionCount(a));
            }
            out.put(p + "xdp_drop_xsk", x.dropXsk());
            out.put(p + "xdp_drop_redirect", x.dropRedirect());
            out.put(p + "xdp_drop_tx_full", x.dropTxFull());
            out.put(p + "xdp_drop_pass_no_handler", x.dropPassNoHandler());
            final TxQueue t = xskTxQueues[q];
            out.put("tx-" + q + ".packets", t.packets);
            out.put("tx-" + q + ".bytes", t.bytes);
            out.put("tx-" + q + ".completions", t.completions);
            final XskBufferPool pool = netDevice.rxQueue(q).pool();
            if (pool != null) {
                out.put("xsk-" + q + ".fill_ring_empty", pool.fillEmptyDescs());
                out.put("xsk-" + q + ".fill_invalid", pool.fillInvalidDescs());
            }
        }
        out.put("xdp_tx.packets", xdpTxQueue.packets);
        out.put("xdp_tx.ring_full", xdpTxQueue.ringFull);
        out.put("xdp_tx.too_big", xdpTxQueue.tooBig);
        out.put("admin.commands", aq.commands());
        out.put("admin.events", aq.events());
        return out;
    }

    /** The XDP Tx queue's transmitted frames (XDP_TX and DEVMAP to this port). */
    public long xdpTxPackets() {
        return xdpTxQueue.packets;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Teardown

    /**
     * Stops pollers, unbinds the sockets bound through the port (the kernel's {@code xsk_notifier} on unregister),
     * disables Tx then Rx queues (facts 6.4), clears SD 0 (facts 5.3 step 6), shuts the admin queue
     * down (AQ 0x0003, facts 3.5), resets the PF (PFSWR, as DPDK's close, facts 10.2) and frees every DMA block the
     * port allocated. A device that stopped answering does not stop the teardown: every step runs, the memory is
     * freed, and the first failure is thrown at the end. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopPollers();
        final List<RuntimeException> errors = new ArrayList<>();
        for (int i = sockets.size() - 1; i >= 0; i--) {
            step(errors, sockets.get(i)::close);
        }
        sockets.clear();
        final boolean alive = failure == null && bar.read32(PfGeneral.GLGEN_RSTAT) != -1;
        if (alive) {
            step(errors, () -> xdpTxQueue.disable(pf, deadline));
            for (TxQueue t : xskTxQueues) {
                step(errors, () -> t.disable(pf, deadline));
            }
            for (RxQueue r : rxQueues) {
                step(errors, () -> r.disable(deadline, false));
            }
        } else {
            for (RxQueue r : rxQueues) {
                r.releaseBuffers();
            }
        }
        step(errors, hmc::close);
        step(errors, () -> aq.shutdown(alive));
        if (alive) {
            step(errors, () -> {
                pf.clearHw();
                pf.reset();
            });
        }
        for (RxQueue r : rxQueues) {
            step(errors, r::close);
        }
        for (TxQueue t : xskTxQueues) {
            step(errors, t::close);
        }
        step(errors, xdpTxQueue::close);
        for (XdpRedirect r : redirects) {
            step(errors, r::close);
        }
        step(errors, aq::close);
        for (Map.Entry<Umem, DmaMemory> e : umems.entrySet()) {
            step(errors, () -> e.getKey().close());
            step(errors, e.getValue()::close);
        }
        umems.clear();
        netDevice.release();
        if (!errors.isEmpty()) {
            final RuntimeException first = errors.get(0);
            for (int i = 1; i < errors.size(); i++) {
                first.addSuppressed(errors.get(i));
            }
            throw first;
        }
    }

    private static void step(List<RuntimeException> errors, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            errors.add(e);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private void requireOpen(String step) {
        if (closed) {
            throw new I40eException(step, "the port " + fn.name() + " is closed");
        }
    }

    private void requireReceiving(String step) {
        if (receptionStopped) {
            throw new I40eException(step, "reception was stopped (stopReception); only statistics and close remain");
        }
    }

    private void requireStopped(String step) {
        if (pollerThreads.running()) {
            throw new I40eException(step, "pollers are running; call stopPollers() first (control operations must "
                + "not race the data path)");
        }
    }

    private void checkQueue(int queue, String step) {
        if (queue < 0 || queue >= rxQueues.length) {
            throw new I40eException(step, "queue " + queue + " does not exist on " + fn.name() + " ("
                + rxQueues.length + " queues configured)");
        }
    }

    @Override
    public String toString() {
        return "i40e " + fn.name() + " port " + port + " pf " + pfId;
    }

    // ---------------------------------------------------------------------------------------------------------
    // AF_XDP hooks (control path, called from bind/close under the device lock with the queue's poller stopped)

    private final class Hooks implements XskDeviceHooks {

        @Override
        public void poolEnabled(int queue, XskBufferPool pool) {
            final long iova;
            if (pool.zeroCopy()) {
                final DmaMemory mem = umems.get(pool.umem());
                if (mem == null) {
                    throw new I40eException("xsk pool on queue " + queue, "the UMEM is not in this port's DMA "
                        + "memory; create it with I40ePort.createUmem");
                }
                iova = mem.iova();
            } else {
                iova = -1;
            }
            switchBuffers(queue, pool.zeroCopy() ? pool : null, iova);
            pollers[queue].txPool(pool, iova);
        }

        @Override
        public void poolDisabled(int queue) {
            pollers[queue].txPool(null, -1);
            if (!closed) {
                switchBuffers(queue, null, -1); // at close the queues are torn down next anyway
                restartXskTx(queue);
            }
        }

        @Override
        public void wakeup(int queue, int flags) {
            // Busy-polling driver: the poller runs anyway; nothing to kick (the kernel's i40e_xsk_wakeup).
        }
    }

    /**
     * Restarts the AF_XDP Tx queue of {@code queue} with an empty ring: descriptors still in flight point into the
     * UMEM being released, so the device must forget them (the kernel disables the queue pair when a pool goes).
     */
    private void restartXskTx(int queue) {
        final TxQueue t = xskTxQueues[queue];
        t.disable(pf, deadline);
        t.configure(hmc, pfId, vsi.qsHandle());
        t.enable(pf, deadline);
    }

    /** Restarts Rx queue {@code queue} on another buffer source (the kernel's XSK pool setup quiesces the ring). */
    private void switchBuffers(int queue, XskBufferPool zcPool, long umemIova) {
        final RxQueue r = rxQueues[queue];
        r.disable(deadline, false);
        r.bufferSource(zcPool, umemIova);
        r.configure(hmc);
        runners[queue].refreshMode();
        r.fill();
        r.enable(deadline);
    }

    /** Rx queue {@code q} (tests and diagnostics). */
    RxQueue rxQueue(int q) {
        return rxQueues[q];
    }

    /** The HMC (tests read contexts back). */
    LanHmc hmc() {
        return hmc;
    }
}
