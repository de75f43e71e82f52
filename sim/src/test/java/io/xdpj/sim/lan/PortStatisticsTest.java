package io.xdpj.sim.lan;

import static io.xdpj.i40e.hw.reg.StatisticsRegisters.GLPRT_GORCL;
import static io.xdpj.i40e.hw.reg.StatisticsRegisters.GLPRT_RDPC;
import static io.xdpj.i40e.hw.reg.StatisticsRegisters.GLPRT_UPRCL;
import static io.xdpj.i40e.hw.reg.StatisticsRegisters.GLV_GORCL;
import static io.xdpj.i40e.hw.reg.StatisticsRegisters.GLV_TEPC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Register reads with the widths and offsets of facts 8. */
class PortStatisticsTest {

    private final PortStatistics stats = new PortStatistics(2, 300);

    @Test
    void fortyEightBitCountersSplitIntoLowAndHighHalves() {
        stats.add(PortStatistics.GORC, 0x1234_89AB_CDEFL);
        // port 2: GLPRT_GORC L at 0x00300000 + 8 × 2 = 0x00300010, H at 0x00300014
        assertEquals(0x0030_0010, GLPRT_GORCL(2));
        assertEquals(0x89AB_CDEF, stats.read32(0x0030_0010));
        assertEquals(0x1234, stats.read32(0x0030_0014));
        assertEquals(0x1234_89AB_CDEFL, stats.read64(0x0030_0010));
        // wraps at 2^48
        stats.add(PortStatistics.GORC, (1L << 48) - 0x1234_89AB_CDEFL + 5);
        assertEquals(5L, stats.read64(GLPRT_GORCL(2)));
    }

    @Test
    void thirtyTwoBitCountersWrapAt2To32() {
        stats.add(PortStatistics.RDPC, (1L << 32) + 7);
        assertEquals(0x0030_0610, GLPRT_RDPC(2)); // 0x00300600 + 8 × 2
        assertEquals(7, stats.read32(GLPRT_RDPC(2)));
        assertEquals(0, stats.read32(GLPRT_RDPC(2) + 4)); // no high half
    }

    @Test
    void vsiCountersSitAtTheVsiStatisticsIndex() {
        stats.add(PortStatistics.V_GORC, 1000);
        stats.add(PortStatistics.V_TEPC, 3);
        assertEquals(0x0035_8960, GLV_GORCL(300)); // 0x00358000 + 8 × 300
        assertEquals(1000L, stats.read64(0x0035_8960));
        assertEquals(3, stats.read32(GLV_TEPC(300)));
        assertEquals(0, stats.read32(GLV_GORCL(299)));
        stats.setVsiIndex(12);
        assertEquals(1000L, stats.read64(GLV_GORCL(12)));
        assertEquals(0L, stats.read64(GLV_GORCL(300)));
    }

    @Test
    void otherPortsAndUnmodeledOffsetsReadZeroButAreCovered() {
        stats.add(PortStatistics.UPRC, 9);
        assertEquals(9L, stats.read64(GLPRT_UPRCL(2)));
        assertEquals(0L, stats.read64(GLPRT_UPRCL(1)));
        assertTrue(stats.covers(GLPRT_UPRCL(1)));
        assertTrue(stats.covers(0x0038_FFFC));
        assertFalse(stats.covers(0x0039_0000)); // GLGEN_STAT_HALT belongs to the register file
        assertFalse(stats.covers(0x002F_FFFC));
    }

    @Test
    void readsDoNotClear() {
        stats.add(PortStatistics.UPRC, 4);
        assertEquals(4, stats.read32(GLPRT_UPRCL(2)));
        assertEquals(4, stats.read32(GLPRT_UPRCL(2)));
    }

    @Test
    void sizeBuckets() {
        assertEquals(0, PortStatistics.bucket(64));
        assertEquals(1, PortStatistics.bucket(65));
        assertEquals(1, PortStatistics.bucket(127));
        assertEquals(2, PortStatistics.bucket(128));
        assertEquals(5, PortStatistics.bucket(1522));
        assertEquals(6, PortStatistics.bucket(1523));
        assertEquals(6, PortStatistics.bucket(9728));
    }
}
