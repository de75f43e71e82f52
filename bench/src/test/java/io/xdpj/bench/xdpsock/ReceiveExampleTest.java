package io.xdpj.bench.xdpsock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.xdpj.bench.examples.ReceiveExample;

/** The README's library example runs as written. */
class ReceiveExampleTest {

    @Test
    void receivesTheFramesItAsksFor() {
        assertEquals(100_000, ReceiveExample.receive(null, 100_000));
    }
}
