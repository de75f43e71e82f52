package io.xdpj.i40e;

import java.util.LinkedHashMap;
import java.util.Map;

import io.xdpj.i40e.hw.reg.StatisticsRegisters;
import io.xdpj.vfio.Mmio;

/**
 * Port (GLPRT_*, index = PFGEN_PORTNUM) and VSI (GLV_*, index = stat_counter_idx) hardware counters (facts 8), read
 * the drivers' way: the counters are free-running (not clear-on-read), so the first read records an offset and
 * every later value is {@code new − offset}, adding 2^48 (or 2^32) when the counter wrapped. 48-bit counters are
 * read with one 64-bit access at the L offset and masked to 48 bits. Control path (allocates the snapshot map).
 */
final class I40eStatistics {

    private static final long MASK32 = 0xFFFF_FFFFL;

    /** A counter: its name as {@code ethtool -S} shows it, register offset, width. */
    private record Counter(String name, int offset, boolean wide) {
    }

    private final Mmio bar;
    private final Counter[] counters;
    private final long[] offsets;
    private final long[] last;
    private boolean loaded;

    I40eStatistics(Mmio bar, int port, int vsiStatIndex) {
        this.bar = bar;
        final int p = port;
        final int v = vsiStatIndex;
        this.counters = new Counter[] {
            new Counter("port.rx_bytes", StatisticsRegisters.GLPRT_GORCL(p), true),
            new Counter("port.rx_unicast", StatisticsRegisters.GLPRT_UPRCL(p), true),
            new Counter("port.rx_multicast", StatisticsRegisters.GLPRT_MPRCL(p), true),
            new Counter("port.rx_broadcast", StatisticsRegisters.GLPRT_BPRCL(p), true),
            new Counter("port.tx_bytes", StatisticsRegisters.GLPRT_GOTCL(p), true),
            new Counter("port.tx_unicast", StatisticsRegisters.GLPRT_UPTCL(p), true),
            new Counter("port.tx_multicast", StatisticsRegisters.GLPRT_MPTCL(p), true),
            new Counter("port.tx_broadcast", StatisticsRegisters.GLPRT_BPTCL(p), true),
            new Counter("port.rx_size_64", StatisticsRegisters.GLPRT_PRC64L(p), true),
            new Counter("port.rx_size_127", StatisticsRegisters.GLPRT_PRC127L(p), true),
            new Counter("port.rx_size_255", StatisticsRegisters.GLPRT_PRC255L(p), true),
            new Counter("port.rx_size_511", StatisticsRegisters.GLPRT_PRC511L(p), true),
            new Counter("port.rx_size_1023", StatisticsRegisters.GLPRT_PRC1023L(p), true),
            new Counter("port.rx_size_1522", StatisticsRegisters.GLPRT_PRC1522L(p), true),
            new Counter("port.rx_size_big", StatisticsRegisters.GLPRT_PRC9522L(p), true),
            new Counter("port.tx_size_64", StatisticsRegisters.GLPRT_PTC64L(p), true),
            new Counter("port.tx_size_127", StatisticsRegisters.GLPRT_PTC127L(p), true),
            new Counter("port.tx_size_255", StatisticsRegisters.GLPRT_PTC255L(p), true),
            new Counter("port.tx_size_511", StatisticsRegisters.GLPRT_PTC511L(p), true),
            new Counter("port.tx_size_1023", StatisticsRegisters.GLPRT_PTC1023L(p), true),
            new Counter("port.tx_size_1522", StatisticsRegisters.GLPRT_PTC1522L(p), true),
            new Counter("port.tx_size_big", StatisticsRegisters.GLPRT_PTC9522L(p), true),
            new Counter("port.rx_discards", StatisticsRegisters.GLPRT_RDPC(p), false),
            new Counter("port.tx_dropped_link_down", StatisticsRegisters.GLPRT_TDOLD(p), false),
            new Counter("port.rx_crc_errors", StatisticsRegisters.GLPRT_CRCERRS(p), false),
            new Counter("port.illegal_bytes", StatisticsRegisters.GLPRT_ILLERRC(p), false),
            new Counter("port.mac_local_faults", StatisticsRegisters.GLPRT_MLFC(p), false),
            new Counter("port.mac_remote_faults", StatisticsRegisters.GLPRT_MRFC(p), false),
            new Counter("port.rx_length_errors", StatisticsRegisters.GLPRT_RLEC(p), false),
            new Counter("port.rx_undersize", StatisticsRegisters.GLPRT_RUC(p), false),
            new Counter("port.rx_fragments", StatisticsRegisters.GLPRT_RFC(p), false),
            new Counter("port.rx_oversize", StatisticsRegisters.GLPRT_ROC(p), false),
            new Counter("port.rx_jabber", StatisticsRegisters.GLPRT_RJC(p), false),
            new Counter("port.rx_unknown_protocol", StatisticsRegisters.GLPRT_RUPP(p), false),
            new Counter("port.link_xon_rx", StatisticsRegisters.GLPRT_LXONRXC(p), false),
            new Counter("port.link_xoff_rx", StatisticsRegisters.GLPRT_LXOFFRXC(p), false),
            new Counter("port.link_xon_tx", StatisticsRegisters.GLPRT_LXONTXC(p), false),
            new Counter("port.link_xoff_tx", StatisticsRegisters.GLPRT_LXOFFTXC(p), false),
            new Counter("rx_bytes", StatisticsRegisters.GLV_GORCL(v), true),
            new Counter("rx_unicast", StatisticsRegisters.GLV_UPRCL(v), true),
            new Counter("rx_multicast", StatisticsRegisters.GLV_MPRCL(v), true),
            new Counter("rx_broadcast", StatisticsRegisters.GLV_BPRCL(v), true),
            new Counter("tx_bytes", StatisticsRegisters.GLV_GOTCL(v), true),
            new Counter("tx_unicast", StatisticsRegisters.GLV_UPTCL(v), true),
            new Counter("tx_multicast", StatisticsRegisters.GLV_MPTCL(v), true),
            new Counter("tx_broadcast", StatisticsRegisters.GLV_BPTCL(v), true),
            new Counter("rx_discards", StatisticsRegisters.GLV_RDPC(v), false),
            new Counter("rx_unknown_protocol", StatisticsRegisters.GLV_RUPP(v), false),
            new Counter("tx_errors", StatisticsRegisters.GLV_TEPC(v), false),
        };
        this.offsets = new long[counters.length];
        this.last = new long[counters.length];
    }

    /**
     * {@code i40e_stat_update48/32} (facts 8): the counter's value since the offset was loaded, wrap-corrected.
     *
     * @param raw the register value (48 or 32 significant bits)
     */
    static long sinceOffset(long raw, long offset, boolean wide) {
        final long width = wide ? StatisticsRegisters.COUNTER48_MASK : MASK32;
        final long v = raw & width;
        final long delta = v >= offset ? v - offset : v + width + 1 - offset;
        return delta & width;
    }

    private long raw(Counter c) {
        return c.wide() ? bar.read64(c.offset()) & StatisticsRegisters.COUNTER48_MASK : bar.read32(c.offset()) & MASK32;
    }

    /** Records the current register values as zero ("stats reset" in DPDK: reloads the offsets). */
    synchronized void resetOffsets() {
        for (int i = 0; i < counters.length; i++) {
            offsets[i] = raw(counters[i]);
            last[i] = 0;
        }
        loaded = true;
    }

    /** Reads every counter (the first call loads the offsets, so everything starts at 0). */
    synchronized Map<String, Long> read() {
        if (!loaded) {
            resetOffsets();
        }
        final Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < counters.length; i++) {
            last[i] = sinceOffset(raw(counters[i]), offsets[i], counters[i].wide());
            out.put(counters[i].name(), last[i]);
        }
        return out;
    }
}
