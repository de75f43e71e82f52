package io.xdpj.i40e.hw.aq;

/**
 * VSI commands (0x0210 add / 0x0211 update / 0x0212 get; indirect, 128-byte buffer): params, completion and the VSI
 * properties buffer {@code struct i40e_aqc_vsi_properties_data} (facts 4.10). The first 96 bytes are written by SW,
 * the last 32 by FW.
 */
public final class AqVsi {

    private AqVsi() {
    }

    /** Command: u16; for get/update the VSI's own SEID (facts 4.10). */
    public static final int UPLINK_SEID = 0;
    /** Command: u8, 1 normal, 2 default, 3 cascaded (facts 4.10). */
    public static final int CONNECTION_TYPE = 2;
    /** Command: u8 (facts 4.10). */
    public static final int VF_ID = 4;
    /** Command: u16, type [1:0] (facts 4.10). */
    public static final int VSI_FLAGS = 6;
    /** vsi_flags type values (facts 4.10). */
    public static final int TYPE_VF = 0;
    public static final int TYPE_VMDQ2 = 1;
    public static final int TYPE_PF = 2;
    public static final int TYPE_EMP_MNG = 3;
    /** vsi_flags: cascaded PV (facts 4.10). */
    public static final int FLAG_CASCADED_PV = 0x4;

    /** Completion: u16 (facts 4.10). */
    public static final int COMPLETION_SEID = 0;
    /** Completion: u16 (facts 4.10). */
    public static final int COMPLETION_VSI_NUMBER = 2;
    /** Completion: u16 (facts 4.10). */
    public static final int COMPLETION_VSI_USED = 4;
    /** Completion: u16 (facts 4.10). */
    public static final int COMPLETION_VSI_FREE = 6;

    /** Properties buffer size (facts 4.10). */
    public static final int PROPERTIES_SIZE = 128;
    /** Bytes of the properties buffer written by SW (facts 4.10). */
    public static final int SW_WRITTEN_SIZE = 96;
    /** u16 (facts 4.10). */
    public static final int VALID_SECTIONS = 0;
    /** u16 (facts 4.10). */
    public static final int SWITCH_ID = 2;
    /** u8 (facts 4.10). */
    public static final int SEC_FLAGS = 6;
    /** u16 (facts 4.10). */
    public static final int PVID = 8;
    /** u16 (facts 4.10). */
    public static final int OUTER_VLAN = 10;
    /** u8 (facts 4.10). */
    public static final int PORT_VLAN_FLAGS = 12;
    /** u8 (facts 4.10). */
    public static final int OUTER_VLAN_FLAGS = 13;
    /** u32 (facts 4.10). */
    public static final int INGRESS_TABLE = 16;
    /** u32 (facts 4.10). */
    public static final int EGRESS_TABLE = 20;
    /** u16 (facts 4.10). */
    public static final int CAS_PV_TAG = 24;
    /** u8 (facts 4.10). */
    public static final int CAS_PV_FLAGS = 26;
    /** u16: QUE_MAP_CONTIG 0, NONCONTIG 1 (facts 4.10). */
    public static final int MAPPING_FLAGS = 28;
    /** u16[16]: PF-relative queue index [10:0] (facts 4.10). */
    public static final int QUEUE_MAPPING = 30;
    /** u16[8]: QUE_OFFSET [8:0], QUE_NUMBER [11:9] = log2(count) (facts 4.10). */
    public static final int TC_MAPPING = 62;
    /** u8 (facts 4.10). */
    public static final int QUEUEING_OPT_FLAGS = 78;
    /** u8 (facts 4.10). */
    public static final int UP_ENABLE_BITS = 82;
    /** u32 (facts 4.10). */
    public static final int OUTER_UP_TABLE = 84;
    /** u16[8]: FW-written Tx queue-set handle per TC (0xFFFF invalid); goes into Tx context rdylist (facts 4.10). */
    public static final int QS_HANDLE = 96;
    /** u16: FW-written GLV_* statistics index (facts 4.10). */
    public static final int STAT_COUNTER_IDX = 112;
    /** u16 (facts 4.10). */
    public static final int SCHED_ID = 114;

    /** valid_sections bits (facts 4.10). */
    public static final int PROP_SWITCH_VALID = 0x0001;
    public static final int PROP_SECURITY_VALID = 0x0002;
    public static final int PROP_VLAN_VALID = 0x0004;
    public static final int PROP_CAS_PV_VALID = 0x0008;
    public static final int PROP_INGRESS_UP_VALID = 0x0010;
    public static final int PROP_EGRESS_UP_VALID = 0x0020;
    public static final int PROP_QUEUE_MAP_VALID = 0x0040;
    public static final int PROP_QUEUE_OPT_VALID = 0x0080;
    public static final int PROP_OUTER_UP_VALID = 0x0100;
    public static final int PROP_SCHED_VALID = 0x0200;

    /** mapping_flags (facts 4.10). */
    public static final int QUE_MAP_CONTIG = 0x0;
    public static final int QUE_MAP_NONCONTIG = 0x1;
    /** queue_mapping entry mask (facts 4.10). */
    public static final int QUEUE_MAPPING_MASK = 0x7FF;
    /** tc_mapping fields (facts 4.10). */
    public static final int TC_QUE_OFFSET_SHIFT = 0;
    public static final int TC_QUE_OFFSET_MASK = 0x1FF << TC_QUE_OFFSET_SHIFT;
    public static final int TC_QUE_NUMBER_SHIFT = 9;
    public static final int TC_QUE_NUMBER_MASK = 0x7 << TC_QUE_NUMBER_SHIFT;
    /** Number of queue_mapping entries (facts 4.10). */
    public static final int QUEUE_MAPPING_ENTRIES = 16;
    /** Number of tc_mapping / qs_handle entries (facts 4.10). */
    public static final int TC_ENTRIES = 8;
    /** Invalid qs_handle (facts 4.10). */
    public static final int QS_HANDLE_INVALID = 0xFFFF;
    /** port_vlan_flags MODE [1:0] ALL (facts 4.10). */
    public static final int PVLAN_MODE_ALL = 0x03;
    /** port_vlan_flags EMOD STR_BOTH (facts 4.10). */
    public static final int PVLAN_EMOD_STR_BOTH = 0x00;
}
