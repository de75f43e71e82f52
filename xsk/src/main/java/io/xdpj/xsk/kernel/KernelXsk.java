package io.xdpj.xsk.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.UnsafeBuffer;

import io.xdpj.ring.OffHeapMemory;
import io.xdpj.ring.RingKind;
import io.xdpj.ring.RingLayout;
import io.xdpj.ring.XskRing;
import io.xdpj.xsk.Umem;
import io.xdpj.xsk.XdpStatistics;
import io.xdpj.xsk.XskBackend;
import io.xdpj.xsk.XskSocket;

/**
 * One kernel AF_XDP socket behind an {@link XskSocket}: the fd, the UMEM registration, the four rings mapped into
 * this process and wrapped by {@link XskRing#wrap} with the offsets the kernel reports (XDP_MMAP_OFFSETS, facts
 * A.2/A.3; nothing is copied), bind, statistics, options and wakeups.
 *
 * <p>Threads: set-up and close are control path (the owning port's lock); {@link #wakeup} runs on the application's
 * data path and allocates nothing; {@link #statistics} and {@link #options} use this socket's own scratch memory
 * under its lock.
 */
final class KernelXsk implements XskBackend {

    /** getsockopt names (facts A.1). */
    static final int XDP_MMAP_OFFSETS = 1;
    static final int XDP_UMEM_REG = 4;
    static final int XDP_STATISTICS = 7;
    static final int XDP_OPTIONS = 8;
    /** mmap offsets of the rings (facts A.1). */
    static final long XDP_PGOFF_RX_RING = 0;
    static final long XDP_PGOFF_TX_RING = 0x80000000L;
    static final long XDP_UMEM_PGOFF_FILL_RING = 0x100000000L;
    static final long XDP_UMEM_PGOFF_COMPLETION_RING = 0x180000000L;
    /** sizeof(struct xdp_mmap_offsets) with flags; the v1 layout without flags is 96 bytes (facts A.2). */
    static final int MMAP_OFFSETS_SIZE = 128;
    /** struct xdp_ring_offset: producer @0, consumer @8, desc @16, flags @24 (u64 each, facts A.2). */
    static final int RING_OFFSET_SIZE = 32;
    /** Where each ring's xdp_ring_offset sits in xdp_mmap_offsets: rx, tx, fr (fill), cr (completion). */
    static final int OFF_RX = 0;
    static final int OFF_TX = 32;
    static final int OFF_FR = 64;
    static final int OFF_CR = 96;
    /** sizeof(struct xdp_statistics); v1 is 24 (facts A.2). */
    static final int STATISTICS_SIZE = 48;
    /** sizeof(struct sockaddr_xdp) (facts A.2). */
    static final int SOCKADDR_XDP_SIZE = 16;
    /** sizeof(struct xdp_umem_reg), current layout (facts A.2). */
    static final int UMEM_REG_SIZE = 32;
    /** How long bind retries EBUSY while a closed socket's pool is still being released (see {@link #bind}). */
    static final long BIND_BUSY_NANOS = 1_000_000_000L;
    static final long BIND_RETRY_NANOS = 1_000_000L;

    private record Mapping(long address, long length) {
    }

    private final Native n;
    private final KernelXdpPort port;
    private final int fd;
    private final List<Mapping> mappings = new ArrayList<>();
    /** Scratch for statistics/options: value at 0 (48 bytes), optlen at 56. Guarded by this. */
    private final OffHeapMemory scratch;
    private final UnsafeBuffer s;
    private int queue = -1;
    private boolean closed;

    // Wakeup counters (application thread; read by statistics with at most a slightly stale value).
    long txKicks;
    long rxKicks;
    long kickErrors;
    int lastKickErrno;

    private KernelXsk(Native n, KernelXdpPort port, int fd) {
        this.n = n;
        this.port = port;
        this.fd = fd;
        this.scratch = OffHeapMemory.allocate(64, 8);
        this.s = scratch.view();
    }

    /**
     * socket(AF_XDP, SOCK_RAW, 0) and, with {@code umem}, XDP_UMEM_REG.
     *
     * @throws KernelXdpException naming the missing capability, the missing kernel support or the memlock limit
     */
    static KernelXsk open(Native n, KernelXdpPort port, Umem umem) {
        final int fd = n.socket(Native.AF_XDP, Native.SOCK_RAW, 0);
        if (fd < 0) {
            throw new KernelXdpException("socket(AF_XDP)", -fd, switch (-fd) {
                case KernelXdpException.EPERM, KernelXdpException.EACCES -> "AF_XDP sockets need CAP_NET_RAW "
                    + Capabilities.describe();
                case KernelXdpException.EAFNOSUPPORT -> "this kernel has no AF_XDP: it needs Linux 4.18+ built with "
                    + "CONFIG_XDP_SOCKETS=y";
                default -> "cannot create an AF_XDP socket";
            });
        }
        final KernelXsk x = new KernelXsk(n, port, fd);
        if (umem != null) {
            try {
                x.registerUmem(umem);
            } catch (RuntimeException e) {
                x.close();
                throw e;
            }
        }
        return x;
    }

    private void registerUmem(Umem umem) {
        try (OffHeapMemory m = OffHeapMemory.allocate(UMEM_REG_SIZE, 8)) {
            final UnsafeBuffer r = m.view();
            r.putLong(0, umem.address());
            r.putLong(8, umem.size());
            r.putInt(16, umem.chunkSize());
            r.putInt(20, umem.headroom());
            r.putInt(24, umem.unaligned() ? Umem.XDP_UMEM_UNALIGNED_CHUNK_FLAG : 0);
            r.putInt(28, 0); // tx_metadata_len: none
            final int rc = n.setsockopt(fd, Native.SOL_XDP, XDP_UMEM_REG, m.address(), UMEM_REG_SIZE);
            if (rc < 0) {
                throw new KernelXdpException("XDP_UMEM_REG", -rc, switch (-rc) {
                    case KernelXdpException.ENOBUFS, KernelXdpException.ENOMEM -> "pinning the UMEM's "
                        + umem.size() + " bytes exceeds the locked-memory limit (RLIMIT_MEMLOCK): raise it "
                        + "(ulimit -l unlimited, or LimitMEMLOCK=infinity for a service) or grant CAP_IPC_LOCK";
                    case KernelXdpException.EINVAL -> "the kernel refused the UMEM (chunk size " + umem.chunkSize()
                        + ", headroom " + umem.headroom() + ", " + umem.size() + " bytes at 0x"
                        + Long.toHexString(umem.address()) + "): chunks must be 2048..4096 (larger only with huge "
                        + "pages on Linux 6.6+), a power of two unless unaligned, and the memory page aligned";
                    case KernelXdpException.EOPNOTSUPP -> "this kernel is too old for the UMEM flags asked for "
                        + "(unaligned chunks need Linux 5.4)";
                    default -> "cannot register the UMEM";
                });
            }
        }
    }

    @Override
    public synchronized XskRing createRing(int ringOption, RingKind kind, int entries) {
        requireOpen();
        s.putInt(0, entries);
        final int rc = n.setsockopt(fd, Native.SOL_XDP, ringOption, scratch.address(), 4);
        if (rc < 0) {
            throw new KernelXdpException(ringName(ringOption), -rc, "cannot create a ring of " + entries
                + " entries: sizes must be a power of two, each ring created once, before bind");
        }
        final RingLayout layout = layout(ringOption);
        final long length = layout.bytesFor(entries, kind);
        final long at = n.mmap(length, Native.PROT_READ | Native.PROT_WRITE, Native.MAP_SHARED | Native.MAP_POPULATE,
            fd, pageOffset(ringOption));
        if (at < 0) {
            throw new KernelXdpException("mmap " + ringName(ringOption), (int) -at, "cannot map the ring's "
                + length + " bytes");
        }
        mappings.add(new Mapping(at, length));
        return XskRing.wrap(kind, entries, new UnsafeBuffer(at, (int) length), layout);
    }

    /** getsockopt(XDP_MMAP_OFFSETS): this ring's offsets, as the running kernel lays the ring out (facts A.3). */
    private RingLayout layout(int ringOption) {
        try (OffHeapMemory m = OffHeapMemory.allocate(MMAP_OFFSETS_SIZE + 8, 8)) {
            final UnsafeBuffer o = m.view();
            o.putInt(MMAP_OFFSETS_SIZE, MMAP_OFFSETS_SIZE);
            final int rc = n.getsockopt(fd, Native.SOL_XDP, XDP_MMAP_OFFSETS, m.address(),
                m.address() + MMAP_OFFSETS_SIZE);
            if (rc < 0) {
                throw new KernelXdpException("XDP_MMAP_OFFSETS", -rc, "cannot read the ring offsets");
            }
            if (o.getInt(MMAP_OFFSETS_SIZE) < MMAP_OFFSETS_SIZE) {
                throw new KernelXdpException("XDP_MMAP_OFFSETS", 0, "the kernel reports rings without a flags word "
                    + "(before Linux 5.4): need_wakeup is missing; use Linux 5.4 or later");
            }
            final int base = switch (ringOption) {
                case XDP_RX_RING -> OFF_RX;
                case XDP_TX_RING -> OFF_TX;
                case XDP_UMEM_FILL_RING -> OFF_FR;
                default -> OFF_CR;
            };
            return new RingLayout((int) o.getLong(base), (int) o.getLong(base + 8), (int) o.getLong(base + 24),
                (int) o.getLong(base + 16));
        }
    }

    private static long pageOffset(int ringOption) {
        return switch (ringOption) {
            case XDP_RX_RING -> XDP_PGOFF_RX_RING;
            case XDP_TX_RING -> XDP_PGOFF_TX_RING;
            case XDP_UMEM_FILL_RING -> XDP_UMEM_PGOFF_FILL_RING;
            default -> XDP_UMEM_PGOFF_COMPLETION_RING;
        };
    }

    private static String ringName(int ringOption) {
        return switch (ringOption) {
            case XDP_RX_RING -> "XDP_RX_RING";
            case XDP_TX_RING -> "XDP_TX_RING";
            case XDP_UMEM_FILL_RING -> "XDP_UMEM_FILL_RING";
            default -> "XDP_UMEM_COMPLETION_RING";
        };
    }

    /**
     * bind(sockaddr_xdp). NB: EBUSY ("the queue has a buffer pool") is retried for up to {@link #BIND_BUSY_NANOS}: the
     * kernel frees the pool of a closed socket in a deferred work item ({@code xp_put_pool} schedules
     * {@code xp_release_deferred}, which clears the queue under the RTNL lock), so a bind right after a close of the
     * queue's previous socket — a port reopened, a test's next cycle — can find the old pool still there for a while
     * on a loaded machine. A queue really held by another socket still fails, a second later.
     */
    @Override
    public synchronized void bind(int q, int flags, XskBackend owner) {
        requireOpen();
        final int sharedFd = owner instanceof KernelXsk k ? k.fd : 0;
        s.putShort(0, (short) Native.AF_XDP);   // sxdp_family
        s.putShort(2, (short) flags);           // sxdp_flags
        s.putInt(4, port.ifindex());            // sxdp_ifindex
        s.putInt(8, q);                         // sxdp_queue_id
        s.putInt(12, sharedFd);                 // sxdp_shared_umem_fd
        final long deadline = System.nanoTime() + BIND_BUSY_NANOS;
        int rc = n.bind(fd, scratch.address(), SOCKADDR_XDP_SIZE);
        while (rc == -KernelXdpException.EBUSY && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(BIND_RETRY_NANOS);
            rc = n.bind(fd, scratch.address(), SOCKADDR_XDP_SIZE);
        }
        if (rc < 0) {
            throw new KernelXdpException("bind " + port.name() + " queue " + q, -rc, bindAdvice(-rc, q, flags));
        }
        queue = q;
    }

    private String bindAdvice(int errno, int q, int flags) {
        final String dev = port.name();
        return switch (errno) {
            case KernelXdpException.EOPNOTSUPP -> (flags & XskSocket.XDP_ZEROCOPY) != 0
                ? "the driver of " + dev + " has no AF_XDP zero-copy support (or XDP runs in generic mode); bind "
                    + "with XDP_COPY, or without XDP_ZEROCOPY to fall back to copy mode"
                : "the kernel refused the bind flags 0x" + Integer.toHexString(flags) + " (XDP_USE_SG needs Linux "
                    + "6.6 and driver support)";
            case KernelXdpException.EBUSY -> "queue " + q + " of " + dev + " already has an AF_XDP socket with its "
                + "own UMEM (still after " + BIND_BUSY_NANOS / 1_000_000 + " ms); share that socket's UMEM "
                + "(bindShared) or use another queue";
            case KernelXdpException.EINVAL -> "queue " + q + " may not exist on " + dev + " (it has "
                + port.queueCount() + " Rx queues), or the flags 0x" + Integer.toHexString(flags)
                + " are not allowed (XDP_COPY with XDP_ZEROCOPY; XDP_SHARED_UMEM with any other flag), or the "
                + "socket lacks its rings (Rx or Tx, and fill plus completion unless sharing on the same queue); "
                + "need_wakeup needs Linux 5.4";
            case KernelXdpException.ENODEV -> dev + " is gone (ifindex " + port.ifindex() + ")";
            case KernelXdpException.ENETDOWN -> dev + " is down: ip link set dev " + dev + " up";
            default -> "the kernel refused the bind";
        };
    }

    /**
     * Data path: {@code send(fd, NULL, 0, MSG_DONTWAIT)} for Tx and {@code recv(fd, NULL, 0, MSG_DONTWAIT)} for Rx,
     * as libxdp's samples kick the kernel with sendto/recvfrom and no address (facts A.4: recvmsg/sendmsg must be
     * non-blocking). EAGAIN is no error: copy-mode Tx sends at most TX_BATCH_SIZE (32, facts A.1) frames per call
     * and says "call again" when more are queued, which the poller does while the Tx ring is not empty. EBUSY,
     * ENOBUFS and ENETDOWN are transient: counted ({@link #kickErrors}, {@link #lastKickErrno}), never thrown.
     */
    @Override
    public void wakeup(int flags) {
        if ((flags & XskSocket.XDP_WAKEUP_TX) != 0) {
            txKicks++;
            final long r = n.send(fd, 0, 0, Native.MSG_DONTWAIT);
            if (r < 0 && r != -KernelXdpException.EAGAIN) {
                kickErrors++;
                lastKickErrno = (int) -r;
            }
        }
        if ((flags & XskSocket.XDP_WAKEUP_RX) != 0) {
            rxKicks++;
            final long r = n.recv(fd, 0, 0, Native.MSG_DONTWAIT);
            if (r < 0 && r != -KernelXdpException.EAGAIN) {
                kickErrors++;
                lastKickErrno = (int) -r;
            }
        }
    }

    @Override
    public synchronized void statistics(XdpStatistics out) {
        requireOpen();
        s.setMemory(0, STATISTICS_SIZE, (byte) 0);
        s.putInt(56, STATISTICS_SIZE);
        final int rc = n.getsockopt(fd, Native.SOL_XDP, XDP_STATISTICS, scratch.address(), scratch.address() + 56);
        if (rc < 0) {
            throw new KernelXdpException("XDP_STATISTICS", -rc, "cannot read the socket's statistics");
        }
        // A v1 kernel (24 bytes) fills the first three and folds rx_ring_full into rx_dropped (facts A.2).
        out.rxDropped = s.getLong(0);
        out.rxInvalidDescs = s.getLong(8);
        out.txInvalidDescs = s.getLong(16);
        out.rxRingFull = s.getLong(24);
        out.rxFillRingEmptyDescs = s.getLong(32);
        out.txRingEmptyDescs = s.getLong(40);
    }

    @Override
    public synchronized int options() {
        requireOpen();
        s.putInt(0, 0);
        s.putInt(56, 4);
        final int rc = n.getsockopt(fd, Native.SOL_XDP, XDP_OPTIONS, scratch.address(), scratch.address() + 56);
        if (rc < 0) {
            throw new KernelXdpException("XDP_OPTIONS", -rc, rc == -KernelXdpException.ENOPROTOOPT
                ? "this kernel is too old for XDP_OPTIONS (Linux 5.3+)" : "cannot read the socket's options");
        }
        return s.getInt(0);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Mapping m : mappings) {
            n.munmap(m.address(), m.length());
        }
        mappings.clear();
        n.close(fd);
        scratch.close();
        port.closed(this);
    }

    private void requireOpen() {
        if (closed) {
            throw new KernelXdpException("AF_XDP socket", 0, "the socket is closed");
        }
    }

    /** The socket's fd (entered in the XSKMAP). */
    int fd() {
        return fd;
    }

    /** The queue it is bound to, or -1. */
    int queue() {
        return queue;
    }

    @Override
    public String toString() {
        return port.name() + " fd " + fd;
    }
}
