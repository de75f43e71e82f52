package io.xdpj.i40e.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Intel700SeriesIdsTest {

    @Test
    void recognisesEveryPfIdOfTheFactsTable() {
        // i40e facts 1.1: 27 PF device IDs, vendor 0x8086
        final int[] ids = {0x1572, 0x1574, 0x1580, 0x1581, 0x1583, 0x1584, 0x1585, 0x1586, 0x1587, 0x1588, 0x1589,
            0x158A, 0x158B, 0x15FF, 0x101F, 0x0DD2, 0x104F, 0x104E, 0x0CF8, 0x0D58, 0x37CE, 0x37CF, 0x37D0, 0x37D1,
            0x37D2, 0x37D3, 0x0DDA};
        assertEquals(27, ids.length);
        assertEquals(27, Intel700SeriesIds.count());
        for (int id : ids) {
            assertTrue(Intel700SeriesIds.isI40ePf(0x8086, id), Integer.toHexString(id));
        }
        assertEquals("XL710 40GbE QSFP+", Intel700SeriesIds.name(0x1583));
    }

    @Test
    void rejectsVfsOtherVendorsAndOtherIntelNics() {
        // i40e facts 1.2: VF IDs belong to iavf
        for (int vf : new int[] {0x154C, 0x1571, 0x1889, 0x37CD}) {
            assertFalse(Intel700SeriesIds.isI40ePf(0x8086, vf), Integer.toHexString(vf));
        }
        assertFalse(Intel700SeriesIds.isI40ePf(0x8087, 0x1583));
        assertFalse(Intel700SeriesIds.isI40ePf(0x8086, 0x10D3)); // 82574L, the bed's e1000e
    }

    @Test
    void x722IdsAreTheX722MacType() {
        assertTrue(Intel700SeriesIds.isX722(0x37CE));
        assertTrue(Intel700SeriesIds.isX722(0x37D3));
        assertTrue(Intel700SeriesIds.isX722(0x0DDA));
        assertFalse(Intel700SeriesIds.isX722(0x1583));
        assertFalse(Intel700SeriesIds.isX722(0x37CD)); // X722 VF, not a PF
    }
}
