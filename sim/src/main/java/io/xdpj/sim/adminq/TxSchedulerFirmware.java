package io.xdpj.sim.adminq;

import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;
import io.xdpj.i40e.hw.aq.AqVsi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The Tx scheduler commands a Linux PF probe issues for its main VSI (facts 10.1 step 20: "bandwidth: 0x0407
 * configure_vsi_tc_bw, 0x0408 query_vsi_bw_config, 0x040A query_vsi_ets_sla_config"; Linux also resets the VSI's rate
 * limit with 0x0400 first). Layouts from D-base/O i40e_adminq_cmd.h (the facts list the opcodes, not the structures):
 * <ul>
 *   <li>Descriptor params of all four ({@code i40e_aqc_tx_sched_ind} / {@code i40e_aqc_configure_vsi_bw_limit}):
 *       vsi_seid u16 @0; 0x0400 is direct with credit u16 @4 and max_credit u8 @8 (0 = no limit, 2^max).</li>
 *   <li>0x0407 buffer (32 bytes, RD): tc_valid_bits u8 @0, tc_bw_credits[8] u8 @4, and qs_handles[8] u16 @16, which
 *       firmware writes back (Linux copies them into the VSI's qs_handle, the Tx queue context rdylist).</li>
 *   <li>0x0408 response (64 bytes): tc_valid_bits @0, tc_suspended_bits @1, qs_handles[8] u16 @16, port_bw_limit u16
 *       @36, max_bw u8 @40.</li>
 *   <li>0x040A response (32 bytes): tc_valid_bits @0, share_credits[8] @4, credits[8] u16 @12, tc_bw_max[2] u16 @28.</li>
 * </ul>
 * Port Tx suspend 0x041B / resume 0x041C (direct) bracket a DCB reconfiguration; Linux's software-DCB set-up sends
 * resume even when its DCB configuration failed, and schedules a PF reset when resume fails (O/L i40e_main.c
 * {@code i40e_resume_port_tx}; seen in sim/bed/run as a PF reset right after probe while the model answered ESRCH).
 * <p>The model schedules nothing (the wire takes frames as they come); it keeps what the driver configured and reports it
 * back. Model choices: after reset TC0 alone is enabled with share credit 1 and no limit; only TC0 has a queue set
 * (its qs_handle is the main VSI's); a TC other than 0 gets the invalid handle 0xFFFF; a SEID naming no VSI gives
 * ENOENT and a short buffer EINVAL, as in {@link SwitchFirmware}.
 */
final class TxSchedulerFirmware {

    /** Configure VSI bandwidth limit (direct). */
    static final int CONFIGURE_VSI_BW_LIMIT = 0x0400;
    /** Configure VSI bandwidth allocation per traffic class (indirect, RD). */
    static final int CONFIGURE_VSI_TC_BW = 0x0407;
    /** Query VSI bandwidth configuration (indirect). */
    static final int QUERY_VSI_BW_CONFIG = 0x0408;
    /** Query VSI bandwidth allocation per traffic class (indirect). */
    static final int QUERY_VSI_ETS_SLA_CONFIG = 0x040A;
    /** Suspend port Tx (direct; {@code i40e_aqc_opc_suspend_port_tx}, D-base/O i40e_adminq_cmd.h). */
    static final int SUSPEND_PORT_TX = 0x041B;
    /** Resume port Tx (direct, no parameters; {@code i40e_aqc_opc_resume_port_tx}). */
    static final int RESUME_PORT_TX = 0x041C;

    static final int PARAM_SEID = 0;
    static final int PARAM_CREDIT = 4;
    static final int PARAM_MAX_CREDIT = 8;
    static final int TC_BW_TC_VALID = 0;
    static final int TC_BW_CREDITS = 4;
    static final int TC_BW_QS_HANDLES = 16;
    static final int TC_BW_SIZE = 32;
    static final int BW_CONFIG_QS_HANDLES = 16;
    static final int BW_CONFIG_PORT_BW_LIMIT = 36;
    static final int BW_CONFIG_MAX_BW = 40;
    static final int BW_CONFIG_SIZE = 64;
    static final int ETS_SHARE_CREDITS = 4;
    static final int ETS_CREDITS = 12;
    static final int ETS_TC_BW_MAX = 28;
    static final int ETS_SIZE = 32;
    private static final int TCS = 8;

    /** What the driver configured for one VSI. */
    private static final class Bandwidth {
        int enabledTcs = 1;
        final int[] shareCredits = {1, 0, 0, 0, 0, 0, 0, 0};
        int credit;
        int maxCredit;
    }

    private final SwitchFirmware switchFirmware;
    private final Map<Integer, Bandwidth> bandwidth = new HashMap<>();

    TxSchedulerFirmware(SwitchFirmware switchFirmware) {
        this.switchFirmware = switchFirmware;
    }

    static boolean handles(int opcode) {
        return opcode == CONFIGURE_VSI_BW_LIMIT || opcode == CONFIGURE_VSI_TC_BW || opcode == QUERY_VSI_BW_CONFIG
            || opcode == QUERY_VSI_ETS_SLA_CONFIG || opcode == SUSPEND_PORT_TX || opcode == RESUME_PORT_TX;
    }

    private boolean portTxSuspended;

    /** After a PF or core reset: every VSI back to TC0 only, no limits, port Tx running. */
    void resetPfState() {
        bandwidth.clear();
        portTxSuspended = false;
    }

    /** Whether the port's Tx is suspended (0x041B without a 0x041C since). The model's data plane ignores it. */
    boolean portTxSuspended() {
        return portTxSuspended;
    }

    int execute(AqCommand c) {
        if (c.opcode() == SUSPEND_PORT_TX || c.opcode() == RESUME_PORT_TX) {
            portTxSuspended = c.opcode() == SUSPEND_PORT_TX;
            return AdminQueueReturnCode.OK;
        }
        final Vsi vsi = switchFirmware.vsi(c.param16(PARAM_SEID));
        if (vsi == null) {
            return AdminQueueReturnCode.ENOENT;
        }
        final Bandwidth bw = bandwidth.computeIfAbsent(vsi.seid, s -> new Bandwidth());
        switch (c.opcode()) {
            case CONFIGURE_VSI_BW_LIMIT:
                bw.credit = c.param16(PARAM_CREDIT);
                bw.maxCredit = c.param8(PARAM_MAX_CREDIT);
                return AdminQueueReturnCode.OK;
            case CONFIGURE_VSI_TC_BW:
                return configureTcBandwidth(c, vsi, bw);
            case QUERY_VSI_BW_CONFIG:
                return queryBandwidth(c, vsi, bw);
            default:
                return queryEtsSla(c, bw);
        }
    }

    private static int configureTcBandwidth(AqCommand c, Vsi vsi, Bandwidth bw) {
        if (!c.bufferRead() || c.datalen() < TC_BW_SIZE) {
            return AdminQueueReturnCode.EINVAL;
        }
        final UnsafeBuffer b = c.buffer();
        bw.enabledTcs = b.getByte(TC_BW_TC_VALID) & 0xFF;
        for (int tc = 0; tc < TCS; tc++) {
            bw.shareCredits[tc] = (bw.enabledTcs & 1 << tc) != 0 ? b.getByte(TC_BW_CREDITS + tc) & 0xFF : 0;
        }
        putQsHandles(b, TC_BW_QS_HANDLES, vsi, bw);
        c.respond(TC_BW_SIZE);
        return AdminQueueReturnCode.OK;
    }

    private static int queryBandwidth(AqCommand c, Vsi vsi, Bandwidth bw) {
        if (!c.hasBuffer() || c.datalen() < BW_CONFIG_SIZE) {
            return AdminQueueReturnCode.EINVAL;
        }
        final UnsafeBuffer b = c.buffer();
        b.setMemory(0, BW_CONFIG_SIZE, (byte) 0);
        b.putByte(TC_BW_TC_VALID, (byte) bw.enabledTcs);
        putQsHandles(b, BW_CONFIG_QS_HANDLES, vsi, bw);
        b.putShort(BW_CONFIG_PORT_BW_LIMIT, (short) bw.credit, ByteOrder.LITTLE_ENDIAN);
        b.putByte(BW_CONFIG_MAX_BW, (byte) bw.maxCredit);
        c.respond(BW_CONFIG_SIZE);
        return AdminQueueReturnCode.OK;
    }

    private static int queryEtsSla(AqCommand c, Bandwidth bw) {
        if (!c.hasBuffer() || c.datalen() < ETS_SIZE) {
            return AdminQueueReturnCode.EINVAL;
        }
        final UnsafeBuffer b = c.buffer();
        b.setMemory(0, ETS_SIZE, (byte) 0);
        b.putByte(TC_BW_TC_VALID, (byte) bw.enabledTcs);
        for (int tc = 0; tc < TCS; tc++) {
            b.putByte(ETS_SHARE_CREDITS + tc, (byte) bw.shareCredits[tc]);
        }
        c.respond(ETS_SIZE);
        return AdminQueueReturnCode.OK;
    }

    private static void putQsHandles(UnsafeBuffer b, int at, Vsi vsi, Bandwidth bw) {
        for (int tc = 0; tc < TCS; tc++) {
            final int handle = tc == 0 && (bw.enabledTcs & 1) != 0 ? vsi.qsHandle(0) : AqVsi.QS_HANDLE_INVALID;
            b.putShort(at + 2 * tc, (short) handle, ByteOrder.LITTLE_ENDIAN);
        }
    }
}
