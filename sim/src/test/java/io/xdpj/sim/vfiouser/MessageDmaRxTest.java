package io.xdpj.sim.vfiouser;

import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QRX_ENA;
import static io.xdpj.i40e.hw.reg.LanQueueRegisters.QRX_TAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AqPhy;
import io.xdpj.i40e.hw.aq.AqPromiscuous;
import io.xdpj.i40e.hw.aq.AqSwitchConfig;
import io.xdpj.i40e.hw.aq.AqVsi;
import io.xdpj.i40e.hw.desc.RxDescriptor;
import io.xdpj.i40e.hw.hmc.RxQueueContext;
import io.xdpj.i40e.hw.reg.LanQueueRegisters;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.TestDriver;
import io.xdpj.sim.wire.CountingSink;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.Wire;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Frames received into an Rx ring whose descriptors and buffers live in a region the client mapped without a file
 * descriptor: the LAN engine's ring translation (cached per IOMMU generation) and buffer writes go through the
 * message-backed shadow, and the frames and write-backs reach the client's memory by DMA_WRITE, each buffer before
 * the descriptor that hands it back. The admin queue stays in the model's own memory (driven by {@link TestDriver}).
 */
class MessageDmaRxTest {

    private static final long BASE = 0x40_0000_0000L;
    private static final int RX_COUNT = 32;
    private static final int BUFFER = 2048;
    private static final long RING = BASE;
    private static final long BUFFERS = BASE + 4096;
    private static final int SIZE = 4096 + RX_COUNT * BUFFER;
    private static final int FRAMES = 3;

    private final FrameGenerator generator = FrameGenerator.builder().sizes(61, 1514, 333).count(FRAMES)
        .dstMac(0x0200_AABB_CC01L).build();
    /** Frames the wire may still deliver: one per step, so later steps use the ring translation of earlier ones. */
    private int allowed;
    private final SimulatedXl710 device = SimulatedXl710.create(TestDriver.config().build(),
        Wire.of(this::oneFrame, new CountingSink()));
    private final TestDriver driver = new TestDriver(device);
    private final List<String> log = new ArrayList<>();
    private VfioUserServer server;
    private TestClient client;
    private MessageDmaTest.GuestMemoryClient guest;
    private Thread guestThread;

    @AfterEach
    void close() throws InterruptedException {
        if (guestThread != null) {
            guest.stop = true;
            guestThread.join(10_000);
        }
        if (server != null) {
            server.close();
            client.close();
        }
        device.close();
    }

    @Test
    void framesAndWriteBacksReachTheClientByDmaWriteBuffersFirst() {
        final UnixSocket[] pair = UnixSocket.pair();
        server = new VfioUserServer(device, pair[0], log::add);
        client = new TestClient(pair[1]);
        guest = MessageDmaTest.mapWithoutDescriptor(server, client, BASE, SIZE);
        synchronized (guest) {
            for (int i = 0; i < RX_COUNT; i++) { // read format: pkt_addr, hdr_addr 0 (facts 6.3)
                guest.at(RING + (long) i * RxDescriptor.SIZE_32).putLong(0, BUFFERS + (long) i * BUFFER);
            }
        }
        guestThread = new Thread(guest, "guest-memory-client");
        guestThread.setDaemon(true);
        guestThread.start();

        final int queue = openRxQueue();
        for (int step = 0; step < 20 && !done(FRAMES - 1); step++) {
            allowed = 1;
            server.step();
        }
        assertEquals(FRAMES, generator.generated());

        assertEquals(0, device.iommu().faultCount());
        final List<String> writes = guest.writeLog();
        final UnsafeBuffer memory = new UnsafeBuffer(guest.memory);
        final int[] lengths = {61, 1514, 333}; // the generator's lengths exclude the FCS (FrameSource convention)
        for (int i = 0; i < FRAMES; i++) {
            final long qword1;
            synchronized (guest) {
                qword1 = memory.getLong(i * RxDescriptor.SIZE_32 + RxDescriptor.QWORD1_OFFSET,
                    ByteOrder.LITTLE_ENDIAN);
                assertTrue(RxDescriptor.isDone(qword1) && RxDescriptor.isEndOfFrame(qword1), "descriptor " + i);
                assertEquals(lengths[i], RxDescriptor.lengthPbuf(qword1), "descriptor " + i);
                final int frame = 4096 + i * BUFFER;
                assertTrue(FrameGenerator.verify(memory, frame, lengths[i]), "frame " + i);
                assertEquals(i, FrameGenerator.sequence(memory, frame));
                assertEquals(0x0200_AABB_CC01L, (memory.getLong(frame, ByteOrder.BIG_ENDIAN) >>> 16));
            }
            final int bufferWrite = firstWriteInside(writes, BUFFERS + (long) i * BUFFER, BUFFER);
            final int descriptorWrite = firstWriteInside(writes, RING + (long) i * RxDescriptor.SIZE_32,
                RxDescriptor.SIZE_32);
            assertTrue(bufferWrite >= 0 && descriptorWrite > bufferWrite,
                "frame " + i + " data before its descriptor: " + writes);
        }
        assertFalse(done(FRAMES), "no fourth frame");
        assertEquals(LanQueueRegisters.QENA_REQ_MASK | LanQueueRegisters.QENA_STAT_MASK, driver.read(QRX_ENA(queue)));
    }

    private int oneFrame(org.agrona.MutableDirectBuffer buffer, int offset, int capacity) {
        if (allowed == 0) {
            return 0;
        }
        final int length = generator.poll(buffer, offset, capacity);
        if (length > 0) {
            allowed--;
        }
        return length;
    }

    private boolean done(int descriptor) {
        synchronized (guest) {
            return RxDescriptor.isDone(new UnsafeBuffer(guest.memory).getLong(
                descriptor * RxDescriptor.SIZE_32 + RxDescriptor.QWORD1_OFFSET, ByteOrder.LITTLE_ENDIAN));
        }
    }

    /** Index in the write log of the first DMA_WRITE that starts inside [iova, iova + length), or -1. */
    private static int firstWriteInside(List<String> writes, long iova, int length) {
        for (int i = 0; i < writes.size(); i++) {
            final long at = Long.parseLong(writes.get(i).split(" ")[1].substring(2), 16);
            if (at >= iova && at < iova + length) {
                return i;
            }
        }
        return -1;
    }

    /** The iPXE-order bring-up of one Rx queue (IpxeOrderBringUpTest), with the ring in the client's region. */
    private int openRxQueue() {
        driver.enableBusMaster();
        driver.openAdminQueues();
        final TestDriver.Completion sw = driver.command(AdminQueueOpcode.GET_SWITCH_CONFIG).buffer(32, false).send();
        assertEquals(AqSwitchConfig.TYPE_VSI, sw.buffer.getByte(16 + AqSwitchConfig.ELEMENT_TYPE));
        final int vsi = sw.buffer.getShort(16 + AqSwitchConfig.ELEMENT_SEID, ByteOrder.LITTLE_ENDIAN);
        final TestDriver.Completion params = driver.command(AdminQueueOpcode.GET_VSI_PARAMETERS)
            .param16(AqVsi.UPLINK_SEID, vsi).buffer(AqVsi.PROPERTIES_SIZE, false).send();
        final int queue = params.buffer.getShort(AqVsi.QUEUE_MAPPING, ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, driver.command(AdminQueueOpcode.SET_VSI_PROMISCUOUS_MODES)
            .param16(AqPromiscuous.PROMISCUOUS_FLAGS, 0x17).param16(AqPromiscuous.VALID_FLAGS, 0x17)
            .param16(AqPromiscuous.SEID, vsi).send().retval());
        final int firstQueue = driver.read(LanQueueRegisters.PFLAN_QALLOC) & LanQueueRegisters.PFLAN_QALLOC_FIRSTQ_MASK;
        final RxQueueContext rx = new RxQueueContext();
        rx.base = RING / RxQueueContext.BASE_UNIT;
        rx.qlen = RX_COUNT;
        rx.dbuff = BUFFER / RxQueueContext.DBUFF_UNIT;
        rx.dsize = 1;
        rx.crcstrip = 1;
        rx.rxmax = 1522;
        rx.prefena = 1;
        final byte[] rxImage = new byte[RxQueueContext.OBJECT_SIZE];
        rx.pack(new UnsafeBuffer(rxImage), 0);
        driver.writeContextLines(firstQueue + queue, false, rxImage);
        driver.write(QRX_ENA(queue), LanQueueRegisters.QENA_REQ_MASK);
        server.step();
        driver.write(QRX_TAIL(queue), RX_COUNT - 1);
        assertEquals(0, driver.command(AdminQueueOpcode.SET_LINK_RESTART_AN).param8(AqPhy.RESTART_COMMAND, 0x06)
            .send().retval());
        return queue;
    }
}
