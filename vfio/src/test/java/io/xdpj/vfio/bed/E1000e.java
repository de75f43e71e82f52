package io.xdpj.vfio.bed;

/**
 * The few 82574L (e1000e, 8086:10d3) registers and legacy transmit-descriptor fields the bed uses. Source: Intel's
 * shared e1000 code, {@code e1000_regs.h} / {@code e1000_defines.h} (as in FreeBSD sys/dev/em and Linux e1000e), and
 * the 8254x Software Developer's Manual 3.3.3 (legacy transmit descriptor). Only the bed's device, not the product's.
 */
final class E1000e {
    /** 82574L device ID (bed reference: "config 8086:10d3"). */
    static final int DEVICE_ID_82574L = 0x10D3;
    /** BAR0 size vfio-pci reports for it (bed reference: "BAR0 size 0x20000"). */
    static final int BAR0_SIZE = 0x20000;

    /** Device status (e1000_regs.h E1000_STATUS). */
    static final int STATUS = 0x00008;
    /** STATUS: full duplex (e1000_defines.h E1000_STATUS_FD). */
    static final int STATUS_FD = 0x1;
    /** Transmit control (e1000_regs.h E1000_TCTL). */
    static final int TCTL = 0x00400;
    /** TCTL: transmit enable (e1000_defines.h E1000_TCTL_EN). */
    static final int TCTL_EN = 0x2;
    /** TCTL: pad short packets (e1000_defines.h E1000_TCTL_PSP). */
    static final int TCTL_PSP = 0x8;
    /** Tx descriptor base low (e1000_regs.h E1000_TDBAL(0)). */
    static final int TDBAL = 0x03800;
    /** Tx descriptor base high (e1000_regs.h E1000_TDBAH(0)). */
    static final int TDBAH = 0x03804;
    /** Tx descriptor ring length in bytes, a multiple of 128 (e1000_regs.h E1000_TDLEN(0)). */
    static final int TDLEN = 0x03808;
    /** Tx descriptor head (e1000_regs.h E1000_TDH(0)). */
    static final int TDH = 0x03810;
    /** Tx descriptor tail (e1000_regs.h E1000_TDT(0)). */
    static final int TDT = 0x03818;
    /** Good packets transmitted, clear on read (e1000_regs.h E1000_GPTC). */
    static final int GPTC = 0x04080;
    /** Receive address low, entry 0 (e1000_regs.h E1000_RAL(0)). */
    static final int RAL0 = 0x05400;
    /** Receive address high, entry 0 (e1000_regs.h E1000_RAH(0)). */
    static final int RAH0 = 0x05404;
    /** RAH: address valid (e1000_defines.h E1000_RAH_AV). */
    static final int RAH_AV = 0x80000000;

    /** Legacy Tx descriptor size (SDM 3.3.3). */
    static final int TXD_SIZE = 16;
    /** u64 buffer address (SDM 3.3.3). */
    static final int TXD_BUFFER_ADDR = 0;
    /** u16 length (SDM 3.3.3). */
    static final int TXD_LENGTH = 8;
    /** u8 command (SDM 3.3.3). */
    static final int TXD_CMD = 11;
    /** u8 status (SDM 3.3.3). */
    static final int TXD_STATUS = 12;
    /** CMD: end of packet (e1000_defines.h E1000_TXD_CMD_EOP, byte form). */
    static final int TXD_CMD_EOP = 0x01;
    /** CMD: insert FCS (E1000_TXD_CMD_IFCS). */
    static final int TXD_CMD_IFCS = 0x02;
    /** CMD: report status, i.e. write DD back (E1000_TXD_CMD_RS). */
    static final int TXD_CMD_RS = 0x08;
    /** STATUS: descriptor done (E1000_TXD_STAT_DD). */
    static final int TXD_STAT_DD = 0x01;

    private E1000e() {
    }
}
