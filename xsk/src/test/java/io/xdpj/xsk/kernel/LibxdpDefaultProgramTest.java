package io.xdpj.xsk.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The emitted eBPF against bytes encoded by hand from linux/bpf.h (local probe values in the class). */
class LibxdpDefaultProgramTest {

    @Test
    void bytecodeIsTheLibxdpDefaultProgram() {
        final byte[] expected = {
            // r2 = *(u32 *)(r1 + 16): code 0x61, regs src 1 << 4 | dst 2 = 0x12, off 16, imm 0
            0x61, 0x12, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
            // r1 = map fd 7 (ld_imm64, src BPF_PSEUDO_MAP_FD 1): code 0x18, regs 0x11, imm 7; then the upper half
            0x18, 0x11, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            // r3 = 2 (XDP_PASS): code 0xb7, dst 3
            (byte) 0xb7, 0x03, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
            // call 51 (bpf_redirect_map): code 0x85
            (byte) 0x85, 0x00, 0x00, 0x00, 0x33, 0x00, 0x00, 0x00,
            // exit: code 0x95
            (byte) 0x95, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        };
        assertArrayEquals(expected, LibxdpDefaultProgram.bytecode(7));
    }

    @Test
    void aLargeFdFillsAllFourImmediateBytes() {
        final byte[] b = LibxdpDefaultProgram.bytecode(0x01020304);
        assertArrayEquals(new byte[] {0x04, 0x03, 0x02, 0x01}, java.util.Arrays.copyOfRange(b, 12, 16));
    }
}
