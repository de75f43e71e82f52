package io.xdpj.sim;

import static io.xdpj.i40e.hw.reg.LanQueueRegisters.GLLAN_TXPRE_QDIS;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QRX_ENA;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QRX_TAIL;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QTX_CTL;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QTX_ENA;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QTX_HEAD;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QTX_TAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;

import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AqMacAddress;
import io.xdpj.i40e.hw.aq.AqPhy;
import io.xdpj.i40e.hw.aq.AqPromiscuous;
import io.xdpj.i40e.hw.aq.AqSwitchConfig;
import io.xdpj.i40e.hw.aq.AqVsi;
import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.i40e.hw.desc.TxDescriptor;
import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.hmc.TxQueueContext;
import io.xdpj.i40e.hw.reg.InterruptRegisters;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.i40e.hw.reg.PciRegisters;
import io.xdpj.i40e.hw.reg.PfGeneral;
import io.xdpj.i40e.hw.reg.StatisticsRegisters;
import io.xdpj.sim.wire.CountingSink;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.Wire;
import io.xdpj.vfio.DmaMemory;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole model with its LAN engine, brought up by the test driver in the order of iPXE's minimal driver (facts
 * 10.3), contexts through PFCM_LANCTX and no HMC at all (facts 5.8), then 1001 frames received and 1001
 * transmitted.
 */
class IpxeOrderBringUpTest {

    private static final int RX_COUNT = 512;
    private static final int TX_COUNT = 64;
    private static final int BUFFER = 2048;
    private static final int FRAMES = 1001;

    private final FrameGenerator generator = FrameGenerator.builder().sizes(60, 61, 1514, 333).count(FRAMES)
        .dstMac(0x0200_AABB_CC01L).build();
    private final CountingSink sink = new CountingSink();
    /** Frames arrive only once the driver is up (a real port would discard them before, counting GLV_RDPC). */
    private boolean cableIn;
    private final SimulatedXl710 device = SimulatedXl710.create(TestDriver.config().build(),
        Wire.of((buffer, offset, capacity) -> cableIn ? generator.poll(buffer, offset, capacity) : 0, sink));
    private final TestDriver driver = new TestDriver(device);

    @AfterEach
    void close() {
        device.close();
    }

    @Test
    void probeOpenReceiveTransmit() {
        // Probe: identity registers (PF_FUNC_RID function number, port, FIRSTQ), admin queues, commands 1-14.
        driver.enableBusMaster();
        final int pf = driver.read(PciRegisters.PF_FUNC_RID) & PciRegisters.PF_FUNC_RID_FUNCTION_NUMBER_MASK;
        assertEquals(2, pf);
        assertEquals(1, driver.read(PfGeneral.PFGEN_PORTNUM));
        final int firstQueue = driver.read(LanQueueRegisters.PFLAN_QALLOC) & LanQueueRegisters.PFLAN_QALLOC_FIRSTQ_MASK;
        assertEquals(64, firstQueue);
        driver.openAdminQueues();
        assertEquals(0, driver.command(AdminQueueOpcode.GET_VERSION).send().retval());
        final TestDriver.Command version = driver.command(AdminQueueOpcode.DRIVER_VERSION).buffer(32, true);
        version.buffer.putStringWithoutLengthAscii(0, "ipxe");
        assertEquals(0, version.send().retval());
        assertEquals(0, driver.command(AdminQueueOpcode.CLEAR_PXE_MODE).param8(0, 2).send().retval());
        final TestDriver.Completion sw = driver.command(AdminQueueOpcode.GET_SWITCH_CONFIG).buffer(32, false).send();
        assertEquals(AqSwitchConfig.TYPE_VSI, sw.buffer.getByte(16 + AqSwitchConfig.ELEMENT_TYPE));
        final int vsi = sw.buffer.getShort(16 + AqSwitchConfig.ELEMENT_SEID, ByteOrder.LITTLE_ENDIAN);
        final TestDriver.Completion params = driver.command(AdminQueueOpcode.GET_VSI_PARAMETERS)
            .param16(AqVsi.UPLINK_SEID, vsi).buffer(AqVsi.PROPERTIES_SIZE, false).send();
        final int queue = params.buffer.getShort(AqVsi.QUEUE_MAPPING, ByteOrder.LITTLE_ENDIAN);
        final int qset = params.buffer.getShort(AqVsi.QS_HANDLE, ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, driver.command(AdminQueueOpcode.SET_VSI_PROMISCUOUS_MODES)
            .param16(AqPromiscuous.PROMISCUOUS_FLAGS, 0x17).param16(AqPromiscuous.VALID_FLAGS, 0x17)
            .param16(AqPromiscuous.SEID, vsi).send().retval());
        final TestDriver.Completion mac = driver.command(AdminQueueOpcode.MAC_ADDRESS_READ).buffer(24, false).send();
        assertEquals(AqMacAddress.LAN_ADDR_VALID, mac.param16(0) & AqMacAddress.LAN_ADDR_VALID);
        driver.write(InterruptRegisters.QINT_TQCTL(queue), 0x7FF << 16 | InterruptRegisters.QINT_RQCTL_CAUSE_ENA_MASK);
        driver.write(InterruptRegisters.QINT_RQCTL(queue), queue << 16 | 1 << 27
            | InterruptRegisters.QINT_RQCTL_CAUSE_ENA_MASK);
        driver.write(InterruptRegisters.PFINT_LNKLST0, queue);
        driver.write(InterruptRegisters.PFINT_ICR0_ENA, InterruptRegisters.PFINT_ICR0_ADMINQ_MASK);
        assertEquals(0, driver.command(AdminQueueOpcode.GET_LINK_STATUS)
            .param16(AqPhy.LINK_COMMAND_FLAGS, AqPhy.LSE_ENABLE).send().retval());

        // Open: MAC write, MAC config, QTX_CTL, pre-disable clear, QTX_HEAD, contexts + enables, refill, autoneg.
        assertEquals(0, driver.command(AdminQueueOpcode.MAC_ADDRESS_WRITE).param16(AqMacAddress.MAC_SAH, 0x0200)
            .param32(AqMacAddress.MAC_SAL, 0xAABBCC01).send().retval());
        assertEquals(0, driver.command(AdminQueueOpcode.SET_MAC_CONFIG).param16(AqPhy.MAC_MAX_FRAME_SIZE, 1522)
            .param8(AqPhy.MAC_PARAMS, AqPhy.MAC_CRC_EN).send().retval());
        driver.write(QTX_CTL(queue),
            LanQueueRegisters.QTX_CTL_PF_QUEUE | pf << LanQueueRegisters.QTX_CTL_PF_INDX_SHIFT);
        final int absolute = firstQueue + queue;
        driver.write(GLLAN_TXPRE_QDIS(absolute / 128), LanQueueRegisters.GLLAN_TXPRE_QDIS_CLEAR_QDIS_MASK | absolute);
        driver.write(QTX_HEAD(queue), 0);
        final DmaMemory rxRing = driver.allocate((long) RX_COUNT * RxDescriptor.SIZE_32, "rx ring");
        final DmaMemory rxBuffers = driver.allocate((long) RX_COUNT * BUFFER, "rx buffers");
        final RxQueueContext rx = new RxQueueContext();
        rx.base = rxRing.iova() / RxQueueContext.BASE_UNIT;
        rx.qlen = RX_COUNT;
        rx.dbuff = BUFFER / RxQueueContext.DBUFF_UNIT;
        rx.dsize = 1;
        rx.crcstrip = 1;
        rx.rxmax = 1522;
        rx.prefena = 1;
        final byte[] rxImage = new byte[RxQueueContext.OBJECT_SIZE];
        rx.pack(new org.agrona.concurrent.UnsafeBuffer(rxImage), 0);
        driver.writeContextLines(absolute, false, rxImage);
        driver.write(QRX_ENA(queue), LanQueueRegisters.QENA_REQ_MASK);
        driver.steps(1);
        assertEquals(LanQueueRegisters.QENA_REQ_MASK | LanQueueRegisters.QENA_STAT_MASK, driver.read(QRX_ENA(queue)));
        final DmaMemory txRing = driver.allocate((long) TX_COUNT * TxDescriptor.SIZE, "tx ring");
        final DmaMemory txBuffers = driver.allocate((long) TX_COUNT * BUFFER, "tx buffers");
        final TxQueueContext tx = new TxQueueContext();
        tx.newContext = 1;
        tx.base = txRing.iova() / TxQueueContext.BASE_UNIT;
        tx.qlen = TX_COUNT;
        tx.rdylist = qset;
        final byte[] txImage = new byte[TxQueueContext.OBJECT_SIZE];
        tx.pack(new org.agrona.concurrent.UnsafeBuffer(txImage), 0);
        driver.writeContextLines(absolute, true, txImage);
        driver.write(QTX_ENA(queue), LanQueueRegisters.QENA_REQ_MASK);
        driver.steps(1);
        assertTrue(device.queues().txEnabled(queue));
        final AtomicBuffer rxd = rxRing.buffer();
        for (int i = 0; i < RX_COUNT; i++) {
            rxd.putLong(i * RxDescriptor.SIZE_32, rxBuffers.iova() + (long) i * BUFFER);
        }
        driver.write(QRX_TAIL(queue), RX_COUNT - 1);
        assertEquals(0, driver.command(AdminQueueOpcode.SET_LINK_RESTART_AN).param8(AqPhy.RESTART_COMMAND, 0x06)
            .send().retval());
        final TestDriver.Completion link = driver.command(AdminQueueOpcode.GET_LINK_STATUS).send();
        assertEquals(AqPhy.LINK_UP, link.param8(AqPhy.LINK_INFO) & AqPhy.LINK_UP);

        cableIn = true;
        assertEquals(FRAMES, receiveAll(queue, rxd, rxBuffers));
        assertEquals(0, driver.read(StatisticsRegisters.GLV_RDPC(device.engine().statistics().vsiIndex())),
            "no discards");
        assertEquals(FRAMES, driver.bar.read64(StatisticsRegisters.GLPRT_UPRCL(1)));
        transmitAll(queue, txRing.buffer(), txBuffers);
        assertEquals(FRAMES, sink.frames());
        assertEquals(0, device.iommu().faultCount());
        assertEquals(0, device.registers().unknownReads() + device.registers().unknownWrites());
        assertEquals(0, device.hmc().errors(), "no HMC used");
    }

    /** Polls like iPXE: DD, frame, refill (pkt_addr, qword1 = 0), tail one behind; returns frames seen. */
    private int receiveAll(int queue, AtomicBuffer rxd, DmaMemory buffers) {
        int next = 0;
        int frames = 0;
        for (int round = 0; round < 1000 && frames < FRAMES; round++) {
            device.step();
            while (true) {
                final int d = next * RxDescriptor.SIZE_32;
                final long qword1 = RxDescriptor.qword1Acquire(rxd, d);
                if (!RxDescriptor.isDone(qword1)) {
                    break;
                }
                assertTrue(RxDescriptor.isEndOfFrame(qword1));
                final int length = RxDescriptor.lengthPbuf(qword1);
                assertTrue(FrameGenerator.verify(buffers.buffer(), next * BUFFER, length), "frame " + frames);
                frames++;
                rxd.putLong(d, buffers.iova() + (long) next * BUFFER);
                rxd.putLong(d + RxDescriptor.QWORD1_OFFSET, 0L);
                driver.write(QRX_TAIL(queue), next);
                next = (next + 1) % RX_COUNT;
            }
        }
        return frames;
    }

    /** Sends 1001 copies of a 60-byte frame, RS on each, completion by DTYPE 0xF (facts 7.5). */
    private void transmitAll(int queue, AtomicBuffer txd, DmaMemory buffers) {
        int tail = 0;
        int clean = 0;
        int sent = 0;
        int completed = 0;
        for (int round = 0; round < 1000 && completed < FRAMES; round++) {
            while (sent < FRAMES && (tail + 1) % TX_COUNT != clean) {
                buffers.buffer().setMemory(tail * BUFFER, 60, (byte) sent);
                TxDescriptor.putData(txd, tail * TxDescriptor.SIZE, buffers.iova() + (long) tail * BUFFER,
                    TxDescriptor.dataQword1(TxDescriptor.I40E_TX_DESC_CMD_EOP | TxDescriptor.I40E_TX_DESC_CMD_RS
                        | TxDescriptor.I40E_TX_DESC_CMD_ICRC, 0, 60, 0));
                tail = (tail + 1) % TX_COUNT;
                sent++;
            }
            driver.write(QTX_TAIL(queue), tail);
            device.step();
            while (clean != tail && TxDescriptor.isDescDone(txd.getLongVolatile(clean * TxDescriptor.SIZE + 8))) {
                clean = (clean + 1) % TX_COUNT;
                completed++;
            }
        }
        assertEquals(FRAMES, completed);
    }
}
