package io.xdpj.sim.regs;

import java.util.EnumSet;
import java.util.Set;

/**
 * The reset domains the register headers name for each register ("Reset:" column of the facts tables; facts 0).
 *
 * <p>NB: the facts give each register's domain but not which resets include which domains. The model's hierarchy,
 * written down once here: a PF reset (PFGEN_CTRL.PFSWR) resets PFR registers only; an EMP (firmware) reset resets
 * EMPR, CORER and PFR registers (the admin queue registers are EMPR, facts 3.1, and both drivers rebuild everything
 * after it); a core reset (GLGEN_RTRIG.CORER) the same; a global reset (GLGEN_RTRIG.GLOBR) adds GLOBR; PCIR and POR
 * registers (identity, NVM status) are never reset by the model after power-on.
 */
public enum ResetDomain {
    POR, PCIR, GLOBR, CORER, EMPR, PFR;

    /** Domains a PF software reset clears. */
    public static final Set<ResetDomain> PF_RESET = EnumSet.of(PFR);
    /** Domains an EMP (firmware) reset or a core reset clears (model hierarchy, see class comment). */
    public static final Set<ResetDomain> CORE_RESET = EnumSet.of(EMPR, CORER, PFR);
    /** Domains a global reset clears. */
    public static final Set<ResetDomain> GLOBAL_RESET = EnumSet.of(GLOBR, EMPR, CORER, PFR);
}
