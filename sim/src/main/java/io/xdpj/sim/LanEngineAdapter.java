package io.xdpj.sim;

import io.xdpj.i40e.hw.aq.AqPromiscuous;
import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import io.xdpj.sim.lan.LanEngine;
import io.xdpj.sim.lan.PortStatistics;
import org.agrona.collections.Long2LongHashMap;

/**
 * The control plane's view of the {@link LanEngine}. The engine keeps one VSI's receive filter (MAC-only, plus
 * unicast/multicast/broadcast promiscuous) and one RSS configuration; this adapter maps the firmware's richer state
 * onto it:
 * <ul>
 *   <li>MAC-VLAN filters: the engine filters on the MAC; a MAC stays in the engine while any (VSI, VLAN) filter of
 *       the firmware names it (reference count). VLANs are not matched by the data plane.</li>
 *   <li>Promiscuous modes: UNICAST, MULTICAST and BROADCAST map to the engine's three modes; DEFAULT and VLAN have
 *       no data-plane effect. Only the main VSI's modes are applied (the engine models one VSI).</li>
 *   <li>RSS: the engine's table holds PF-relative queues, so the VSI-relative LUT entries are offset by the VSI's
 *       first queue (its queue map). RSS is on once both a key and a LUT were set (with no hash-enable registers in
 *       the facts, that is the model's rule).</li>
 * </ul>
 * Thread rules as in {@link LanDataPlane}: control calls come from the step thread; tails from the driver's thread
 * (the engine release-stores them); statistics reads from any thread.
 */
public final class LanEngineAdapter implements LanDataPlane {

    private final LanEngine engine;
    private final PortStatistics statistics;
    private final int mainVsiSeid;
    private final Long2LongHashMap macReferences = new Long2LongHashMap(0);
    private int mainFirstQueue;
    private byte[] rssKey;
    private byte[] rssLut;

    /**
     * @param mainVsiSeid SEID of the PF's main VSI, the one whose promiscuous modes reach the engine
     */
    public LanEngineAdapter(LanEngine engine, int mainVsiSeid) {
        this.engine = engine;
        this.statistics = engine.statistics();
        this.mainVsiSeid = mainVsiSeid;
    }

    public LanEngine engine() {
        return engine;
    }

    @Override
    public void startRxQueue(int queue, RxQueueContext context) {
        engine.startRx(queue, context);
    }

    @Override
    public void stopRxQueue(int queue) {
        engine.stopRx(queue);
    }

    @Override
    public void startTxQueue(int queue, TxQueueContext context) {
        engine.startTx(queue, context);
    }

    @Override
    public void stopTxQueue(int queue) {
        engine.stopTx(queue);
    }

    @Override
    public void rxTail(int queue, int tail) {
        engine.writeRxTail(queue, tail);
    }

    @Override
    public void txTail(int queue, int tail) {
        engine.writeTxTail(queue, tail);
    }

    @Override
    public int txHead(int queue) {
        return engine.txQueueStarted(queue) ? engine.txHead(queue) : -1;
    }

    @Override
    public int rxHead(int queue) {
        return engine.rxQueueStarted(queue) ? engine.rxHead(queue) : -1;
    }

    @Override
    public void linkUp(boolean up) {
        engine.setLinkUp(up);
    }

    @Override
    public void maxFrameSize(int bytes) {
        engine.setMaxFrameSize(bytes);
    }

    @Override
    public void busMaster(boolean enabled) {
        engine.setBusMaster(enabled);
    }

    @Override
    public void promiscuous(int vsiSeid, int flags) {
        if (vsiSeid == mainVsiSeid) {
            engine.setPromiscuous((flags & AqPromiscuous.SET_UNICAST) != 0, (flags & AqPromiscuous.SET_MULTICAST) != 0,
                (flags & AqPromiscuous.SET_BROADCAST) != 0);
        }
    }

    @Override
    public void addMacFilter(int vsiSeid, long mac, int vlan, int queue) {
        final long references = macReferences.get(mac);
        macReferences.put(mac, references + 1);
        if (references == 0) {
            engine.addMacFilter(mac);
        }
    }

    @Override
    public void removeMacFilter(int vsiSeid, long mac, int vlan) {
        final long references = macReferences.get(mac);
        if (references <= 1) {
            macReferences.remove(mac);
            engine.removeMacFilter(mac);
        } else {
            macReferences.put(mac, references - 1);
        }
    }

    @Override
    public void queueMap(int vsiSeid, int firstQueue, int queueCount) {
        if (vsiSeid == mainVsiSeid) {
            mainFirstQueue = firstQueue;
            applyRss();
        }
    }

    @Override
    public void rssKey(int vsiSeid, byte[] key) {
        if (vsiSeid == mainVsiSeid) {
            rssKey = key;
            applyRss();
        }
    }

    @Override
    public void rssLut(int vsiSeid, byte[] lut) {
        if (vsiSeid == mainVsiSeid) {
            rssLut = lut;
            applyRss();
        }
    }

    private void applyRss() {
        if (rssKey == null || rssLut == null) {
            engine.setRss(null, null, false);
            return;
        }
        final byte[] queues = new byte[rssLut.length];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = (byte) ((rssLut[i] & 0xFF) + mainFirstQueue);
        }
        engine.setRss(rssKey, queues, true);
    }

    @Override
    public void reset() {
        for (int q = 0; q < engine.queueCount(); q++) {
            engine.stopRx(q);
            engine.stopTx(q);
        }
        macReferences.forEach((mac, references) -> engine.removeMacFilter(mac));
        macReferences.clear();
        engine.setPromiscuous(false, false, false);
        rssKey = null;
        rssLut = null;
        mainFirstQueue = 0;
        engine.setRss(null, null, false);
        engine.setMaxFrameSize(LanEngine.DEFAULT_MAX_FRAME);
    }

    @Override
    public boolean isStatistic(int offset) {
        return statistics.covers(offset);
    }

    @Override
    public int readStatistic32(int offset) {
        return statistics.read32(offset);
    }

    @Override
    public long readStatistic64(int offset) {
        return statistics.read64(offset);
    }

    @Override
    public int doWork() {
        return engine.doWork();
    }
}
