package io.xdpj.bench.xdpsock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The tool's count from the device's counters, on one set of counters composed by hand: 1001 frames on the wire, 5
 * under 64 bytes (GLPRT_RUC), 7 over the max frame size (GLPRT_ROC), 989 good unicast frames at the port and all of
 * them given to the (promiscuous) VSI; 37 of those found no descriptor (GLV_RDPC; the VSI's packet counter still
 * counts them, as DPDK's ipackets = GLV_UPRC + GLV_MPRC + GLV_BPRC − GLV_RDPC says), 11 were written back but not
 * taken when the queue stopped (rx-0.dropped_at_stop), so 989 − 37 − 11 = 941 were delivered.
 */
class DeviceAccountingTest {

    private static final long DELIVERED = 941;

    private static Map<String, Long> counters() {
        final Map<String, Long> st = new LinkedHashMap<>();
        st.put("port.rx_unicast", 989L);
        st.put("port.rx_multicast", 0L);
        st.put("port.rx_broadcast", 0L);
        st.put("port.rx_discards", 0L); // GLPRT_RDPC: port discards, a different event from GLV_RDPC
        st.put("port.rx_oversize", 7L);
        st.put("port.rx_undersize", 5L);
        st.put("port.rx_length_errors", 0L);
        st.put("rx_unicast", 989L);
        st.put("rx_multicast", 0L);
        st.put("rx_broadcast", 0L);
        st.put("rx_discards", 37L);
        st.put("rx-0.dropped_at_stop", 11L);
        st.put("rx-0.errors", 0L);
        st.put("rx-0.oversize", 0L);
        st.put("rx-0.multi_buffer_drops", 0L);
        return st;
    }

    /** The --pci count: frames the VSI received (its discards included, never added again) = delivered + its drops. */
    @Test
    void theVsiCountBalancesWithoutCountingADiscardTwice() {
        final Map<String, Long> st = counters();
        final Summary s = new Summary();
        s.generated = XdpsockRun.vsiReceived(st);
        s.delivered = DELIVERED;
        XdpsockRun.putVsiDrops(st, 0, s.drops);
        assertEquals(989, s.generated); // not 989 + 37: the discards are inside GLV_UPRC
        assertEquals(37 + 11, s.dropTotal());
        assertEquals(0, s.unaccounted());
    }

    /** The model's count: the wire's 1001 frames = delivered + the port's losses (RUC, ROC) + the VSI's. */
    @Test
    void theWireCountAddsThePortsLossesOnce() {
        final Map<String, Long> st = counters();
        final Summary s = new Summary();
        s.generated = 1001;
        s.delivered = DELIVERED;
        XdpsockRun.putPortDrops(st, s.drops);
        XdpsockRun.putVsiDrops(st, 0, s.drops);
        assertEquals(5 + 7 + 37 + 11, s.dropTotal());
        assertEquals(0, s.unaccounted());
    }

    /** Another queue's driver counters are that queue's, not queue 0's. */
    @Test
    void driverDropsAreTheBoundQueues() {
        final Map<String, Long> st = counters();
        st.put("rx-3.dropped_at_stop", 13L);
        st.put("rx-3.errors", 1L);
        st.put("rx-3.oversize", 3L);
        st.put("rx-3.multi_buffer_drops", 5L);
        final Map<String, Long> drops = new LinkedHashMap<>();
        XdpsockRun.putVsiDrops(st, 3, drops);
        assertEquals(Map.of("rx_discards", 37L, "driver_dropped_at_stop", 13L, "driver_rx_errors", 1L,
            "driver_oversize", 3L, "driver_multi_buffer", 5L), drops);
    }
}
