package io.xdpj.sim.adminq;

/** The register file as the firmware reaches it for AQ 0xFF03/0xFF04 (facts 4.14). Device lock held. */
public interface RegisterAccess {

    int read32(int offset);

    void write32(int offset, int value);
}
