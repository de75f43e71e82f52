package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;
import io.xdpj.sim.wire.CountingSink;
import io.xdpj.sim.wire.Wire;

/** Link flap, admin-queue errors and timeouts, firmware reset and surprise removal: a clear error, no hang, no leak. */
class FaultTest {

    private static SimBed bed() {
        return new SimBed(b -> { }, Wire.SILENT, new CountingSink());
    }

    private static I40eConfig config() {
        return I40eConfig.builder().ringSize(128).build();
    }

    private static void serviceUntil(I40ePort port, java.util.function.BooleanSupplier done) {
        final long guard = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < guard) {
            port.service();
            Thread.onSpinWait();
        }
    }

    @Test
    void linkFlapArrivesAsAdminQueueEvents() {
        try (SimBed bed = bed().open(config())) {
            final I40ePort port = bed.port;
            assertTrue(port.linkUp());
            bed.device.faults().linkDown();
            serviceUntil(port, () -> !port.linkUp());
            assertFalse(port.linkUp());
            assertEquals(0, port.linkSpeedMbps());
            bed.device.faults().linkUp();
            serviceUntil(port, port::linkUp);
            assertTrue(port.linkUp());
            assertEquals(2, port.linkEvents());
        }
    }

    @Test
    void aFirmwareErrorNamesTheStepAndOpcodeAndLeaksNothing() {
        try (SimBed bed = bed()) {
            bed.device.faults().failCommand(AdminQueueOpcode.GET_SWITCH_CONFIG, AdminQueueReturnCode.EIO);
            final int before = bed.device.iommu().mappingCount();
            final AdminQueueException e = assertThrows(AdminQueueException.class, () -> bed.open(config()));
            assertEquals(AdminQueueOpcode.GET_SWITCH_CONFIG, e.opcode());
            assertEquals(AdminQueueReturnCode.EIO, e.retval());
            assertEquals("get switch configuration", e.step());
            assertTrue(e.getMessage().contains("0x200") && e.getMessage().contains("EIO"), e.getMessage());
            assertEquals(before, bed.device.iommu().mappingCount(), "every DMA block unmapped");
            // The device is usable again once the fault is gone.
            bed.device.faults().clearCommandFaults();
            bed.open(config());
            assertTrue(bed.port.linkUp());
        }
    }

    @Test
    void aStalledCommandTimesOut() {
        try (SimBed bed = bed()) {
            bed.device.faults().stallCommand(AdminQueueOpcode.GET_VSI_PARAMETERS);
            final int before = bed.device.iommu().mappingCount();
            final AdminQueueException e = assertThrows(AdminQueueException.class, () -> bed.open(config()));
            assertEquals(-1, e.retval());
            assertTrue(e.getMessage().contains("no completion within 250 ms"), e.getMessage());
            assertEquals(before, bed.device.iommu().mappingCount());
        }
    }

    @Test
    void aFirmwareResetIsReportedAndTheTeardownCompletes() {
        try (SimBed bed = bed().open(config())) {
            final I40ePort port = bed.port;
            final int before = 0;
            bed.device.faults().firmwareReset();
            final I40eException e = assertThrows(I40eException.class, () -> serviceUntil(port, () -> false));
            assertEquals("device health", e.step());
            port.poller(0).doWork(); // the data path neither throws nor hangs
            port.close();
            assertEquals(before, bed.device.iommu().mappingCount(), "every DMA block unmapped");
            assertThrows(I40eException.class, port::service);
        }
    }

    @Test
    void surpriseRemovalIsReportedAndTheTeardownCompletes() {
        try (SimBed bed = bed().open(config())) {
            final I40ePort port = bed.port;
            bed.device.faults().surpriseRemoval();
            final I40eException e = assertThrows(I40eException.class, port::service);
            assertTrue(e.getMessage().contains("removed"), e.getMessage());
            assertEquals(0, port.poller(0).doWork());
            port.close();
            assertEquals(0, bed.device.iommu().mappingCount(), "every DMA block unmapped");
        }
    }

    private static io.xdpj.xsk.XskSocket socket(I40ePort port) {
        final io.xdpj.xsk.XskSocket x = new io.xdpj.xsk.XskSocket();
        x.registerUmem(port.createUmem(io.xdpj.xsk.UmemConfig.aligned(1 << 20)));
        x.createFillRing(64);
        x.createCompletionRing(64);
        x.createRxRing(64);
        return x;
    }

    @Test
    void misuseIsRefusedClearly() {
        try (SimBed bed = bed().open(config())) {
            final I40ePort port = bed.port;
            final I40eException e = assertThrows(I40eException.class, () -> port.poller(3));
            assertTrue(e.getMessage().contains("queue 3 does not exist"), e.getMessage());
            final io.xdpj.xsk.XskSocket s = new io.xdpj.xsk.XskSocket();
            assertThrows(I40eException.class, () -> port.bind(s, 1, 0));
            // A second UMEM on a queue that already has one, without sharing it: EBUSY from the bind rules.
            final io.xdpj.xsk.XskSocket a = socket(port);
            port.bind(a, 0, io.xdpj.xsk.XskSocket.XDP_ZEROCOPY);
            final io.xdpj.xsk.XskSocket b = socket(port);
            final io.xdpj.xsk.XskException busy = assertThrows(io.xdpj.xsk.XskException.class,
                () -> port.bind(b, 0, io.xdpj.xsk.XskSocket.XDP_ZEROCOPY));
            assertEquals(io.xdpj.xsk.Errno.EBUSY, busy.errno());
            // Zero-copy over a UMEM that is not in the port's DMA memory is refused with what to do instead.
            final io.xdpj.xsk.XskSocket c = new io.xdpj.xsk.XskSocket();
            c.registerUmem(io.xdpj.xsk.Umem.allocate(io.xdpj.xsk.UmemConfig.aligned(1 << 20)));
            c.createFillRing(64);
            c.createCompletionRing(64);
            c.createRxRing(64);
            final I40eException foreign = assertThrows(I40eException.class,
                () -> port.bind(c, 0, io.xdpj.xsk.XskSocket.XDP_ZEROCOPY));
            assertTrue(foreign.getMessage().contains("createUmem"), foreign.getMessage());
            c.close();
            c.umem().close();
            b.close();
            port.close();
            assertThrows(I40eException.class, () -> port.bind(s, 0, 0));
            assertThrows(I40eException.class, port::statistics);
        }
    }
}
