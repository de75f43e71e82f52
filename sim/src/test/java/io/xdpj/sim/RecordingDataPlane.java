package io.xdpj.sim;

import java.util.ArrayList;
import java.util.List;

import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A data plane that records what the control plane tells it, as readable lines, so control-plane tests can assert
 * the exact calls. It rejects contexts with qlen 0 as the LAN engine does, to exercise that path.
 */
public final class RecordingDataPlane implements LanDataPlane {

    public final List<String> calls = new ArrayList<>();
    public final RxQueueContext lastRx = new RxQueueContext();
    public final TxQueueContext lastTx = new TxQueueContext();
    public volatile int lastRxTail = -1;
    public volatile int lastTxTail = -1;
    public boolean linkUp;
    public boolean busMaster;
    public int maxFrame;

    /** Forgets the calls recorded so far. */
    public void clear() {
        calls.clear();
    }

    @Override
    public void startRxQueue(int queue, RxQueueContext context) {
        if (context.qlen == 0) {
            throw new IllegalArgumentException("Rx queue " + queue + ": qlen 0");
        }
        final UnsafeBuffer image = new UnsafeBuffer(new byte[RxQueueContext.OBJECT_SIZE]);
        context.pack(image, 0);
        lastRx.unpack(image, 0);
        calls.add("startRx " + queue);
    }

    @Override
    public void stopRxQueue(int queue) {
        calls.add("stopRx " + queue);
    }

    @Override
    public void startTxQueue(int queue, TxQueueContext context) {
        if (context.qlen == 0) {
            throw new IllegalArgumentException("Tx queue " + queue + ": qlen 0");
        }
        final UnsafeBuffer image = new UnsafeBuffer(new byte[TxQueueContext.OBJECT_SIZE]);
        context.pack(image, 0);
        lastTx.unpack(image, 0);
        calls.add("startTx " + queue);
    }

    @Override
    public void stopTxQueue(int queue) {
        calls.add("stopTx " + queue);
    }

    @Override
    public void rxTail(int queue, int tail) {
        lastRxTail = tail;
    }

    @Override
    public void txTail(int queue, int tail) {
        lastTxTail = tail;
    }

    @Override
    public int txHead(int queue) {
        return 7;
    }

    @Override
    public void linkUp(boolean up) {
        linkUp = up;
        calls.add("link " + (up ? "up" : "down"));
    }

    @Override
    public void maxFrameSize(int bytes) {
        maxFrame = bytes;
    }

    @Override
    public void busMaster(boolean enabled) {
        busMaster = enabled;
        calls.add("busMaster " + enabled);
    }

    @Override
    public void promiscuous(int vsiSeid, int flags) {
        calls.add("promiscuous " + vsiSeid + " 0x" + Integer.toHexString(flags));
    }

    @Override
    public void addMacFilter(int vsiSeid, long mac, int vlan, int queue) {
        calls.add("addMac " + vsiSeid + " " + Long.toHexString(mac) + " vlan " + vlan + " queue " + queue);
    }

    @Override
    public void removeMacFilter(int vsiSeid, long mac, int vlan) {
        calls.add("removeMac " + vsiSeid + " " + Long.toHexString(mac) + " vlan " + vlan);
    }

    @Override
    public void queueMap(int vsiSeid, int firstQueue, int queueCount) {
        calls.add("queueMap " + vsiSeid + " " + firstQueue + " " + queueCount);
    }

    @Override
    public void rssKey(int vsiSeid, byte[] key) {
        calls.add("rssKey " + vsiSeid + " " + key.length + " first 0x" + Integer.toHexString(key[0] & 0xFF));
    }

    @Override
    public void rssLut(int vsiSeid, byte[] lut) {
        calls.add("rssLut " + vsiSeid + " " + lut.length + " last " + lut[lut.length - 1]);
    }

    @Override
    public void reset() {
        calls.add("reset");
    }

    @Override
    public boolean isStatistic(int offset) {
        return false;
    }

    @Override
    public int readStatistic32(int offset) {
        return 0;
    }

    @Override
    public long readStatistic64(int offset) {
        return 0;
    }

    @Override
    public int doWork() {
        return 0;
    }
}
