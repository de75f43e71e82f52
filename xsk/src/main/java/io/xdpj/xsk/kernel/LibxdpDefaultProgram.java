package io.xdpj.xsk.kernel;

import io.xdpj.xsk.XdpAction;
import io.xdpj.xsk.XdpBuff;
import io.xdpj.xsk.XdpProgram;
import io.xdpj.xsk.XskMap;

/**
 * libxdp's default AF_XDP program (kernels &gt; 5.3, facts B.6), {@code return bpf_redirect_map(&xsks_map,
 * ctx->rx_queue_index, XDP_PASS);}, in both forms this project runs it:
 * <ul>
 *   <li>as a Java {@link XdpProgram} over an {@link XskMap}, for ports whose XDP stage runs in this process (the
 *       userspace driver): the application enters sockets in {@link #map()};</li>
 *   <li>as eBPF bytecode ({@link #bytecode(int)}) loaded into the kernel by {@code KernelXdpPort}, which enters each
 *       socket it binds in the kernel XSKMAP at key = queue (as libxdp's {@code xsk_socket__update_xskmap} does)
 *       and in {@link #map()}, so both views agree.</li>
 * </ul>
 */
public final class LibxdpDefaultProgram implements XdpProgram {

    /** libxdp's XSKMAP size (facts B.6). */
    public static final int DEFAULT_MAP_ENTRIES = 64;

    // eBPF instruction encoding (local probe, linux/bpf.h and linux/bpf_common.h): 8 bytes, little endian:
    // code u8, dst_reg (low nibble) | src_reg (high nibble) u8, off s16, imm s32.
    /** BPF_LDX | BPF_MEM | BPF_W: dst = *(u32 *)(src + off). */
    static final int LDX_MEM_W = 0x01 | 0x60 | 0x00;
    /** BPF_LD | BPF_IMM | BPF_DW: the two-slot 64-bit immediate load. */
    static final int LD_IMM64 = 0x00 | 0x00 | 0x18;
    /** BPF_ALU64 | BPF_MOV | BPF_K: dst = imm. */
    static final int MOV64_IMM = 0x07 | 0xb0 | 0x00;
    /** BPF_JMP | BPF_CALL: call helper imm. */
    static final int CALL = 0x05 | 0x80;
    /** BPF_JMP | BPF_EXIT. */
    static final int EXIT = 0x05 | 0x90;
    /** src_reg of LD_IMM64 meaning "imm is a map fd" (BPF_PSEUDO_MAP_FD). */
    static final int BPF_PSEUDO_MAP_FD = 1;
    /** Helper number of bpf_redirect_map (BPF_FUNC_redirect_map). */
    static final int BPF_FUNC_REDIRECT_MAP = 51;
    /** offsetof(struct xdp_md, rx_queue_index). */
    static final int XDP_MD_RX_QUEUE_INDEX = 16;
    /** XDP_PASS, the action on a miss. */
    static final int XDP_PASS = XdpAction.PASS;
    /** Registers: r1 = ctx on entry and first argument, r2/r3 arguments, r0 the helper's result and ours. */
    static final int R1 = 1;
    static final int R2 = 2;
    static final int R3 = 3;

    private final XskMap map;

    /** The program over a new {@link XskMap} of libxdp's size. */
    public LibxdpDefaultProgram() {
        this(new XskMap(DEFAULT_MAP_ENTRIES));
    }

    public LibxdpDefaultProgram(XskMap map) {
        this.map = map;
    }

    /** The Java-side XSKMAP: queue index → socket. */
    public XskMap map() {
        return map;
    }

    @Override
    public int run(XdpBuff ctx) {
        return map.redirectMap(ctx, ctx.rxQueueIndex(), XdpAction.PASS);
    }

    /**
     * The program as eBPF instructions over the kernel XSKMAP {@code mapFd}:
     * <pre>
     * 0: r2 = *(u32 *)(r1 + 16)      ; ctx-&gt;rx_queue_index (r1 is the ctx until overwritten)
     * 1: r1 = map_fd ll              ; two slots; the verifier turns the fd into the map
     * 3: r3 = 2                      ; XDP_PASS when the key holds no socket
     * 4: call bpf_redirect_map       ; r0 = XDP_REDIRECT or XDP_PASS
     * 5: exit                        ; return r0
     * </pre>
     */
    public static byte[] bytecode(int mapFd) {
        final byte[] b = new byte[6 * 8];
        insn(b, 0, LDX_MEM_W, R2, R1, XDP_MD_RX_QUEUE_INDEX, 0);
        insn(b, 1, LD_IMM64, R1, BPF_PSEUDO_MAP_FD, 0, mapFd);
        insn(b, 2, 0, 0, 0, 0, 0); // upper 32 bits of the immediate: 0
        insn(b, 3, MOV64_IMM, R3, 0, 0, XDP_PASS);
        insn(b, 4, CALL, 0, 0, 0, BPF_FUNC_REDIRECT_MAP);
        insn(b, 5, EXIT, 0, 0, 0, 0);
        return b;
    }

    private static void insn(byte[] b, int index, int code, int dst, int src, int off, int imm) {
        final int at = index * 8;
        b[at] = (byte) code;
        b[at + 1] = (byte) ((src << 4) | dst);
        b[at + 2] = (byte) off;
        b[at + 3] = (byte) (off >> 8);
        b[at + 4] = (byte) imm;
        b[at + 5] = (byte) (imm >> 8);
        b[at + 6] = (byte) (imm >> 16);
        b[at + 7] = (byte) (imm >> 24);
    }
}
