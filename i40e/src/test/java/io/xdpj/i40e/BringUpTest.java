package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.sim.wire.CountingSink;
import io.xdpj.sim.wire.Wire;

class BringUpTest {

    @Test
    void bringsThePfUpAndDown() {
        try (SimBed bed = new SimBed(b -> b.macAddress(0x0200_1234_5678L), Wire.SILENT, new CountingSink())) {
            bed.open(I40eConfig.builder().ringSize(128).build());
            final I40ePort port = bed.port;
            assertEquals(0x0200_1234_5678L, port.macAddress());
            assertTrue(port.linkUp(), "link up after AQ 0x0605");
            assertEquals(40_000, port.linkSpeedMbps());
            assertTrue(port.firmwareVersion().startsWith("FW 8.3"), port.firmwareVersion());
            // Queue 0 enabled: QENA_STAT set in both directions (facts 6.1).
            assertEquals(LanQueueRegisters.QENA_STAT_MASK,
                bed.device.bar0().read32(LanQueueRegisters.QRX_ENA(0)) & LanQueueRegisters.QENA_STAT_MASK);
            assertEquals(LanQueueRegisters.QENA_STAT_MASK,
                bed.device.bar0().read32(LanQueueRegisters.QTX_ENA(0)) & LanQueueRegisters.QENA_STAT_MASK);
            // The Rx context as written: 128 descriptors, dbuff 2048 − 256 = 1792 = 14 × 128, 16-byte descriptors.
            final RxQueueContext rx = port.hmc().readRxContext(0);
            assertEquals(128, rx.qlen);
            assertEquals(14, rx.dbuff);
            assertEquals(0, rx.dsize);
            assertEquals(1, rx.crcstrip);
            assertEquals(1792, rx.rxmax);
            final TxQueueContext tx = port.hmc().readTxContext(1);
            assertEquals(128, tx.qlen);
            assertEquals(1, tx.newContext);
            assertEquals(0, tx.headWbEna);
            // Queue 0 bound to MSI-X vector 1 (facts 9): MSIX_INDX 1 | NEXTQ 0x7FF << 16 | CAUSE_ENA bit 30 =
            // 0x47FF_0001; DYN_CTLN(0) = INTENA | CLEARPBA | 3 << 3 = 0x1B; ITRN(0, 0) = 32 µs / 2 = 16.
            assertEquals(0x47FF_0001, QueueInterrupts.rqctl(0));
            assertEquals(0x1B, QueueInterrupts.DYN_CTL_ENABLE);
            assertEquals(0x47FF_0001, bed.device.bar0().read32(io.xdpj.i40e.hw.reg.InterruptRegisters.QINT_RQCTL(0)));
            assertEquals(16, bed.device.bar0().read32(io.xdpj.i40e.hw.reg.InterruptRegisters.PFINT_ITRN(0, 0)));
            port.close();
            assertEquals(0, bed.device.bar0().read32(LanQueueRegisters.QRX_ENA(0)) & LanQueueRegisters.QENA_STAT_MASK);
            assertEquals(0, bed.dmaFaults());
        }
    }
}
