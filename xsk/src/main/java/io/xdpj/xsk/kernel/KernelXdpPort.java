package io.xdpj.xsk.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.agrona.concurrent.IdleStrategy;

import io.xdpj.xsk.PollerThreads;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XdpPassHandler;
import io.xdpj.xsk.XdpPort;
import io.xdpj.xsk.XdpProgram;
import io.xdpj.xsk.XdpStatistics;
import io.xdpj.xsk.XskBackend;
import io.xdpj.xsk.XskSocket;

/**
 * A Linux network interface driven through the kernel's own AF_XDP: the same {@link XdpPort} API as the userspace
 * i40e driver, with the kernel's driver (or generic XDP) as the data path.
 *
 * <p>Opening the port (control path, in this order):
 * <ol>
 *   <li>finds the interface in the calling thread's network namespace and checks it is up;</li>
 *   <li>creates an XSKMAP (BPF_MAP_CREATE) and loads libxdp's default program, emitted here as eBPF
 *       ({@link LibxdpDefaultProgram#bytecode}), with BPF_PROG_LOAD — the verifier's log is in the exception when
 *       the kernel refuses it;</li>
 *   <li>attaches it through a bpf link (BPF_LINK_CREATE, Linux 5.9+: the kernel detaches it when the process goes,
 *       even after a crash), falling back to netlink (RTM_SETLINK IFLA_XDP) where links are unsupported — then
 *       {@link #close()} detaches it; native XDP where the driver has it, generic otherwise ({@link #xdpMode()}).</li>
 * </ol>
 * UMEMs come from {@link #createUmem} (page-aligned anonymous memory, 2 MiB huge pages when the config asks): a
 * socket registering one is a kernel AF_XDP socket from then on (its rings are the kernel's, mapped and wrapped
 * without copying). {@link #bind} binds it and enters its fd in the XSKMAP at key = queue, as libxdp does; the last
 * socket bound on a queue owns the key.
 *
 * <p>Threads: control methods are synchronized and refuse while {@link #startPollers} threads run.
 */
public final class KernelXdpPort implements XdpPort {

    /** Where the XDP program runs. */
    public enum XdpMode {
        /** Native (driver) XDP when the driver supports it, else generic. */
        AUTO,
        /** Native XDP only (XDP_FLAGS_DRV_MODE). */
        NATIVE,
        /** Generic XDP (XDP_FLAGS_SKB_MODE): any interface, after the kernel built an skb. */
        GENERIC
    }

    /** How the program is attached. */
    public enum Attach {
        /** A bpf link, else netlink. */
        AUTO,
        /** A bpf link only (BPF_LINK_CREATE). */
        LINK,
        /** Netlink only (RTM_SETLINK with IFLA_XDP); detached by {@link #close()}. */
        NETLINK
    }

    private static final String PROGRAM_NAME = "xdpj_xsk_def";
    /** IFF_UP in /sys/class/net/IF/flags (linux/if.h). */
    private static final int IFF_UP = 1;

    private final Native n;
    private final Bpf bpf;
    private final Netlink netlink;
    private final String name;
    private final int ifindex;
    private final int queueCount;
    private final int mapFd;
    private final int progFd;
    private final int progId;
    private final int linkFd;
    private final int attachFlags;
    private final XdpMode mode;
    private final KernelQueuePoller[] pollers;
    private final List<XskSocket> sockets = new ArrayList<>();
    private final Map<Umem, Long> umems = new IdentityHashMap<>();
    private final List<KernelXsk> open = new ArrayList<>();
    private final PollerThreads pollerThreads = new PollerThreads();
    private final XskBackend.Provider provider;
    private LibxdpDefaultProgram mirror;
    private boolean closed;

    private KernelXdpPort(String ifname, XdpMode wanted, Attach attach) {
        this.n = Native.get();
        this.bpf = new Bpf(n);
        this.netlink = new Netlink(n);
        this.name = ifname;
        this.ifindex = findInterface(n, ifname);
        this.queueCount = rxQueues(ifname);
        this.provider = umem -> openSocket(umem);
        this.pollers = new KernelQueuePoller[queueCount];
        for (int q = 0; q < queueCount; q++) {
            pollers[q] = new KernelQueuePoller(ifname, q);
        }
        this.mapFd = bpf.createXskMap(Math.max(LibxdpDefaultProgram.DEFAULT_MAP_ENTRIES, queueCount), "xsks_map");
        int prog = -1;
        try {
            prog = bpf.loadXdpProgram(LibxdpDefaultProgram.bytecode(mapFd), PROGRAM_NAME);
            this.progFd = prog;
            this.progId = bpf.programId(prog);
            final int[] how = attach(wanted, attach);
            this.linkFd = how[0];
            this.attachFlags = how[1];
            this.mode = how[1] == Netlink.XDP_FLAGS_DRV_MODE ? XdpMode.NATIVE : XdpMode.GENERIC;
        } catch (RuntimeException e) {
            if (prog >= 0) {
                n.close(prog);
            }
            n.close(mapFd);
            throw e;
        }
    }

    /** Opens {@code ifname} with native XDP where possible, attached through a bpf link where possible. */
    public static KernelXdpPort open(String ifname) {
        return open(ifname, XdpMode.AUTO, Attach.AUTO);
    }

    /**
     * Opens {@code ifname} with the given XDP mode and attach method.
     *
     * @throws KernelXdpException saying what to do: the interface is missing or down, a capability is missing,
     *                            another XDP program is attached, the driver lacks native XDP (with
     *                            {@link XdpMode#NATIVE}), the kernel is too old for a feature
     */
    public static KernelXdpPort open(String ifname, XdpMode mode, Attach attach) {
        return new KernelXdpPort(ifname, mode, attach);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Open

    private static int findInterface(Native n, String ifname) {
        final int index = n.ifNameToIndex(ifname);
        if (index == 0) {
            throw new KernelXdpException("open " + ifname, KernelXdpException.ENODEV, "no interface " + ifname
                + " in this network namespace (ip link show lists them)");
        }
        final Path flags = Path.of("/sys/class/net", ifname, "flags");
        try {
            final int f = Integer.decode(Files.readString(flags).trim());
            if ((f & IFF_UP) == 0) {
                throw new KernelXdpException("open " + ifname, KernelXdpException.ENETDOWN, ifname + " is down: "
                    + "ip link set dev " + ifname + " up");
            }
        } catch (IOException | NumberFormatException e) {
            // sysfs of another namespace or none mounted: the bind reports a down interface instead
        }
        return index;
    }

    /** Rx queues: the rx-N entries of /sys/class/net/IF/queues (1 when sysfs does not show them). */
    private static int rxQueues(String ifname) {
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net", ifname, "queues"))) {
            return (int) Math.max(1, s.filter(p -> p.getFileName().toString().startsWith("rx-")).count());
        } catch (IOException e) {
            return 1;
        }
    }

    /** Attaches the program; returns {link fd or -1, the XDP_FLAGS_*_MODE it runs in}. */
    private int[] attach(XdpMode wanted, Attach how) {
        final List<Integer> modes = switch (wanted) {
            case AUTO -> List.of(Netlink.XDP_FLAGS_DRV_MODE, Netlink.XDP_FLAGS_SKB_MODE);
            case NATIVE -> List.of(Netlink.XDP_FLAGS_DRV_MODE);
            case GENERIC -> List.of(Netlink.XDP_FLAGS_SKB_MODE);
        };
        int lastErr = 0;
        for (int modeFlag : modes) {
            if (how != Attach.NETLINK) {
                final int link = bpf.createXdpLink(progFd, ifindex, modeFlag);
                if (link >= 0) {
                    return new int[] {link, modeFlag};
                }
                lastErr = -link;
                if (how == Attach.LINK || !linkUnsupported(lastErr)) {
                    checkAttachError("BPF_LINK_CREATE", lastErr, modeFlag, wanted);
                    continue; // native refused: try generic
                }
            }
            final int rc = netlink.setXdp(ifindex, progFd, modeFlag | Netlink.XDP_FLAGS_UPDATE_IF_NOEXIST);
            if (rc == 0) {
                return new int[] {-1, modeFlag};
            }
            lastErr = -rc;
            checkAttachError("RTM_SETLINK IFLA_XDP", lastErr, modeFlag, wanted);
        }
        throw new KernelXdpException("attach XDP to " + name, lastErr, "neither native nor generic XDP could be "
            + "attached");
    }

    /** EINVAL from BPF_LINK_CREATE: the kernel knows no XDP links (before 5.9); netlink still works. */
    private static boolean linkUnsupported(int errno) {
        return errno == KernelXdpException.EINVAL;
    }

    /** Throws for errors that trying another mode cannot fix; returns for "this mode is not supported". */
    private void checkAttachError(String step, int errno, int modeFlag, XdpMode wanted) {
        final boolean nativeRefused = modeFlag == Netlink.XDP_FLAGS_DRV_MODE
            && (errno == KernelXdpException.EOPNOTSUPP || errno == KernelXdpException.EINVAL);
        if (nativeRefused && wanted == XdpMode.AUTO) {
            return;
        }
        throw new KernelXdpException(step + " on " + name, errno, switch (errno) {
            case KernelXdpException.EBUSY, KernelXdpException.EEXIST -> "another XDP program is already attached "
                + "to " + name + describeAttached() + "; detach it (ip link set dev " + name + " xdp off, or "
                + "xdpgeneric off) or end the process holding its bpf link (bpftool link list)";
            case KernelXdpException.EPERM, KernelXdpException.EACCES -> "attaching XDP needs CAP_NET_ADMIN "
                + Capabilities.describe();
            case KernelXdpException.EOPNOTSUPP -> "the driver of " + name + " has no native XDP; open it with "
                + "XdpMode.GENERIC or AUTO";
            case KernelXdpException.EINVAL -> modeFlag == Netlink.XDP_FLAGS_DRV_MODE
                ? "the driver of " + name + " refused native XDP (MTU or configuration); use XdpMode.GENERIC"
                : "this kernel does not support XDP links (Linux 5.9+); open with Attach.NETLINK or AUTO";
            default -> "the kernel refused to attach the XDP program";
        });
    }

    private String describeAttached() {
        try {
            final Netlink.XdpState st = netlink.xdpState(ifindex);
            return st.progId() == 0 ? "" : " (program id " + st.progId() + ", " + attachedName(st.attached()) + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String attachedName(int attached) {
        return switch (attached) {
            case Netlink.XDP_ATTACHED_DRV -> "native";
            case Netlink.XDP_ATTACHED_SKB -> "generic";
            case Netlink.XDP_ATTACHED_HW -> "offloaded";
            case Netlink.XDP_ATTACHED_MULTI -> "several modes";
            default -> "none";
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // XdpPort

    /**
     * Maps page-aligned anonymous memory (2 MiB huge pages when {@code config.hugePages()}) and registers it as a
     * UMEM whose sockets are kernel sockets of this port. Unmapped at {@link #close()}.
     *
     * @throws KernelXdpException when the memory cannot be mapped (huge pages missing: how to reserve them)
     */
    @Override
    public synchronized Umem createUmem(UmemConfig config) {
        requireOpen("create umem");
        final boolean huge = config.hugePages();
        final long page = huge ? 2L << 20 : Umem.PAGE_SIZE;
        final long length = (config.size() + page - 1) & -page;
        final int flags = Native.MAP_PRIVATE | Native.MAP_ANONYMOUS | Native.MAP_POPULATE
            | (huge ? Native.MAP_HUGETLB | Native.MAP_HUGE_2MB : 0);
        final long at = n.mmap(length, Native.PROT_READ | Native.PROT_WRITE, flags, -1, 0);
        if (at < 0) {
            throw new KernelXdpException("mmap UMEM", (int) -at, huge
                ? "no " + length / page + " free 2 MiB huge pages; reserve them: echo N > "
                    + "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"
                : "cannot map " + length + " bytes for the UMEM");
        }
        final Umem u;
        try {
            u = Umem.register(at, config);
        } catch (RuntimeException e) {
            n.munmap(at, length);
            throw e;
        }
        umems.put(u, length);
        XskBackend.register(u, provider);
        return u;
    }

    /**
     * A kernel port runs eBPF, not Java: it runs libxdp's default program, attached at open. Passing a
     * {@link LibxdpDefaultProgram} keeps its Java-side {@link LibxdpDefaultProgram#map()} in step with the kernel
     * XSKMAP (sockets bound here are entered in both).
     *
     * @throws KernelXdpException EOPNOTSUPP for any other program, or a pass handler (XDP_PASS frames go to the
     *                            kernel's network stack)
     */
    @Override
    public synchronized void attachProgram(XdpProgram program, XdpPassHandler passHandler) {
        requireOpen("attach program");
        requireStopped("attach program");
        if (passHandler != null) {
            throw new KernelXdpException("attach program", KernelXdpException.EOPNOTSUPP, "on a kernel port "
                + "XDP_PASS frames go to the kernel's network stack; pass null as the handler");
        }
        if (!(program instanceof LibxdpDefaultProgram p)) {
            throw new KernelXdpException("attach program", KernelXdpException.EOPNOTSUPP, "a kernel port runs "
                + "eBPF, not Java: it runs libxdp's default program (LibxdpDefaultProgram, attached at open); Java "
                + "XDP programs run on the userspace driver (I40ePort)");
        }
        mirror = p;
        for (XskSocket s : sockets) {
            if (s.isBound() && s.rxRing() != null) {
                p.map().update(s.queueId(), s);
            }
        }
    }

    /**
     * Binds {@code socket} (its UMEM created by {@link #createUmem}) to {@code queue} and enters it in the XSKMAP
     * at key {@code queue} when it has an Rx ring.
     *
     * @throws KernelXdpException what the kernel refused and what to do (zero-copy unsupported, queue taken, ...)
     */
    @Override
    public synchronized void bind(XskSocket socket, int queue, int flags) {
        requireOpen("bind");
        requireStopped("bind");
        checkQueue(queue);
        if (!(socket.backend() instanceof KernelXsk k) || !open.contains(k)) {
            throw new KernelXdpException("bind", KernelXdpException.EINVAL, "the socket is not a kernel socket of "
                + name + ": register a UMEM created by this port's createUmem before creating its rings");
        }
        socket.bindBackend(provider, queue, flags, null);
        bound(socket, queue);
    }

    /** Binds {@code socket} sharing the UMEM of {@code owner}, a socket bound through this port. */
    @Override
    public synchronized void bindShared(XskSocket socket, int queue, XskSocket owner) {
        requireOpen("bind");
        requireStopped("bind");
        checkQueue(queue);
        if (!sockets.contains(owner)) {
            throw new KernelXdpException("bind", KernelXdpException.EINVAL, "the socket sharing its UMEM must be "
                + "bound through this port (" + name + ")");
        }
        if (socket.backend() != null && !open.contains(socket.backend())) {
            throw new KernelXdpException("bind", KernelXdpException.EINVAL, "the socket belongs to another port");
        }
        socket.bindBackend(provider, queue, XskSocket.XDP_SHARED_UMEM, owner);
        bound(socket, queue);
    }

    private void bound(XskSocket socket, int queue) {
        sockets.add(socket);
        final KernelXsk k = (KernelXsk) socket.backend();
        if (socket.rxRing() != null) {
            try {
                bpf.updateElem(mapFd, queue, k.fd());
            } catch (RuntimeException e) {
                sockets.remove(socket);
                socket.close();
                throw e;
            }
            if (mirror != null) {
                mirror.map().update(queue, socket);
            }
        }
        refreshPoller(queue);
    }

    private void refreshPoller(int queue) {
        final List<KernelQueuePoller.Entry> es = new ArrayList<>();
        for (XskSocket s : sockets) {
            if (s.isBound() && s.queueId() == queue) {
                es.add(new KernelQueuePoller.Entry(s, s.txRing(), s.fillRing(),
                    (s.bindFlags() & XskSocket.XDP_USE_NEED_WAKEUP) != 0));
            }
        }
        pollers[queue].entries(es.toArray(new KernelQueuePoller.Entry[0]));
    }

    /** Called by a {@link KernelXsk} as it closes. */
    synchronized void closed(KernelXsk k) {
        open.remove(k);
    }

    private KernelXsk openSocket(Umem umem) {
        synchronized (this) {
            requireOpen("open AF_XDP socket");
            final KernelXsk k = KernelXsk.open(n, this, umem);
            open.add(k);
            return k;
        }
    }

    @Override
    public KernelQueuePoller poller(int queue) {
        checkQueue(queue);
        return pollers[queue];
    }

    @Override
    public synchronized void startPollers(IdleStrategy idle) {
        requireOpen("start pollers");
        if (pollerThreads.running()) {
            throw new KernelXdpException("start pollers", 0, "pollers already run");
        }
        pollerThreads.start(idle, pollers);
    }

    @Override
    public synchronized void stopPollers() {
        pollerThreads.stop();
    }

    /**
     * Counters: {@code xdp.mode} (1 native, 2 generic: the XDP_ATTACHED_* numbering), {@code xdp.prog_id},
     * {@code xdp.bpf_link} (1 when attached through a link); per bound socket {@code xsk-Q.} (a second socket on
     * the same queue {@code xsk-Q#2.}) with the six xdp_statistics fields (getsockopt XDP_STATISTICS),
     * {@code zero_copy} (XDP_OPTIONS), {@code wakeups}, {@code tx_kicks}, {@code rx_kicks}, {@code kick_errors} and
     * {@code kick_last_errno} (kicks the kernel refused other than with EAGAIN, which only asks for another
     * call);
     * and the interface's counters {@code if.rx_packets}, {@code if.rx_bytes}, {@code if.rx_dropped},
     * {@code if.tx_packets}, {@code if.tx_bytes}, {@code if.tx_dropped} (/sys/class/net/IF/statistics).
     */
    @Override
    public synchronized Map<String, Long> statistics() {
        requireOpen("statistics");
        final Map<String, Long> out = new LinkedHashMap<>();
        out.put("xdp.mode", (long) (mode == XdpMode.NATIVE ? Netlink.XDP_ATTACHED_DRV : Netlink.XDP_ATTACHED_SKB));
        out.put("xdp.prog_id", (long) progId);
        out.put("xdp.bpf_link", linkFd >= 0 ? 1L : 0L);
        final XdpStatistics st = new XdpStatistics();
        final Map<Integer, Integer> perQueue = new LinkedHashMap<>();
        for (XskSocket s : sockets) {
            if (!s.isBound()) {
                continue;
            }
            final int nth = perQueue.merge(s.queueId(), 1, Integer::sum);
            final String p = "xsk-" + s.queueId() + (nth == 1 ? "" : "#" + nth) + ".";
            s.statistics(st);
            out.put(p + "rx_dropped", st.rxDropped);
            out.put(p + "rx_invalid_descs", st.rxInvalidDescs);
            out.put(p + "tx_invalid_descs", st.txInvalidDescs);
            out.put(p + "rx_ring_full", st.rxRingFull);
            out.put(p + "rx_fill_ring_empty_descs", st.rxFillRingEmptyDescs);
            out.put(p + "tx_ring_empty_descs", st.txRingEmptyDescs);
            out.put(p + "zero_copy", (long) (s.options() & XskSocket.XDP_OPTIONS_ZEROCOPY));
            out.put(p + "wakeups", s.wakeups());
            final KernelXsk k = (KernelXsk) s.backend();
            out.put(p + "tx_kicks", k.txKicks);
            out.put(p + "rx_kicks", k.rxKicks);
            out.put(p + "kick_errors", k.kickErrors);
            out.put(p + "kick_last_errno", (long) k.lastKickErrno);
        }
        for (String c : new String[] {"rx_packets", "rx_bytes", "rx_dropped", "tx_packets", "tx_bytes",
            "tx_dropped"}) {
            final long v = interfaceCounter(c);
            if (v >= 0) {
                out.put("if." + c, v);
            }
        }
        return out;
    }

    private long interfaceCounter(String counter) {
        try {
            return Long.parseLong(Files.readString(Path.of("/sys/class/net", name, "statistics", counter)).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Closes every socket bound through the port (their fds leave the XSKMAP with them), detaches the program
     * (closing the link, or RTM_SETLINK with fd -1 when attached through netlink and still ours), closes the
     * program and map, and unmaps the UMEMs. Every step runs; the first failure is thrown at the end. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stopPollers();
        final List<RuntimeException> errors = new ArrayList<>();
        for (int i = sockets.size() - 1; i >= 0; i--) {
            step(errors, sockets.get(i)::close);
        }
        sockets.clear();
        for (KernelXsk k : new ArrayList<>(open)) {
            step(errors, k::close); // sockets that registered a UMEM here but were never bound
        }
        for (KernelQueuePoller p : pollers) {
            p.entries(new KernelQueuePoller.Entry[0]);
        }
        closed = true;
        if (linkFd >= 0) {
            n.close(linkFd);
        } else {
            step(errors, this::detachNetlink);
        }
        n.close(progFd);
        n.close(mapFd);
        for (Map.Entry<Umem, Long> e : umems.entrySet()) {
            XskBackend.unregister(e.getKey());
            step(errors, () -> e.getKey().close());
            n.munmap(e.getKey().address(), e.getValue());
        }
        umems.clear();
        if (!errors.isEmpty()) {
            final RuntimeException first = errors.get(0);
            for (int i = 1; i < errors.size(); i++) {
                first.addSuppressed(errors.get(i));
            }
            throw first;
        }
    }

    /** Detaches our program, unless someone replaced it meanwhile (then it is theirs to remove). */
    private void detachNetlink() {
        final Netlink.XdpState st = netlink.xdpState(ifindex);
        if (st.progId() != progId) {
            return;
        }
        final int rc = netlink.setXdp(ifindex, -1, attachFlags);
        if (rc < 0) {
            throw new KernelXdpException("detach XDP from " + name, -rc, "the program (id " + progId + ") stays "
                + "attached; remove it with ip link set dev " + name + " xdp off");
        }
    }

    private static void step(List<RuntimeException> errors, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            errors.add(e);
        }
    }

    private void requireOpen(String step) {
        if (closed) {
            throw new KernelXdpException(step, 0, "the port " + name + " is closed");
        }
    }

    private void requireStopped(String step) {
        if (pollerThreads.running()) {
            throw new KernelXdpException(step, 0, "pollers are running; call stopPollers() first");
        }
    }

    private void checkQueue(int queue) {
        if (queue < 0 || queue >= queueCount) {
            throw new KernelXdpException("queue " + queue, KernelXdpException.EINVAL, name + " has " + queueCount
                + " Rx queue(s) (0.." + (queueCount - 1) + "); ethtool -L " + name + " changes the count");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accessors

    /** The interface name. */
    public String name() {
        return name;
    }

    /** The interface index in the namespace the port was opened in. */
    public int ifindex() {
        return ifindex;
    }

    /** Rx queues of the interface. */
    public int queueCount() {
        return queueCount;
    }

    /** Where the program runs: {@link XdpMode#NATIVE} or {@link XdpMode#GENERIC}. */
    public XdpMode xdpMode() {
        return mode;
    }

    /** Whether the program is attached through a bpf link (else netlink). */
    public boolean attachedByLink() {
        return linkFd >= 0;
    }

    /** The kernel's id of the loaded program (as {@code ip link} and {@code bpftool prog} show it). */
    public int programId() {
        return progId;
    }

    /** What the kernel reports attached to the interface now (RTM_GETLINK): {mode as XDP_ATTACHED_*, program id}. */
    public static int[] attachedProgram(String ifname) {
        final Native nat = Native.get();
        final int index = nat.ifNameToIndex(ifname);
        if (index == 0) {
            throw new KernelXdpException("query " + ifname, KernelXdpException.ENODEV, "no interface " + ifname);
        }
        final Netlink.XdpState st = new Netlink(nat).xdpState(index);
        return new int[] {st.attached(), st.progId()};
    }

    @Override
    public String toString() {
        return "kernel " + name + " (ifindex " + ifindex + ", " + mode.name().toLowerCase(java.util.Locale.ROOT)
            + " XDP)";
    }
}
