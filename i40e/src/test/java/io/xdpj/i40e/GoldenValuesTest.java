package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.xdpj.i40e.hw.reg.HmcRegisters;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.i40e.hw.reg.StatisticsRegisters;
import io.xdpj.vfio.DmaAllocator;
import io.xdpj.vfio.OffHeapDmaAllocator;

/** Register values and counter arithmetic computed by hand from the facts. */
class GoldenValuesTest {

    /** An allocator whose IOVAs start at 0x1_0000_3000 (no IOMMU: identity-free mapping for unit tests). */
    private static DmaAllocator allocator() {
        return new OffHeapDmaAllocator(new io.xdpj.sim.iommu.Iommu(), 0x1_0000_3000L);
    }

    /**
     * LAN HMC for pf 2 with 64 Tx and 64 Rx contexts (facts 5.3): Tx base 0, Rx base align512(64 × 128) = 8192 →
     * GLHMC_LANRXBASE = 8192 / 512 = 16; FPM size align512(8192 + 64 × 32) = 10240. SD 0 direct at IOVA
     * 0x1_0000_3000: SDDATAHIGH = 1, SDDATALOW = 0x3000 | 512 << 2 | TYPE 2 | VALID 1 = 0x3803, SDCMD = 0 | 1 << 31.
     */
    @Test
    void lanHmcProgramsSdZeroAndTheFpmRegisters() {
        final RecordingMmio bar = new RecordingMmio();
        bar.values.put(HmcRegisters.GLHMC_LANQMAX, 1536);
        bar.values.put(HmcRegisters.GLHMC_LANTXOBJSZ, 7);
        bar.values.put(HmcRegisters.GLHMC_LANRXOBJSZ, 5);
        try (DmaAllocator dma = allocator(); LanHmc hmc = new LanHmc(bar, dma, 2, 64, 64)) {
            assertEquals(0x1_0000_3000L, hmc.backingIova());
            assertEquals(1, bar.lastWrite(HmcRegisters.PFHMC_SDDATAHIGH));
            assertEquals(0x3803, bar.lastWrite(HmcRegisters.PFHMC_SDDATALOW));
            assertEquals(0x8000_0000, bar.lastWrite(HmcRegisters.PFHMC_SDCMD));
            assertEquals(0, bar.lastWrite(HmcRegisters.GLHMC_LANTXBASE(2)));
            assertEquals(64, bar.lastWrite(HmcRegisters.GLHMC_LANTXCNT(2)));
            assertEquals(16, bar.lastWrite(HmcRegisters.GLHMC_LANRXBASE(2)));
            assertEquals(64, bar.lastWrite(HmcRegisters.GLHMC_LANRXCNT(2)));
            assertEquals(20, bar.lastWrite(HmcRegisters.GLHMC_FCOEDDPBASE(2)));
            hmc.close();
            // Cleared: address 0, BPCOUNT 512, TYPE direct, VALID 0 = 0x802 (facts 5.3 step 4).
            assertEquals(0x802, bar.lastWrite(HmcRegisters.PFHMC_SDDATALOW));
            assertEquals(0, bar.lastWrite(HmcRegisters.PFHMC_SDDATAHIGH));
        }
    }

    @Test
    void lanHmcRefusesObjectSizesOtherThan128And32() {
        final RecordingMmio bar = new RecordingMmio();
        bar.values.put(HmcRegisters.GLHMC_LANQMAX, 1536);
        bar.values.put(HmcRegisters.GLHMC_LANTXOBJSZ, 6);
        bar.values.put(HmcRegisters.GLHMC_LANRXOBJSZ, 5);
        try (DmaAllocator dma = allocator()) {
            final I40eException e = assertThrows(I40eException.class, () -> new LanHmc(bar, dma, 0, 4, 4));
            assertEquals("lan hmc setup", e.step());
        }
    }

    /**
     * GLLAN_TXPRE_QDIS for absolute queue 300 (facts 2.1/6.2): block 300 / 128 = 2, QINDX = 300 mod 128 = 44;
     * SET_QDIS = bit 30 → 0x4000_002C; CLEAR_QDIS = bit 31 → 0x8000_002C.
     */
    @Test
    void preTxQueueDisableUsesTheQueueWithinItsBlock() {
        final RecordingMmio bar = new RecordingMmio();
        final PfReset pf = new PfReset(bar, new Deadline(System::nanoTime));
        pf.preTxQueueDisable(300, true);
        assertEquals(0x4000_002C, bar.lastWrite(LanQueueRegisters.GLLAN_TXPRE_QDIS(2)));
        pf.preTxQueueDisable(300, false);
        assertEquals(0x8000_002C, bar.lastWrite(LanQueueRegisters.GLLAN_TXPRE_QDIS(2)));
        assertEquals(0x000E6508, LanQueueRegisters.GLLAN_TXPRE_QDIS(2));
    }

    /** PFLAN_QALLOC = VALID | LASTQ 127 << 16 | FIRSTQ 64 → queues 64..127: first 64, count 64 (facts 2.1). */
    @Test
    void queueAllocationFromPflanQalloc() {
        final RecordingMmio bar = new RecordingMmio();
        bar.values.put(LanQueueRegisters.PFLAN_QALLOC, 0x8000_0000 | 127 << 16 | 64);
        final int[] qa = new PfReset(bar, new Deadline(System::nanoTime)).queueAllocation();
        assertEquals(64, qa[0]);
        assertEquals(64, qa[1]);
        bar.values.put(LanQueueRegisters.PFLAN_QALLOC, 127 << 16 | 64);
        assertEquals(0, new PfReset(bar, new Deadline(System::nanoTime)).queueAllocation()[1]);
    }

    /**
     * Counter offsets (facts 8): 48-bit counter read 0xFFFF_FFFF_FFF0 at load, later 0x0000_0000_0010: it wrapped,
     * 0x10 + 2^48 − 0xFFFF_FFFF_FFF0 = 0x20. 32-bit counter 0xFFFF_FFFE → 0x3: 0x3 + 2^32 − 0xFFFF_FFFE = 5.
     */
    @Test
    void countersAreFreeRunningWithWrapCorrectedOffsets() {
        assertEquals(0x20, I40eStatistics.sinceOffset(0x10, 0xFFFF_FFFF_FFF0L, true));
        assertEquals(5, I40eStatistics.sinceOffset(3, 0xFFFF_FFFEL, false));
        assertEquals(1001, I40eStatistics.sinceOffset(2001, 1000, true));
        // High bits beyond 48 (the register's reserved bits) are ignored.
        assertEquals(7, I40eStatistics.sinceOffset(0xABCD_0000_0000_0007L, 0, true));

        final RecordingMmio bar = new RecordingMmio();
        bar.values64.put(StatisticsRegisters.GLPRT_UPRCL(1), 0xFFFF_FFFF_FFF0L);
        final I40eStatistics stats = new I40eStatistics(bar, 1, 5);
        stats.resetOffsets();
        bar.values64.put(StatisticsRegisters.GLPRT_UPRCL(1), 0x10L);
        bar.values.put(StatisticsRegisters.GLV_RDPC(5), 9);
        final Map<String, Long> s = stats.read();
        assertEquals(0x20L, s.get("port.rx_unicast"));
        assertEquals(9L, s.get("rx_discards"));
    }

    /** RSS key: the Microsoft verification key's 40 bytes, then 12 bytes 0x6d = 52 bytes (AqRss.KEY_DATA_SIZE). */
    @Test
    void rssKeyBytes() {
        assertEquals(52, I40ePort.DEFAULT_RSS_KEY.length);
        assertEquals(0x6d, I40ePort.DEFAULT_RSS_KEY[0] & 0xFF);
        assertEquals(0xfa, I40ePort.DEFAULT_RSS_KEY[39] & 0xFF);
        assertEquals(0x6d, I40ePort.DEFAULT_RSS_KEY[51] & 0xFF);
    }

    /**
     * A Tx data descriptor for a 60-byte frame with EOP | ICRC (facts 7.3): CMD 0x005 << 4 = 0x50, size 60 << 34 →
     * qword1 = 0x0000_00F0_0000_0050; RS (bit 5) added at the end of the burst → 0x0000_00F0_0000_0070.
     */
    @Test
    void txDataDescriptorQword1() {
        final long qw1 = io.xdpj.i40e.hw.desc.TxDescriptor.dataQword1(TxQueue.CMD_EOP_ICRC, 0, 60, 0);
        assertEquals(0x0000_00F0_0000_0050L, qw1);
        assertEquals(0x0000_00F0_0000_0070L, qw1 | TxQueue.RS_BIT);
    }
}
