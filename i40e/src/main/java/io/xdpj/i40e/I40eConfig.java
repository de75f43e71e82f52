package io.xdpj.i40e;

import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * How {@link I40ePort#open} sets the port up. Immutable; build with {@link #builder()}.
 */
public final class I40eConfig {

    /** How a queue's Rx loop hands frames to the XDP stage. */
    public enum RxMode {
        /** One frame at a time ({@code XdpRxRunner.receive}). */
        SCALAR,
        /** The RFC's batched path (patch 7/8): look ahead, whole batches to {@code receiveBatch}. */
        BATCHED,
        /** The reviewers' batched redirect: whole batches to {@code receiveBatchSameTarget}. */
        BATCHED_SAME_TARGET
    }

    private final int rxQueues;
    private final int ringSize;
    private final RxMode rxMode;
    private final int batchSize;
    private final int refillThreshold;
    private final int rxBudget;
    private final int copyBufferSize;
    private final boolean promiscuous;
    private final boolean rxMetadata;
    private final boolean rxChainedFrames;
    private final NanoClock clock;
    private final String driverName;

    private I40eConfig(Builder b) {
        this.rxQueues = b.rxQueues;
        this.ringSize = b.ringSize;
        this.rxMode = b.rxMode;
        this.batchSize = b.batchSize;
        this.refillThreshold = b.refillThreshold;
        this.rxBudget = b.rxBudget;
        this.copyBufferSize = b.copyBufferSize;
        this.promiscuous = b.promiscuous;
        this.rxMetadata = b.rxMetadata;
        this.rxChainedFrames = b.rxChainedFrames;
        this.clock = b.clock;
        this.driverName = b.driverName;
    }

    /**
     * Whether the device may write a frame over several Rx buffers (rxmax up to {@code I40E_MAX_CHAINED_RX_BUFFERS}
     * buffers, at most the port's largest frame) instead of refusing what does not fit one buffer (GLPRT_ROC).
     * The driver does not reassemble: such a frame is dropped whole and counted in {@code rx-N.multi_buffer_drops}
     * (see {@code RxQueue}); what it changes is where a long frame is counted. Default false (one buffer per frame,
     * as Linux zero-copy).
     */
    public boolean rxChainedFrames() {
        return rxChainedFrames;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Default configuration: one queue, 512-descriptor rings, scalar Rx. */
    public static I40eConfig defaults() {
        return builder().build();
    }

    /** Rx queues (each with its Tx queue for AF_XDP transmit), one poller each; default 1. */
    public int rxQueues() {
        return rxQueues;
    }

    /** Descriptors per ring: a power of two in 64..4096 (facts 7.6; power of two so indices wrap by mask). */
    public int ringSize() {
        return ringSize;
    }

    public RxMode rxMode() {
        return rxMode;
    }

    /** Frames per batch of the batched Rx paths: default 64 as the RFC (at most half the ring). */
    public int batchSize() {
        return batchSize;
    }

    /** Cleaned descriptors before a refill ({@code I40E_RX_BUFFER_WRITE} = 32, facts 7.2). */
    public int refillThreshold() {
        return refillThreshold;
    }

    /** Most descriptors one poll cycle cleans per queue (NAPI budget). */
    public int rxBudget() {
        return rxBudget;
    }

    /** Driver-owned Rx/Tx buffer size in copy mode (a multiple of 128, facts 5.6 dbuff); default 2048. */
    public int copyBufferSize() {
        return copyBufferSize;
    }

    /** Unicast/multicast/broadcast/VLAN promiscuous (iPXE's choice, facts 4.11); else a perfect filter for the MAC. */
    public boolean promiscuous() {
        return promiscuous;
    }

    /** Write the RSS hash and ptype before each packet's data ({@link I40eRxMetadata}); costs a store per packet. */
    public boolean rxMetadata() {
        return rxMetadata;
    }

    /** Clock for every hardware wait's deadline. */
    public NanoClock clock() {
        return clock;
    }

    /** Name sent with AQ 0x0002 (facts 4.3). */
    public String driverName() {
        return driverName;
    }

    /** Builder with the defaults documented on each accessor. */
    public static final class Builder {
        private int rxQueues = 1;
        private int ringSize = 512;
        private RxMode rxMode = RxMode.SCALAR;
        private int batchSize;
        private int refillThreshold = 32;
        private int rxBudget = 256;
        private int copyBufferSize = 2048;
        private boolean promiscuous = true;
        private boolean rxMetadata;
        private boolean rxChainedFrames;
        private NanoClock clock = SystemNanoClock.INSTANCE;
        private String driverName = "xdpj-i40e";

        private Builder() {
        }

        public Builder rxQueues(int v) {
            rxQueues = v;
            return this;
        }

        public Builder ringSize(int v) {
            ringSize = v;
            return this;
        }

        public Builder rxMode(RxMode v) {
            rxMode = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder refillThreshold(int v) {
            refillThreshold = v;
            return this;
        }

        public Builder rxBudget(int v) {
            rxBudget = v;
            return this;
        }

        public Builder copyBufferSize(int v) {
            copyBufferSize = v;
            return this;
        }

        public Builder promiscuous(boolean v) {
            promiscuous = v;
            return this;
        }

        public Builder rxMetadata(boolean v) {
            rxMetadata = v;
            return this;
        }

        /** See {@link I40eConfig#rxChainedFrames()}. */
        public Builder rxChainedFrames(boolean v) {
            rxChainedFrames = v;
            return this;
        }

        public Builder clock(NanoClock v) {
            clock = v;
            return this;
        }

        public Builder driverName(String v) {
            driverName = v;
            return this;
        }

        /** Checks the values and builds. */
        public I40eConfig build() {
            if (rxQueues < 1) {
                throw new IllegalArgumentException("rxQueues must be ≥ 1, got " + rxQueues);
            }
            if (Integer.bitCount(ringSize) != 1 || ringSize < 64 || ringSize > 4096) {
                throw new IllegalArgumentException("ringSize must be a power of two in 64..4096, got " + ringSize);
            }
            if (batchSize == 0) {
                batchSize = Math.min(64, ringSize / 2);
            }
            if (batchSize < 1 || batchSize > Math.min(256, ringSize / 2)) {
                throw new IllegalArgumentException("batchSize must be in 1.." + Math.min(256, ringSize / 2));
            }
            if (refillThreshold < 1 || refillThreshold >= ringSize) {
                throw new IllegalArgumentException("refillThreshold must be in 1.." + (ringSize - 1));
            }
            if (rxBudget < batchSize) {
                throw new IllegalArgumentException("rxBudget must be ≥ batchSize");
            }
            if (copyBufferSize < 1024 || copyBufferSize % 128 != 0 || copyBufferSize > 16384 - 128) {
                throw new IllegalArgumentException("copyBufferSize must be a multiple of 128 in 1024..16256");
            }
            return new I40eConfig(this);
        }
    }
}
