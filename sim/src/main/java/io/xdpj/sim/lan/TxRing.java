package io.xdpj.sim.lan;

import io.xdpj.i40e.hw.desc.TxDescriptor;
import io.xdpj.i40e.hw.hmc.TxQueueContext;

/**
 * The geometry of a started Tx queue, decoded once from its queue context (facts 5.7) and never changed: a new
 * start publishes a new object.
 */
final class TxRing {
    final long iova;
    final int count;
    final boolean headWriteBack;
    final long headWriteBackIova;
    final long ringBytes;

    TxRing(TxQueueContext ctx) {
        this.iova = ctx.ringIova();
        this.count = ctx.queueLength();
        this.headWriteBack = ctx.headWritebackEnabled();
        this.headWriteBackIova = ctx.headWritebackIova();
        this.ringBytes = (long) count * TxDescriptor.SIZE;
    }
}
