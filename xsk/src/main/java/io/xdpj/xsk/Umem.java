package io.xdpj.xsk;

import org.agrona.concurrent.UnsafeBuffer;

import io.xdpj.ring.OffHeapMemory;

/**
 * A UMEM: the packet memory shared by the application and the data path, cut into chunks (frames). Registration
 * applies the kernel's {@code XDP_UMEM_REG} checks (facts A.5) and address validation follows
 * {@code xsk_buff_pool.c} and {@code xsk_queue.h} (facts A.6): fill-ring addresses are rounded down to their chunk
 * (aligned mode) or taken as a base without its offset (unaligned mode); Rx/Tx descriptors must stay inside one
 * chunk (aligned) or inside the UMEM (unaligned).
 *
 * <p>Addresses are UMEM offsets (u64), as in the kernel; in unaligned mode the upper 16 bits may carry an offset
 * ({@link #XSK_UNALIGNED_BUF_OFFSET_SHIFT}). The memory is one virtually contiguous block mapped for the device as
 * one IOVA range, so no chunk ever crosses a non-contiguous page (the kernel's
 * {@code xp_desc_crosses_non_contig_pg} is always false here).
 */
public final class Umem implements AutoCloseable {

    /** XDP_UMEM_UNALIGNED_CHUNK_FLAG (facts A.1). */
    public static final int XDP_UMEM_UNALIGNED_CHUNK_FLAG = 1;
    /** XDP_UMEM_MIN_CHUNK_SIZE (facts A.1). */
    public static final int XDP_UMEM_MIN_CHUNK_SIZE = 2048;
    /** XDP_UMEM_MAX_CHUNK_SIZE without huge pages: PAGE_SIZE (facts A.1). */
    public static final int PAGE_SIZE = 4096;
    /** XDP_UMEM_MAX_CHUNK_SIZE with hugetlb backing: 1 &lt;&lt; min(16, HPAGE_SHIFT) (facts A.1). */
    public static final int HUGE_MAX_CHUNK_SIZE = 1 << 16;
    /** XDP_PACKET_HEADROOM: room the data path keeps before the data in every frame (facts A.1). */
    public static final int XDP_PACKET_HEADROOM = 256;
    /** XSK_UNALIGNED_BUF_OFFSET_SHIFT (facts A.1). */
    public static final int XSK_UNALIGNED_BUF_OFFSET_SHIFT = 48;
    /** XSK_UNALIGNED_BUF_ADDR_MASK (facts A.1). */
    public static final long XSK_UNALIGNED_BUF_ADDR_MASK = (1L << XSK_UNALIGNED_BUF_OFFSET_SHIFT) - 1;
    /** xdp_desc.options: XDP_PKT_CONTD (multi-buffer continuation; facts A.1). */
    public static final int XDP_PKT_CONTD = 1;
    /** xdp_desc.options: XDP_TX_METADATA (facts A.1). */
    public static final int XDP_TX_METADATA = 1 << 1;

    private final long address;
    private final long size;
    private final int chunkSize;
    private final int headroom;
    private final boolean unaligned;
    private final long chunkMask;
    private final OffHeapMemory owned;
    private final UnsafeBuffer view;
    private int users; // sockets that registered or share this UMEM
    /** The port whose kernel sockets serve this UMEM ({@link XskBackend}), or null: in-process sockets. */
    private volatile XskBackend.Provider backendProvider;

    private Umem(long address, UmemConfig config, OffHeapMemory owned) {
        this.address = address;
        this.size = config.size();
        this.chunkSize = config.chunkSize();
        this.headroom = config.headroom();
        this.unaligned = (config.flags() & XDP_UMEM_UNALIGNED_CHUNK_FLAG) != 0;
        this.chunkMask = ~((long) chunkSize - 1);
        this.owned = owned;
        this.view = size <= Integer.MAX_VALUE ? new UnsafeBuffer(address, (int) size) : null;
    }

    /**
     * Allocates zeroed, page-aligned off-heap memory for the UMEM and registers it.
     *
     * @throws XskException with EINVAL for a configuration the kernel refuses
     */
    public static Umem allocate(UmemConfig config) {
        check(config, 0);
        final OffHeapMemory memory;
        try {
            memory = OffHeapMemory.allocate(config.size(), PAGE_SIZE);
        } catch (OutOfMemoryError e) {
            throw new XskException(Errno.ENOMEM, "cannot allocate a UMEM of " + config.size() + " bytes: " + e);
        }
        return new Umem(memory.address(), config, memory);
    }

    /**
     * Registers memory the caller owns (for example hugepages mapped for DMA) as a UMEM, as XDP_UMEM_REG does with
     * a user address. The memory must stay valid until {@link #close()}.
     */
    public static Umem register(long address, UmemConfig config) {
        check(config, address);
        return new Umem(address, config, null);
    }

    XskBackend.Provider backendProvider() {
        return backendProvider;
    }

    void backendProvider(XskBackend.Provider provider) {
        backendProvider = provider;
    }

    private static void check(UmemConfig c, long address) {
        final boolean unaligned = (c.flags() & XDP_UMEM_UNALIGNED_CHUNK_FLAG) != 0;
        final int maxChunk = c.hugePages() ? HUGE_MAX_CHUNK_SIZE : PAGE_SIZE;
        if ((c.flags() & ~XDP_UMEM_UNALIGNED_CHUNK_FLAG) != 0) {
            throw inval("unknown UMEM flags 0x" + Integer.toHexString(c.flags())
                + "; only XDP_UMEM_UNALIGNED_CHUNK_FLAG (1) is supported");
        }
        if (c.chunkSize() < XDP_UMEM_MIN_CHUNK_SIZE || c.chunkSize() > maxChunk) {
            throw inval("chunk size " + c.chunkSize() + " is outside " + XDP_UMEM_MIN_CHUNK_SIZE + ".." + maxChunk
                + (c.hugePages() ? "" : " (chunks above 4096 need hugepage-backed memory)"));
        }
        if (!unaligned && Integer.bitCount(c.chunkSize()) != 1) {
            throw inval("chunk size " + c.chunkSize() + " is not a power of two; use a power of two or the "
                + "unaligned chunk mode");
        }
        if ((address & (PAGE_SIZE - 1)) != 0) {
            throw inval("UMEM address 0x" + Long.toHexString(address) + " is not page aligned");
        }
        if (c.size() <= 0 || address + c.size() < address) {
            throw inval("UMEM size " + c.size() + " is not positive or the region wraps the address space");
        }
        final long chunks = c.size() / c.chunkSize();
        if (chunks == 0 || chunks > 0xFFFF_FFFFL || (c.size() + PAGE_SIZE - 1) / PAGE_SIZE > 0xFFFF_FFFFL) {
            throw inval("UMEM of " + c.size() + " bytes holds " + chunks + " chunks of " + c.chunkSize()
                + "; it needs 1..2^32-1 chunks");
        }
        if (!unaligned && c.size() % c.chunkSize() != 0) {
            throw inval("UMEM size " + c.size() + " is not a multiple of the chunk size " + c.chunkSize()
                + " (required in aligned mode)");
        }
        if (c.headroom() < 0 || c.headroom() >= c.chunkSize() - XDP_PACKET_HEADROOM) {
            throw inval("headroom " + c.headroom() + " must be below chunk size - " + XDP_PACKET_HEADROOM + " = "
                + (c.chunkSize() - XDP_PACKET_HEADROOM));
        }
    }

    private static XskException inval(String message) {
        return new XskException(Errno.EINVAL, "XDP_UMEM_REG: " + message);
    }

    /**
     * Validates a fill-ring address and returns the chunk address the data path will use, or -1 if the kernel
     * would skip it as invalid ({@code xp_check_aligned} / {@code xp_check_unaligned}, facts A.6).
     */
    public long checkFillAddr(long addr) {
        if (!unaligned) {
            final long base = addr & chunkMask;
            return Long.compareUnsigned(base, size) < 0 ? base : -1;
        }
        final long base = addr & XSK_UNALIGNED_BUF_ADDR_MASK;
        return base < size && base + chunkSize <= size ? base : -1;
    }

    /**
     * Whether a Tx (or Rx) descriptor is valid ({@code xp_aligned_validate_desc} /
     * {@code xp_unaligned_validate_desc} with no Tx metadata): non-zero length; aligned: inside one chunk and
     * below the UMEM end; unaligned: address plus offset and the whole length inside the UMEM, length at most one
     * chunk; no unknown option bits. XDP_PKT_CONTD is refused because sockets here do not bind with XDP_USE_SG.
     */
    public boolean validDesc(long addr, int len, int options) {
        final long length = len & 0xFFFF_FFFFL;
        if (length == 0 || (options & ~XDP_TX_METADATA) != 0) {
            return false;
        }
        if (!unaligned) {
            final long offset = addr & (chunkSize - 1);
            return offset + length <= chunkSize && Long.compareUnsigned(addr, size) < 0;
        }
        final long at = (addr & XSK_UNALIGNED_BUF_ADDR_MASK) + (addr >>> XSK_UNALIGNED_BUF_OFFSET_SHIFT);
        return length <= chunkSize && at < size && at + length <= size;
    }

    /** Process address of UMEM offset {@code addr} (unaligned offset bits folded in). */
    public long addressOf(long addr) {
        return address + (unaligned
            ? (addr & XSK_UNALIGNED_BUF_ADDR_MASK) + (addr >>> XSK_UNALIGNED_BUF_OFFSET_SHIFT) : addr);
    }

    /** The process address of the UMEM's first byte. */
    public long address() {
        return address;
    }

    public long size() {
        return size;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public int headroom() {
        return headroom;
    }

    public boolean unaligned() {
        return unaligned;
    }

    /** ~(chunkSize - 1). */
    public long chunkMask() {
        return chunkMask;
    }

    /** Largest frame the data path delivers into one chunk: chunk size - headroom - XDP_PACKET_HEADROOM. */
    public int frameLen() {
        return chunkSize - headroom - XDP_PACKET_HEADROOM;
    }

    /** Number of whole chunks in the UMEM. */
    public long chunkCount() {
        return size / chunkSize;
    }

    /** A view over the whole UMEM (UMEMs under 2 GiB only; null otherwise). */
    public UnsafeBuffer buffer() {
        return view;
    }

    synchronized void acquire() {
        users++;
    }

    synchronized void release() {
        users--;
    }

    /** Frees memory the UMEM allocated itself, once no socket uses it. */
    @Override
    public synchronized void close() {
        if (users > 0) {
            throw new XskException(Errno.EBUSY, "UMEM is still used by " + users + " socket(s); close them first");
        }
        if (owned != null) {
            owned.close();
        }
    }
}
