package io.xdpj.i40e.hw.reg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Golden offsets and strides, each read off the facts tables and computed by hand for the indexed ones. */
class RegisterOffsetsTest {

    @Test
    void queueRegistersUseFourByteStrides() {
        // QTX_ENA(7) = 0x00100000 + 4 × 7 (facts 6.1).
        assertEquals(0x0010001C, LanQueueRegisters.QTX_ENA(7));
        assertEquals(0x00104000 + 4 * 1535, LanQueueRegisters.QTX_CTL(1535));
        assertEquals(0x00108004, LanQueueRegisters.QTX_TAIL(1));
        assertEquals(0x000E4028, LanQueueRegisters.QTX_HEAD(10));
        assertEquals(0x00120064, LanQueueRegisters.QRX_ENA(25));
        assertEquals(0x0012800C, LanQueueRegisters.QRX_TAIL(3));
        assertEquals(0x000E652C, LanQueueRegisters.GLLAN_TXPRE_QDIS(11));
        assertThrows(IndexOutOfBoundsException.class, () -> LanQueueRegisters.QTX_ENA(1536));
        assertThrows(IndexOutOfBoundsException.class, () -> LanQueueRegisters.GLLAN_TXPRE_QDIS(12));
        assertThrows(IndexOutOfBoundsException.class, () -> LanQueueRegisters.QRX_TAIL(-1));
    }

    @Test
    void queueFieldMasks() {
        assertEquals(0x1, LanQueueRegisters.QENA_REQ_MASK);
        assertEquals(0x4, LanQueueRegisters.QENA_STAT_MASK);
        // PFLAN_QALLOC FIRSTQ 64, LASTQ 127, VALID → 0x807F0040 (facts 2.1).
        assertEquals(0x807F0040, (64 << LanQueueRegisters.PFLAN_QALLOC_FIRSTQ_SHIFT)
            | (127 << LanQueueRegisters.PFLAN_QALLOC_LASTQ_SHIFT) | LanQueueRegisters.PFLAN_QALLOC_VALID_MASK);
        assertEquals(0x80000000, LanQueueRegisters.GLLAN_TXPRE_QDIS_CLEAR_QDIS_MASK);
        assertEquals(0x40000000, LanQueueRegisters.GLLAN_TXPRE_QDIS_SET_QDIS_MASK);
        // QTX_CTL for a PF queue of pf 3 = 2 | 3 << 2 = 0xE (facts 6.2 step 2).
        assertEquals(0xE, LanQueueRegisters.QTX_CTL_PF_QUEUE | (3 << LanQueueRegisters.QTX_CTL_PF_INDX_SHIFT));
    }

    @Test
    void adminQueueBlockLayout() {
        // ATQ at 0x80000 + {0, 0x100, 0x200, 0x300, 0x400}, ARQ the same + 0x80 (facts 3.1).
        assertEquals(AdminQueueRegisters.PF_ATQBAL + 0x80, AdminQueueRegisters.PF_ARQBAL);
        assertEquals(AdminQueueRegisters.PF_ATQBAL + 0x100, AdminQueueRegisters.PF_ATQBAH);
        assertEquals(AdminQueueRegisters.PF_ATQBAL + 0x200, AdminQueueRegisters.PF_ATQLEN);
        assertEquals(AdminQueueRegisters.PF_ATQBAL + 0x300, AdminQueueRegisters.PF_ATQH);
        assertEquals(AdminQueueRegisters.PF_ATQBAL + 0x400, AdminQueueRegisters.PF_ATQT);
        assertEquals(0x00080480, AdminQueueRegisters.PF_ARQT);
        assertEquals(0x80000000, AdminQueueRegisters.PF_ATQLEN_ATQENABLE_MASK);
        assertEquals(0x40000000, AdminQueueRegisters.PF_ATQLEN_ATQCRIT_MASK);
        assertEquals(0x3FF, AdminQueueRegisters.PF_ATQLEN_ATQLEN_MASK);
    }

    @Test
    void hmcRegisters() {
        assertEquals(0x000C6200 + 4 * 5, HmcRegisters.GLHMC_LANTXBASE(5));
        assertEquals(0x000C633C, HmcRegisters.GLHMC_LANTXCNT(15));
        assertEquals(0x000C6400, HmcRegisters.GLHMC_LANRXBASE(0));
        assertEquals(0x000C6504, HmcRegisters.GLHMC_LANRXCNT(1));
        assertThrows(IndexOutOfBoundsException.class, () -> HmcRegisters.GLHMC_LANRXCNT(16));
        // SDDATALOW for a direct SD at 0x1_2345_6000: low address bits | 512 << 2 | TYPE | VALID = 0x23456803 (5.3).
        assertEquals(0x23456803, (int) 0x123456000L | (512 << HmcRegisters.PFHMC_SDDATALOW_PMSDBPCOUNT_SHIFT)
            | HmcRegisters.PFHMC_SDDATALOW_PMSDTYPE_MASK | HmcRegisters.PFHMC_SDDATALOW_PMSDVALID_MASK);
        assertEquals(0x800, 512 << HmcRegisters.PFHMC_SDDATALOW_PMSDBPCOUNT_SHIFT);
        assertEquals(0xFFFFF000, HmcRegisters.PFHMC_SDDATALOW_PMSDDATALOW_MASK);
        assertEquals(0x0010C180, HmcRegisters.PFCM_LANCTXDATA(1));
    }

    @Test
    void interruptRegisters() {
        assertEquals(0x00034800 + 4 * 511, InterruptRegisters.PFINT_DYN_CTLN(511));
        assertEquals(0x00035004, InterruptRegisters.PFINT_LNKLSTN(1));
        assertEquals(0x0003A000 + 4 * 9, InterruptRegisters.QINT_RQCTL(9));
        assertEquals(0x0003C010, InterruptRegisters.QINT_TQCTL(4));
        // PFINT_ITRN(i, n) = 0x00030000 + 2048 i + 4 n (facts 9).
        assertEquals(0x00030000 + 2 * 2048 + 4 * 3, InterruptRegisters.PFINT_ITRN(2, 3));
        assertEquals(0x00038100, InterruptRegisters.PFINT_ITR0(2));
        // DYN_CTLN = ITR_INDX 3, "no ITR update" (facts 2.3): 3 << 3 = 0x18 (DPDK's ITR_INDX_MASK value, facts 9).
        assertEquals(0x18, InterruptRegisters.ITR_NONE << InterruptRegisters.PFINT_DYN_CTL0_ITR_INDX_SHIFT);
        assertEquals(0x40000000, InterruptRegisters.PFINT_ICR0_ADMINQ_MASK);
    }

    @Test
    void statisticsRegisters() {
        assertEquals(0x00300000 + 8 * 2, StatisticsRegisters.GLPRT_GORCL(2));
        assertEquals(0x003005A8, StatisticsRegisters.GLPRT_UPRCL(1));
        assertEquals(0x0036C000 + 8 * 383, StatisticsRegisters.GLV_UPRCL(383));
        assertEquals(0x00310010, StatisticsRegisters.GLV_RDPC(2));
        assertThrows(IndexOutOfBoundsException.class, () -> StatisticsRegisters.GLPRT_GORCL(4));
        assertThrows(IndexOutOfBoundsException.class, () -> StatisticsRegisters.GLV_GOTCL(384));
        assertTrue(StatisticsRegisters.isStatisticsOffset(StatisticsRegisters.GLV_TEPC(383)));
        assertTrue(StatisticsRegisters.isStatisticsOffset(StatisticsRegisters.GLGEN_STAT_CLEAR));
        assertFalse(StatisticsRegisters.isStatisticsOffset(LanQueueRegisters.QRX_TAIL(0)));
    }

    @Test
    void identityAndNvm() {
        assertEquals(0x0009C000, PciRegisters.PF_FUNC_RID);
        assertEquals(0x10, PciRegisters.GLPCI_CAPSUP_ARI_EN_MASK);
        assertEquals(0x1FFC, PciRegisters.GLPCI_CNF2_MSI_X_PF_N_MASK);
        assertEquals(0x40, Nvm.GLNVM_FLA_LOCKED_MASK);
        assertEquals(0x18, Nvm.GLNVM_ULD_CONF_CORE_DONE_MASK | Nvm.GLNVM_ULD_CONF_GLOBAL_DONE_MASK);
        assertEquals(0x80000000, Nvm.GLNVM_SRCTL_DONE_MASK);
        // Reading word 0x18: (0x18 << 14) | START = 0x40060000 (facts 2.1).
        assertEquals(0x40060000, (0x18 << Nvm.GLNVM_SRCTL_ADDR_SHIFT) | Nvm.GLNVM_SRCTL_START_MASK);
        assertEquals(0x00FF0000, Nvm.GL_FWSTS_FWS1B_MASK);
        assertEquals(0x001E4460, MacRegisters.PRTPM_SAL(1));
        assertEquals(0x001E4520, MacRegisters.PRTPM_SAH(3));
    }
}
