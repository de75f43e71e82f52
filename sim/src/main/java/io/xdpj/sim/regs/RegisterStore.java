package io.xdpj.sim.regs;

import java.util.Set;

import org.agrona.collections.Int2ObjectHashMap;

/**
 * Storage for the "plain" registers: ones whose read returns the last value written (under a writable-bits mask)
 * or set by the model, with a reset value and a reset domain. Registers with side effects are handled by the
 * blocks that own them; they may still keep their value here.
 *
 * <p>Guarded by the device lock (see {@link Bar0}); allocates only when registers are declared.
 */
public final class RegisterStore {

    private static final class Register {
        final int resetValue;
        final int writableMask;
        final ResetDomain domain;
        int value;

        Register(int resetValue, int writableMask, ResetDomain domain) {
            this.resetValue = resetValue;
            this.writableMask = writableMask;
            this.domain = domain;
            this.value = resetValue;
        }
    }

    private final Int2ObjectHashMap<Register> registers = new Int2ObjectHashMap<>();

    /** Declares one register. */
    public void declare(int offset, int resetValue, int writableMask, ResetDomain domain) {
        if (registers.put(offset, new Register(resetValue, writableMask, domain)) != null) {
            throw new IllegalStateException("register 0x" + Integer.toHexString(offset) + " declared twice");
        }
    }

    /** Declares {@code count} registers at {@code base + stride × i}. */
    public void declareArray(int base, int stride, int count, int resetValue, int writableMask, ResetDomain domain) {
        for (int i = 0; i < count; i++) {
            declare(base + stride * i, resetValue, writableMask, domain);
        }
    }

    public boolean isDeclared(int offset) {
        return registers.containsKey(offset);
    }

    /** The current value; the register must be declared. */
    public int get(int offset) {
        return register(offset).value;
    }

    /** A driver write: only the writable bits change. */
    public void write(int offset, int value) {
        final Register r = register(offset);
        r.value = (r.value & ~r.writableMask) | (value & r.writableMask);
    }

    /** A model-side update: every bit is set as given. */
    public void set(int offset, int value) {
        register(offset).value = value;
    }

    /** Returns every register of the given domains to its reset value. */
    public void reset(Set<ResetDomain> domains) {
        for (Register r : registers.values()) {
            if (domains.contains(r.domain)) {
                r.value = r.resetValue;
            }
        }
    }

    private Register register(int offset) {
        final Register r = registers.get(offset);
        if (r == null) {
            throw new IllegalStateException("register 0x" + Integer.toHexString(offset) + " is not declared");
        }
        return r;
    }
}
