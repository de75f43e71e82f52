package io.xdpj.sim;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

/**
 * Runs a {@link SimulatedXl710} on its own thread: each duty cycle is one {@link SimulatedXl710#step()}, and the
 * runner's idle strategy decides what happens when a step did nothing (busy spin for benchmarks, backoff or sleep
 * otherwise).
 */
public final class SimAgent implements Agent {

    private final SimulatedXl710 device;

    public SimAgent(SimulatedXl710 device) {
        this.device = device;
    }

    /** Starts the device on a new thread named after it; close the returned runner to stop it. */
    public static AgentRunner start(SimulatedXl710 device, IdleStrategy idle) {
        final AgentRunner runner = new AgentRunner(idle, Throwable::printStackTrace, null, new SimAgent(device));
        AgentRunner.startOnThread(runner);
        return runner;
    }

    @Override
    public int doWork() {
        return device.step();
    }

    @Override
    public String roleName() {
        return "sim-" + device.name().replace(' ', '-');
    }
}
