package io.xdpj.i40e.hw.reg;

import static io.xdpj.i40e.hw.reg.RegisterIndex.indexed;

/**
 * Statistics counters (facts 8): GLPRT_* per port (index = PFGEN_PORTNUM, 0..3) and GLV_* per VSI (index = VSI
 * stat_counter_idx, 0..383). Stride 8 per index. 48-bit counters have L (bits 31:0) at the offset and H (bits 47:32 in
 * H[15:0]) at offset + 4; drivers read them with one 64-bit access at L. All reset domain CORER.
 */
public final class StatisticsRegisters {

    private StatisticsRegisters() {
    }

    /** Largest GLPRT_* port index (facts 8). */
    public static final int PORT_MAX_INDEX = 3;
    /** Largest GLV_* VSI statistics index (facts 8). */
    public static final int VSI_STAT_MAX_INDEX = 383;
    /** Stride per index (facts 8). */
    public static final int STRIDE = 8;
    /** Mask of a 48-bit counter (facts 8). */
    public static final long COUNTER48_MASK = (1L << 48) - 1;
    /** Lowest offset of the statistics block (GLPRT_GORC(0), facts 8). */
    public static final int STATISTICS_BLOCK_START = 0x00300000;
    /** Halt statistics cells (facts 8). */
    public static final int GLGEN_STAT_HALT = 0x00390000;
    /** Clear statistics, bit 0; also Linux's BAR-size bound (facts 1.3, 8). */
    public static final int GLGEN_STAT_CLEAR = 0x00390004;

    private static int port(String name, int base, int i) {
        return indexed(name, base, STRIDE, i, PORT_MAX_INDEX);
    }

    private static int vsi(String name, int base, int i) {
        return indexed(name, base, STRIDE, i, VSI_STAT_MAX_INDEX);
    }

    /** Good octets received, 48-bit (facts 8). */
    public static int GLPRT_GORCL(int i) {
        return port("GLPRT_GORCL", 0x00300000, i);
    }

    /** Unicast packets received, 48-bit (facts 8). */
    public static int GLPRT_UPRCL(int i) {
        return port("GLPRT_UPRCL", 0x003005A0, i);
    }

    /** Multicast packets received, 48-bit (facts 8). */
    public static int GLPRT_MPRCL(int i) {
        return port("GLPRT_MPRCL", 0x003005C0, i);
    }

    /** Broadcast packets received, 48-bit (facts 8). */
    public static int GLPRT_BPRCL(int i) {
        return port("GLPRT_BPRCL", 0x003005E0, i);
    }

    /** Good octets transmitted, 48-bit (facts 8). */
    public static int GLPRT_GOTCL(int i) {
        return port("GLPRT_GOTCL", 0x00300680, i);
    }

    /** Unicast packets transmitted, 48-bit (facts 8). */
    public static int GLPRT_UPTCL(int i) {
        return port("GLPRT_UPTCL", 0x003009C0, i);
    }

    /** Multicast packets transmitted, 48-bit (facts 8). */
    public static int GLPRT_MPTCL(int i) {
        return port("GLPRT_MPTCL", 0x003009E0, i);
    }

    /** Broadcast packets transmitted, 48-bit (facts 8). */
    public static int GLPRT_BPTCL(int i) {
        return port("GLPRT_BPTCL", 0x00300A00, i);
    }

    /** Rx size bucket 64, 48-bit (facts 8). */
    public static int GLPRT_PRC64L(int i) {
        return port("GLPRT_PRC64L", 0x00300480, i);
    }

    /** Rx size bucket 65-127, 48-bit (facts 8). */
    public static int GLPRT_PRC127L(int i) {
        return port("GLPRT_PRC127L", 0x003004A0, i);
    }

    /** Rx size bucket 128-255, 48-bit (facts 8). */
    public static int GLPRT_PRC255L(int i) {
        return port("GLPRT_PRC255L", 0x003004C0, i);
    }

    /** Rx size bucket 256-511, 48-bit (facts 8). */
    public static int GLPRT_PRC511L(int i) {
        return port("GLPRT_PRC511L", 0x003004E0, i);
    }

    /** Rx size bucket 512-1023, 48-bit (facts 8). */
    public static int GLPRT_PRC1023L(int i) {
        return port("GLPRT_PRC1023L", 0x00300500, i);
    }

    /** Rx size bucket 1024-1522, 48-bit (facts 8). */
    public static int GLPRT_PRC1522L(int i) {
        return port("GLPRT_PRC1522L", 0x00300520, i);
    }

    /** Rx size bucket 1523-9522, 48-bit (facts 8). */
    public static int GLPRT_PRC9522L(int i) {
        return port("GLPRT_PRC9522L", 0x00300540, i);
    }

    /** Tx size bucket 64, 48-bit (facts 8). */
    public static int GLPRT_PTC64L(int i) {
        return port("GLPRT_PTC64L", 0x003006A0, i);
    }

    /** Tx size bucket 65-127, 48-bit (facts 8). */
    public static int GLPRT_PTC127L(int i) {
        return port("GLPRT_PTC127L", 0x003006C0, i);
    }

    /** Tx size bucket 128-255, 48-bit (facts 8). */
    public static int GLPRT_PTC255L(int i) {
        return port("GLPRT_PTC255L", 0x003006E0, i);
    }

    /** Tx size bucket 256-511, 48-bit (facts 8). */
    public static int GLPRT_PTC511L(int i) {
        return port("GLPRT_PTC511L", 0x00300700, i);
    }

    /** Tx size bucket 512-1023, 48-bit (facts 8). */
    public static int GLPRT_PTC1023L(int i) {
        return port("GLPRT_PTC1023L", 0x00300720, i);
    }

    /** Tx size bucket 1024-1522, 48-bit (facts 8). */
    public static int GLPRT_PTC1522L(int i) {
        return port("GLPRT_PTC1522L", 0x00300740, i);
    }

    /** Tx size bucket 1523-9522, 48-bit (facts 8). */
    public static int GLPRT_PTC9522L(int i) {
        return port("GLPRT_PTC9522L", 0x00300760, i);
    }

    /** Rx discards (port), 32-bit (facts 8). */
    public static int GLPRT_RDPC(int i) {
        return port("GLPRT_RDPC", 0x00300600, i);
    }

    /** Tx dropped while link down, 32-bit (facts 8). */
    public static int GLPRT_TDOLD(int i) {
        return port("GLPRT_TDOLD", 0x00300A20, i);
    }

    /** CRC errors, 32-bit (facts 8). */
    public static int GLPRT_CRCERRS(int i) {
        return port("GLPRT_CRCERRS", 0x00300080, i);
    }

    /** Illegal bytes, 32-bit (facts 8). */
    public static int GLPRT_ILLERRC(int i) {
        return port("GLPRT_ILLERRC", 0x003000E0, i);
    }

    /** MAC local faults, 32-bit (facts 8). */
    public static int GLPRT_MLFC(int i) {
        return port("GLPRT_MLFC", 0x00300020, i);
    }

    /** MAC remote faults, 32-bit (facts 8). */
    public static int GLPRT_MRFC(int i) {
        return port("GLPRT_MRFC", 0x00300040, i);
    }

    /** Length errors, 32-bit (facts 8). */
    public static int GLPRT_RLEC(int i) {
        return port("GLPRT_RLEC", 0x003000A0, i);
    }

    /** Undersize, 32-bit (facts 8). */
    public static int GLPRT_RUC(int i) {
        return port("GLPRT_RUC", 0x00300100, i);
    }

    /** Fragments, 32-bit (facts 8). */
    public static int GLPRT_RFC(int i) {
        return port("GLPRT_RFC", 0x00300560, i);
    }

    /** Oversize, 32-bit (facts 8). */
    public static int GLPRT_ROC(int i) {
        return port("GLPRT_ROC", 0x00300120, i);
    }

    /** Jabber, 32-bit (facts 8). */
    public static int GLPRT_RJC(int i) {
        return port("GLPRT_RJC", 0x00300580, i);
    }

    /** Unknown protocol, 32-bit (facts 8). */
    public static int GLPRT_RUPP(int i) {
        return port("GLPRT_RUPP", 0x00300660, i);
    }

    /** Link XON received, 32-bit (facts 8). */
    public static int GLPRT_LXONRXC(int i) {
        return port("GLPRT_LXONRXC", 0x00300140, i);
    }

    /** Link XOFF received, 32-bit (facts 8). */
    public static int GLPRT_LXOFFRXC(int i) {
        return port("GLPRT_LXOFFRXC", 0x00300160, i);
    }

    /** Link XON transmitted, 32-bit (facts 8). */
    public static int GLPRT_LXONTXC(int i) {
        return port("GLPRT_LXONTXC", 0x00300980, i);
    }

    /** Link XOFF transmitted, 32-bit (facts 8). */
    public static int GLPRT_LXOFFTXC(int i) {
        return port("GLPRT_LXOFFTXC", 0x003009A0, i);
    }

    /** VSI rx_bytes, 48-bit (facts 8). */
    public static int GLV_GORCL(int i) {
        return vsi("GLV_GORCL", 0x00358000, i);
    }

    /** VSI rx_unicast, 48-bit (facts 8). */
    public static int GLV_UPRCL(int i) {
        return vsi("GLV_UPRCL", 0x0036C000, i);
    }

    /** VSI rx_multicast, 48-bit (facts 8). */
    public static int GLV_MPRCL(int i) {
        return vsi("GLV_MPRCL", 0x0036CC00, i);
    }

    /** VSI rx_broadcast, 48-bit (facts 8). */
    public static int GLV_BPRCL(int i) {
        return vsi("GLV_BPRCL", 0x0036D800, i);
    }

    /** VSI tx_bytes, 48-bit (facts 8). */
    public static int GLV_GOTCL(int i) {
        return vsi("GLV_GOTCL", 0x00328000, i);
    }

    /** VSI tx_unicast, 48-bit (facts 8). */
    public static int GLV_UPTCL(int i) {
        return vsi("GLV_UPTCL", 0x0033C000, i);
    }

    /** VSI tx_multicast, 48-bit (facts 8). */
    public static int GLV_MPTCL(int i) {
        return vsi("GLV_MPTCL", 0x0033CC00, i);
    }

    /** VSI tx_broadcast, 48-bit (facts 8). */
    public static int GLV_BPTCL(int i) {
        return vsi("GLV_BPTCL", 0x0033D800, i);
    }

    /** VSI rx_discards, 32-bit (facts 8). */
    public static int GLV_RDPC(int i) {
        return vsi("GLV_RDPC", 0x00310000, i);
    }

    /** VSI rx unknown protocol, 32-bit (facts 8). */
    public static int GLV_RUPP(int i) {
        return vsi("GLV_RUPP", 0x0036E400, i);
    }

    /** VSI tx_errors, 32-bit (facts 8). */
    public static int GLV_TEPC(int i) {
        return vsi("GLV_TEPC", 0x00344000, i);
    }

    /** Whether {@code offset} lies in the statistics block (GLPRT_GORC(0) .. GLGEN_STAT_CLEAR, facts 8). */
    public static boolean isStatisticsOffset(int offset) {
        return offset >= STATISTICS_BLOCK_START && offset <= GLGEN_STAT_CLEAR;
    }
}
