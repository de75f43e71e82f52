package io.xdpj.i40e.hw.hmc;

import static io.xdpj.i40e.hw.hmc.ContextPacking.get;
import static io.xdpj.i40e.hw.hmc.ContextPacking.put;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A decoded LAN Tx queue context ({@code struct i40e_hmc_obj_txq}, facts 5.7): one public field per hardware field,
 * in hardware units (base in 128-byte units; head_wb_addr in bytes). Single-bit fields hold 0 or 1.
 *
 * <p>Mutable and reusable: the driver fills one and {@link #pack}s it into HMC memory; the device model
 * {@link #unpack}s the image it reads by DMA when the queue is enabled (facts 5.4, 6.2).
 */
public final class TxQueueContext {

    /** Size of the Tx context object in bytes ({@code I40E_HMC_OBJ_SIZE_TXQ}, facts 5.2). */
    public static final int OBJECT_SIZE = 128;
    /** Unit of {@link #base} in bytes ({@code I40E_QUEUE_BASE_ADDR_UNIT}, facts 5.7). */
    public static final int BASE_UNIT = 128;

    public int head;
    public int newContext;
    /** Ring IOVA / 128. */
    public long base;
    public int fcEna;
    public int timesyncEna;
    public int fdEna;
    public int altVlanEna;
    public int cpuid;
    public int theadWb;
    public int headWbEna;
    public int qlen;
    public int tphrdescEna;
    public int tphrpacketEna;
    public int tphwdescEna;
    /** IOVA the head is written back to (bytes). */
    public long headWbAddr;
    public int crc;
    /** Tx queue-set handle (VSI qs_handle[tc], facts 4.10). */
    public int rdylist;
    public int rdylistAct;

    /**
     * Writes the whole {@link #OBJECT_SIZE}-byte image at {@code offset}: zeroes it first (facts 5.4), then places
     * every field (facts 5.5).
     */
    public void pack(MutableDirectBuffer buffer, int offset) {
        buffer.setMemory(offset, OBJECT_SIZE, (byte) 0);
        put(buffer, offset, TxContextField.HEAD, head);
        put(buffer, offset, TxContextField.NEW_CONTEXT, newContext);
        put(buffer, offset, TxContextField.BASE, base);
        put(buffer, offset, TxContextField.FC_ENA, fcEna);
        put(buffer, offset, TxContextField.TIMESYNC_ENA, timesyncEna);
        put(buffer, offset, TxContextField.FD_ENA, fdEna);
        put(buffer, offset, TxContextField.ALT_VLAN_ENA, altVlanEna);
        put(buffer, offset, TxContextField.CPUID, cpuid);
        put(buffer, offset, TxContextField.THEAD_WB, theadWb);
        put(buffer, offset, TxContextField.HEAD_WB_ENA, headWbEna);
        put(buffer, offset, TxContextField.QLEN, qlen);
        put(buffer, offset, TxContextField.TPHRDESC_ENA, tphrdescEna);
        put(buffer, offset, TxContextField.TPHRPACKET_ENA, tphrpacketEna);
        put(buffer, offset, TxContextField.TPHWDESC_ENA, tphwdescEna);
        put(buffer, offset, TxContextField.HEAD_WB_ADDR, headWbAddr);
        put(buffer, offset, TxContextField.CRC, crc);
        put(buffer, offset, TxContextField.RDYLIST, rdylist);
        put(buffer, offset, TxContextField.RDYLIST_ACT, rdylistAct);
    }

    /** Reads every field from the image at {@code offset} (the inverse of {@link #pack}). Returns this. */
    public TxQueueContext unpack(DirectBuffer buffer, int offset) {
        head = (int) get(buffer, offset, TxContextField.HEAD);
        newContext = (int) get(buffer, offset, TxContextField.NEW_CONTEXT);
        base = get(buffer, offset, TxContextField.BASE);
        fcEna = (int) get(buffer, offset, TxContextField.FC_ENA);
        timesyncEna = (int) get(buffer, offset, TxContextField.TIMESYNC_ENA);
        fdEna = (int) get(buffer, offset, TxContextField.FD_ENA);
        altVlanEna = (int) get(buffer, offset, TxContextField.ALT_VLAN_ENA);
        cpuid = (int) get(buffer, offset, TxContextField.CPUID);
        theadWb = (int) get(buffer, offset, TxContextField.THEAD_WB);
        headWbEna = (int) get(buffer, offset, TxContextField.HEAD_WB_ENA);
        qlen = (int) get(buffer, offset, TxContextField.QLEN);
        tphrdescEna = (int) get(buffer, offset, TxContextField.TPHRDESC_ENA);
        tphrpacketEna = (int) get(buffer, offset, TxContextField.TPHRPACKET_ENA);
        tphwdescEna = (int) get(buffer, offset, TxContextField.TPHWDESC_ENA);
        headWbAddr = get(buffer, offset, TxContextField.HEAD_WB_ADDR);
        crc = (int) get(buffer, offset, TxContextField.CRC);
        rdylist = (int) get(buffer, offset, TxContextField.RDYLIST);
        rdylistAct = (int) get(buffer, offset, TxContextField.RDYLIST_ACT);
        return this;
    }

    /** Sets every field to 0. Returns this. */
    public TxQueueContext clear() {
        head = newContext = fcEna = timesyncEna = fdEna = altVlanEna = cpuid = theadWb = headWbEna = qlen = 0;
        tphrdescEna = tphrpacketEna = tphwdescEna = crc = rdylist = rdylistAct = 0;
        base = 0;
        headWbAddr = 0;
        return this;
    }

    /** Ring IOVA in bytes: {@code base × 128} (facts 5.7). */
    public long ringIova() {
        return base * BASE_UNIT;
    }

    /** Number of descriptors in the ring ({@code qlen}). */
    public int queueLength() {
        return qlen;
    }

    /** Whether the device writes its head index to {@link #headWritebackIova()} (facts 5.7, 7.5). */
    public boolean headWritebackEnabled() {
        return headWbEna != 0;
    }

    /** IOVA of the head write-back u32 ({@code head_wb_addr}, facts 5.7). */
    public long headWritebackIova() {
        return headWbAddr;
    }

    @Override
    public String toString() {
        return "TxQueueContext{head=" + head + ", new_context=" + newContext + ", base=0x" + Long.toHexString(base)
            + " (ring 0x" + Long.toHexString(ringIova()) + "), qlen=" + qlen + ", head_wb_ena=" + headWbEna
            + ", head_wb_addr=0x" + Long.toHexString(headWbAddr) + ", rdylist=" + rdylist + ", rdylist_act="
            + rdylistAct + ", fc_ena=" + fcEna + ", timesync_ena=" + timesyncEna + ", fd_ena=" + fdEna
            + ", alt_vlan_ena=" + altVlanEna + ", cpuid=" + cpuid + ", thead_wb=" + theadWb + ", tph="
            + tphrdescEna + tphrpacketEna + tphwdescEna + ", crc=0x" + Integer.toHexString(crc) + '}';
    }
}
