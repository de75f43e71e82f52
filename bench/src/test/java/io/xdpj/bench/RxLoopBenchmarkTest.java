package io.xdpj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.xdpj.xsk.XdpRxRunner;

/**
 * The Rx loop benchmark's operations outside JMH (not timed): each mode delivers whole operations, and in
 * {@code burst} mode exactly the frames the set-up let the device write, none discarded.
 */
class RxLoopBenchmarkTest {

    @ParameterizedTest
    @CsvSource({"burst,redirect-xsk,batched", "burst,redirect,scalar", "thread,redirect-xsk,batched",
        "inline,xskmap-direct,scalar"})
    void operationsDeliverWholeBursts(String model, String path, String rx) {
        final RxLoopBenchmark b = new RxLoopBenchmark();
        b.model = model;
        b.path = path;
        b.rx = rx;
        b.setUp();
        try {
            for (int op = 0; op < 7; op++) {
                b.fillRing();
                b.rxLoop();
            }
            final XdpRxRunner runner = b.port.runner(0);
            if (model.equals("burst")) {
                assertEquals(7L * RxLoopBenchmark.FRAMES_PER_OP, runner.frames());
                assertEquals(0L, b.port.statistics().get("port.rx_discards"));
            }
        } finally {
            b.tearDown(); // fails the test if the XDP stage dropped a frame
        }
    }
}
