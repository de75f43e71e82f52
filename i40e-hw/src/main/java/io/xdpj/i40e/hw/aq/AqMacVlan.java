package io.xdpj.i40e.hw.aq;

/** Add / Remove MAC-VLAN (0x0250 / 0x0251, indirect BUF|RD [+LB]) (facts 4.12). */
public final class AqMacVlan {

    private AqMacVlan() {
    }

    /** u16 (facts 4.12). */
    public static final int NUM_ADDRESSES = 0;
    /** u16: VSI SEID | SEID_VALID (facts 4.12). */
    public static final int SEID0 = 2;
    /** u16 (facts 4.12). */
    public static final int SEID1 = 4;
    /** u16 (facts 4.12). */
    public static final int SEID2 = 6;
    /** Facts 4.12. */
    public static final int SEID_VALID = 0x8000;
    /** SEID in bits [9:0] (facts 4.12). */
    public static final int SEID_MASK = 0x3FF;

    /** Completion: u16 (facts 4.12). */
    public static final int PERFECT_MAC_USED = 0;
    /** Completion: u16 (facts 4.12). */
    public static final int PERFECT_MAC_FREE = 2;
    /** Completion: u16 (facts 4.12). */
    public static final int UNICAST_HASH_FREE = 4;
    /** Completion: u16 (facts 4.12). */
    public static final int MULTICAST_HASH_FREE = 6;

    /** Element size, add and remove (facts 4.12). */
    public static final int ELEMENT_SIZE = 16;
    /** Element: mac[6] (facts 4.12). */
    public static final int MAC = 0;
    /** Element: u16 (facts 4.12). */
    public static final int VLAN_TAG = 6;
    /** Add element: u16 flags (facts 4.12). */
    public static final int ADD_FLAGS = 8;
    /** Add element: u16 queue_number [10:0] (facts 4.12). */
    public static final int ADD_QUEUE_NUMBER = 10;
    /** Add element: u8 match_method (facts 4.12). */
    public static final int ADD_MATCH_METHOD = 12;
    /** Remove element: u8 flags (facts 4.12). */
    public static final int REMOVE_FLAGS = 8;
    /** Remove element: u8 error_code, 0 success, 0xFF fail (facts 4.12). */
    public static final int REMOVE_ERROR_CODE = 12;

    /** Add flags (facts 4.12). */
    public static final int ADD_PERFECT_MATCH = 0x1;
    public static final int ADD_HASH_MATCH = 0x2;
    public static final int ADD_IGNORE_VLAN = 0x4;
    public static final int ADD_TO_QUEUE = 0x8;
    public static final int ADD_USE_SHARED_MAC = 0x10;
    /** Add match_method responses (facts 4.12). */
    public static final int MM_PERFECT = 1;
    public static final int MM_HASH = 2;
    public static final int MM_ERR_NO_RES = 0xFF;
    /** Remove flags (facts 4.12). */
    public static final int REMOVE_PERFECT_MATCH = 0x01;
    public static final int REMOVE_HASH_MATCH = 0x02;
    public static final int REMOVE_IGNORE_VLAN = 0x08;
    public static final int REMOVE_ALL_VSIS = 0x10;
    /** Remove error_code values (facts 4.12). */
    public static final int REMOVE_SUCCESS = 0;
    public static final int REMOVE_FAIL = 0xFF;
}
