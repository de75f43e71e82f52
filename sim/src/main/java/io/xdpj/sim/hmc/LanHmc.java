package io.xdpj.sim.hmc;

import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_FCOEDDPBASE;
import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_FCOEDDPOBJSZ;
import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_FCOEFMAX;
import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_FCOEFOBJSZ;
import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_FCOEMAX;
import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_LANQMAX;
import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_LANRXBASE;
import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_LANRXCNT;
import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_LANRXOBJSZ;
import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_LANTXBASE;
import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_LANTXCNT;
import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_LANTXOBJSZ;
import static io.xdpj.i40e.hw.reg.HmcRegisters.GLHMC_SDPART;
import static io.xdpj.i40e.hw.reg.HmcRegisters.PFHMC_ERRORDATA;
import static io.xdpj.i40e.hw.reg.HmcRegisters.PFHMC_ERRORINFO;
import static io.xdpj.i40e.hw.reg.HmcRegisters.PFHMC_PDINV;
import static io.xdpj.i40e.hw.reg.HmcRegisters.PFHMC_SDCMD;
import static io.xdpj.i40e.hw.reg.HmcRegisters.PFHMC_SDDATAHIGH;
import static io.xdpj.i40e.hw.reg.HmcRegisters.PFHMC_SDDATALOW;

import io.xdpj.i40e.hw.hmc.HmcGeometry;
import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import io.xdpj.i40e.hw.reg.HmcRegisters;
import io.xdpj.sim.DeviceDma;
import io.xdpj.sim.regs.RegisterStore;
import io.xdpj.sim.regs.ResetDomain;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The LAN HMC: the function's FPM address space backed by host memory through segment descriptors (facts 5.2-5.4).
 *
 * <ul>
 *   <li>Object sizes and maxima are read-only: GLHMC_LANTXOBJSZ = 7 and GLHMC_LANRXOBJSZ = 5 (the only values
 *       under which the drivers' two size computations agree, facts 5.2, 13.7), GLHMC_LANQMAX from the config,
 *       FCoE maxima 0 (facts 13.7).</li>
 *   <li>A write to PFHMC_SDCMD with PMSDWR commits SDDATALOW/HIGH into SD entry PMSDIDX (facts 5.1, 5.3). A write
 *       without PMSDWR has no effect in the model (the facts describe only the write command).</li>
 *   <li>PFHMC_PDINV is accepted and kept: the model keeps no PD cache (it reads the PD from host memory at every
 *       context fetch), so there is nothing to invalidate.</li>
 *   <li>A context is fetched when a queue is enabled (facts 5.4, 6.2, 6.3): FPM offset = base × 512 + object size ×
 *       PF-relative queue; direct SD: backing + offset mod 2 MiB; paged SD: PD = u64 at PD page + 8 × ((offset mod
 *       2 MiB) / 4096), page = PD & ~0xFFF (valid bit 0), + offset mod 4096. All reads go through the IOMMU.</li>
 *   <li>A fetch that fails (queue beyond GLHMC_LAN{TX,RX}CNT, SD invalid, PD invalid, DMA refused) sets
 *       PFHMC_ERRORINFO.ERROR_DETECTED with PMF_INDEX = pf id, and PFHMC_ERRORDATA = the FPM offset (low 30 bits).
 *       NB: the facts give the fields of ERRORINFO but not the encodings of HMC_ERROR_TYPE and HMC_OBJECT_TYPE, so
 *       the model leaves them 0; the reason is in {@link #lastError()}.</li>
 * </ul>
 * Step thread / device lock only.
 */
public final class LanHmc {

    /** SD entries addressable by PMSDIDX (12 bits, facts 5.1). */
    public static final int SD_ENTRIES = 1 << 12;
    /** GLHMC_LANTXOBJSZ value: log2(128) (facts 5.2, 13.7). */
    public static final int LAN_TX_OBJ_SIZE_LOG2 = 7;
    /** GLHMC_LANRXOBJSZ value: log2(32) (facts 5.2, 13.7). */
    public static final int LAN_RX_OBJ_SIZE_LOG2 = 5;

    /** GLHMC_FCOEFMAX.PMFCOEFMAX of the model (see {@link #declare}). */
    public static final int FCOE_FILTER_MAX = 0x1000;

    private final int pfId;
    private final RegisterStore store;
    private final DeviceDma dma;
    private final long[] sdAddress = new long[SD_ENTRIES];
    private final boolean[] sdValid = new boolean[SD_ENTRIES];
    private final boolean[] sdDirect = new boolean[SD_ENTRIES];
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[TxQueueContext.OBJECT_SIZE]);
    private long errors;
    private String lastError = "";

    public LanHmc(RegisterStore store, DeviceDma dma, int pfId, int lanQueueMax) {
        this.store = store;
        this.dma = dma;
        this.pfId = pfId;
        declare(lanQueueMax);
    }

    private void declare(int lanQueueMax) {
        // Read-only sizes and maxima (facts 5.1, 13.7).
        store.declare(GLHMC_LANTXOBJSZ, LAN_TX_OBJ_SIZE_LOG2, 0, ResetDomain.CORER);
        store.declare(GLHMC_LANRXOBJSZ, LAN_RX_OBJ_SIZE_LOG2, 0, ResetDomain.CORER);
        store.declare(GLHMC_LANQMAX, lanQueueMax, 0, ResetDomain.CORER);
        store.declare(GLHMC_FCOEDDPOBJSZ, 0, 0, ResetDomain.CORER);
        store.declare(GLHMC_FCOEMAX, 0, 0, ResetDomain.CORER);
        store.declare(GLHMC_FCOEFOBJSZ, 0, 0, ResetDomain.CORER);
        // NB: not 0. Linux's i40e_set_filter_control refuses filter settings whose FCoE filter + context sizes
        // (its defaults: 1024 + 512) exceed PMFCOEFMAX, and probe fails with "setup_pf_filter_control failed"
        // (i40e_validate_filter_settings, L i40e_common.c; seen in sim/bed/run). The real reset value is not in the
        // facts (UNVERIFIED); 0x1000 is the model's, enough for those defaults.
        store.declare(GLHMC_FCOEFMAX, FCOE_FILTER_MAX, 0, ResetDomain.CORER);
        // Per-function FPM bases and counts, i = 0..15 (facts 5.1): eight arrays 0x100 apart from 0xC6200.
        final int functions = HmcRegisters.HMC_FUNCTION_MAX_INDEX + 1;
        store.declareArray(GLHMC_LANTXBASE(0), 4, functions, 0, HmcRegisters.GLHMC_LANTXBASE_FPMLANTXBASE_MASK,
            ResetDomain.CORER);
        store.declareArray(GLHMC_LANTXCNT(0), 4, functions, 0, HmcRegisters.GLHMC_LANTXCNT_FPMLANTXCNT_MASK,
            ResetDomain.CORER);
        store.declareArray(GLHMC_LANRXBASE(0), 4, functions, 0, HmcRegisters.GLHMC_LANRXBASE_FPMLANRXBASE_MASK,
            ResetDomain.CORER);
        store.declareArray(GLHMC_LANRXCNT(0), 4, functions, 0, HmcRegisters.GLHMC_LANRXCNT_FPMLANRXCNT_MASK,
            ResetDomain.CORER);
        store.declareArray(GLHMC_FCOEDDPBASE(0), 4, functions, 0, 0xFFFFFF, ResetDomain.CORER);
        store.declareArray(HmcRegisters.GLHMC_FCOEDDPCNT(0), 4, functions, 0, 0xFFFFF, ResetDomain.CORER);
        store.declareArray(HmcRegisters.GLHMC_FCOEFBASE(0), 4, functions, 0, 0xFFFFFF, ResetDomain.CORER);
        store.declareArray(HmcRegisters.GLHMC_FCOEFCNT(0), 4, functions, 0, 0x7FFFFF, ResetDomain.CORER);
        store.declareArray(GLHMC_SDPART(0), 4, functions, 0, 0x1FFF0FFF, ResetDomain.CORER);
        store.declare(PFHMC_SDCMD, 0, 0x8000_8FFF, ResetDomain.PFR);
        store.declare(PFHMC_SDDATALOW, 0, 0xFFFF_FFFF, ResetDomain.PFR);
        store.declare(PFHMC_SDDATAHIGH, 0, 0xFFFF_FFFF, ResetDomain.PFR);
        store.declare(PFHMC_PDINV, 0, 0x01FF_8FFF, ResetDomain.PFR);
        store.declare(PFHMC_ERRORINFO, 0, 0xFFFF_FFFF, ResetDomain.PFR);
        store.declare(PFHMC_ERRORDATA, 0, 0x3FFF_FFFF, ResetDomain.PFR);
    }

    /** Called after a driver write to PFHMC_SDCMD (the store already holds the value). */
    public void sdCommandWritten(int value) {
        if ((value & HmcRegisters.PFHMC_SDCMD_PMSDWR_MASK) == 0) {
            return;
        }
        final int index = value & HmcRegisters.PFHMC_SDCMD_PMSDIDX_MASK;
        final int low = store.get(PFHMC_SDDATALOW);
        final long high = store.get(PFHMC_SDDATAHIGH) & 0xFFFF_FFFFL;
        sdValid[index] = (low & HmcRegisters.PFHMC_SDDATALOW_PMSDVALID_MASK) != 0;
        sdDirect[index] = (low & HmcRegisters.PFHMC_SDDATALOW_PMSDTYPE_MASK) != 0;
        sdAddress[index] = high << 32 | (low & HmcRegisters.PFHMC_SDDATALOW_PMSDDATALOW_MASK & 0xFFFF_FFFFL);
    }

    /** Clears the SD table when the PFR-domain PFHMC registers are reset. */
    public void reset(java.util.Set<ResetDomain> domains) {
        if (domains.contains(ResetDomain.PFR)) {
            java.util.Arrays.fill(sdValid, false);
            java.util.Arrays.fill(sdDirect, false);
            java.util.Arrays.fill(sdAddress, 0);
        }
    }

    /** Whether SD entry {@code index} is valid. */
    public boolean sdValid(int index) {
        return sdValid[index];
    }

    /** Whether SD entry {@code index} is direct (else paged). */
    public boolean sdDirect(int index) {
        return sdDirect[index];
    }

    /** Backing buffer (direct) or PD page (paged) address of SD entry {@code index}. */
    public long sdAddress(int index) {
        return sdAddress[index];
    }

    /** HMC errors since power-on. */
    public long errors() {
        return errors;
    }

    /** Why the last context fetch failed ("" if none did). */
    public String lastError() {
        return lastError;
    }

    /** Fetches the Rx context of PF-relative {@code queue}; false (and an HMC error) if it cannot be read. */
    public boolean readRxContext(int queue, RxQueueContext out) {
        final long base = (long) store.get(GLHMC_LANRXBASE(pfId)) * HmcGeometry.FPM_BASE_UNIT;
        final int count = store.get(GLHMC_LANRXCNT(pfId));
        if (!fetch("Rx", queue, count, HmcGeometry.objectFpmOffset(base, RxQueueContext.OBJECT_SIZE, queue),
            RxQueueContext.OBJECT_SIZE)) {
            return false;
        }
        out.unpack(scratch, 0);
        return true;
    }

    /** Fetches the Tx context of PF-relative {@code queue}; false (and an HMC error) if it cannot be read. */
    public boolean readTxContext(int queue, TxQueueContext out) {
        final long base = (long) store.get(GLHMC_LANTXBASE(pfId)) * HmcGeometry.FPM_BASE_UNIT;
        final int count = store.get(GLHMC_LANTXCNT(pfId));
        if (!fetch("Tx", queue, count, HmcGeometry.objectFpmOffset(base, TxQueueContext.OBJECT_SIZE, queue),
            TxQueueContext.OBJECT_SIZE)) {
            return false;
        }
        out.unpack(scratch, 0);
        return true;
    }

    /**
     * Whether a context fetch could not even be attempted because bus mastering is off: the queue enable then waits
     * rather than failing.
     */
    public boolean dmaBlocked() {
        return !dma.busMaster();
    }

    private boolean fetch(String kind, int queue, int count, long fpm, int size) {
        if (queue >= count) {
            return error(fpm, kind + " queue " + queue + " is beyond GLHMC_LAN" + kind.toUpperCase() + "CNT(" + pfId
                + ") = " + count);
        }
        final long sd = fpm / HmcGeometry.DIRECT_BP_SIZE;
        if (sd >= SD_ENTRIES || !sdValid[(int) sd]) {
            return error(fpm, kind + " context of queue " + queue + " at FPM 0x" + Long.toHexString(fpm)
                + " lies in SD " + sd + ", which is not valid");
        }
        final long inSd = fpm % HmcGeometry.DIRECT_BP_SIZE;
        final long iova;
        if (sdDirect[(int) sd]) {
            iova = sdAddress[(int) sd] + inSd;
        } else {
            final long pdIova = sdAddress[(int) sd] + HmcGeometry.PD_ENTRY_SIZE * (inSd / HmcGeometry.PAGED_BP_SIZE);
            if (!dma.readLong(pdIova, scratch)) {
                return error(fpm, "reading the PD for FPM 0x" + Long.toHexString(fpm) + " at iova 0x"
                    + Long.toHexString(pdIova) + " was refused (IOMMU fault or bus mastering off)");
            }
            final long pd = scratch.getLong(0, java.nio.ByteOrder.LITTLE_ENDIAN);
            if ((pd & HmcGeometry.PD_VALID) == 0) {
                return error(fpm, "the PD for FPM 0x" + Long.toHexString(fpm) + " (SD " + sd + ") is not valid");
            }
            iova = (pd & ~(long) (HmcGeometry.PAGED_BP_SIZE - 1)) + inSd % HmcGeometry.PAGED_BP_SIZE;
        }
        if (!dma.read(iova, scratch, 0, size)) {
            return error(fpm, "reading the " + kind + " context of queue " + queue + " at iova 0x"
                + Long.toHexString(iova) + " was refused (IOMMU fault or bus mastering off)");
        }
        return true;
    }

    private boolean error(long fpm, String why) {
        errors++;
        lastError = why;
        store.set(PFHMC_ERRORINFO, HmcRegisters.PFHMC_ERRORINFO_ERROR_DETECTED_MASK
            | (pfId << HmcRegisters.PFHMC_ERRORINFO_PMF_INDEX_SHIFT));
        store.set(PFHMC_ERRORDATA, (int) (fpm & HmcRegisters.PFHMC_ERRORDATA_HMC_ERROR_DATA_MASK));
        return false;
    }
}
