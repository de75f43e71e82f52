package io.xdpj.sim.lan;

import static io.xdpj.i40e.hw.reg.StatisticsRegisters.*;

import org.agrona.collections.Int2IntHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The port's and its VSI's statistics counters (facts 8): incremented by the LAN engine, read through BAR0.
 *
 * <p>Counters are free-running: a read never clears them, as both drivers assume (facts 8; whether hardware clears
 * on read is UNVERIFIED there). 48-bit counters wrap at 2^48 and read as L (bits 31:0) at X and H (bits 47:32) at
 * X + 4, or as one 64-bit read at X; 32-bit counters wrap at 2^32. Octet counters include the 4-byte FCS the real
 * MAC receives and sends (model decision: Ethernet counts octets from destination MAC to FCS), as do the size
 * buckets (PRC64 = frames of exactly 64 bytes with FCS, a 60-byte frame on this model's wire).
 *
 * <p>Only one port index ({@link #port()}) and one VSI statistics index ({@link #vsiIndex()}, the VSI's
 * stat_counter_idx, facts 4.10) carry counts; every other offset in the statistics block reads 0.
 *
 * <h2>Threads and memory ordering</h2>
 * One writer, the model's agent thread: each increment is a plain load and a release store of that counter.
 * Readers on any thread use acquire loads, so a reader sees each counter's latest published value (never a torn
 * one). Counters are independent: a reader may see GLPRT_UPRC already incremented and GLPRT_GORC not yet.
 */
public final class PortStatistics {

    // ---- counter ids (index into the value table) ----
    public static final int GORC = 0;
    public static final int UPRC = 1;
    public static final int MPRC = 2;
    public static final int BPRC = 3;
    public static final int GOTC = 4;
    public static final int UPTC = 5;
    public static final int MPTC = 6;
    public static final int BPTC = 7;
    /** First Rx size bucket; PRC64 + k for k = 0..6 is PRC64/127/255/511/1023/1522/9522. */
    public static final int PRC64 = 8;
    /** First Tx size bucket; PTC64 + k for k = 0..6 is PTC64/127/255/511/1023/1522/9522. */
    public static final int PTC64 = 15;
    public static final int RDPC = 22;
    public static final int TDOLD = 23;
    public static final int CRCERRS = 24;
    public static final int ILLERRC = 25;
    public static final int MLFC = 26;
    public static final int MRFC = 27;
    public static final int RLEC = 28;
    public static final int RUC = 29;
    public static final int RFC = 30;
    public static final int ROC = 31;
    public static final int RJC = 32;
    public static final int RUPP = 33;
    public static final int LXONRXC = 34;
    public static final int LXOFFRXC = 35;
    public static final int LXONTXC = 36;
    public static final int LXOFFTXC = 37;
    public static final int V_GORC = 38;
    public static final int V_UPRC = 39;
    public static final int V_MPRC = 40;
    public static final int V_BPRC = 41;
    public static final int V_GOTC = 42;
    public static final int V_UPTC = 43;
    public static final int V_MPTC = 44;
    public static final int V_BPTC = 45;
    public static final int V_RDPC = 46;
    public static final int V_RUPP = 47;
    public static final int V_TEPC = 48;
    static final int COUNT = 49;

    private static final long MASK48 = COUNTER48_MASK;
    private static final long MASK32 = 0xFFFF_FFFFL;

    private final int port;
    private final UnsafeBuffer values = new UnsafeBuffer(new byte[COUNT * Long.BYTES]);
    private final boolean[] wide = new boolean[COUNT];
    private volatile Int2IntHashMap byOffset;
    private volatile int vsiIndex;

    /**
     * @param port     the port index (PFGEN_PORTNUM, 0..3) whose GLPRT_* registers carry these counts
     * @param vsiIndex the VSI's statistics index (0..383) whose GLV_* registers carry the VSI counts
     */
    public PortStatistics(int port, int vsiIndex) {
        if (port < 0 || port > PORT_MAX_INDEX) {
            throw new IllegalArgumentException("port index " + port + " is outside 0.." + PORT_MAX_INDEX);
        }
        this.port = port;
        setVsiIndex(vsiIndex);
    }

    /** The port index whose GLPRT_* registers these are. */
    public int port() {
        return port;
    }

    /** The VSI statistics index whose GLV_* registers these are. */
    public int vsiIndex() {
        return vsiIndex;
    }

    /** Moves the VSI counters to another stat_counter_idx (e.g. after the firmware assigns one). Values are kept. */
    public void setVsiIndex(int index) {
        if (index < 0 || index > VSI_STAT_MAX_INDEX) {
            throw new IllegalArgumentException("VSI statistics index " + index + " is outside 0.."
                + VSI_STAT_MAX_INDEX);
        }
        final Int2IntHashMap map = new Int2IntHashMap(-1);
        final int p = port;
        wide48(map, GORC, GLPRT_GORCL(p));
        wide48(map, UPRC, GLPRT_UPRCL(p));
        wide48(map, MPRC, GLPRT_MPRCL(p));
        wide48(map, BPRC, GLPRT_BPRCL(p));
        wide48(map, GOTC, GLPRT_GOTCL(p));
        wide48(map, UPTC, GLPRT_UPTCL(p));
        wide48(map, MPTC, GLPRT_MPTCL(p));
        wide48(map, BPTC, GLPRT_BPTCL(p));
        final int[] prc = {GLPRT_PRC64L(p), GLPRT_PRC127L(p), GLPRT_PRC255L(p), GLPRT_PRC511L(p),
            GLPRT_PRC1023L(p), GLPRT_PRC1522L(p), GLPRT_PRC9522L(p)};
        final int[] ptc = {GLPRT_PTC64L(p), GLPRT_PTC127L(p), GLPRT_PTC255L(p), GLPRT_PTC511L(p),
            GLPRT_PTC1023L(p), GLPRT_PTC1522L(p), GLPRT_PTC9522L(p)};
        for (int k = 0; k < 7; k++) {
            wide48(map, PRC64 + k, prc[k]);
            wide48(map, PTC64 + k, ptc[k]);
        }
        map.put(GLPRT_RDPC(p), RDPC);
        map.put(GLPRT_TDOLD(p), TDOLD);
        map.put(GLPRT_CRCERRS(p), CRCERRS);
        map.put(GLPRT_ILLERRC(p), ILLERRC);
        map.put(GLPRT_MLFC(p), MLFC);
        map.put(GLPRT_MRFC(p), MRFC);
        map.put(GLPRT_RLEC(p), RLEC);
        map.put(GLPRT_RUC(p), RUC);
        map.put(GLPRT_RFC(p), RFC);
        map.put(GLPRT_ROC(p), ROC);
        map.put(GLPRT_RJC(p), RJC);
        map.put(GLPRT_RUPP(p), RUPP);
        map.put(GLPRT_LXONRXC(p), LXONRXC);
        map.put(GLPRT_LXOFFRXC(p), LXOFFRXC);
        map.put(GLPRT_LXONTXC(p), LXONTXC);
        map.put(GLPRT_LXOFFTXC(p), LXOFFTXC);
        final int v = index;
        wide48(map, V_GORC, GLV_GORCL(v));
        wide48(map, V_UPRC, GLV_UPRCL(v));
        wide48(map, V_MPRC, GLV_MPRCL(v));
        wide48(map, V_BPRC, GLV_BPRCL(v));
        wide48(map, V_GOTC, GLV_GOTCL(v));
        wide48(map, V_UPTC, GLV_UPTCL(v));
        wide48(map, V_MPTC, GLV_MPTCL(v));
        wide48(map, V_BPTC, GLV_BPTCL(v));
        map.put(GLV_RDPC(v), V_RDPC);
        map.put(GLV_RUPP(v), V_RUPP);
        map.put(GLV_TEPC(v), V_TEPC);
        this.vsiIndex = index;
        this.byOffset = map; // publish: the map is never modified after this store
    }

    private void wide48(Int2IntHashMap map, int id, int lowOffset) {
        wide[id] = true;
        map.put(lowOffset, id);
    }

    // ---- register reads (BAR0, any thread) ----

    /**
     * Whether {@code offset} is a statistics counter register (the block GLPRT_GORC(0) up to, not including,
     * GLGEN_STAT_HALT). Offsets of other ports or VSIs are covered too and read 0.
     */
    public boolean covers(int offset) {
        return offset >= STATISTICS_BLOCK_START && offset < GLGEN_STAT_HALT;
    }

    /** A 32-bit register read: the L or H half of a 48-bit counter, or a 32-bit counter; 0 elsewhere. */
    public int read32(int offset) {
        final Int2IntHashMap map = byOffset;
        final int id = map.get(offset);
        if (id >= 0) {
            return (int) value(id);
        }
        final int low = map.get(offset - 4);
        if (low >= 0 && wide[low]) {
            return (int) (value(low) >>> 32); // H: bits 47:32 in H[15:0]
        }
        return 0;
    }

    /** A 64-bit read at {@code offset}: a 48-bit counter in one access (as drivers read them, facts 8). */
    public long read64(int offset) {
        return (read32(offset) & MASK32) | ((long) read32(offset + 4) << 32);
    }

    /** The current value of counter {@code id} (masked to its 48 or 32 bits). */
    public long value(int id) {
        return values.getLongAcquire(id * Long.BYTES) & (wide[id] ? MASK48 : MASK32);
    }

    // ---- increments (agent thread only) ----

    /** Adds {@code n} to counter {@code id} (single writer; release store). */
    void add(int id, long n) {
        final int at = id * Long.BYTES;
        values.putLongRelease(at, values.getLong(at) + n);
    }

    /**
     * Index 0..6 of the size bucket (upper bounds 64, 127, 255, 511, 1023, 1522, 9522 with FCS, as the register
     * names PRC64..PRC9522 say) for a frame of {@code bytesWithFcs}; model: frames over 9522 count in the last.
     */
    static int bucket(int bytesWithFcs) {
        final int b = bytesWithFcs;
        return b <= 64 ? 0 : b <= 127 ? 1 : b <= 255 ? 2 : b <= 511 ? 3 : b <= 1023 ? 4 : b <= 1522 ? 5 : 6;
    }
}
