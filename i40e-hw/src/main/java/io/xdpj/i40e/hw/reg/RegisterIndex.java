package io.xdpj.i40e.hw.reg;

/** Bounds checks for indexed register offsets, so a wrong index fails at the call site and not as a stray access. */
final class RegisterIndex {

    private RegisterIndex() {
    }

    /** Returns {@code base + stride × index} after checking {@code 0 <= index <= maxIndex}. */
    static int indexed(String name, int base, int stride, int index, int maxIndex) {
        if (index < 0 || index > maxIndex) {
            throw new IndexOutOfBoundsException(name + " index " + index + " is outside 0.." + maxIndex);
        }
        return base + stride * index;
    }
}
