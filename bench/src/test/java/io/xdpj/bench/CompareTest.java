package io.xdpj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CompareTest {

    @Test
    void timeUnitsConvertToNanoseconds() {
        assertEquals(1, Compare.nsFactor("ns/op"));
        assertEquals(1_000, Compare.nsFactor("us/op"));
        assertEquals(1_000_000, Compare.nsFactor("ms/op"));
        assertEquals(1_000, Compare.nsFactor("ops/us"));
        assertEquals(1_000_000_000, Compare.nsFactor("ops/s"));
        assertThrows(IllegalArgumentException.class, () -> Compare.nsFactor("min/op"));
    }
}
