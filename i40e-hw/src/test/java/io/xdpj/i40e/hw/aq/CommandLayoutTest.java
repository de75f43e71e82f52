package io.xdpj.i40e.hw.aq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Cross-checks of the command layouts: adjacent fields tile their structures as the facts' tables say. */
class CommandLayoutTest {

    @Test
    void vsiPropertiesTile128Bytes() {
        // queue_mapping[16] u16 then tc_mapping[8] u16 then queueing_opt_flags (facts 4.10).
        assertEquals(AqVsi.TC_MAPPING, AqVsi.QUEUE_MAPPING + 2 * AqVsi.QUEUE_MAPPING_ENTRIES);
        assertEquals(AqVsi.QUEUEING_OPT_FLAGS, AqVsi.TC_MAPPING + 2 * AqVsi.TC_ENTRIES);
        assertEquals(AqVsi.STAT_COUNTER_IDX, AqVsi.QS_HANDLE + 2 * AqVsi.TC_ENTRIES);
        assertEquals(AqVsi.SW_WRITTEN_SIZE, AqVsi.QS_HANDLE, "FW-written part starts at 96");
        assertEquals(128, AqVsi.SCHED_ID + 2 + 12, "sched_id then resp_reserved[12]");
    }

    @Test
    void switchConfigElementAndHeader() {
        assertEquals(16, AqSwitchConfig.HEADER_SIZE);
        assertEquals(AqSwitchConfig.ELEMENT_SIZE, AqSwitchConfig.ELEMENT_INFO + 2);
        assertEquals(AqSwitchConfig.ELEMENT_CONNECTION_TYPE, AqSwitchConfig.ELEMENT_DOWNLINK_SEID + 2 + 3);
    }

    @Test
    void macVlanElementsAre16Bytes() {
        assertEquals(AqMacVlan.VLAN_TAG, AqMacVlan.MAC + 6);
        assertEquals(AqMacVlan.ADD_QUEUE_NUMBER, AqMacVlan.ADD_FLAGS + 2);
        assertEquals(AqMacVlan.ELEMENT_SIZE, AqMacVlan.ADD_MATCH_METHOD + 1 + 3);
        assertEquals(AqMacVlan.ELEMENT_SIZE, AqMacVlan.REMOVE_ERROR_CODE + 1 + 3);
    }

    @Test
    void paramsFitTheSixteenByteArea() {
        assertEquals(16, AqGetVersion.API_MINOR + 2);
        assertEquals(16, AqDebugRegister.VALUE_LOW + 4);
        assertEquals(AdminQueueDescriptor.PARAMS_ADDR_HIGH, 8, "indirect addr_high at params + 8 (facts 3.2)");
        assertEquals(AdminQueueDescriptor.PARAMS_ADDR_LOW, 12);
        assertEquals(11, AqPhy.LINK_CONFIG + 1, "power_desc / link_type start at 11 (facts 4.13)");
        assertEquals(AqPhy.ABILITIES_QUALIFIED_MODULE + 16 * 32, AqPhy.ABILITIES_BUFFER_SIZE, "0x218 = 24 + 512");
    }

    @Test
    void capabilityRecordAndRssKey() {
        assertEquals(AqCapabilities.RECORD_PHYS_ID + 4 + 16, AqCapabilities.RECORD_SIZE);
        assertEquals(40 * 32, AqCapabilities.LINUX_FIRST_BUFFER);
        assertEquals(AqRss.KEY_DATA_SIZE, AqRss.STANDARD_KEY_SIZE + AqRss.EXTENDED_KEY_SIZE);
    }
}
