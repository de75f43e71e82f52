package io.xdpj.i40e;

import java.util.function.Consumer;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;

import io.xdpj.sim.SimAgent;
import io.xdpj.sim.SimConfig;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.wire.FrameSink;
import io.xdpj.sim.wire.FrameSource;
import io.xdpj.sim.wire.Wire;

/** A simulated XL710 stepping on its own thread, with a port opened on it. */
final class SimBed implements AutoCloseable {

    final SimulatedXl710 device;
    final AgentRunner sim;
    I40ePort port;

    SimBed(Consumer<SimConfig.Builder> tune, FrameSource source, FrameSink sink) {
        final SimConfig.Builder b = SimConfig.builder();
        tune.accept(b);
        device = SimulatedXl710.create(b.build(), Wire.of(source, sink));
        sim = SimAgent.start(device, new BackoffIdleStrategy(1, 10, 1_000, 100_000));
    }

    SimBed open(I40eConfig config) {
        port = I40ePort.open(device, config);
        return this;
    }

    long dmaFaults() {
        return device.iommu().faultCount();
    }

    @Override
    public void close() {
        try {
            if (port != null) {
                port.close();
            }
        } finally {
            sim.close();
            device.close();
        }
    }
}
