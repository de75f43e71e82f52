package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.i40e.hw.desc.TxContextDescriptor;
import io.xdpj.i40e.hw.desc.TxDescriptor;

/**
 * The descriptor decoders of i40e-hw on arbitrary write-back words: every field decodes within its width, and
 * re-encoding the decoded fields gives back exactly the bits the layout defines (facts 7.2, 7.3, 7.4), so no field
 * overlaps another or loses a bit.
 */
class DescriptorFuzzTest {

    /** Bits of an Rx qword1 the layout gives no field: 27..29 (between ERROR and PTYPE). */
    private static final long RX_QW1_UNDEFINED = 0x7L << 27;
    /** Bits of a Tx data qword1 the layout gives no field: 14..15 (between CMD and OFFSET). */
    private static final long TX_QW1_UNDEFINED = 0x3L << 14;

    @FuzzTest(maxDuration = "60s")
    void rxWriteBack(FuzzedDataProvider data) {
        final long qw1 = data.consumeLong();
        final long qw0 = data.consumeLong();
        final int len = RxDescriptor.lengthPbuf(qw1);
        assertTrue(len >= 0 && len <= 0x3FFF, "LENGTH_PBUF is 14 bits: " + len);
        assertTrue(RxDescriptor.lengthHbuf(qw1) >= 0 && RxDescriptor.lengthHbuf(qw1) <= 0x7FF);
        assertTrue(RxDescriptor.ptype(qw1) >= 0 && RxDescriptor.ptype(qw1) <= 0xFF);
        assertTrue(RxDescriptor.error(qw1) >= 0 && RxDescriptor.error(qw1) <= 0xFF);
        assertTrue(RxDescriptor.umbcast(qw1) >= 0 && RxDescriptor.umbcast(qw1) <= 3);
        assertTrue(RxDescriptor.fltstat(qw1) >= 0 && RxDescriptor.fltstat(qw1) <= 3);
        assertEquals((qw1 & RxDescriptor.DD_MASK) != 0, RxDescriptor.isDone(qw1));
        assertEquals((qw1 & RxDescriptor.EOF_MASK) != 0, RxDescriptor.isEndOfFrame(qw1));
        final long again = RxDescriptor.qword1(RxDescriptor.status(qw1), RxDescriptor.error(qw1),
            RxDescriptor.ptype(qw1), RxDescriptor.lengthPbuf(qw1), RxDescriptor.lengthHbuf(qw1))
            | (RxDescriptor.sph(qw1) ? RxDescriptor.I40E_RXD_QW1_LENGTH_SPH_MASK : 0);
        assertEquals(qw1 & ~RX_QW1_UNDEFINED, again, Long.toHexString(qw1));
        final long qw0again = RxDescriptor.qword0(RxDescriptor.l2tag1(qw0), RxDescriptor.filterStatus(qw0));
        assertEquals(qw0 & ~0xFFFFL, qw0again & ~0xFFFFL, "L2TAG1 and the filter status: " + Long.toHexString(qw0));
    }

    @FuzzTest(maxDuration = "60s")
    void txDataAndContext(FuzzedDataProvider data) {
        final long qw1 = data.consumeLong();
        final int size = TxDescriptor.bufferSize(qw1);
        assertTrue(size >= 0 && size <= TxDescriptor.I40E_MAX_DATA_PER_TXD, "TX_BUF_SZ is 14 bits: " + size);
        final long again = TxDescriptor.dataQword1(TxDescriptor.cmd(qw1), TxDescriptor.offset(qw1), size,
            TxDescriptor.l2tag1(qw1)) | ((long) TxDescriptor.dtype(qw1) << TxDescriptor.I40E_TXD_QW1_DTYPE_SHIFT);
        assertEquals(qw1 & ~TX_QW1_UNDEFINED, again, Long.toHexString(qw1));
        assertEquals(TxDescriptor.dtype(qw1) == TxDescriptor.I40E_TX_DESC_DTYPE_DESC_DONE,
            TxDescriptor.isDescDone(qw1));
        final long ctx = data.consumeLong();
        final int mss = TxContextDescriptor.mss(ctx);
        final int tso = TxContextDescriptor.tsoLength(ctx);
        assertTrue(mss >= 0 && mss <= 0x3FFF && tso >= 0 && tso <= 0x3FFFF);
        final long ctxAgain = TxContextDescriptor.qword1(TxContextDescriptor.cmd(ctx), tso, mss);
        final long defined = TxContextDescriptor.I40E_TXD_CTX_QW1_CMD_MASK | TxContextDescriptor.I40E_TXD_CTX_QW1_TSO_LEN_MASK
            | TxContextDescriptor.I40E_TXD_CTX_QW1_MSS_MASK;
        assertEquals(ctx & defined, ctxAgain & defined, Long.toHexString(ctx));
    }
}
