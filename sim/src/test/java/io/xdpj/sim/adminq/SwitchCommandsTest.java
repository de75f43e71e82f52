package io.xdpj.sim.adminq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.List;

import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;
import io.xdpj.i40e.hw.aq.AqMacVlan;
import io.xdpj.i40e.hw.aq.AqPromiscuous;
import io.xdpj.i40e.hw.aq.AqRss;
import io.xdpj.i40e.hw.aq.AqSwitchConfig;
import io.xdpj.i40e.hw.aq.AqVsi;
import io.xdpj.sim.TestDriver;
import org.junit.jupiter.api.Test;

/** Switch, VSI, promiscuous, MAC-VLAN and RSS commands (facts 4.9-4.12; RSS layouts see AqRss). */
class SwitchCommandsTest extends AdminQueueFixture {

    private static final int MAIN_SEID = 512;

    @Test
    void switchConfigAfterResetIsOneVsiElement() {
        final TestDriver.Completion c = driver.command(AdminQueueOpcode.GET_SWITCH_CONFIG)
            .param16(AqSwitchConfig.SEID, 0).buffer(AqSwitchConfig.DRIVER_BUFFER_SIZE, false).send();
        assertEquals(0, c.retval());
        assertEquals(0, c.param16(AqSwitchConfig.SEID), "next SEID 0: done");
        // Header: reported 1, total 1. Element: type 19, revision 1, seid 512, uplink = MAC 2, downlink = PF 16,
        // connection type regular (facts 4.9, 13.9).
        assertArrayEquals(bytes(0x01, 0x00, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0x13, 0x01, 0x00, 0x02, 0x02, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00),
            c.bufferBytes(32));
    }

    @Test
    void switchConfigBufferWithoutRoomForAnElement() {
        assertEquals(AdminQueueReturnCode.EINVAL, driver.command(AdminQueueOpcode.GET_SWITCH_CONFIG).buffer(16, false)
            .send().retval());
    }

    @Test
    void getMainVsiParameters() {
        final TestDriver.Completion c = driver.command(AdminQueueOpcode.GET_VSI_PARAMETERS)
            .param16(AqVsi.UPLINK_SEID, MAIN_SEID).buffer(AqVsi.PROPERTIES_SIZE, false).send();
        assertEquals(0, c.retval());
        assertEquals(MAIN_SEID, c.param16(AqVsi.COMPLETION_SEID));
        assertEquals(0, c.param16(AqVsi.COMPLETION_VSI_NUMBER));
        assertEquals(1, c.param16(AqVsi.COMPLETION_VSI_USED));
        assertEquals(383, c.param16(AqVsi.COMPLETION_VSI_FREE));
        assertEquals(AqVsi.PROP_QUEUE_MAP_VALID, c.buffer.getShort(AqVsi.VALID_SECTIONS));
        assertEquals(0, c.buffer.getShort(AqVsi.MAPPING_FLAGS), "contiguous");
        assertEquals(0, c.buffer.getShort(AqVsi.QUEUE_MAPPING), "queue_mapping[0]: PF queue 0 (13.10)");
        assertEquals(0, c.buffer.getShort(AqVsi.TC_MAPPING), "one queue in TC0");
        assertEquals(0, c.buffer.getShort(AqVsi.QS_HANDLE), "qs_handle[0] (13.10)");
        assertEquals((short) 0xFFFF, c.buffer.getShort(AqVsi.QS_HANDLE + 2), "qs_handle[1] invalid");
        assertEquals(1, c.buffer.getShort(AqVsi.STAT_COUNTER_IDX), "stat_counter_idx = port 1");
        assertEquals(AdminQueueReturnCode.ENOENT, driver.command(AdminQueueOpcode.GET_VSI_PARAMETERS)
            .param16(AqVsi.UPLINK_SEID, 77).buffer(128, false).send().retval());
    }

    private TestDriver.Command update(int mapping, int tc0, int... queues) {
        final TestDriver.Command cmd = driver.command(AdminQueueOpcode.UPDATE_VSI_PARAMETERS)
            .param16(AqVsi.UPLINK_SEID, MAIN_SEID).buffer(AqVsi.PROPERTIES_SIZE, true);
        cmd.buffer.putShort(AqVsi.VALID_SECTIONS, (short) AqVsi.PROP_QUEUE_MAP_VALID, ByteOrder.LITTLE_ENDIAN);
        cmd.buffer.putShort(AqVsi.MAPPING_FLAGS, (short) mapping, ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < queues.length; i++) {
            cmd.buffer.putShort(AqVsi.QUEUE_MAPPING + 2 * i, (short) queues[i], ByteOrder.LITTLE_ENDIAN);
        }
        cmd.buffer.putShort(AqVsi.TC_MAPPING, (short) tc0, ByteOrder.LITTLE_ENDIAN);
        return cmd;
    }

    @Test
    void updateQueueMapReachesTheDataPlane() {
        // DPDK style: CONTIG, queue_mapping[0] = 0, tc_mapping[0] = 0 | log2(8) << 9 = 0x600 (facts 4.10).
        assertEquals(0, update(AqVsi.QUE_MAP_CONTIG, 0x600, 0).send().retval());
        assertEquals(List.of("queueMap 512 0 8"), plane.calls);
        final TestDriver.Completion get = driver.command(AdminQueueOpcode.GET_VSI_PARAMETERS)
            .param16(AqVsi.UPLINK_SEID, MAIN_SEID).buffer(AqVsi.PROPERTIES_SIZE, false).send();
        assertEquals(0x600, get.buffer.getShort(AqVsi.TC_MAPPING));
        assertEquals(8, device.firmware().switchFirmware().mainVsi().queueCount());
        // NONCONTIG with queue_mapping[i] = 4 + i and 4 queues.
        assertEquals(0, update(AqVsi.QUE_MAP_NONCONTIG, 0x400, 4, 5, 6, 7).send().retval());
        assertEquals("queueMap 512 4 4", plane.calls.get(1));
    }

    @Test
    void queueMapsBeyondThePfOrNotBasePlusIAreRefused() {
        assertEquals(AdminQueueReturnCode.EINVAL, update(AqVsi.QUE_MAP_CONTIG, 6 << 9, 0).send().retval(),
            "64 queues, the PF has 32");
        assertEquals(AdminQueueReturnCode.EINVAL, update(AqVsi.QUE_MAP_NONCONTIG, 2 << 9, 4, 9, 6, 7).send()
            .retval());
        assertTrue(plane.calls.isEmpty());
    }

    @Test
    void addVsiAppearsInTheSwitchConfig() {
        final TestDriver.Command add = driver.command(AdminQueueOpcode.ADD_VSI).param16(AqVsi.UPLINK_SEID, 2)
            .param8(AqVsi.CONNECTION_TYPE, 1).param16(AqVsi.VSI_FLAGS, AqVsi.TYPE_VMDQ2)
            .buffer(AqVsi.PROPERTIES_SIZE, true);
        add.buffer.putShort(AqVsi.VALID_SECTIONS, (short) AqVsi.PROP_QUEUE_MAP_VALID, ByteOrder.LITTLE_ENDIAN);
        add.buffer.putShort(AqVsi.QUEUE_MAPPING, (short) 16, ByteOrder.LITTLE_ENDIAN);
        add.buffer.putShort(AqVsi.TC_MAPPING, (short) (2 << 9), ByteOrder.LITTLE_ENDIAN);
        final TestDriver.Completion c = add.send();
        assertEquals(0, c.retval());
        assertEquals(513, c.param16(AqVsi.COMPLETION_SEID));
        assertEquals(1, c.param16(AqVsi.COMPLETION_VSI_NUMBER));
        assertEquals(2, c.param16(AqVsi.COMPLETION_VSI_USED));
        assertEquals(1, c.buffer.getShort(AqVsi.QS_HANDLE), "qs_handle[0] of VSI 1");
        assertEquals(List.of("queueMap 513 16 4"), plane.calls);
        final TestDriver.Completion sw = driver.command(AdminQueueOpcode.GET_SWITCH_CONFIG)
            .buffer(AqSwitchConfig.HEADER_SIZE + AqSwitchConfig.ELEMENT_SIZE, false).send();
        assertEquals(1, sw.buffer.getShort(AqSwitchConfig.NUM_REPORTED));
        assertEquals(2, sw.buffer.getShort(AqSwitchConfig.NUM_TOTAL));
        assertEquals(513, sw.param16(AqSwitchConfig.SEID), "iPXE-style paging: ask again from 513");
        final TestDriver.Completion next = driver.command(AdminQueueOpcode.GET_SWITCH_CONFIG)
            .param16(AqSwitchConfig.SEID, 513).buffer(32, false).send();
        assertEquals(513, next.buffer.getShort(16 + AqSwitchConfig.ELEMENT_SEID));
        assertEquals(0, next.param16(AqSwitchConfig.SEID));
    }

    @Test
    void promiscuousModesApplyValidBitsOnly() {
        // iPXE: flags = valid = UC | MC | BC | VLAN (0x17) (facts 4.11).
        assertEquals(0, driver.command(AdminQueueOpcode.SET_VSI_PROMISCUOUS_MODES)
            .param16(AqPromiscuous.PROMISCUOUS_FLAGS, 0x17).param16(AqPromiscuous.VALID_FLAGS, 0x17)
            .param16(AqPromiscuous.SEID, MAIN_SEID).send().retval());
        assertEquals(0, driver.command(AdminQueueOpcode.SET_VSI_PROMISCUOUS_MODES)
            .param16(AqPromiscuous.PROMISCUOUS_FLAGS, 0).param16(AqPromiscuous.VALID_FLAGS, 0x04)
            .param16(AqPromiscuous.SEID, MAIN_SEID).send().retval());
        assertEquals(List.of("promiscuous 512 0x17", "promiscuous 512 0x13"), plane.calls);
        assertEquals(AdminQueueReturnCode.ENOENT, driver.command(AdminQueueOpcode.SET_VSI_PROMISCUOUS_MODES)
            .param16(AqPromiscuous.SEID, 100).send().retval());
    }

    private TestDriver.Command macVlan(int opcode, int flagsOffset, int... flagsPerElement) {
        final TestDriver.Command cmd = driver.command(opcode)
            .param16(AqMacVlan.NUM_ADDRESSES, flagsPerElement.length)
            .param16(AqMacVlan.SEID0, MAIN_SEID | AqMacVlan.SEID_VALID)
            .buffer(flagsPerElement.length * AqMacVlan.ELEMENT_SIZE, true);
        for (int i = 0; i < flagsPerElement.length; i++) {
            final int at = i * AqMacVlan.ELEMENT_SIZE;
            cmd.buffer.putBytes(at, bytes(0x02, 0x00, 0xAA, 0xBB, 0xCC, 0x01 + i));
            if (flagsOffset == AqMacVlan.ADD_FLAGS) {
                cmd.buffer.putShort(at + flagsOffset, (short) flagsPerElement[i], ByteOrder.LITTLE_ENDIAN);
            } else {
                cmd.buffer.putByte(at + flagsOffset, (byte) flagsPerElement[i]);
            }
        }
        return cmd;
    }

    @Test
    void defaultFilterRemovalTheLinuxWay() {
        assertTrue(device.firmware().switchFirmware().hasFilter(MAIN_SEID, 0x0200_AABB_CC01L, -1));
        // Linux removes the default filter first with PERFECT only (fails: it ignores the VLAN), then with
        // PERFECT | IGNORE_VLAN (facts 4.12).
        TestDriver.Completion c = macVlan(AdminQueueOpcode.REMOVE_MACVLAN, AqMacVlan.REMOVE_FLAGS,
            AqMacVlan.REMOVE_PERFECT_MATCH).send();
        assertEquals(AdminQueueReturnCode.ENOENT, c.retval());
        assertEquals(0xFF, c.buffer.getByte(AqMacVlan.REMOVE_ERROR_CODE) & 0xFF);
        c = macVlan(AdminQueueOpcode.REMOVE_MACVLAN, AqMacVlan.REMOVE_FLAGS,
            AqMacVlan.REMOVE_PERFECT_MATCH | AqMacVlan.REMOVE_IGNORE_VLAN).send();
        assertEquals(0, c.retval());
        assertEquals(0, c.buffer.getByte(AqMacVlan.REMOVE_ERROR_CODE));
        assertEquals(0, c.param16(AqMacVlan.PERFECT_MAC_USED));
        assertEquals(List.of("removeMac 512 200aabbcc01 vlan -1"), plane.calls);
        assertEquals(0, device.firmware().switchFirmware().filterCount());
    }

    @Test
    void addFiltersUntilTheTableIsFull() {
        open(TestDriver.config().maxMacFilters(3).build()); // the default filter takes one
        final TestDriver.Completion c = macVlan(AdminQueueOpcode.ADD_MACVLAN, AqMacVlan.ADD_FLAGS,
            AqMacVlan.ADD_PERFECT_MATCH | AqMacVlan.ADD_IGNORE_VLAN, AqMacVlan.ADD_PERFECT_MATCH,
            AqMacVlan.ADD_PERFECT_MATCH, AqMacVlan.ADD_PERFECT_MATCH).send();
        assertEquals(AdminQueueReturnCode.ENOSPC, c.retval());
        assertEquals(AqMacVlan.MM_PERFECT, c.buffer.getByte(AqMacVlan.ADD_MATCH_METHOD), "already there");
        assertEquals(AqMacVlan.MM_PERFECT, c.buffer.getByte(16 + AqMacVlan.ADD_MATCH_METHOD));
        assertEquals(AqMacVlan.MM_PERFECT, c.buffer.getByte(32 + AqMacVlan.ADD_MATCH_METHOD));
        assertEquals(AqMacVlan.MM_ERR_NO_RES, c.buffer.getByte(48 + AqMacVlan.ADD_MATCH_METHOD) & 0xFF);
        assertEquals(3, c.param16(AqMacVlan.PERFECT_MAC_USED));
        assertEquals(0, c.param16(AqMacVlan.PERFECT_MAC_FREE));
        assertEquals(List.of("addMac 512 200aabbcc02 vlan 0 queue -1", "addMac 512 200aabbcc03 vlan 0 queue -1"),
            plane.calls);
    }

    @Test
    void rssKeyAndLutRoundTrip() {
        final TestDriver.Command key = driver.command(AdminQueueOpcode.SET_RSS_KEY)
            .param16(AqRss.VSI_ID, AqRss.VSI_VALID).buffer(AqRss.KEY_DATA_SIZE, true);
        for (int i = 0; i < AqRss.KEY_DATA_SIZE; i++) {
            key.buffer.putByte(i, (byte) (0x6D + i));
        }
        assertEquals(0, key.send().retval());
        final TestDriver.Command lut = driver.command(AdminQueueOpcode.SET_RSS_LUT)
            .param16(AqRss.VSI_ID, AqRss.VSI_VALID).param16(AqRss.LUT_FLAGS, AqRss.LUT_TABLE_TYPE_PF)
            .buffer(512, true);
        for (int i = 0; i < 512; i++) {
            lut.buffer.putByte(i, (byte) (i % 7)); // entry 511 = 511 mod 7 = 0
        }
        assertEquals(0, lut.send().retval());
        assertEquals(List.of("rssKey 512 52 first 0x6d", "rssLut 512 512 last 0"), plane.calls);
        final TestDriver.Completion gotKey = driver.command(AdminQueueOpcode.GET_RSS_KEY)
            .param16(AqRss.VSI_ID, AqRss.VSI_VALID).buffer(AqRss.KEY_DATA_SIZE, false).send();
        assertEquals(0x6D + 51, gotKey.buffer.getByte(51) & 0xFF);
        final TestDriver.Completion gotLut = driver.command(AdminQueueOpcode.GET_RSS_LUT)
            .param16(AqRss.VSI_ID, AqRss.VSI_VALID).param16(AqRss.LUT_FLAGS, AqRss.LUT_TABLE_TYPE_PF)
            .buffer(512, false).send();
        assertEquals(510 % 7, gotLut.buffer.getByte(510));
        assertEquals(AdminQueueReturnCode.ENOENT, driver.command(AdminQueueOpcode.SET_RSS_KEY)
            .param16(AqRss.VSI_ID, 0).buffer(AqRss.KEY_DATA_SIZE, true).send().retval(), "VSI_VALID missing");
        assertEquals(AdminQueueReturnCode.EINVAL, driver.command(AdminQueueOpcode.SET_RSS_LUT)
            .param16(AqRss.VSI_ID, AqRss.VSI_VALID).buffer(1024, true).send().retval(), "beyond the 512 table");
        assertFalse(plane.calls.size() > 2);
    }
}
