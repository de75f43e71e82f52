package io.xdpj.i40e.hw.hmc;

/**
 * LAN HMC geometry as the shared code uses it (facts 5.2-5.4): segment descriptors (SDs) of 2 MiB, direct or paged;
 * a paged SD points at a 4 KiB page of 512 eight-byte page descriptors (PDs), each PD = 4 KiB page address | valid.
 * Object bases in FPM space are in 512-byte units.
 */
public final class HmcGeometry {

    private HmcGeometry() {
    }

    /** Bytes of FPM space one SD covers ({@code I40E_HMC_DIRECT_BP_SIZE}, facts 5.2). */
    public static final int DIRECT_BP_SIZE = 0x200000;
    /** Bytes of one paged backing page ({@code I40E_HMC_PAGED_BP_SIZE}, facts 5.2). */
    public static final int PAGED_BP_SIZE = 4096;
    /** PDs in one PD page ({@code I40E_HMC_PD_CNT_IN_SD}, facts 5.2). */
    public static final int PD_CNT_IN_SD = 512;
    /** Bytes of one PD entry (facts 5.2). */
    public static final int PD_ENTRY_SIZE = 8;
    /** PD entry bit 0: the backing page is valid (facts 5.2). */
    public static final long PD_VALID = 1L;
    /** Alignment of PD pages and backing pages ({@code I40E_HMC_PD_BP_BUF_ALIGNMENT}, facts 5.2). */
    public static final int PD_BP_BUF_ALIGNMENT = 4096;
    /** SDDATALOW.PMSDBPCOUNT the drivers write ({@code I40E_HMC_MAX_BP_COUNT}, facts 5.3). */
    public static final int MAX_BP_COUNT = 512;
    /** Alignment of object bases in FPM space ({@code I40E_HMC_L2OBJ_BASE_ALIGNMENT}, facts 5.2). */
    public static final int L2OBJ_BASE_ALIGNMENT = 512;
    /** Unit of GLHMC_LAN{TX,RX}BASE in bytes (facts 5.1). */
    public static final int FPM_BASE_UNIT = 512;
    /** {@code I40E_HMC_OBJ_SIZE_TXQ} (facts 5.2). */
    public static final int OBJ_SIZE_TXQ = TxQueueContext.OBJECT_SIZE;
    /** {@code I40E_HMC_OBJ_SIZE_RXQ} (facts 5.2). */
    public static final int OBJ_SIZE_RXQ = RxQueueContext.OBJECT_SIZE;
    /** {@code I40E_HMC_OBJ_SIZE_FCOE_CNTX} (facts 5.2). */
    public static final int OBJ_SIZE_FCOE_CNTX = 64;
    /** {@code I40E_HMC_OBJ_SIZE_FCOE_FILT} (facts 5.2). */
    public static final int OBJ_SIZE_FCOE_FILT = 64;

    /** Rounds {@code bytes} up to the 512-byte object base alignment (facts 5.3 step 2). */
    public static long alignObjectBase(long bytes) {
        return (bytes + L2OBJ_BASE_ALIGNMENT - 1) & -L2OBJ_BASE_ALIGNMENT;
    }

    /**
     * FPM offset of a context object: {@code base + size × queue} with base in bytes and queue PF-relative
     * (facts 5.4).
     */
    public static long objectFpmOffset(long baseBytes, int objectSize, int pfRelativeQueue) {
        return baseBytes + (long) objectSize * pfRelativeQueue;
    }
}
