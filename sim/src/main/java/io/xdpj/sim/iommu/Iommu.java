package io.xdpj.sim.iommu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.xdpj.vfio.DmaException;
import io.xdpj.vfio.IommuMapper;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The simulated device's IOMMU: the IOVA → process-address table that VFIO_IOMMU_MAP_DMA / UNMAP_DMA build on a
 * real machine, and the check every device access goes through.
 *
 * <h2>Map rules (as VFIO type1 applies them)</h2>
 * IOVA, process address and length are multiples of {@link #PAGE_SIZE}; the length is non-zero; at least one of
 * {@link #READ}/{@link #WRITE} is given; the new range overlaps no existing mapping (VFIO: -EEXIST). Unmap takes
 * exactly one existing mapping (its IOVA and length), as {@link IommuMapper#unmap} specifies. IOVAs at or above
 * 2^63 are refused (real IOMMUs have at most 57 address bits).
 *
 * <h2>Translation</h2>
 * {@link #translate} returns the process address of a device access, or 0 when any byte lies outside a mapping,
 * the mapping lacks the permission, or the range was armed with {@link #injectFault}. A refused access is not
 * performed by the caller; it is counted and kept in a bounded log ({@link #faults()}). An access may span
 * several mappings only when they are adjacent both in IOVA and in process address (a real IOMMU translates per
 * page, so that case is legal there too).
 *
 * <h2>Threads and memory ordering</h2>
 * map/unmap/injectFault come from the driver's (or a test's) thread; translate from the model's agent thread.
 * The table is copy-on-write: each change builds a new immutable {@link Table} under this object's lock and
 * publishes it with one volatile store to {@link #table}; translate starts with one volatile load of that field
 * (pair: publish-release in {@link #publish} / acquire-load in {@link #translate}), so it always sees a complete
 * table. The last-hit cache is a reference to the {@link Hit} (one per mapping and table version) that served the
 * previous translation, stored with release (final fields make it safe to read through a plain load anyway); a hit
 * is used only while its volatile {@code valid} flag is set, and {@link #publish} clears the flags of the old
 * table's hits after the new table is visible, so a stale hit can at most serve a translation racing with the
 * map/unmap call (as an access in flight on hardware completes against the old IOTLB entry). The fast path is a
 * handful of loads from that one object.
 * Translate allocates nothing; a fault takes the log's lock (faults are rare and never on the fast path).
 *
 * <h2>Message-backed mappings</h2>
 * {@link #mapMessageBacked} enters a range that has no process address (vfio-user DMA regions the client passed
 * without a file descriptor, vfio-user.rst "VFIO_USER_DMA_MAP"). The same map rules and permission checks apply;
 * an access that passes them is handed to the mapping's {@link MessageBackedMemory}, which returns the address
 * (or 0, counted as a {@link DmaFault.Reason#MESSAGE_FAILED} fault). Such a mapping never serves the last-hit fast
 * path and an access never spans from it into a neighbour, so every access reaches its owner. The owner calls
 * {@link #invalidateTranslations()} when the addresses it handed out stop being valid (the end of a model step),
 * so a caller that caches translations by {@link #generation()} translates again.
 *
 * <p>NB: as on hardware, an address returned by translate stays usable only while the mapping lives; a driver
 * that unmaps memory while the device still owns descriptors pointing at it gets undefined results, exactly as
 * with VFIO. The model calls translate per access and never keeps the result across work steps.
 */
public final class Iommu implements IommuMapper {

    private static final VarHandle LAST_HIT;

    static {
        try {
            LAST_HIT = MethodHandles.lookup().findVarHandle(Iommu.class, "lastHit", Hit.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Granule of every mapping (x86 IOMMU page). */
    public static final long PAGE_SIZE = 4096;
    /** Fault records kept by default; older ones are overwritten (the count keeps going). */
    public static final int DEFAULT_FAULT_LOG_CAPACITY = 1024;

    private static final long PAGE_MASK = PAGE_SIZE - 1;

    private final NanoClock clock;
    private final Object lock = new Object();

    /** Incremented after every table change; see {@link #generation()}. */
    private volatile long generation;
    /** The current translation table; replaced, never modified (see class comment). */
    private volatile Table table = Table.EMPTY;
    /** The mapping that served the last translation: a hint, used only while its table is the current one. */
    @SuppressWarnings("unused") // accessed through LAST_HIT
    private Hit lastHit = Hit.NONE;

    // Fault log: a ring of primitive columns so recording a fault allocates nothing. Guarded by faultLock.
    private final Object faultLock = new Object();
    private final long[] faultIova;
    private final int[] faultLength;
    private final int[] faultQueue;
    private final long[] faultTime;
    private final byte[] faultKind;
    private final boolean[] faultWrite;
    private volatile long faultCount;

    public Iommu() {
        this(SystemNanoClock.INSTANCE, DEFAULT_FAULT_LOG_CAPACITY);
    }

    public Iommu(NanoClock clock, int faultLogCapacity) {
        if (faultLogCapacity < 1) {
            throw new IllegalArgumentException("fault log capacity must be at least 1, got " + faultLogCapacity);
        }
        this.clock = clock;
        this.faultIova = new long[faultLogCapacity];
        this.faultLength = new int[faultLogCapacity];
        this.faultQueue = new int[faultLogCapacity];
        this.faultTime = new long[faultLogCapacity];
        this.faultKind = new byte[faultLogCapacity];
        this.faultWrite = new boolean[faultLogCapacity];
    }

    @Override
    public long pageSize() {
        return PAGE_SIZE;
    }

    @Override
    public void map(long vaddr, long iova, long length, int flags) {
        checkMapArguments(vaddr, iova, length, flags);
        insert(iova, length, vaddr, flags, null);
    }

    /** Enters a checked mapping unless it overlaps a live one (then throws, naming that one). */
    private void insert(long iova, long length, long vaddr, int flags, MessageBackedMemory memory) {
        synchronized (lock) {
            final Table t = table;
            final int at = t.insertionPoint(iova);
            if (at > 0 && t.start[at - 1] + t.size[at - 1] > iova) {
                throw overlap(iova, length, t, at - 1);
            }
            if (at < t.count && t.start[at] < iova + length) {
                throw overlap(iova, length, t, at);
            }
            publish(t.withMapping(at, iova, length, vaddr, flags, memory));
        }
    }

    @Override
    public void unmap(long iova, long length) {
        synchronized (lock) {
            final Table t = table;
            final int i = t.find(iova);
            if (i < 0 || t.start[i] != iova) {
                throw new DmaException("IOMMU unmap: no mapping starts at iova 0x" + Long.toHexString(iova)
                    + " (" + t.count + " mappings live); check that the block was mapped and not already unmapped");
            }
            if (t.size[i] != length) {
                throw new DmaException("IOMMU unmap: the mapping at iova 0x" + Long.toHexString(iova) + " is "
                    + t.size[i] + " bytes long, not " + length + "; unmap whole mappings with their mapped length");
            }
            publish(t.withoutMapping(i));
        }
    }

    /**
     * Maps {@code [iova, iova + length)} to memory reached through {@code memory} instead of a process address (see
     * the class comment). Same rules as {@link #map} for IOVA, length, flags and overlap.
     */
    public void mapMessageBacked(long iova, long length, int flags, MessageBackedMemory memory) {
        if (memory == null) {
            throw new DmaException("IOMMU map: message-backed mapping at iova 0x" + Long.toHexString(iova)
                + " needs its MessageBackedMemory");
        }
        checkMapArguments(PAGE_SIZE, iova, length, flags); // no process address: the vaddr checks do not apply
        insert(iova, length, 0, flags, memory);
    }

    /**
     * Ends the validity of every translation handed out so far without changing the table: {@link #generation()}
     * moves on, so callers that cache translations by it translate again (used by {@link MessageBackedMemory}
     * owners when their addresses expire). Control path.
     */
    public void invalidateTranslations() {
        synchronized (lock) {
            generation = generation + 1; // under the lock: single writer
        }
    }

    /**
     * Records a fault found after the access was translated (a message-backed write-back the client refused):
     * counted and logged like any refused access. Never throws.
     */
    public void recordLateFault(long iova, int length, boolean write, int queue, DmaFault.Reason reason) {
        recordFault(iova, length, write, queue, reason);
    }

    /**
     * Arms a fault: every later device access touching {@code [iova, iova + length)} faults (reason
     * {@link DmaFault.Reason#INJECTED}) until {@link #clearInjectedFaults()}. Ranges need not be mapped or aligned.
     */
    public void injectFault(long iova, long length) {
        if (length <= 0) {
            throw new IllegalArgumentException("injected fault range must be non-empty, got length " + length);
        }
        synchronized (lock) {
            publish(table.withInjected(iova, length));
        }
    }

    /** Disarms every range armed with {@link #injectFault}. */
    public void clearInjectedFaults() {
        synchronized (lock) {
            publish(table.withoutInjected());
        }
    }

    /**
     * Translates a device access of {@code length} bytes at {@code iova} to the process address of its first byte.
     * Data path: allocates nothing and never throws.
     *
     * @param write true for a device write to host memory, false for a device read
     * @param queue the LAN queue making the access, or {@link DmaFault#ADMIN_QUEUE}
     * @return the process address, or 0 when the access is refused (then it is counted and logged)
     */
    public long translate(long iova, int length, boolean write, int queue) {
        // plain load: a hit is immutable apart from its volatile valid flag, which is what guards its use
        final Hit h = (Hit) LAST_HIT.get(this);
        // fast path: the mapping that served the last access, while its table is current (valid: see publish())
        if (h.valid && length > 0 && length <= h.size && Long.compareUnsigned(iova - h.start, h.size - length) <= 0
            && (h.flags & (write ? WRITE : READ)) != 0) {
            return iova + h.delta;
        }
        return translateSlow(iova, length, write, queue);
    }

    private long translateSlow(long iova, int length, boolean write, int queue) {
        final Table t = table; // acquire: pairs with the volatile store in publish()
        final int i = t.find(iova);
        final DmaFault.Reason refused = check(t, i, iova, length, write);
        if (refused != null) {
            recordFault(iova, length, write, queue, refused);
            return 0;
        }
        if (t.injectedCount != 0 && t.hitsInjected(iova, length)) {
            recordFault(iova, length, write, queue, DmaFault.Reason.INJECTED);
            return 0;
        }
        final MessageBackedMemory backing = t.backing[i];
        if (backing != null) {
            final long address = backing.access(iova, length, write, queue);
            if (address == 0) {
                recordFault(iova, length, write, queue, DmaFault.Reason.MESSAGE_FAILED);
            }
            return address; // NB: never cached in lastHit: every access must reach its owner
        }
        LAST_HIT.setRelease(this, t.hits[i]); // release: the Hit's fields before the reference
        return t.vaddr[i] + (iova - t.start[i]);
    }

    /** Number of refused accesses since construction (never reset). */
    public long faultCount() {
        return faultCount;
    }

    /** The most recent faults, oldest first (at most the log capacity). Control path: allocates. */
    public List<DmaFault> faults() {
        synchronized (faultLock) {
            final int capacity = faultIova.length;
            final long total = faultCount;
            final int kept = (int) Math.min(total, capacity);
            final List<DmaFault> out = new ArrayList<>(kept);
            for (long n = total - kept; n < total; n++) {
                out.add(faultAt((int) (n % capacity)));
            }
            return out;
        }
    }

    /** The most recent fault, or null if none happened. */
    public DmaFault lastFault() {
        synchronized (faultLock) {
            final long total = faultCount;
            return total == 0 ? null : faultAt((int) ((total - 1) % faultIova.length));
        }
    }

    /** Number of live mappings. */
    public int mappingCount() {
        return table.count;
    }

    /**
     * Slow path: whether mapping i and its IOVA- and address-contiguous successors cover the access with the
     * permission; null when they do, else why not. Returns constants, allocates nothing.
     */
    private static DmaFault.Reason check(Table t, int i, long iova, int length, boolean write) {
        if (length <= 0) {
            return DmaFault.Reason.EMPTY;
        }
        if (i < 0 || iova - t.start[i] >= t.size[i]) {
            return DmaFault.Reason.UNMAPPED;
        }
        final int need = write ? WRITE : READ;
        final long end = iova + length;
        int j = i;
        while (true) {
            if ((t.flags[j] & need) == 0) {
                return write ? DmaFault.Reason.WRITE_DENIED : DmaFault.Reason.READ_DENIED;
            }
            final long mapEnd = t.start[j] + t.size[j];
            if (end <= mapEnd && end > iova) {
                return null;
            }
            final int next = j + 1;
            if (end <= iova || next >= t.count || t.start[next] != mapEnd || t.vaddr[next] != t.vaddr[j] + t.size[j]
                || t.backing[j] != null || t.backing[next] != null) {
                return DmaFault.Reason.UNMAPPED;
            }
            j = next;
        }
    }

    private void recordFault(long iova, int length, boolean write, int queue, DmaFault.Reason reason) {
        synchronized (faultLock) {
            final long n = faultCount;
            final int slot = (int) (n % faultIova.length);
            faultIova[slot] = iova;
            faultLength[slot] = length;
            faultWrite[slot] = write;
            faultQueue[slot] = queue;
            faultTime[slot] = clock.nanoTime();
            faultKind[slot] = (byte) reason.ordinal();
            faultCount = n + 1;
        }
    }

    private DmaFault faultAt(int slot) {
        return new DmaFault(faultIova[slot], faultLength[slot], faultWrite[slot], faultQueue[slot], faultTime[slot],
            DmaFault.Reason.values()[faultKind[slot]]);
    }

    private void publish(Table next) {
        final Table previous = table;
        table = next; // release: pairs with the volatile load in translateSlow()
        for (Hit hit : previous.hits) {
            hit.valid = false; // after the new table is visible: a hit stored from the old table is already dead
        }
        generation = generation + 1; // under the lock: single writer
    }

    /**
     * A number that changes whenever the translation table changes (map, unmap, fault injection). A caller that
     * read it before a successful {@link #translate} may reuse that translation while it reads the same number
     * (an IOTLB entry: valid until the next invalidation). Volatile load.
     */
    public long generation() {
        return generation;
    }

    private static void checkMapArguments(long vaddr, long iova, long length, int flags) {
        if (length <= 0) {
            throw new DmaException("IOMMU map: length " + length + " at iova 0x" + Long.toHexString(iova)
                + " must be positive (VFIO returns EINVAL)");
        }
        if (((vaddr | iova | length) & PAGE_MASK) != 0) {
            throw new DmaException("IOMMU map: vaddr 0x" + Long.toHexString(vaddr) + ", iova 0x"
                + Long.toHexString(iova) + " and length " + length + " must all be multiples of the "
                + PAGE_SIZE + "-byte IOMMU page (VFIO returns EINVAL); align the allocation");
        }
        if ((flags & (READ | WRITE)) == 0 || (flags & ~(READ | WRITE)) != 0) {
            throw new DmaException("IOMMU map: flags 0x" + Integer.toHexString(flags) + " at iova 0x"
                + Long.toHexString(iova) + " must be READ and/or WRITE and nothing else (VFIO returns EINVAL)");
        }
        if (iova < 0 || iova + length < 0 || vaddr == 0) {
            throw new DmaException("IOMMU map: iova 0x" + Long.toHexString(iova) + " + " + length
                + " leaves the 63-bit IOVA space this model supports, or vaddr is 0; use lower IOVAs");
        }
    }

    private static DmaException overlap(long iova, long length, Table t, int other) {
        return new DmaException("IOMMU map: [0x" + Long.toHexString(iova) + ", 0x" + Long.toHexString(iova + length)
            + ") overlaps the existing mapping [0x" + Long.toHexString(t.start[other]) + ", 0x"
            + Long.toHexString(t.start[other] + t.size[other]) + ") (VFIO returns EEXIST); unmap it first or pick "
            + "another IOVA");
    }

    /** An immutable snapshot of the mappings (sorted by IOVA) and of the injected fault ranges. */
    private static final class Table {
        static final Table EMPTY = new Table(0, new long[0], new long[0], new long[0], new int[0],
            new MessageBackedMemory[0], 0, new long[0], new long[0]);

        final int count;
        final long[] start;
        final long[] size;
        final long[] vaddr;
        final int[] flags;
        /** The owner of each message-backed mapping, null for mappings with a process address. */
        final MessageBackedMemory[] backing;
        final int injectedCount;
        final long[] injectedStart;
        final long[] injectedEnd;
        /** One {@link Hit} per mapping, for the last-hit cache. */
        final Hit[] hits;

        Table(int count, long[] start, long[] size, long[] vaddr, int[] flags, MessageBackedMemory[] backing,
              int injectedCount, long[] injectedStart, long[] injectedEnd) {
            this.count = count;
            this.start = start;
            this.size = size;
            this.vaddr = vaddr;
            this.flags = flags;
            this.backing = backing;
            this.injectedCount = injectedCount;
            this.injectedStart = injectedStart;
            this.injectedEnd = injectedEnd;
            this.hits = new Hit[count];
            for (int i = 0; i < count; i++) {
                hits[i] = new Hit(start[i], size[i], vaddr[i] - start[i], flags[i],
                    injectedCount == 0 && backing[i] == null);
            }
        }

        /** Index of the mapping with the greatest start ≤ iova, or -1. */
        int find(long iova) {
            int lo = 0;
            int hi = count - 1;
            int found = -1;
            while (lo <= hi) {
                final int mid = (lo + hi) >>> 1;
                if (start[mid] <= iova) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found;
        }

        /** Where a mapping starting at iova would be inserted to keep the arrays sorted. */
        int insertionPoint(long iova) {
            return find(iova) + 1;
        }

        boolean hitsInjected(long iova, int length) {
            final long end = iova + length;
            for (int k = 0; k < injectedCount; k++) {
                if (iova < injectedEnd[k] && injectedStart[k] < end) {
                    return true;
                }
            }
            return false;
        }

        Table withMapping(int at, long iova, long length, long address, int flag, MessageBackedMemory owner) {
            final MessageBackedMemory[] b = new MessageBackedMemory[count + 1];
            System.arraycopy(backing, 0, b, 0, at);
            b[at] = owner;
            System.arraycopy(backing, at, b, at + 1, count - at);
            return new Table(count + 1, insert(start, at, iova), insert(size, at, length), insert(vaddr, at, address),
                insert(flags, at, flag), b, injectedCount, injectedStart, injectedEnd);
        }

        Table withoutMapping(int i) {
            final MessageBackedMemory[] b = new MessageBackedMemory[count - 1];
            System.arraycopy(backing, 0, b, 0, i);
            System.arraycopy(backing, i + 1, b, i, count - i - 1);
            return new Table(count - 1, remove(start, i), remove(size, i), remove(vaddr, i), remove(flags, i), b,
                injectedCount, injectedStart, injectedEnd);
        }

        Table withInjected(long iova, long length) {
            final long[] s = Arrays.copyOf(injectedStart, injectedCount + 1);
            final long[] e = Arrays.copyOf(injectedEnd, injectedCount + 1);
            s[injectedCount] = iova;
            e[injectedCount] = iova + length;
            return new Table(count, start, size, vaddr, flags, backing, injectedCount + 1, s, e);
        }

        Table withoutInjected() {
            return new Table(count, start, size, vaddr, flags, backing, 0, new long[0], new long[0]);
        }

        private static long[] insert(long[] a, int at, long v) {
            final long[] out = new long[a.length + 1];
            System.arraycopy(a, 0, out, 0, at);
            out[at] = v;
            System.arraycopy(a, at, out, at + 1, a.length - at);
            return out;
        }

        private static int[] insert(int[] a, int at, int v) {
            final int[] out = new int[a.length + 1];
            System.arraycopy(a, 0, out, 0, at);
            out[at] = v;
            System.arraycopy(a, at, out, at + 1, a.length - at);
            return out;
        }

        private static long[] remove(long[] a, int i) {
            final long[] out = new long[a.length - 1];
            System.arraycopy(a, 0, out, 0, i);
            System.arraycopy(a, i + 1, out, i, a.length - i - 1);
            return out;
        }

        private static int[] remove(int[] a, int i) {
            final int[] out = new int[a.length - 1];
            System.arraycopy(a, 0, out, 0, i);
            System.arraycopy(a, i + 1, out, i, a.length - i - 1);
            return out;
        }
    }

    /**
     * One mapping of one table version, as the last-hit cache holds it. An access that spans into an adjacent
     * mapping misses here and takes the slow path.
     */
    private static final class Hit {
        static final Hit NONE = new Hit(0, 0, 0, 0, false);

        final long start;
        final long size;
        final long delta;
        final int flags;
        /**
         * True while this hit's table is the current one and has no injected faults; cleared (volatile store) by
         * {@link #publish} once a new table is visible. The fast path loads it first.
         */
        volatile boolean valid;

        Hit(long start, long size, long delta, int flags, boolean valid) {
            this.start = start;
            this.size = size;
            this.delta = delta;
            this.flags = flags;
            this.valid = valid;
        }
    }
}
