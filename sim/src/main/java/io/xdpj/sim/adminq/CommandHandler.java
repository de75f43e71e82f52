package io.xdpj.sim.adminq;

/** Executes one admin command. */
@FunctionalInterface
public interface CommandHandler {

    /** Executes {@code command}; returns the AQ return code (facts 3.4) that goes into retval. */
    int execute(AqCommand command);
}
