package io.xdpj.i40e.hw.reg;

/**
 * Admin queue registers PF_ATQ* (transmit: driver → firmware commands) and PF_ARQ* (receive: firmware → driver
 * events), all reset domain EMPR (facts 3.1). Layout: ATQ BAL/BAH/LEN/H/T at 0x80000 + {0, 0x100, 0x200, 0x300,
 * 0x400}; the ARQ block is the same + 0x80.
 */
public final class AdminQueueRegisters {

    private AdminQueueRegisters() {
    }

    /** ATQ ring base address bits 31:0 (facts 3.1). */
    public static final int PF_ATQBAL = 0x00080000;
    /** ARQ ring base address bits 31:0 (facts 3.1). */
    public static final int PF_ARQBAL = 0x00080080;
    /** ATQ ring base address bits 63:32 (facts 3.1). */
    public static final int PF_ATQBAH = 0x00080100;
    /** ARQ ring base address bits 63:32 (facts 3.1). */
    public static final int PF_ARQBAH = 0x00080180;
    /** ATQ length and state (facts 3.1). */
    public static final int PF_ATQLEN = 0x00080200;
    /** ARQ length and state (facts 3.1). */
    public static final int PF_ARQLEN = 0x00080280;
    /** ATQ head, written by firmware (facts 3.1). */
    public static final int PF_ATQH = 0x00080300;
    /** ARQ head, written by firmware (facts 3.1). */
    public static final int PF_ARQH = 0x00080380;
    /** ATQ tail, written by the driver (facts 3.1). */
    public static final int PF_ATQT = 0x00080400;
    /** ARQ tail, written by the driver (facts 3.1). */
    public static final int PF_ARQT = 0x00080480;

    /** Offset of the ARQ block from the ATQ block (facts 3.1, derived layout rule). */
    public static final int ARQ_BLOCK_OFFSET = 0x80;

    /** Number of descriptors (facts 3.1). */
    public static final int PF_ATQLEN_ATQLEN_SHIFT = 0;
    public static final int PF_ATQLEN_ATQLEN_MASK = 0x3FF << PF_ATQLEN_ATQLEN_SHIFT;
    /** VF error (facts 3.1). */
    public static final int PF_ATQLEN_ATQVFE_SHIFT = 28;
    public static final int PF_ATQLEN_ATQVFE_MASK = 1 << PF_ATQLEN_ATQVFE_SHIFT;
    /** Overflow (facts 3.1). */
    public static final int PF_ATQLEN_ATQOVFL_SHIFT = 29;
    public static final int PF_ATQLEN_ATQOVFL_MASK = 1 << PF_ATQLEN_ATQOVFL_SHIFT;
    /** Critical error; drivers report "AQ Critical error" on a timeout when set (facts 3.1, 3.6). */
    public static final int PF_ATQLEN_ATQCRIT_SHIFT = 30;
    public static final int PF_ATQLEN_ATQCRIT_MASK = 1 << PF_ATQLEN_ATQCRIT_SHIFT;
    /** Queue enable (facts 3.1). */
    public static final int PF_ATQLEN_ATQENABLE_SHIFT = 31;
    public static final int PF_ATQLEN_ATQENABLE_MASK = 1 << PF_ATQLEN_ATQENABLE_SHIFT;

    /** Facts 3.1. */
    public static final int PF_ARQLEN_ARQLEN_SHIFT = 0;
    public static final int PF_ARQLEN_ARQLEN_MASK = 0x3FF << PF_ARQLEN_ARQLEN_SHIFT;
    /** Facts 3.1. */
    public static final int PF_ARQLEN_ARQVFE_SHIFT = 28;
    public static final int PF_ARQLEN_ARQVFE_MASK = 1 << PF_ARQLEN_ARQVFE_SHIFT;
    /** Facts 3.1. */
    public static final int PF_ARQLEN_ARQOVFL_SHIFT = 29;
    public static final int PF_ARQLEN_ARQOVFL_MASK = 1 << PF_ARQLEN_ARQOVFL_SHIFT;
    /** Facts 3.1. */
    public static final int PF_ARQLEN_ARQCRIT_SHIFT = 30;
    public static final int PF_ARQLEN_ARQCRIT_MASK = 1 << PF_ARQLEN_ARQCRIT_SHIFT;
    /** Facts 3.1. */
    public static final int PF_ARQLEN_ARQENABLE_SHIFT = 31;
    public static final int PF_ARQLEN_ARQENABLE_MASK = 1 << PF_ARQLEN_ARQENABLE_SHIFT;

    /** Facts 3.1. */
    public static final int PF_ATQH_ATQH_SHIFT = 0;
    public static final int PF_ATQH_ATQH_MASK = 0x3FF << PF_ATQH_ATQH_SHIFT;
    /** Facts 3.1. */
    public static final int PF_ARQH_ARQH_SHIFT = 0;
    public static final int PF_ARQH_ARQH_MASK = 0x3FF << PF_ARQH_ARQH_SHIFT;
    /** Facts 3.1. */
    public static final int PF_ATQT_ATQT_SHIFT = 0;
    public static final int PF_ATQT_ATQT_MASK = 0x3FF << PF_ATQT_ATQT_SHIFT;
    /** Facts 3.1. */
    public static final int PF_ARQT_ARQT_SHIFT = 0;
    public static final int PF_ARQT_ARQT_MASK = 0x3FF << PF_ARQT_ARQT_SHIFT;
}
