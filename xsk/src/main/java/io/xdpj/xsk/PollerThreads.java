package io.xdpj.xsk;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

/**
 * The managed poller threads of one port ({@link XdpPort#startPollers}/{@link XdpPort#stopPollers}): one Agrona
 * {@link AgentRunner} per queue poller. Not thread-safe: the port calls it under its own lock.
 */
public final class PollerThreads {

    private final List<AgentRunner> runners = new ArrayList<>();

    /** Whether pollers run (control operations must then be refused: they would race the data path). */
    public boolean running() {
        return !runners.isEmpty();
    }

    /** Starts one thread per poller, each with {@code idle}; the caller checks {@link #running()} first. */
    public void start(IdleStrategy idle, Agent... pollers) {
        for (Agent p : pollers) {
            final AgentRunner r = new AgentRunner(idle, Throwable::printStackTrace, null, p);
            AgentRunner.startOnThread(r);
            runners.add(r);
        }
    }

    /** Stops every poller and waits for its thread. */
    public void stop() {
        for (AgentRunner r : runners) {
            r.close();
        }
        runners.clear();
    }
}
