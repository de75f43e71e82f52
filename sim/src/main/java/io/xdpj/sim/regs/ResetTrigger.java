package io.xdpj.sim.regs;

/** What the register file asks of the reset machinery when the driver writes a reset trigger. */
public interface ResetTrigger {

    /** PFGEN_CTRL.PFSWR was written 1 (facts 2.1, 2.2 step 3). */
    void pfSoftwareReset();

    /** GLGEN_RTRIG was written with one or more of CORER, GLOBR, EMPFWR set (facts 2.1). */
    void globalReset(int rtrigBits);
}
