package io.xdpj.i40e;

import static io.xdpj.i40e.hw.aq.AdminQueueDescriptor.param16;
import static io.xdpj.i40e.hw.aq.AdminQueueDescriptor.param32;
import static io.xdpj.i40e.hw.aq.AdminQueueDescriptor.param8;

import java.nio.ByteOrder;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.xdpj.i40e.hw.aq.AdminQueueDescriptor;
import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;
import io.xdpj.i40e.hw.aq.AqCapabilities;
import io.xdpj.i40e.hw.aq.AqGetVersion;
import io.xdpj.i40e.hw.aq.AqMacAddress;
import io.xdpj.i40e.hw.aq.AqMacVlan;
import io.xdpj.i40e.hw.aq.AqPhy;
import io.xdpj.i40e.hw.aq.AqPromiscuous;
import io.xdpj.i40e.hw.aq.AqRss;
import io.xdpj.i40e.hw.aq.AqSwitchConfig;
import io.xdpj.i40e.hw.aq.AqVsi;

/**
 * The admin-queue commands a minimal PF bring-up issues (facts 4), one method per command, each building the
 * descriptor from the i40e-hw layouts and decoding the response. Control path: results are small value objects.
 */
final class AdminCommands {

    /** Get Version response (facts 4.2). */
    record FirmwareVersion(int fwMajor, int fwMinor, int fwBuild, int romVersion, int apiMajor, int apiMinor) {
        @Override
        public String toString() {
            return "FW " + fwMajor + "." + fwMinor + " build " + fwBuild + ", API " + apiMajor + "." + apiMinor;
        }
    }

    /** The capability records the driver uses (facts 4.6). */
    record Capabilities(int rxQueues, int rxBaseQueue, int txQueues, int txBaseQueue, int rssTableSize,
                        int rssEntryWidth, int msixVectors, int vsis) {
    }

    /** The PF's switch elements right after reset (facts 4.9). */
    record SwitchConfig(int vsiSeid, int macSeid, int pfSeid) {
    }

    /** The VSI parameters the driver uses (facts 4.10), and the whole 128-byte properties image. */
    record VsiParameters(int seid, int vsiNumber, int firstQueue, int qsHandle, int statCounterIndex, byte[] properties) {
    }

    /** Get Link Status response or link event (facts 4.13). */
    record LinkStatus(boolean up, int speedCode, int phyType, int linkInfo, int maxFrameSize) {
        /** Link speed in Mb/s for the facts 4.13 encoding, 0 if unknown. */
        int speedMbps() {
            return switch (speedCode) {
                case AqPhy.LINK_SPEED_100MB -> 100;
                case AqPhy.LINK_SPEED_1GB -> 1000;
                case AqPhy.LINK_SPEED_2_5GB -> 2500;
                case AqPhy.LINK_SPEED_5GB -> 5000;
                case AqPhy.LINK_SPEED_10GB -> 10000;
                case AqPhy.LINK_SPEED_20GB -> 20000;
                case AqPhy.LINK_SPEED_25GB -> 25000;
                case AqPhy.LINK_SPEED_40GB -> 40000;
                default -> 0;
            };
        }

        static LinkStatus decode(AtomicBuffer desc) {
            final int info = param8(desc, 0, AqPhy.LINK_INFO);
            return new LinkStatus((info & AqPhy.LINK_UP) != 0, param8(desc, 0, AqPhy.LINK_SPEED),
                param8(desc, 0, AqPhy.LINK_PHY_TYPE), info, param16(desc, 0, AqPhy.LINK_MAX_FRAME_SIZE));
        }
    }

    private final AdminQueue aq;

    AdminCommands(AdminQueue aq) {
        this.aq = aq;
    }

    /** AQ 0x0001 (facts 4.2); refuses an API major newer than 1. */
    FirmwareVersion getVersion() {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.GET_VERSION);
        aq.executeOk("get firmware version");
        final FirmwareVersion v = new FirmwareVersion(param16(d, 0, AqGetVersion.FW_MAJOR),
            param16(d, 0, AqGetVersion.FW_MINOR), param32(d, 0, AqGetVersion.FW_BUILD),
            param32(d, 0, AqGetVersion.ROM_VER), param16(d, 0, AqGetVersion.API_MAJOR),
            param16(d, 0, AqGetVersion.API_MINOR));
        if (v.apiMajor() > AqGetVersion.FW_API_VERSION_MAJOR) {
            throw new AdminQueueException("firmware version check", AdminQueueOpcode.GET_VERSION, 0, "firmware API "
                + v.apiMajor() + "." + v.apiMinor() + " is newer than the supported major "
                + AqGetVersion.FW_API_VERSION_MAJOR + " (I40E_ERR_FIRMWARE_API_VERSION); update the driver");
        }
        return v;
    }

    /** AQ 0x0002 with the driver name as ASCII (facts 4.3). */
    void driverVersion(int major, int minor, String name) {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.DRIVER_VERSION);
        param8(d, 0, 0, major);
        param8(d, 0, 1, minor);
        final int len = Math.min(name.length(), 32);
        for (int i = 0; i < len; i++) {
            aq.data().putByte(i, (byte) (name.charAt(i) & 0x7F));
        }
        aq.indirect(len, true);
        aq.executeOk("send driver version");
    }

    /** AQ 0x0110 rx_cnt = 2; EEXIST means "already out of PXE mode" (iPXE, facts 4.7). */
    void clearPxeMode() {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.CLEAR_PXE_MODE);
        param8(d, 0, 0, 0x02);
        final int rv = aq.execute("clear PXE mode");
        if (rv != AdminQueueReturnCode.OK && rv != AdminQueueReturnCode.EEXIST) {
            throw new AdminQueueException("clear PXE mode", AdminQueueOpcode.CLEAR_PXE_MODE, rv, "check GLLAN_RCTL_0");
        }
    }

    /**
     * AQ 0x000A list function capabilities (facts 4.6), starting with Linux's 40 records and retrying once with the
     * size the firmware asks for on ENOMEM.
     */
    Capabilities listFunctionCapabilities() {
        int size = AqCapabilities.LINUX_FIRST_BUFFER;
        for (int attempt = 0; attempt < 2; attempt++) {
            final UnsafeBuffer d = aq.begin(AdminQueueOpcode.LIST_FUNC_CAPABILITIES);
            aq.data().setMemory(0, size, (byte) 0);
            aq.indirect(size, false);
            final int rv = aq.execute("list function capabilities");
            if (rv == AdminQueueReturnCode.ENOMEM && attempt == 0) {
                size = Math.min(AdminQueueDescriptor.datalen(d, 0), AdminQueueDescriptor.MAX_BUF_SIZE);
                continue;
            }
            if (rv != AdminQueueReturnCode.OK) {
                throw new AdminQueueException("list function capabilities", AdminQueueOpcode.LIST_FUNC_CAPABILITIES,
                    rv, "buffer of " + size + " bytes");
            }
            return parseCapabilities(aq.data(), Math.min(param32(d, 0, AqCapabilities.COUNT),
                size / AqCapabilities.RECORD_SIZE));
        }
        throw new AdminQueueException("list function capabilities", AdminQueueOpcode.LIST_FUNC_CAPABILITIES,
            AdminQueueReturnCode.ENOMEM, "the firmware asked for a larger buffer twice");
    }

    private static Capabilities parseCapabilities(AtomicBuffer b, int count) {
        int rxq = 0;
        int rxBase = 0;
        int txq = 0;
        int txBase = 0;
        int rssSize = 0;
        int rssWidth = 0;
        int msix = 0;
        int vsis = 0;
        for (int i = 0; i < count; i++) {
            final int r = i * AqCapabilities.RECORD_SIZE;
            final int id = b.getShort(r + AqCapabilities.RECORD_ID, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int number = b.getInt(r + AqCapabilities.RECORD_NUMBER, ByteOrder.LITTLE_ENDIAN);
            final int logical = b.getInt(r + AqCapabilities.RECORD_LOGICAL_ID, ByteOrder.LITTLE_ENDIAN);
            final int phys = b.getInt(r + AqCapabilities.RECORD_PHYS_ID, ByteOrder.LITTLE_ENDIAN);
            switch (id) {
                case AqCapabilities.RXQ -> {
                    rxq = number;
                    rxBase = phys;
                }
                case AqCapabilities.TXQ -> {
                    txq = number;
                    txBase = phys;
                }
                case AqCapabilities.RSS -> {
                    rssSize = number;
                    rssWidth = logical;
                }
                case AqCapabilities.MSIX -> msix = number;
                case AqCapabilities.VSI -> vsis = number;
                default -> {
                    // Not used by this driver.
                }
            }
        }
        return new Capabilities(rxq, rxBase, txq, txBase, rssSize, rssWidth, msix, vsis);
    }

    /** AQ 0x0107: the LAN MAC, only if LAN_ADDR_VALID (facts 4.8). Returns the MAC as 48 bits, wire order. */
    long macAddressRead() {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.MAC_ADDRESS_READ);
        aq.data().setMemory(0, AqMacAddress.READ_BUFFER_SIZE, (byte) 0);
        aq.indirect(AqMacAddress.READ_BUFFER_SIZE, false);
        aq.executeOk("read MAC address");
        final int flags = param16(d, 0, AqMacAddress.READ_COMMAND_FLAGS);
        if ((flags & AqMacAddress.LAN_ADDR_VALID) == 0) {
            throw new AdminQueueException("read MAC address", AdminQueueOpcode.MAC_ADDRESS_READ, 0,
                "command_flags " + I40eException.hex(flags) + " lack LAN_ADDR_VALID (0x10); the NVM holds no LAN MAC");
        }
        long mac = 0;
        for (int i = 0; i < 6; i++) {
            mac = mac << 8 | (aq.data().getByte(AqMacAddress.PF_LAN_MAC + i) & 0xFF);
        }
        return mac;
    }

    /**
     * AQ 0x0200 repeated until the next SEID is 0 (facts 4.9). After a reset the PF's main VSI is the element of
     * type VSI (19); its uplink is the MAC and its downlink the PF (Linux's reading, facts 4.9).
     */
    SwitchConfig getSwitchConfig() {
        int next = 0;
        int vsi = -1;
        int mac = -1;
        int pf = -1;
        for (int round = 0; round < 64; round++) {
            final UnsafeBuffer d = aq.begin(AdminQueueOpcode.GET_SWITCH_CONFIG);
            param16(d, 0, AqSwitchConfig.SEID, next);
            aq.data().setMemory(0, AqSwitchConfig.DRIVER_BUFFER_SIZE, (byte) 0);
            aq.indirect(AqSwitchConfig.DRIVER_BUFFER_SIZE, false);
            aq.executeOk("get switch configuration");
            final AtomicBuffer b = aq.data();
            final int reported = b.getShort(AqSwitchConfig.NUM_REPORTED, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int max = (AqSwitchConfig.DRIVER_BUFFER_SIZE - AqSwitchConfig.HEADER_SIZE) / AqSwitchConfig.ELEMENT_SIZE;
            for (int i = 0; i < Math.min(reported, max); i++) {
                final int e = AqSwitchConfig.HEADER_SIZE + i * AqSwitchConfig.ELEMENT_SIZE;
                final int type = b.getByte(e + AqSwitchConfig.ELEMENT_TYPE) & 0xFF;
                if (type == AqSwitchConfig.TYPE_VSI && vsi < 0) {
                    vsi = b.getShort(e + AqSwitchConfig.ELEMENT_SEID, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                    mac = b.getShort(e + AqSwitchConfig.ELEMENT_UPLINK_SEID, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                    pf = b.getShort(e + AqSwitchConfig.ELEMENT_DOWNLINK_SEID, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                }
            }
            next = param16(d, 0, AqSwitchConfig.SEID);
            if (next == 0) {
                break;
            }
        }
        if (vsi < 0) {
            throw new AdminQueueException("get switch configuration", AdminQueueOpcode.GET_SWITCH_CONFIG, 0,
                "no VSI element (type 19) reported; was the PF reset first (facts 13.9)?");
        }
        return new SwitchConfig(vsi, mac, pf);
    }

    /** AQ 0x0212 on the VSI (facts 4.10): queue_mapping[0], qs_handle[0], stat_counter_idx and the image. */
    VsiParameters getVsiParameters(int seid) {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.GET_VSI_PARAMETERS);
        param16(d, 0, AqVsi.UPLINK_SEID, seid);
        aq.data().setMemory(0, AqVsi.PROPERTIES_SIZE, (byte) 0);
        aq.indirect(AqVsi.PROPERTIES_SIZE, false);
        aq.executeOk("get VSI parameters (SEID " + seid + ")");
        final AtomicBuffer b = aq.data();
        final byte[] image = new byte[AqVsi.PROPERTIES_SIZE];
        b.getBytes(0, image);
        return new VsiParameters(param16(d, 0, AqVsi.COMPLETION_SEID), param16(d, 0, AqVsi.COMPLETION_VSI_NUMBER),
            b.getShort(AqVsi.QUEUE_MAPPING, ByteOrder.LITTLE_ENDIAN) & AqVsi.QUEUE_MAPPING_MASK,
            b.getShort(AqVsi.QS_HANDLE, ByteOrder.LITTLE_ENDIAN) & 0xFFFF,
            b.getShort(AqVsi.STAT_COUNTER_IDX, ByteOrder.LITTLE_ENDIAN) & 0xFFFF, image);
    }

    /**
     * AQ 0x0211 with QUEUE_MAP (facts 4.10): contiguous, queue_mapping[0] = the VSI's first queue, tc_mapping[0] =
     * offset 0 | log2(n) << 9 with n the next power of two ≥ {@code queues} (Linux's rule; DPDK floors instead,
     * facts 12: rounding up keeps every configured queue reachable by RSS).
     */
    void updateVsiQueueMap(VsiParameters vsi, int queues) {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.UPDATE_VSI_PARAMETERS);
        param16(d, 0, AqVsi.UPLINK_SEID, vsi.seid());
        final AtomicBuffer b = aq.data();
        b.putBytes(0, vsi.properties());
        b.putShort(AqVsi.VALID_SECTIONS, (short) AqVsi.PROP_QUEUE_MAP_VALID, ByteOrder.LITTLE_ENDIAN);
        b.putShort(AqVsi.MAPPING_FLAGS, (short) AqVsi.QUE_MAP_CONTIG, ByteOrder.LITTLE_ENDIAN);
        b.putShort(AqVsi.QUEUE_MAPPING, (short) vsi.firstQueue(), ByteOrder.LITTLE_ENDIAN);
        final int pow = 32 - Integer.numberOfLeadingZeros(Math.max(queues, 1) - 1);
        for (int tc = 0; tc < AqVsi.TC_ENTRIES; tc++) {
            b.putShort(AqVsi.TC_MAPPING + 2 * tc, (short) (tc == 0 ? pow << AqVsi.TC_QUE_NUMBER_SHIFT : 0),
                ByteOrder.LITTLE_ENDIAN);
        }
        aq.indirect(AqVsi.PROPERTIES_SIZE, true);
        aq.executeOk("update VSI queue map (SEID " + vsi.seid() + ", " + queues + " queues)");
    }

    /** AQ 0x0254 (facts 4.11): sets {@code flags} with valid = {@code valid}. */
    void setPromiscuous(int seid, int flags, int valid) {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.SET_VSI_PROMISCUOUS_MODES);
        param16(d, 0, AqPromiscuous.PROMISCUOUS_FLAGS, flags);
        param16(d, 0, AqPromiscuous.VALID_FLAGS, valid);
        param16(d, 0, AqPromiscuous.SEID, seid & AqPromiscuous.SEID_MASK);
        aq.executeOk("set VSI promiscuous modes " + I40eException.hex(flags));
    }

    /** AQ 0x0250, one perfect-match element ignoring the VLAN (facts 4.12). */
    void addMacFilter(int seid, long mac) {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.ADD_MACVLAN);
        macVlanParams(d, seid);
        final AtomicBuffer b = aq.data();
        b.setMemory(0, AqMacVlan.ELEMENT_SIZE, (byte) 0);
        putMac(b, mac);
        b.putShort(AqMacVlan.ADD_FLAGS, (short) (AqMacVlan.ADD_PERFECT_MATCH | AqMacVlan.ADD_IGNORE_VLAN),
            ByteOrder.LITTLE_ENDIAN);
        aq.indirect(AqMacVlan.ELEMENT_SIZE, true);
        aq.executeOk("add MAC filter");
        if ((b.getByte(AqMacVlan.ADD_MATCH_METHOD) & 0xFF) == AqMacVlan.MM_ERR_NO_RES) {
            throw new AdminQueueException("add MAC filter", AdminQueueOpcode.ADD_MACVLAN, 0,
                "match_method 0xFF: no filter resource left");
        }
    }

    /** AQ 0x0251, perfect | ignore-VLAN (facts 4.12); returns the firmware's return code (callers may ignore it). */
    int removeMacFilter(int seid, long mac) {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.REMOVE_MACVLAN);
        macVlanParams(d, seid);
        final AtomicBuffer b = aq.data();
        b.setMemory(0, AqMacVlan.ELEMENT_SIZE, (byte) 0);
        putMac(b, mac);
        b.putByte(AqMacVlan.REMOVE_FLAGS, (byte) (AqMacVlan.REMOVE_PERFECT_MATCH | AqMacVlan.REMOVE_IGNORE_VLAN));
        aq.indirect(AqMacVlan.ELEMENT_SIZE, true);
        return aq.execute("remove MAC filter");
    }

    private static void macVlanParams(UnsafeBuffer d, int seid) {
        param16(d, 0, AqMacVlan.NUM_ADDRESSES, 1);
        param16(d, 0, AqMacVlan.SEID0, (seid & AqMacVlan.SEID_MASK) | AqMacVlan.SEID_VALID);
    }

    private static void putMac(AtomicBuffer b, long mac) {
        for (int i = 0; i < 6; i++) {
            b.putByte(AqMacVlan.MAC + i, (byte) (mac >>> (8 * (5 - i))));
        }
    }

    /** AQ 0x0607 with LSE = enable (facts 4.13): the link state, and link-status events armed. */
    LinkStatus getLinkStatus() {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.GET_LINK_STATUS);
        param16(d, 0, AqPhy.LINK_COMMAND_FLAGS, AqPhy.LSE_ENABLE);
        aq.executeOk("get link status");
        return LinkStatus.decode(d);
    }

    /** AQ 0x0613: unmask link up/down, media not available and module qualification failure (facts 4.13). */
    void setPhyIntMask() {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.SET_PHY_INT_MASK);
        param16(d, 0, AqPhy.EVENT_MASK,
            ~(AqPhy.EVENT_LINK_UPDOWN | AqPhy.EVENT_MEDIA_NA | AqPhy.EVENT_MODULE_QUAL_FAIL) & 0xFFFF);
        aq.executeOk("set PHY interrupt mask");
    }

    /** AQ 0x0603: max frame size and CRC insertion (facts 4.13; iPXE and DPDK send it at open). */
    void setMacConfig(int maxFrameSize) {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.SET_MAC_CONFIG);
        param16(d, 0, AqPhy.MAC_MAX_FRAME_SIZE, maxFrameSize);
        param8(d, 0, AqPhy.MAC_PARAMS, AqPhy.MAC_CRC_EN);
        param16(d, 0, AqPhy.MAC_FC_REFRESH_THRESHOLD, 0x7FFF);
        aq.executeOk("set MAC config (max frame " + maxFrameSize + ")");
    }

    /** AQ 0x0605 with RESTART_AN | LINK_ENABLE = 0x06 (facts 4.13; what iPXE sends at open). */
    void setLinkRestartAn() {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.SET_LINK_RESTART_AN);
        param8(d, 0, AqPhy.RESTART_COMMAND, AqPhy.RESTART_AN | AqPhy.RESTART_LINK_ENABLE);
        aq.executeOk("restart autonegotiation / enable link");
    }

    /** AQ 0x0B02: the 52-byte RSS key of the VSI (layout in {@link AqRss}). */
    void setRssKey(int vsiNumber, byte[] key) {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.SET_RSS_KEY);
        param16(d, 0, AqRss.VSI_ID, (vsiNumber & AqRss.VSI_ID_MASK) | AqRss.VSI_VALID);
        aq.data().putBytes(0, key, 0, AqRss.KEY_DATA_SIZE);
        aq.indirect(AqRss.KEY_DATA_SIZE, true);
        aq.executeOk("set RSS key");
    }

    /** AQ 0x0B03: the PF's RSS lookup table, one byte per entry = queue relative to the VSI (layout in {@link AqRss}). */
    void setRssLut(int vsiNumber, byte[] lut) {
        final UnsafeBuffer d = aq.begin(AdminQueueOpcode.SET_RSS_LUT);
        param16(d, 0, AqRss.VSI_ID, (vsiNumber & AqRss.VSI_ID_MASK) | AqRss.VSI_VALID);
        param16(d, 0, AqRss.LUT_FLAGS, AqRss.LUT_TABLE_TYPE_PF);
        aq.data().putBytes(0, lut);
        aq.indirect(lut.length, true);
        aq.executeOk("set RSS lookup table (" + lut.length + " entries)");
    }
}
