package io.xdpj.sim.vfiouser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import io.xdpj.sim.iommu.DmaFault;
import io.xdpj.sim.iommu.Iommu;
import io.xdpj.sim.iommu.MessageBackedMemory;
import io.xdpj.vfio.DmaException;
import io.xdpj.vfio.linux.JnrSyscalls;
import io.xdpj.vfio.linux.Mman;
import io.xdpj.vfio.linux.Syscalls;
import org.agrona.UnsafeApi;

/**
 * Device access to client memory that came without a file descriptor (vfio-user.rst, VFIO_USER_DMA_MAP: "the DMA
 * region can be accessed by the server using VFIO_USER_DMA_READ and VFIO_USER_DMA_WRITE messages"): each such
 * region is a {@link MessageBackedMemory} in the model's {@link Iommu}, backed by a local shadow of the region.
 *
 * <h2>How an access is served</h2>
 * The shadow is an anonymous reservation as large as the region (MAP_NORESERVE: the kernel commits only the pages
 * touched), so a device access spanning pages has one contiguous address. The first access to a page in a model
 * step fills it (and the run of not-yet-valid pages the access covers) with one DMA_READ; the page's bytes are also
 * kept in a second, pristine copy. At the end of the step ({@link #endStep()}) every page the device translated for
 * writing is compared with its pristine copy and each run of changed bytes goes to the client with one DMA_WRITE,
 * waiting for its reply; then every page is dropped, so the next step reads fresh guest memory, and
 * {@link Iommu#invalidateTranslations()} tells translation caches (the LAN engine's ring IOTLB) that the shadow
 * addresses expired. NB: a page once touched stays committed (twice: view and pristine copy) until the region is
 * unmapped; dropping a page only marks it invalid.
 *
 * <h2>Coherence this gives</h2>
 * <ul>
 * <li>The device sees guest memory as it was at its first access to each page in a step (a guest store made to that
 *     page later in the same step is seen in the next step), and it sees its own writes.</li>
 * <li>Its writes become visible to the guest at the end of the step (or of the message whose handling caused them),
 *     never earlier, and only the bytes it changed are written, so guest stores to other bytes of the same page
 *     survive. NB: a device store that leaves a byte at the value it had when the page was read is not sent.</li>
 * <li>Order: pages the device only wrote (frame buffers, event buffers) go first, then pages it both read and wrote
 *     (descriptor rings, whose write-back hands the buffers back), each group in the order its pages were first
 *     translated for writing. So a guest that sees a descriptor's write-back also sees the data it describes, the
 *     rule the driver relies on with real DMA; the model's stores themselves are plain stores and their exact order
 *     inside a step is not observable here.</li>
 * <li>A DMA_READ the client refuses or does not answer before the deadline makes the access fault (counted as
 *     {@link DmaFault.Reason#MESSAGE_FAILED}; the engine stops the queue as for any IOMMU fault). A refused
 *     DMA_WRITE is found only after the access succeeded: it is logged and counted in the IOMMU's fault log
 *     ({@link Iommu#recordLateFault}), as a posted write that fails downstream is reported on hardware.</li>
 * </ul>
 *
 * <p>Threads: the server's one thread (model steps and messages). Fill and write-back go through a
 * {@link Transport}, which waits for each reply with a deadline and queues client requests that arrive meanwhile.
 * Allocation: none per access; the page lists grow (copy) only when a step touches more pages than any before.
 */
final class MessageDma implements AutoCloseable {

    /** The message exchange, done by the server (its socket, its deadline). Both return false on any failure. */
    interface Transport {
        /** VFIO_USER_DMA_READ of {@code length} bytes at {@code iova} into process memory at {@code address}. */
        boolean read(long iova, int length, long address);

        /** VFIO_USER_DMA_WRITE of {@code length} bytes from process memory at {@code address} to {@code iova}. */
        boolean write(long iova, int length, long address);
    }

    /** MAP_NORESERVE (mmap(2), x86-64 Linux): no swap reserved; pages are committed on first touch. */
    static final int MAP_NORESERVE = 0x4000;

    private static final int PAGE_SHIFT = 12;
    private static final long PAGE_SIZE = Iommu.PAGE_SIZE;
    private static final byte VALID = 1;
    private static final byte READ = 2;
    private static final byte WRITTEN = 4;

    private final Iommu iommu;
    private final Transport transport;
    private final Consumer<String> log;
    private final int maxTransfer;
    private final Syscalls sys = JnrSyscalls.get();
    private final List<Shadow> shadows = new ArrayList<>();

    // Pages translated for writing in this step, in the order of their first write translation.
    private Shadow[] writtenShadow = new Shadow[64];
    private int[] writtenPage = new int[64];
    private int[] writtenQueue = new int[64];
    private int writtenCount;
    private boolean touched;

    // The run of changed bytes being collected by endStep().
    private Shadow runShadow;
    private long runIova;
    private int runLength;
    private int runQueue;

    private long fills;
    private long writeBacks;
    private long failures;

    /**
     * @param maxTransfer largest count of one DMA_READ/WRITE (the peer's max_data_xfer_size), a multiple of the page
     */
    MessageDma(Iommu iommu, Transport transport, Consumer<String> log, int maxTransfer) {
        this.iommu = iommu;
        this.transport = transport;
        this.log = log;
        this.maxTransfer = maxTransfer;
    }

    /**
     * Enters a region without a descriptor in the IOMMU.
     *
     * @param iommuFlags {@link io.xdpj.vfio.IommuMapper#READ} and/or WRITE; must include READ (a page is filled
     *                   before the device writes part of it)
     * @return the shadow (to pass to {@link #remove}), or null if the shadow could not be reserved (logged)
     */
    Shadow add(long iova, long size, int iommuFlags) {
        final long shadow = sys.mmap(0, 2 * size, Mman.PROT_READ | Mman.PROT_WRITE,
            Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (shadow < 0) {
            log.accept("no shadow for the DMA region at iova 0x" + Long.toHexString(iova) + " (" + size
                + " bytes): mmap errno " + -shadow);
            return null;
        }
        final Shadow s = new Shadow(iova, size, shadow);
        try {
            iommu.mapMessageBacked(iova, size, iommuFlags, s);
        } catch (DmaException e) {
            sys.munmap(shadow, 2 * size);
            log.accept(e.getMessage());
            return null;
        }
        shadows.add(s);
        return s;
    }

    /** Writes back what the device changed, then takes the region out of the IOMMU and frees its shadow. */
    void remove(Shadow s) {
        endStep();
        iommu.unmap(s.iova, s.size);
        shadows.remove(s);
        sys.munmap(s.shadow, 2 * s.size);
    }

    /**
     * The end of a model step (or of a message's handling): writes back the changed bytes in the order the class
     * comment gives, drops every shadow page and expires the translations. Does nothing if no page was touched.
     */
    void endStep() {
        if (!touched) {
            return;
        }
        for (int pass = 0; pass < 2; pass++) {
            final boolean readToo = pass == 1;
            for (int i = 0; i < writtenCount; i++) {
                final Shadow s = writtenShadow[i];
                final int page = writtenPage[i];
                if (((s.state[page] & READ) != 0) == readToo) {
                    s.writeBackChanges(page, writtenQueue[i]);
                }
            }
            sendRun();
        }
        for (Shadow s : shadows) {
            s.drop();
        }
        Arrays.fill(writtenShadow, 0, writtenCount, null);
        writtenCount = 0;
        touched = false;
        iommu.invalidateTranslations();
    }

    /** Pages filled by DMA_READ, runs written by DMA_WRITE, and failed exchanges, since construction. */
    long fills() {
        return fills;
    }

    long writeBacks() {
        return writeBacks;
    }

    long failures() {
        return failures;
    }

    private void recordWritten(Shadow s, int page, int queue) {
        if (writtenCount == writtenPage.length) {
            // slow path, once per new maximum of pages written in one step
            writtenShadow = Arrays.copyOf(writtenShadow, 2 * writtenCount);
            writtenPage = Arrays.copyOf(writtenPage, 2 * writtenCount);
            writtenQueue = Arrays.copyOf(writtenQueue, 2 * writtenCount);
        }
        writtenShadow[writtenCount] = s;
        writtenPage[writtenCount] = page;
        writtenQueue[writtenCount] = queue;
        writtenCount++;
    }

    /** Adds one changed byte to the run being collected, sending the run first if the byte does not extend it. */
    private void changedByte(Shadow s, long iova, int queue) {
        if (runShadow == s && iova == runIova + runLength && runLength < maxTransfer) {
            runLength++;
            return;
        }
        sendRun();
        runShadow = s;
        runIova = iova;
        runLength = 1;
        runQueue = queue;
    }

    private void sendRun() {
        if (runShadow == null) {
            return;
        }
        final Shadow s = runShadow;
        runShadow = null;
        if (transport.write(runIova, runLength, s.shadow + (runIova - s.iova))) {
            writeBacks++;
        } else {
            failures++;
            log.accept("DMA_WRITE of " + runLength + " bytes at iova 0x" + Long.toHexString(runIova)
                + " failed; the guest does not see them");
            iommu.recordLateFault(runIova, runLength, true, runQueue, DmaFault.Reason.MESSAGE_FAILED);
        }
    }

    @Override
    public void close() {
        for (Shadow s : shadows) {
            sys.munmap(s.shadow, 2 * s.size);
        }
        shadows.clear();
    }

    /**
     * One region's shadow: {@code [shadow, shadow + size)} holds the device's view, {@code [shadow + size,
     * shadow + 2 size)} the bytes as filled; one state byte per page.
     */
    final class Shadow implements MessageBackedMemory {
        final long iova;
        final long size;
        final long shadow;
        final byte[] state;
        private int[] touchedPages = new int[64];
        private int touchedCount;

        Shadow(long iova, long size, long shadow) {
            this.iova = iova;
            this.size = size;
            this.shadow = shadow;
            this.state = new byte[(int) (size >>> PAGE_SHIFT)];
        }

        @Override
        public long access(long address, int length, boolean write, int queue) {
            final long offset = address - iova; // the IOMMU checked that the access lies inside the region
            final int first = (int) (offset >>> PAGE_SHIFT);
            final int last = (int) ((offset + length - 1) >>> PAGE_SHIFT);
            for (int page = first; page <= last; page++) {
                if ((state[page] & VALID) == 0 && !fill(page, last)) {
                    return 0;
                }
            }
            for (int page = first; page <= last; page++) {
                if (write && (state[page] & WRITTEN) == 0) {
                    recordWritten(this, page, queue);
                }
                state[page] |= write ? WRITTEN : READ;
            }
            return shadow + offset;
        }

        /** Fills the run of invalid pages from {@code page} up to {@code last} (at most one transfer) by DMA_READ. */
        private boolean fill(int page, int last) {
            int end = page;
            final int maxPages = (int) (maxTransfer >>> PAGE_SHIFT);
            while (end < last && end - page + 1 < maxPages && (state[end + 1] & VALID) == 0) {
                end++;
            }
            final int pages = end - page + 1;
            final long offset = (long) page << PAGE_SHIFT;
            final int bytes = (int) (pages * PAGE_SIZE);
            if (!transport.read(iova + offset, bytes, shadow + offset)) {
                failures++;
                log.accept("DMA_READ of " + bytes + " bytes at iova 0x" + Long.toHexString(iova + offset)
                    + " failed; the device access faults");
                return false;
            }
            fills++;
            UnsafeApi.copyMemory(shadow + offset, shadow + size + offset, bytes);
            for (int p = page; p <= end; p++) {
                state[p] = VALID;
                if (touchedCount == touchedPages.length) {
                    touchedPages = Arrays.copyOf(touchedPages, 2 * touchedCount); // slow path, see class comment
                }
                touchedPages[touchedCount++] = p;
            }
            touched = true;
            return true;
        }

        /** Feeds the bytes of {@code page} that differ from the pristine copy to the run collector. */
        void writeBackChanges(int page, int queue) {
            final long offset = (long) page << PAGE_SHIFT;
            final long now = shadow + offset;
            final long then = shadow + size + offset;
            for (int i = 0; i < PAGE_SIZE; i += Long.BYTES) {
                if (UnsafeApi.getLong(now + i) == UnsafeApi.getLong(then + i)) {
                    continue;
                }
                for (int b = i; b < i + Long.BYTES; b++) {
                    if (UnsafeApi.getByte(now + b) != UnsafeApi.getByte(then + b)) {
                        changedByte(this, iova + offset + b, queue);
                    }
                }
            }
        }

        /** Forgets every page of this step: the next access reads guest memory again. */
        void drop() {
            for (int i = 0; i < touchedCount; i++) {
                state[touchedPages[i]] = 0;
            }
            touchedCount = 0;
        }
    }
}
