package io.xdpj.xsk;

import org.agrona.UnsafeApi;

/**
 * The context an {@link XdpProgram} runs on: a reused view of one packet (the kernel's {@code xdp_buff} /
 * {@code xdp_md}). One instance per Rx queue poller, re-pointed at each packet; never allocated per packet.
 *
 * <pre>
 *  hardStart                      hardStart+data          hardStart+dataEnd      hardStart+frameSize
 *  |<------- headroom() -------->|<---- length() ------->|<----- tailroom ----->|
 * </pre>
 * In zero-copy mode {@code hardStart} is the UMEM frame's address plus the user headroom, and data starts
 * XDP_PACKET_HEADROOM (256) bytes later, as in the kernel (facts A.5).
 *
 * <p>Byte accessors check bounds against [data, dataEnd) as the verifier forces a program to; an access outside
 * throws {@link IndexOutOfBoundsException}, which the Rx stage turns into XDP_ABORTED and counts.
 */
public final class XdpBuff {

    private static final int ETH_HLEN = 14;

    long hardStart;
    int data;
    int dataEnd;
    int frameSize;
    /** The frame's identity for the data path: UMEM chunk address (zero-copy) or driver buffer address (copy). */
    long handle;
    XdpRxQueue rxq;
    /** The poller's redirect info (the kernel's per-CPU bpf_redirect_info). */
    final RedirectInfo ri;

    XdpBuff(RedirectInfo ri) {
        this.ri = ri;
    }

    void set(long hardStart, int frameSize, int headroom, int length, long handle) {
        this.hardStart = hardStart;
        this.frameSize = frameSize;
        this.data = headroom;
        this.dataEnd = headroom + length;
        this.handle = handle;
    }

    /** Packet length: data_end − data. */
    public int length() {
        return dataEnd - data;
    }

    /** Bytes between the frame start and the packet data. */
    public int headroom() {
        return data;
    }

    /** Process address of the packet's first byte. */
    public long dataAddress() {
        return hardStart + data;
    }

    /** The Rx queue the packet arrived on ({@code ctx->rx_queue_index}). */
    public int rxQueueIndex() {
        return rxq.queueIndex();
    }

    /** The ifindex of the device the packet arrived on ({@code ctx->ingress_ifindex}). */
    public int ingressIfindex() {
        return rxq.dev().ifindex();
    }

    private long at(int offset, int size) {
        if (offset < 0 || offset > dataEnd - data - size) {
            throw new IndexOutOfBoundsException("packet access at " + offset + " size " + size + " outside length "
                + length());
        }
        return hardStart + data + offset;
    }

    public byte getByte(int offset) {
        return UnsafeApi.getByte(at(offset, 1));
    }

    public void putByte(int offset, byte value) {
        UnsafeApi.putByte(at(offset, 1), value);
    }

    /** Reads 16 bits in network (big-endian) order. */
    public int getShortBE(int offset) {
        return Short.reverseBytes(UnsafeApi.getShort(at(offset, 2))) & 0xFFFF;
    }

    /** Writes 16 bits in network (big-endian) order. */
    public void putShortBE(int offset, int value) {
        UnsafeApi.putShort(at(offset, 2), Short.reverseBytes((short) value));
    }

    /** Reads 32 bits in network (big-endian) order. */
    public int getIntBE(int offset) {
        return Integer.reverseBytes(UnsafeApi.getInt(at(offset, 4)));
    }

    /** Writes 32 bits in network (big-endian) order. */
    public void putIntBE(int offset, int value) {
        UnsafeApi.putInt(at(offset, 4), Integer.reverseBytes(value));
    }

    /**
     * {@code bpf_xdp_adjust_head}: moves the packet start by {@code delta} bytes (negative grows the packet into the
     * headroom). Refused when the new start would leave the frame or leave less than an Ethernet header.
     *
     * @return 0, or -EINVAL
     */
    public int adjustHead(int delta) {
        final int newData = data + delta;
        if (newData < 0 || newData > dataEnd - ETH_HLEN) {
            return -Errno.EINVAL.code();
        }
        data = newData;
        return 0;
    }

    /**
     * {@code bpf_xdp_adjust_tail}: moves the packet end by {@code delta} bytes. Refused when the end would pass the
     * frame or leave less than an Ethernet header.
     *
     * @return 0, or -EINVAL
     */
    public int adjustTail(int delta) {
        final int newEnd = dataEnd + delta;
        if (newEnd > frameSize || newEnd < data + ETH_HLEN) {
            return -Errno.EINVAL.code();
        }
        dataEnd = newEnd;
        return 0;
    }
}
