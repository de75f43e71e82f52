package io.xdpj.i40e;

import static io.xdpj.i40e.I40eException.hex;

import org.agrona.concurrent.AtomicBuffer;

import io.xdpj.i40e.hw.hmc.HmcGeometry;
import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import io.xdpj.i40e.hw.reg.HmcRegisters;
import io.xdpj.vfio.DmaAllocator;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.Mmio;

/**
 * The LAN HMC in the shared code's DIRECT_ONLY model (facts 5.3): one direct segment descriptor (SD 0) backed by
 * one block of DMA memory holding this function's Tx contexts, then its Rx contexts. The driver writes queue
 * contexts straight into that memory (facts 5.4); the device fetches them when a queue is enabled (facts 6).
 */
final class LanHmc implements AutoCloseable {

    private final Mmio bar;
    private final int hmcFunction;
    private final int txCount;
    private final int rxCount;
    private final long txBase;
    private final long rxBase;
    private final DmaMemory backing;
    private final AtomicBuffer fpm;
    private boolean programmed;

    /**
     * Lays out the FPM and programs SD 0 and the GLHMC_LAN{TX,RX}{BASE,CNT} registers of {@code hmcFunction}
     * (= pf_id, facts 5.3 steps 1-5).
     */
    LanHmc(Mmio bar, DmaAllocator dma, int hmcFunction, int txCount, int rxCount) {
        this.bar = bar;
        this.hmcFunction = hmcFunction;
        this.txCount = txCount;
        this.rxCount = rxCount;
        checkGeometry();
        this.txBase = 0;
        this.rxBase = HmcGeometry.alignObjectBase(txBase + (long) txCount * HmcGeometry.OBJ_SIZE_TXQ);
        // FCoE DDP and filter objects follow with count 0, so the LAN FPM ends at the aligned Rx end (step 3).
        final long fpmSize = HmcGeometry.alignObjectBase(rxBase + (long) rxCount * HmcGeometry.OBJ_SIZE_RXQ);
        if (fpmSize > HmcGeometry.DIRECT_BP_SIZE) {
            throw new I40eException("lan hmc setup", fpmSize + " bytes of contexts exceed one 2 MiB direct SD");
        }
        this.backing = dma.allocate(fpmSize, HmcGeometry.PD_BP_BUF_ALIGNMENT, "LAN HMC direct backing page (SD 0)");
        this.fpm = backing.buffer();
        programSd(0, backing.iova(), true);
        bar.write32(HmcRegisters.GLHMC_LANTXBASE(hmcFunction),
            (int) ((txBase / HmcGeometry.FPM_BASE_UNIT) & HmcRegisters.GLHMC_LANTXBASE_FPMLANTXBASE_MASK));
        bar.write32(HmcRegisters.GLHMC_LANTXCNT(hmcFunction), txCount);
        bar.write32(HmcRegisters.GLHMC_LANRXBASE(hmcFunction),
            (int) ((rxBase / HmcGeometry.FPM_BASE_UNIT) & HmcRegisters.GLHMC_LANRXBASE_FPMLANRXBASE_MASK));
        bar.write32(HmcRegisters.GLHMC_LANRXCNT(hmcFunction), rxCount);
        final long fcoeBase = HmcGeometry.alignObjectBase(rxBase + (long) rxCount * HmcGeometry.OBJ_SIZE_RXQ);
        bar.write32(HmcRegisters.GLHMC_FCOEDDPBASE(hmcFunction), (int) (fcoeBase / HmcGeometry.FPM_BASE_UNIT));
        bar.write32(HmcRegisters.GLHMC_FCOEDDPCNT(hmcFunction), 0);
        bar.write32(HmcRegisters.GLHMC_FCOEFBASE(hmcFunction), (int) (fcoeBase / HmcGeometry.FPM_BASE_UNIT));
        bar.write32(HmcRegisters.GLHMC_FCOEFCNT(hmcFunction), 0);
        programmed = true;
    }

    /**
     * The counts must fit GLHMC_LANQMAX and the object sizes the registers report must be the 128/32 bytes the
     * layout assumes (facts 5.2: the addressing uses the registers, the sizing the constants).
     */
    private void checkGeometry() {
        final int qmax = bar.read32(HmcRegisters.GLHMC_LANQMAX) & HmcRegisters.GLHMC_LANQMAX_PMLANQMAX_MASK;
        if (txCount > qmax || rxCount > qmax) {
            throw new I40eException("lan hmc setup", "GLHMC_LANQMAX is " + qmax + " but " + txCount + " Tx / "
                + rxCount + " Rx contexts are needed");
        }
        final int txSz = bar.read32(HmcRegisters.GLHMC_LANTXOBJSZ) & HmcRegisters.GLHMC_LANTXOBJSZ_PMLANTXOBJSZ_MASK;
        final int rxSz = bar.read32(HmcRegisters.GLHMC_LANRXOBJSZ) & HmcRegisters.GLHMC_LANRXOBJSZ_PMLANRXOBJSZ_MASK;
        if (1 << txSz != HmcGeometry.OBJ_SIZE_TXQ || 1 << rxSz != HmcGeometry.OBJ_SIZE_RXQ) {
            throw new I40eException("lan hmc setup", "GLHMC_LANTXOBJSZ " + hex(txSz) + " / GLHMC_LANRXOBJSZ "
                + hex(rxSz) + " give object sizes " + (1 << txSz) + "/" + (1 << rxSz) + ", expected 128/32");
        }
    }

    /**
     * Writes SD {@code index} (facts 5.3 step 4): SDDATAHIGH = pa[63:32], SDDATALOW = pa[31:12] | BPCOUNT 512 |
     * TYPE (1 direct) | VALID, then SDCMD = index | WR. Clearing writes the same with VALID = 0 and pa = 0.
     */
    private void programSd(int index, long pa, boolean valid) {
        bar.write32(HmcRegisters.PFHMC_SDDATAHIGH, (int) (pa >>> 32));
        bar.write32(HmcRegisters.PFHMC_SDDATALOW, ((int) pa & HmcRegisters.PFHMC_SDDATALOW_PMSDDATALOW_MASK)
            | (HmcGeometry.MAX_BP_COUNT << HmcRegisters.PFHMC_SDDATALOW_PMSDBPCOUNT_SHIFT)
            | HmcRegisters.PFHMC_SDDATALOW_PMSDTYPE_MASK
            | (valid ? HmcRegisters.PFHMC_SDDATALOW_PMSDVALID_MASK : 0));
        bar.write32(HmcRegisters.PFHMC_SDCMD, index | HmcRegisters.PFHMC_SDCMD_PMSDWR_MASK);
    }

    /** Writes the Rx context of PF-relative {@code queue} into HMC memory (zeroed first, facts 5.4). */
    void writeRxContext(int queue, RxQueueContext ctx) {
        checkQueue(queue, rxCount, "Rx");
        ctx.pack(fpm, (int) HmcGeometry.objectFpmOffset(rxBase, HmcGeometry.OBJ_SIZE_RXQ, queue));
    }

    /** Writes the Tx context of PF-relative {@code queue} into HMC memory (zeroed first, facts 5.4). */
    void writeTxContext(int queue, TxQueueContext ctx) {
        checkQueue(queue, txCount, "Tx");
        ctx.pack(fpm, (int) HmcGeometry.objectFpmOffset(txBase, HmcGeometry.OBJ_SIZE_TXQ, queue));
    }

    /** Reads back the Rx context image of {@code queue} (tests, diagnostics). */
    RxQueueContext readRxContext(int queue) {
        return new RxQueueContext().unpack(fpm, (int) HmcGeometry.objectFpmOffset(rxBase, HmcGeometry.OBJ_SIZE_RXQ, queue));
    }

    /** Reads back the Tx context image of {@code queue}. */
    TxQueueContext readTxContext(int queue) {
        return new TxQueueContext().unpack(fpm, (int) HmcGeometry.objectFpmOffset(txBase, HmcGeometry.OBJ_SIZE_TXQ, queue));
    }

    private static void checkQueue(int queue, int count, String kind) {
        if (queue < 0 || queue >= count) {
            throw new I40eException("lan hmc", kind + " queue " + queue + " has no context (the HMC holds " + count + ")");
        }
    }

    long backingIova() {
        return backing.iova();
    }

    /** {@code i40e_shutdown_lan_hmc}: clears SD 0 and frees the backing page (facts 5.3 step 6). */
    @Override
    public void close() {
        if (programmed) {
            programmed = false;
            programSd(0, 0, false);
        }
        backing.close();
    }
}
