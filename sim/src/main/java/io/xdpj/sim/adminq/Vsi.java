package io.xdpj.sim.adminq;

import java.nio.ByteOrder;

import io.xdpj.i40e.hw.aq.AqVsi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One VSI as the firmware keeps it: identity (SEID, VSI number, uplink), the 128-byte properties (facts 4.10; bytes
 * 0..95 written by software through add/update, 96..127 by firmware) and the promiscuous flags (facts 4.11).
 */
public final class Vsi {

    final int seid;
    final int vsiNumber;
    final int uplinkSeid;
    final int type;
    final UnsafeBuffer properties = new UnsafeBuffer(new byte[AqVsi.PROPERTIES_SIZE]);
    int promiscuousFlags;

    Vsi(int seid, int vsiNumber, int uplinkSeid, int type, int qsHandle, int statCounterIndex) {
        this.seid = seid;
        this.vsiNumber = vsiNumber;
        this.uplinkSeid = uplinkSeid;
        this.type = type;
        for (int tc = 0; tc < AqVsi.TC_ENTRIES; tc++) {
            put16(AqVsi.QS_HANDLE + 2 * tc, tc == 0 ? qsHandle : AqVsi.QS_HANDLE_INVALID);
        }
        put16(AqVsi.STAT_COUNTER_IDX, statCounterIndex);
    }

    public int seid() {
        return seid;
    }

    public int vsiNumber() {
        return vsiNumber;
    }

    public int promiscuousFlags() {
        return promiscuousFlags;
    }

    int get16(int offset) {
        return properties.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    void put16(int offset, int value) {
        properties.putShort(offset, (short) value, ByteOrder.LITTLE_ENDIAN);
    }

    /** First PF-relative queue of TC0 (queue_mapping[0] + tc_mapping[0].QUE_OFFSET, facts 4.10). */
    public int firstQueue() {
        final int offset = (get16(AqVsi.TC_MAPPING) & AqVsi.TC_QUE_OFFSET_MASK) >>> AqVsi.TC_QUE_OFFSET_SHIFT;
        return (get16(AqVsi.QUEUE_MAPPING) & AqVsi.QUEUE_MAPPING_MASK) + offset;
    }

    /** Queues of TC0: 2^QUE_NUMBER (facts 4.10). */
    public int queueCount() {
        return 1 << ((get16(AqVsi.TC_MAPPING) & AqVsi.TC_QUE_NUMBER_MASK) >>> AqVsi.TC_QUE_NUMBER_SHIFT);
    }

    /** stat_counter_idx (facts 4.10). */
    public int statCounterIndex() {
        return get16(AqVsi.STAT_COUNTER_IDX);
    }

    /** qs_handle[tc] (facts 4.10). */
    public int qsHandle(int tc) {
        return get16(AqVsi.QS_HANDLE + 2 * tc);
    }
}
