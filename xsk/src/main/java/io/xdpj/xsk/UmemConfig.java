package io.xdpj.xsk;

/**
 * What {@code XDP_UMEM_REG} carries ({@code struct xdp_umem_reg}, facts A.2) minus the address, which the
 * {@link Umem} owns.
 *
 * @param size      UMEM length in bytes
 * @param chunkSize frame size: 2048..4096 (up to 65536 with {@code hugePages}); a power of two unless unaligned
 * @param headroom  user headroom in each frame, before the kernel's {@link Umem#XDP_PACKET_HEADROOM}
 * @param flags     {@link Umem#XDP_UMEM_UNALIGNED_CHUNK_FLAG} or 0
 * @param hugePages whether the memory is backed by huge pages, which raises the chunk-size limit (facts A.1)
 */
public record UmemConfig(long size, int chunkSize, int headroom, int flags, boolean hugePages) {

    /** libxdp's defaults: frame size 4096, headroom 0 (facts B.6). */
    public static UmemConfig aligned(long size) {
        return new UmemConfig(size, 4096, 0, 0, false);
    }

    public UmemConfig withChunkSize(int chunk) {
        return new UmemConfig(size, chunk, headroom, flags, hugePages);
    }

    public UmemConfig withHeadroom(int room) {
        return new UmemConfig(size, chunkSize, room, flags, hugePages);
    }

    public UmemConfig unaligned() {
        return new UmemConfig(size, chunkSize, headroom, flags | Umem.XDP_UMEM_UNALIGNED_CHUNK_FLAG, hugePages);
    }
}
