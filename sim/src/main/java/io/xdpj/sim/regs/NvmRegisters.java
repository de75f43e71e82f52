package io.xdpj.sim.regs;

import static io.xdpj.i40e.hw.reg.Nvm.GLNVM_FLA;
import static io.xdpj.i40e.hw.reg.Nvm.GLNVM_GENS;
import static io.xdpj.i40e.hw.reg.Nvm.GLNVM_SRCTL;
import static io.xdpj.i40e.hw.reg.Nvm.GLNVM_SRDATA;
import static io.xdpj.i40e.hw.reg.Nvm.GLNVM_ULD;
import static io.xdpj.i40e.hw.reg.Nvm.GL_FWSTS;

import io.xdpj.i40e.hw.reg.Nvm;
import io.xdpj.sim.SimConfig;

/**
 * NVM and firmware status (facts 2.1, 13.1-13.5): GL_FWSTS from the config (0: no recovery mode), GLNVM_ULD with
 * CONF_CORE_DONE and CONF_GLOBAL_DONE set while firmware is ready, GLNVM_FLA.LOCKED from the config (1: a programmed
 * NVM), GLNVM_GENS.SR_SIZE from the config, and Shadow-RAM word access through GLNVM_SRCTL / GLNVM_SRDATA.
 *
 * <p>Shadow-RAM access: SRCTL reads DONE (bit 31) when idle. A write with START clears DONE and sets SRBUSY; the
 * access completes in the next model step: a read puts the word at ADDR into SRDATA[31:16], a write (WRITE set)
 * stores SRDATA[15:0] into the model's Shadow-RAM copy; then SRCTL = ADDR | DONE. Device lock only.
 */
public final class NvmRegisters {

    /** GLNVM_ULD while firmware is ready: CONF_CORE_DONE | CONF_GLOBAL_DONE (facts 2.2 step 2, 13.2). */
    public static final int ULD_READY = Nvm.GLNVM_ULD_CONF_CORE_DONE_MASK | Nvm.GLNVM_ULD_CONF_GLOBAL_DONE_MASK;

    private final RegisterStore store;
    private final short[] shadowRam;
    private boolean accessPending;

    public NvmRegisters(RegisterStore store, SimConfig config) {
        this.store = store;
        this.shadowRam = new short[config.shadowRamWords()];
        for (int i = 0; i < shadowRam.length; i++) {
            shadowRam[i] = (short) config.shadowRamWord(i);
        }
        store.declare(GL_FWSTS, config.firmwareStatus(), 0, ResetDomain.POR);
        store.declare(GLNVM_ULD, ULD_READY, 0, ResetDomain.POR);
        store.declare(GLNVM_FLA, config.nvmLocked() ? Nvm.GLNVM_FLA_LOCKED_MASK : 0, 0, ResetDomain.POR);
        store.declare(GLNVM_GENS, config.shadowRamSizeCode() << Nvm.GLNVM_GENS_SR_SIZE_SHIFT, 0, ResetDomain.POR);
        store.declare(GLNVM_SRCTL, Nvm.GLNVM_SRCTL_DONE_MASK, 0, ResetDomain.POR);
        store.declare(GLNVM_SRDATA, 0, Nvm.GLNVM_SRDATA_WRDATA_MASK, ResetDomain.POR);
    }

    /** A driver write to GLNVM_SRCTL. */
    public void srctlWritten(int value) {
        if ((value & Nvm.GLNVM_SRCTL_START_MASK) == 0 || accessPending) {
            return;
        }
        store.set(GLNVM_SRCTL, (value & (Nvm.GLNVM_SRCTL_ADDR_MASK | Nvm.GLNVM_SRCTL_WRITE_MASK
            | Nvm.GLNVM_SRCTL_START_MASK)) | Nvm.GLNVM_SRCTL_SRBUSY_MASK);
        accessPending = true;
    }

    /** Completes a pending Shadow-RAM access; returns 1 if there was one. */
    public int step() {
        if (!accessPending) {
            return 0;
        }
        accessPending = false;
        final int srctl = store.get(GLNVM_SRCTL);
        final int word = (srctl & Nvm.GLNVM_SRCTL_ADDR_MASK) >>> Nvm.GLNVM_SRCTL_ADDR_SHIFT;
        if ((srctl & Nvm.GLNVM_SRCTL_WRITE_MASK) != 0) {
            if (word < shadowRam.length) {
                shadowRam[word] = (short) (store.get(GLNVM_SRDATA) & Nvm.GLNVM_SRDATA_WRDATA_MASK);
            }
        } else {
            final int data = word < shadowRam.length ? shadowRam[word] & 0xFFFF : 0;
            store.set(GLNVM_SRDATA, (store.get(GLNVM_SRDATA) & Nvm.GLNVM_SRDATA_WRDATA_MASK)
                | (data << Nvm.GLNVM_SRDATA_RDDATA_SHIFT));
        }
        store.set(GLNVM_SRCTL, (word << Nvm.GLNVM_SRCTL_ADDR_SHIFT) | Nvm.GLNVM_SRCTL_DONE_MASK);
        return 1;
    }

    /** Shadow-RAM word {@code address} (0 beyond the Shadow RAM), for AQ 0x0701 and tests. */
    public int word(int address) {
        return address >= 0 && address < shadowRam.length ? shadowRam[address] & 0xFFFF : 0;
    }

    /** Number of Shadow-RAM words (2^SR_SIZE × 512, facts 2.1). */
    public int words() {
        return shadowRam.length;
    }

    /** Firmware not ready (during a core/global/EMP reset): GLNVM_ULD done bits clear (facts 2.2 step 2). */
    public void firmwareReady(boolean ready) {
        store.set(GLNVM_ULD, ready ? ULD_READY : 0);
    }
}
