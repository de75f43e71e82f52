package io.xdpj.sim.lan;

import io.xdpj.i40e.hw.hmc.RxQueueContext;

/**
 * The geometry of a started Rx queue, decoded once from its queue context (facts 5.6) and never changed: a new
 * start publishes a new object.
 */
final class RxRing {
    final long iova;
    final int count;
    final int descriptorBytes;
    final int bufferBytes;
    final int rxmax;
    final boolean crcStrip;
    final long ringBytes;
    /** Descriptors read per fetch: {@link LanEngine#DESCRIPTOR_FETCH} with prefena set, else one (facts 5.6). */
    final int fetch;

    RxRing(RxQueueContext ctx) {
        this.iova = ctx.ringIova();
        this.count = ctx.queueLength();
        this.descriptorBytes = ctx.descriptorBytes();
        this.bufferBytes = ctx.dataBufferBytes();
        this.rxmax = ctx.maxFrameBytes();
        this.crcStrip = ctx.crcStrip();
        this.ringBytes = (long) count * descriptorBytes;
        this.fetch = ctx.prefena != 0 ? LanEngine.DESCRIPTOR_FETCH : 1;
    }
}
