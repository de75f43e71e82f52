package io.xdpj.sim.adminq;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;
import io.xdpj.i40e.hw.aq.AqMacVlan;
import io.xdpj.i40e.hw.aq.AqPromiscuous;
import io.xdpj.i40e.hw.aq.AqRss;
import io.xdpj.i40e.hw.aq.AqSwitchConfig;
import io.xdpj.i40e.hw.aq.AqVsi;
import io.xdpj.sim.LanDataPlane;
import io.xdpj.sim.SimConfig;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The embedded switch as far as a PF driver programs it: switch configuration 0x0200, VSIs 0x0210/0x0211/0x0212,
 * promiscuous modes 0x0254, MAC-VLAN filters 0x0250/0x0251 and RSS key/LUT 0x0B02..0x0B05. Settings are pushed to
 * the data plane.
 *
 * <p>After a reset the switch holds one element, the PF's main VSI (type 19) with uplink = MAC SEID and downlink =
 * PF SEID (facts 13.9), and one filter, the permanent MAC on the main VSI ignoring the VLAN (the default filter,
 * facts 4.12). The main VSI's queue map is contiguous from PF queue 0 with one queue in TC0 (model choice); its
 * qs_handle[0] and stat_counter_idx come from the config (facts 13.10).
 *
 * <p>Model choices where the facts are silent, written down once: a SEID naming no VSI gives ENOENT; a buffer
 * shorter than the command's structure gives EINVAL; a queue map beyond the PF's queues, or a non-contiguous map
 * whose entries are not base + i, gives EINVAL; only TC0 of a queue map reaches the data plane; a MAC-VLAN add that
 * finds the filter table full marks the element 0xFF (no resource, facts 4.12) and the command ENOSPC; a remove that
 * matches nothing marks the element 0xFF and the command ENOENT; adding an existing filter succeeds without a
 * duplicate. Step thread / device lock only.
 */
public final class SwitchFirmware {

    private static final class Filter {
        final int seid;
        final long mac;
        final int vlan;

        Filter(int seid, long mac, int vlan) {
            this.seid = seid;
            this.mac = mac;
            this.vlan = vlan;
        }

        boolean matches(int s, long m, int v) {
            return seid == s && mac == m && vlan == v;
        }
    }

    private final SimConfig config;
    private final LanDataPlane lan;
    private final List<Vsi> vsis = new ArrayList<>();
    private final List<Filter> filters = new ArrayList<>();
    private final byte[][] rssKeys;
    private final byte[][] rssLuts;
    private byte[] pfLut;

    SwitchFirmware(SimConfig config, LanDataPlane lan) {
        this.config = config;
        this.lan = lan;
        this.rssKeys = new byte[config.vsiCount()][];
        this.rssLuts = new byte[config.vsiCount()][];
        resetPfState();
    }

    /** Back to the after-reset switch: main VSI only, the default filter, no promiscuous modes, no RSS. */
    void resetPfState() {
        vsis.clear();
        filters.clear();
        Arrays.fill(rssKeys, null);
        Arrays.fill(rssLuts, null);
        pfLut = null;
        final Vsi main = new Vsi(config.vsiSeid(), 0, config.macSeid(), AqVsi.TYPE_PF, config.qsHandle(),
            config.statCounterIndex());
        main.put16(AqVsi.VALID_SECTIONS, AqVsi.PROP_QUEUE_MAP_VALID);
        main.put16(AqVsi.MAPPING_FLAGS, AqVsi.QUE_MAP_CONTIG);
        vsis.add(main);
        filters.add(new Filter(main.seid, config.macAddress(), -1));
    }

    /** Pushes the switch state to a freshly reset data plane. */
    void announce() {
        for (Vsi vsi : vsis) {
            lan.queueMap(vsi.seid, vsi.firstQueue(), vsi.queueCount());
            lan.promiscuous(vsi.seid, vsi.promiscuousFlags);
        }
        for (Filter f : filters) {
            lan.addMacFilter(f.seid, f.mac, f.vlan, -1);
        }
    }

    /** The main VSI. */
    public Vsi mainVsi() {
        return vsis.get(0);
    }

    /** The VSI with {@code seid}, or null. */
    public Vsi vsi(int seid) {
        for (Vsi v : vsis) {
            if (v.seid == seid) {
                return v;
            }
        }
        return null;
    }

    /** Number of MAC-VLAN filters held. */
    public int filterCount() {
        return filters.size();
    }

    /** Whether a filter (seid, mac, vlan or -1) is held. */
    public boolean hasFilter(int seid, long mac, int vlan) {
        return indexOf(seid, mac, vlan) >= 0;
    }

    int execute(AqCommand c) {
        switch (c.opcode()) {
            case AdminQueueOpcode.GET_SWITCH_CONFIG: return switchConfig(c);
            case AdminQueueOpcode.ADD_VSI: return addVsi(c);
            case AdminQueueOpcode.UPDATE_VSI_PARAMETERS: return updateVsi(c);
            case AdminQueueOpcode.GET_VSI_PARAMETERS: return getVsi(c);
            case AdminQueueOpcode.SET_VSI_PROMISCUOUS_MODES: return promiscuous(c);
            case AdminQueueOpcode.ADD_MACVLAN: return addMacVlan(c);
            case AdminQueueOpcode.REMOVE_MACVLAN: return removeMacVlan(c);
            case AdminQueueOpcode.SET_RSS_KEY: return setRssKey(c);
            case AdminQueueOpcode.SET_RSS_LUT: return setRssLut(c);
            case AdminQueueOpcode.GET_RSS_KEY: return getRssKey(c);
            case AdminQueueOpcode.GET_RSS_LUT: return getRssLut(c);
            default: return AdminQueueReturnCode.ESRCH;
        }
    }

    // ---- 0x0200 get switch configuration (facts 4.9)

    private int switchConfig(AqCommand c) {
        final int capacity = (c.datalen() - AqSwitchConfig.HEADER_SIZE) / AqSwitchConfig.ELEMENT_SIZE;
        if (!c.hasBuffer() || capacity < 1) {
            return AdminQueueReturnCode.EINVAL;
        }
        final int start = c.param16(AqSwitchConfig.SEID);
        int first = 0;
        while (start != 0 && first < vsis.size() && vsis.get(first).seid != start) {
            first++;
        }
        if (first == vsis.size()) {
            return AdminQueueReturnCode.ENOENT;
        }
        final int reported = Math.min(capacity, vsis.size() - first);
        final UnsafeBuffer b = c.buffer();
        b.setMemory(0, AqSwitchConfig.HEADER_SIZE + reported * AqSwitchConfig.ELEMENT_SIZE, (byte) 0);
        b.putShort(AqSwitchConfig.NUM_REPORTED, (short) reported, ByteOrder.LITTLE_ENDIAN);
        b.putShort(AqSwitchConfig.NUM_TOTAL, (short) vsis.size(), ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < reported; i++) {
            writeElement(b, AqSwitchConfig.HEADER_SIZE + i * AqSwitchConfig.ELEMENT_SIZE, vsis.get(first + i));
        }
        final int next = first + reported;
        c.clearParams();
        c.param16(AqSwitchConfig.SEID, next < vsis.size() ? vsis.get(next).seid : 0);
        c.respond(AqSwitchConfig.HEADER_SIZE + reported * AqSwitchConfig.ELEMENT_SIZE);
        return AdminQueueReturnCode.OK;
    }

    private void writeElement(UnsafeBuffer b, int at, Vsi vsi) {
        b.putByte(at + AqSwitchConfig.ELEMENT_TYPE, (byte) AqSwitchConfig.TYPE_VSI);
        b.putByte(at + AqSwitchConfig.ELEMENT_REVISION, (byte) AqSwitchConfig.REVISION_1);
        b.putShort(at + AqSwitchConfig.ELEMENT_SEID, (short) vsi.seid, ByteOrder.LITTLE_ENDIAN);
        b.putShort(at + AqSwitchConfig.ELEMENT_UPLINK_SEID, (short) vsi.uplinkSeid, ByteOrder.LITTLE_ENDIAN);
        b.putShort(at + AqSwitchConfig.ELEMENT_DOWNLINK_SEID, (short) config.pfSeid(), ByteOrder.LITTLE_ENDIAN);
        b.putByte(at + AqSwitchConfig.ELEMENT_CONNECTION_TYPE, (byte) AqSwitchConfig.CONNECTION_REGULAR);
    }

    // ---- VSIs 0x0210 / 0x0211 / 0x0212 (facts 4.10)

    private int addVsi(AqCommand c) {
        if (!c.bufferRead() || c.datalen() < AqVsi.PROPERTIES_SIZE) {
            return AdminQueueReturnCode.EINVAL;
        }
        if (vsis.size() >= config.vsiCount()) {
            return AdminQueueReturnCode.ENOSPC;
        }
        final int number = vsis.size();
        int seid = config.vsiSeid() + 1;
        while (vsi(seid) != null || seid == config.macSeid() || seid == config.pfSeid()) {
            seid++;
        }
        if (seid > 0x3FF) {
            return AdminQueueReturnCode.ENOSPC;
        }
        final Vsi vsi = new Vsi(seid, number, c.param16(AqVsi.UPLINK_SEID),
            c.param16(AqVsi.VSI_FLAGS) & 0x3, (config.qsHandle() + number) & 0x3FF,
            (config.statCounterIndex() + number) % config.vsiCount());
        vsi.put16(AqVsi.MAPPING_FLAGS, AqVsi.QUE_MAP_CONTIG);
        final int rc = applySections(vsi, c.buffer());
        if (rc != AdminQueueReturnCode.OK) {
            return rc;
        }
        vsis.add(vsi);
        lan.queueMap(vsi.seid, vsi.firstQueue(), vsi.queueCount());
        return respondVsi(c, vsi);
    }

    private int updateVsi(AqCommand c) {
        final Vsi vsi = vsi(c.param16(AqVsi.UPLINK_SEID) & 0x3FF);
        if (vsi == null) {
            return AdminQueueReturnCode.ENOENT;
        }
        if (!c.bufferRead() || c.datalen() < AqVsi.SW_WRITTEN_SIZE) {
            return AdminQueueReturnCode.EINVAL;
        }
        final int rc = applySections(vsi, c.buffer());
        if (rc != AdminQueueReturnCode.OK) {
            return rc;
        }
        lan.queueMap(vsi.seid, vsi.firstQueue(), vsi.queueCount());
        writeCompletion(c, vsi);
        return AdminQueueReturnCode.OK;
    }

    private int getVsi(AqCommand c) {
        final Vsi vsi = vsi(c.param16(AqVsi.UPLINK_SEID) & 0x3FF);
        if (vsi == null) {
            return AdminQueueReturnCode.ENOENT;
        }
        if (!c.hasBuffer() || c.datalen() < AqVsi.PROPERTIES_SIZE) {
            return AdminQueueReturnCode.EINVAL;
        }
        return respondVsi(c, vsi);
    }

    private int respondVsi(AqCommand c, Vsi vsi) {
        c.buffer().putBytes(0, vsi.properties, 0, AqVsi.PROPERTIES_SIZE);
        c.respond(AqVsi.PROPERTIES_SIZE);
        writeCompletion(c, vsi);
        return AdminQueueReturnCode.OK;
    }

    private void writeCompletion(AqCommand c, Vsi vsi) {
        c.clearParams();
        c.param16(AqVsi.COMPLETION_SEID, vsi.seid);
        c.param16(AqVsi.COMPLETION_VSI_NUMBER, vsi.vsiNumber);
        c.param16(AqVsi.COMPLETION_VSI_USED, vsis.size());
        c.param16(AqVsi.COMPLETION_VSI_FREE, config.vsiCount() - vsis.size());
    }

    /** Copies each valid section of {@code in} into the VSI (facts 4.10 section table), after checking the map. */
    private int applySections(Vsi vsi, UnsafeBuffer in) {
        final int valid = in.getShort(AqVsi.VALID_SECTIONS, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if ((valid & AqVsi.PROP_QUEUE_MAP_VALID) != 0 && !queueMapFits(in)) {
            return AdminQueueReturnCode.EINVAL;
        }
        copyIf(valid, AqVsi.PROP_SWITCH_VALID, in, vsi, AqVsi.SWITCH_ID, 2);
        copyIf(valid, AqVsi.PROP_SECURITY_VALID, in, vsi, AqVsi.SEC_FLAGS, 1);
        copyIf(valid, AqVsi.PROP_VLAN_VALID, in, vsi, AqVsi.PVID, 6);
        copyIf(valid, AqVsi.PROP_INGRESS_UP_VALID, in, vsi, AqVsi.INGRESS_TABLE, 4);
        copyIf(valid, AqVsi.PROP_EGRESS_UP_VALID, in, vsi, AqVsi.EGRESS_TABLE, 4);
        copyIf(valid, AqVsi.PROP_CAS_PV_VALID, in, vsi, AqVsi.CAS_PV_TAG, 4);
        copyIf(valid, AqVsi.PROP_QUEUE_MAP_VALID, in, vsi, AqVsi.MAPPING_FLAGS, AqVsi.QUEUEING_OPT_FLAGS
            - AqVsi.MAPPING_FLAGS);
        copyIf(valid, AqVsi.PROP_QUEUE_OPT_VALID, in, vsi, AqVsi.QUEUEING_OPT_FLAGS, 1);
        copyIf(valid, AqVsi.PROP_SCHED_VALID, in, vsi, AqVsi.UP_ENABLE_BITS, 1);
        copyIf(valid, AqVsi.PROP_OUTER_UP_VALID, in, vsi, AqVsi.OUTER_UP_TABLE, 4);
        vsi.put16(AqVsi.VALID_SECTIONS, vsi.get16(AqVsi.VALID_SECTIONS) | valid);
        return AdminQueueReturnCode.OK;
    }

    private static void copyIf(int valid, int section, UnsafeBuffer in, Vsi vsi, int offset, int length) {
        if ((valid & section) != 0) {
            vsi.properties.putBytes(offset, in, offset, length);
        }
    }

    private boolean queueMapFits(UnsafeBuffer in) {
        final int tc0 = in.getShort(AqVsi.TC_MAPPING, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int count = 1 << ((tc0 & AqVsi.TC_QUE_NUMBER_MASK) >>> AqVsi.TC_QUE_NUMBER_SHIFT);
        final int offset = (tc0 & AqVsi.TC_QUE_OFFSET_MASK) >>> AqVsi.TC_QUE_OFFSET_SHIFT;
        final int base = in.getShort(AqVsi.QUEUE_MAPPING, ByteOrder.LITTLE_ENDIAN) & AqVsi.QUEUE_MAPPING_MASK;
        final int mapping = in.getShort(AqVsi.MAPPING_FLAGS, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (mapping == AqVsi.QUE_MAP_NONCONTIG) {
            for (int i = 1; i < Math.min(count + offset, AqVsi.QUEUE_MAPPING_ENTRIES); i++) {
                final int q = in.getShort(AqVsi.QUEUE_MAPPING + 2 * i, ByteOrder.LITTLE_ENDIAN)
                    & AqVsi.QUEUE_MAPPING_MASK;
                if (q != base + i) {
                    return false;
                }
            }
        } else if (mapping != AqVsi.QUE_MAP_CONTIG) {
            return false;
        }
        return base + offset + count <= config.queueCount();
    }

    // ---- 0x0254 promiscuous modes (facts 4.11)

    private int promiscuous(AqCommand c) {
        final Vsi vsi = vsi(c.param16(AqPromiscuous.SEID) & AqPromiscuous.SEID_MASK);
        if (vsi == null) {
            return AdminQueueReturnCode.ENOENT;
        }
        final int valid = c.param16(AqPromiscuous.VALID_FLAGS);
        final int flags = c.param16(AqPromiscuous.PROMISCUOUS_FLAGS);
        vsi.promiscuousFlags = (vsi.promiscuousFlags & ~valid) | (flags & valid);
        lan.promiscuous(vsi.seid, vsi.promiscuousFlags);
        return AdminQueueReturnCode.OK;
    }

    // ---- 0x0250 / 0x0251 MAC-VLAN filters (facts 4.12)

    private Vsi macVlanTarget(AqCommand c) {
        final int seid0 = c.param16(AqMacVlan.SEID0);
        return (seid0 & AqMacVlan.SEID_VALID) == 0 ? null : vsi(seid0 & AqMacVlan.SEID_MASK);
    }

    private static long mac(UnsafeBuffer b, int at) {
        final long high = b.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFFL;
        return high << 32 | (b.getInt(at + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL);
    }

    private int addMacVlan(AqCommand c) {
        final Vsi vsi = macVlanTarget(c);
        if (vsi == null) {
            return AdminQueueReturnCode.ENOENT;
        }
        final int n = c.param16(AqMacVlan.NUM_ADDRESSES);
        if (!c.bufferRead() || n == 0 || c.datalen() < n * AqMacVlan.ELEMENT_SIZE) {
            return AdminQueueReturnCode.EINVAL;
        }
        final UnsafeBuffer b = c.buffer();
        boolean full = false;
        for (int i = 0; i < n; i++) {
            final int at = i * AqMacVlan.ELEMENT_SIZE;
            final int flags = b.getShort(at + AqMacVlan.ADD_FLAGS, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final long mac = mac(b, at + AqMacVlan.MAC);
            final int vlan = (flags & AqMacVlan.ADD_IGNORE_VLAN) != 0 ? -1
                : b.getShort(at + AqMacVlan.VLAN_TAG, ByteOrder.LITTLE_ENDIAN) & 0xFFF;
            final int queue = (flags & AqMacVlan.ADD_TO_QUEUE) != 0
                ? b.getShort(at + AqMacVlan.ADD_QUEUE_NUMBER, ByteOrder.LITTLE_ENDIAN) & 0x7FF : -1;
            int method = (flags & AqMacVlan.ADD_HASH_MATCH) != 0 ? AqMacVlan.MM_HASH : AqMacVlan.MM_PERFECT;
            if (indexOf(vsi.seid, mac, vlan) < 0) {
                if (filters.size() >= config.maxMacFilters()) {
                    method = AqMacVlan.MM_ERR_NO_RES;
                    full = true;
                } else {
                    filters.add(new Filter(vsi.seid, mac, vlan));
                    lan.addMacFilter(vsi.seid, mac, vlan, queue);
                }
            }
            b.putByte(at + AqMacVlan.ADD_MATCH_METHOD, (byte) method);
        }
        c.respond(n * AqMacVlan.ELEMENT_SIZE);
        writeFilterCompletion(c);
        return full ? AdminQueueReturnCode.ENOSPC : AdminQueueReturnCode.OK;
    }

    private int removeMacVlan(AqCommand c) {
        final Vsi vsi = macVlanTarget(c);
        if (vsi == null) {
            return AdminQueueReturnCode.ENOENT;
        }
        final int n = c.param16(AqMacVlan.NUM_ADDRESSES);
        if (!c.bufferRead() || n == 0 || c.datalen() < n * AqMacVlan.ELEMENT_SIZE) {
            return AdminQueueReturnCode.EINVAL;
        }
        final UnsafeBuffer b = c.buffer();
        boolean missed = false;
        for (int i = 0; i < n; i++) {
            final int at = i * AqMacVlan.ELEMENT_SIZE;
            final int flags = b.getByte(at + AqMacVlan.REMOVE_FLAGS) & 0xFF;
            final long mac = mac(b, at + AqMacVlan.MAC);
            final int vlan = (flags & AqMacVlan.REMOVE_IGNORE_VLAN) != 0 ? -1
                : b.getShort(at + AqMacVlan.VLAN_TAG, ByteOrder.LITTLE_ENDIAN) & 0xFFF;
            final int index = indexOf(vsi.seid, mac, vlan);
            if (index >= 0) {
                filters.remove(index);
                lan.removeMacFilter(vsi.seid, mac, vlan);
            } else {
                missed = true;
            }
            b.putByte(at + AqMacVlan.REMOVE_ERROR_CODE,
                (byte) (index >= 0 ? AqMacVlan.REMOVE_SUCCESS : AqMacVlan.REMOVE_FAIL));
        }
        c.respond(n * AqMacVlan.ELEMENT_SIZE);
        writeFilterCompletion(c);
        return missed ? AdminQueueReturnCode.ENOENT : AdminQueueReturnCode.OK;
    }

    private void writeFilterCompletion(AqCommand c) {
        c.clearParams();
        c.param16(AqMacVlan.PERFECT_MAC_USED, filters.size());
        c.param16(AqMacVlan.PERFECT_MAC_FREE, config.maxMacFilters() - filters.size());
    }

    private int indexOf(int seid, long mac, int vlan) {
        for (int i = 0; i < filters.size(); i++) {
            if (filters.get(i).matches(seid, mac, vlan)) {
                return i;
            }
        }
        return -1;
    }

    // ---- 0x0B02..0x0B05 RSS key and LUT (layouts: see AqRss)

    private Vsi rssVsi(AqCommand c) {
        final int id = c.param16(AqRss.VSI_ID);
        if ((id & AqRss.VSI_VALID) == 0) {
            return null;
        }
        final int number = id & AqRss.VSI_ID_MASK;
        for (Vsi v : vsis) {
            if (v.vsiNumber == number) {
                return v;
            }
        }
        return null;
    }

    private int setRssKey(AqCommand c) {
        final Vsi vsi = rssVsi(c);
        if (vsi == null) {
            return AdminQueueReturnCode.ENOENT;
        }
        if (!c.bufferRead() || c.datalen() < AqRss.STANDARD_KEY_SIZE) {
            return AdminQueueReturnCode.EINVAL;
        }
        final byte[] key = new byte[AqRss.KEY_DATA_SIZE];
        c.buffer().getBytes(0, key, 0, Math.min(c.datalen(), AqRss.KEY_DATA_SIZE));
        rssKeys[vsi.vsiNumber] = key;
        lan.rssKey(vsi.seid, key.clone());
        return AdminQueueReturnCode.OK;
    }

    private int getRssKey(AqCommand c) {
        final Vsi vsi = rssVsi(c);
        if (vsi == null) {
            return AdminQueueReturnCode.ENOENT;
        }
        if (!c.hasBuffer() || c.datalen() < AqRss.STANDARD_KEY_SIZE) {
            return AdminQueueReturnCode.EINVAL;
        }
        final byte[] key = rssKeys[vsi.vsiNumber] == null ? new byte[AqRss.KEY_DATA_SIZE] : rssKeys[vsi.vsiNumber];
        c.buffer().putBytes(0, key);
        c.respond(AqRss.KEY_DATA_SIZE);
        return AdminQueueReturnCode.OK;
    }

    private int setRssLut(AqCommand c) {
        final Vsi vsi = rssVsi(c);
        if (vsi == null) {
            return AdminQueueReturnCode.ENOENT;
        }
        final int size = c.datalen();
        if (!c.bufferRead() || size == 0 || size > config.rssTableSize()) {
            return AdminQueueReturnCode.EINVAL;
        }
        final byte[] lut = new byte[size];
        c.buffer().getBytes(0, lut);
        final boolean pfTable = (c.param16(AqRss.LUT_FLAGS) & AqRss.LUT_TABLE_TYPE_MASK) == AqRss.LUT_TABLE_TYPE_PF;
        if (pfTable) {
            pfLut = lut;
            lan.rssLut(mainVsi().seid, lut.clone());
        } else {
            rssLuts[vsi.vsiNumber] = lut;
            lan.rssLut(vsi.seid, lut.clone());
        }
        return AdminQueueReturnCode.OK;
    }

    private int getRssLut(AqCommand c) {
        final Vsi vsi = rssVsi(c);
        if (vsi == null) {
            return AdminQueueReturnCode.ENOENT;
        }
        if (!c.hasBuffer() || c.datalen() == 0) {
            return AdminQueueReturnCode.EINVAL;
        }
        final boolean pfTable = (c.param16(AqRss.LUT_FLAGS) & AqRss.LUT_TABLE_TYPE_MASK) == AqRss.LUT_TABLE_TYPE_PF;
        final byte[] lut = pfTable ? pfLut : rssLuts[vsi.vsiNumber];
        final int size = Math.min(c.datalen(), config.rssTableSize());
        c.buffer().setMemory(0, size, (byte) 0);
        if (lut != null) {
            c.buffer().putBytes(0, lut, 0, Math.min(size, lut.length));
        }
        c.respond(size);
        return AdminQueueReturnCode.OK;
    }
}
