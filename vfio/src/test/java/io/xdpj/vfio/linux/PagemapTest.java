package io.xdpj.vfio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xdpj.vfio.DmaException;

import org.junit.jupiter.api.Test;

/** Decoding of /proc/self/pagemap entries (facts D.7), golden entries built by hand. */
class PagemapTest {

    @Test
    void presentEntryGivesPfnTimesPageSizePlusOffset() {
        // present (bit 63), exclusively mapped (bit 56), soft-dirty (bit 55), PFN 0x12345
        final long entry = (1L << 63) | (1L << 56) | (1L << 55) | 0x12345L;
        assertEquals(0x12345L * 4096 + 0xABC, Pagemap.translate(entry, 0x7F00_0000_1ABCL));
    }

    @Test
    void flagBitsAboveBit54AreNotPartOfThePfn() {
        // the ixy.java trap of facts D.7: bits 55-63 must be masked off
        final long entry = (1L << 63) | (1L << 61) | (1L << 55) | ((1L << 55) - 1);
        assertEquals(((1L << 55) - 1) * 4096, Pagemap.translate(entry, 0x1000));
    }

    @Test
    void absentPageIsRefused() {
        final DmaException e = assertThrows(DmaException.class, () -> Pagemap.translate(1L << 62, 0x5000));
        assertTrue(e.getMessage().contains("0x5000 is not present (swapped out)"), e.getMessage());
    }

    @Test
    void zeroPfnOfAPresentPageMeansNoCapSysAdmin() {
        final DmaException e = assertThrows(DmaException.class, () -> Pagemap.translate(1L << 63, 0x5000));
        assertTrue(e.getMessage().contains("CAP_SYS_ADMIN"), e.getMessage());
    }
}
