package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.Wire;
import io.xdpj.xsk.CpuMap;
import io.xdpj.xsk.CpuMapEntry;
import io.xdpj.xsk.DevMap;
import io.xdpj.xsk.XdpAction;

/**
 * NB: a DEVMAP bulk flush that finds the target's XDP Tx ring full drops and counts ({@code devmapXmitDrops}); the
 * other port's model runs on its own thread, so how many depends on scheduling; the sum is exact.
 *
 * REDIRECT through the xsk layer's {@code do_redirect} to the other map types: DEVMAP to a second port (its XDP Tx
 * queue, flushed at the end of the poll cycle, out on its wire) and CPUMAP to another consumer. 1001 frames: odd
 * sequence numbers to the DEVMAP (500), even ones to the CPUMAP (501).
 */
class RedirectTest {

    @ParameterizedTest(name = "{0} zc={1}")
    @CsvSource({"SCALAR,true", "SCALAR,false", "BATCHED_SAME_TARGET,true", "BATCHED,false"})
    void devmapAndCpumap(String mode, boolean zeroCopy) {
        final TxTest.CheckingSink otherWire = new TxTest.CheckingSink();
        try (SimBed other = new SimBed(b -> b.macAddress(0x0200_0000_0B0BL), Wire.SILENT, otherWire);
             CpuMapEntry cpu = new CpuMapEntry(1, 1024, 2048)) {
            other.open(I40eConfig.builder().ringSize(256).build());
            final DevMap devmap = new DevMap(4);
            devmap.update(0, other.port.netDevice());
            final CpuMap cpumap = new CpuMap(4);
            cpumap.update(0, cpu);
            final XskRxBed.Programs programs = (map, direct) -> ctx -> (ctx.getIntBE(46) & 1) != 0
                ? devmap.redirectMap(ctx, 0, XdpAction.DROP) : cpumap.redirectMap(ctx, 0, XdpAction.DROP);
            final I40eConfig config = I40eConfig.builder().ringSize(512).rxMode(I40eConfig.RxMode.valueOf(mode)).build();
            final long[] cpuFrames = new long[2];
            final UnsafeBuffer view = new UnsafeBuffer(0, 0);
            try (XskRxBed t = new XskRxBed(programs, null, config, zeroCopy, true, 1001,
                new io.xdpj.sim.wire.CountingSink(), XskRxPathTest.MIXED)) {
                t.elsewhere = () -> t.port.runner(0).actionCount(XdpAction.REDIRECT) - t.port.runner(0).dropRedirect();
                t.run();
                cpu.poll((address, length) -> {
                    view.wrap(address, length);
                    cpuFrames[0]++;
                    if (!FrameGenerator.verify(view, 0, length) || (FrameGenerator.sequence(view, 0) & 1) != 0) {
                        cpuFrames[1]++;
                    }
                }, 1024);
                final long guard = System.nanoTime() + 10_000_000_000L;
                final long xmitDrops = t.port.redirect(0).devmapXmitDrops();
                while (otherWire.frames + xmitDrops < 500 && System.nanoTime() < guard) {
                    other.port.service();
                }
                assertEquals(1001, t.port.runner(0).actionCount(XdpAction.REDIRECT));
                assertEquals(0, t.port.runner(0).dropRedirect());
                // The other port's XDP Tx ring may be full when a bulk queue flushes: counted, as the kernel does.
                assertEquals(500, otherWire.frames + xmitDrops, "DEVMAP frames on the other wire or counted");
                assertEquals(otherWire.frames, other.port.xdpTxPackets());
                assertEquals(0, otherWire.corrupt);
                assertEquals(0, otherWire.outOfOrder);
                assertEquals(501, cpuFrames[0], "CPUMAP frames");
                assertEquals(0, cpuFrames[1], "CPUMAP frames intact and even");
                assertEquals(0, cpu.dropped());
                assertEquals(0, t.bed.dmaFaults());
                assertEquals(0, other.dmaFaults());
            }
        }
    }
}
