package io.xdpj.i40e.hw.hmc;

import static io.xdpj.i40e.hw.hmc.ContextPacking.get;
import static io.xdpj.i40e.hw.hmc.ContextPacking.put;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A decoded LAN Rx queue context ({@code struct i40e_hmc_obj_rxq}, facts 5.6): one public field per hardware field,
 * in hardware units (base in 128-byte units, dbuff in 128-byte units, hbuff in 64-byte units, rxmax in bytes).
 * Single-bit fields hold 0 or 1. The helpers convert to bytes and booleans.
 *
 * <p>Mutable and reusable: the driver fills one and {@link #pack}s it into HMC memory; the device model
 * {@link #unpack}s the image it reads by DMA when the queue is enabled (facts 5.4, 6.3).
 */
public final class RxQueueContext {

    /** Size of the Rx context object in bytes ({@code I40E_HMC_OBJ_SIZE_RXQ}, facts 5.2). */
    public static final int OBJECT_SIZE = 32;
    /** Unit of {@link #base} in bytes ({@code I40E_QUEUE_BASE_ADDR_UNIT}, facts 5.6). */
    public static final int BASE_UNIT = 128;
    /** Unit of {@link #dbuff} in bytes ({@code I40E_RXQ_CTX_DBUFF_SHIFT} = 7, facts 5.6). */
    public static final int DBUFF_UNIT = 1 << 7;
    /** Unit of {@link #hbuff} in bytes ({@code I40E_RXQ_CTX_HBUFF_SHIFT} = 6, facts 5.6). */
    public static final int HBUFF_UNIT = 1 << 6;

    public int head;
    public int cpuid;
    /** Ring IOVA / 128. */
    public long base;
    public int qlen;
    /** Data buffer size / 128. */
    public int dbuff;
    /** Header buffer size / 64. */
    public int hbuff;
    public int dtype;
    /** 0 = 16-byte, 1 = 32-byte descriptors. */
    public int dsize;
    public int crcstrip;
    public int fcEna;
    public int l2tsel;
    public int hsplit0;
    public int hsplit1;
    public int showiv;
    /** Max frame size in bytes. */
    public int rxmax;
    public int tphrdescEna;
    public int tphwdescEna;
    public int tphdataEna;
    public int tphheadEna;
    public int lrxqthresh;
    public int prefena;

    /**
     * Writes the whole {@link #OBJECT_SIZE}-byte image at {@code offset}: zeroes it first (as the drivers'
     * {@code i40e_clear_hmc_context} does, facts 5.4), then places every field (facts 5.5).
     */
    public void pack(MutableDirectBuffer buffer, int offset) {
        buffer.setMemory(offset, OBJECT_SIZE, (byte) 0);
        put(buffer, offset, RxContextField.HEAD, head);
        put(buffer, offset, RxContextField.CPUID, cpuid);
        put(buffer, offset, RxContextField.BASE, base);
        put(buffer, offset, RxContextField.QLEN, qlen);
        put(buffer, offset, RxContextField.DBUFF, dbuff);
        put(buffer, offset, RxContextField.HBUFF, hbuff);
        put(buffer, offset, RxContextField.DTYPE, dtype);
        put(buffer, offset, RxContextField.DSIZE, dsize);
        put(buffer, offset, RxContextField.CRCSTRIP, crcstrip);
        put(buffer, offset, RxContextField.FC_ENA, fcEna);
        put(buffer, offset, RxContextField.L2TSEL, l2tsel);
        put(buffer, offset, RxContextField.HSPLIT_0, hsplit0);
        put(buffer, offset, RxContextField.HSPLIT_1, hsplit1);
        put(buffer, offset, RxContextField.SHOWIV, showiv);
        put(buffer, offset, RxContextField.RXMAX, rxmax);
        put(buffer, offset, RxContextField.TPHRDESC_ENA, tphrdescEna);
        put(buffer, offset, RxContextField.TPHWDESC_ENA, tphwdescEna);
        put(buffer, offset, RxContextField.TPHDATA_ENA, tphdataEna);
        put(buffer, offset, RxContextField.TPHHEAD_ENA, tphheadEna);
        put(buffer, offset, RxContextField.LRXQTHRESH, lrxqthresh);
        put(buffer, offset, RxContextField.PREFENA, prefena);
    }

    /** Reads every field from the image at {@code offset} (the inverse of {@link #pack}). Returns this. */
    public RxQueueContext unpack(DirectBuffer buffer, int offset) {
        head = (int) get(buffer, offset, RxContextField.HEAD);
        cpuid = (int) get(buffer, offset, RxContextField.CPUID);
        base = get(buffer, offset, RxContextField.BASE);
        qlen = (int) get(buffer, offset, RxContextField.QLEN);
        dbuff = (int) get(buffer, offset, RxContextField.DBUFF);
        hbuff = (int) get(buffer, offset, RxContextField.HBUFF);
        dtype = (int) get(buffer, offset, RxContextField.DTYPE);
        dsize = (int) get(buffer, offset, RxContextField.DSIZE);
        crcstrip = (int) get(buffer, offset, RxContextField.CRCSTRIP);
        fcEna = (int) get(buffer, offset, RxContextField.FC_ENA);
        l2tsel = (int) get(buffer, offset, RxContextField.L2TSEL);
        hsplit0 = (int) get(buffer, offset, RxContextField.HSPLIT_0);
        hsplit1 = (int) get(buffer, offset, RxContextField.HSPLIT_1);
        showiv = (int) get(buffer, offset, RxContextField.SHOWIV);
        rxmax = (int) get(buffer, offset, RxContextField.RXMAX);
        tphrdescEna = (int) get(buffer, offset, RxContextField.TPHRDESC_ENA);
        tphwdescEna = (int) get(buffer, offset, RxContextField.TPHWDESC_ENA);
        tphdataEna = (int) get(buffer, offset, RxContextField.TPHDATA_ENA);
        tphheadEna = (int) get(buffer, offset, RxContextField.TPHHEAD_ENA);
        lrxqthresh = (int) get(buffer, offset, RxContextField.LRXQTHRESH);
        prefena = (int) get(buffer, offset, RxContextField.PREFENA);
        return this;
    }

    /** Sets every field to 0. Returns this. */
    public RxQueueContext clear() {
        head = cpuid = qlen = dbuff = hbuff = dtype = dsize = crcstrip = fcEna = l2tsel = 0;
        hsplit0 = hsplit1 = showiv = rxmax = tphrdescEna = tphwdescEna = tphdataEna = tphheadEna = 0;
        lrxqthresh = prefena = 0;
        base = 0;
        return this;
    }

    /** Ring IOVA in bytes: {@code base × 128} (facts 5.6). */
    public long ringIova() {
        return base * BASE_UNIT;
    }

    /** Number of descriptors in the ring ({@code qlen}). */
    public int queueLength() {
        return qlen;
    }

    /** Data buffer size in bytes: {@code dbuff × 128} (facts 5.6). */
    public int dataBufferBytes() {
        return dbuff * DBUFF_UNIT;
    }

    /** Header buffer size in bytes: {@code hbuff × 64} (facts 5.6). */
    public int headerBufferBytes() {
        return hbuff * HBUFF_UNIT;
    }

    /** Rx descriptor size in bytes: 16 when dsize = 0, 32 when dsize = 1 (facts 5.6). */
    public int descriptorBytes() {
        return dsize == 0 ? 16 : 32;
    }

    /** Whether the Ethernet CRC is stripped (facts 5.6). */
    public boolean crcStrip() {
        return crcstrip != 0;
    }

    /** Largest frame accepted, in bytes ({@code rxmax}, facts 5.6). */
    public int maxFrameBytes() {
        return rxmax;
    }

    @Override
    public String toString() {
        return "RxQueueContext{head=" + head + ", base=0x" + Long.toHexString(base) + " (ring 0x"
            + Long.toHexString(ringIova()) + "), qlen=" + qlen + ", dbuff=" + dbuff + ", hbuff=" + hbuff
            + ", dtype=" + dtype + ", dsize=" + dsize + ", crcstrip=" + crcstrip + ", fc_ena=" + fcEna
            + ", l2tsel=" + l2tsel + ", hsplit_0=" + hsplit0 + ", hsplit_1=" + hsplit1 + ", showiv=" + showiv
            + ", rxmax=" + rxmax + ", tph=" + tphrdescEna + tphwdescEna + tphdataEna + tphheadEna
            + ", lrxqthresh=" + lrxqthresh + ", prefena=" + prefena + ", cpuid=" + cpuid + '}';
    }
}
