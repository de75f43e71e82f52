package io.xdpj.sim.vfiouser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.xdpj.sim.SimConfig;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.iommu.DmaFault;
import io.xdpj.sim.wire.Wire;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vfio-user server against an in-test client over a socketpair: every message QEMU's client sends at realize,
 * reset and run time (vfio-user-bed.md, message list), answered with values computed by hand from the facts and the
 * protocol, plus descriptor passing (memfd for DMA, eventfds for MSI-X) and the error replies.
 */
class VfioUserServerTest {

    private SimulatedXl710 device;
    private VfioUserServer server;
    private TestClient client;
    private final List<String> log = new ArrayList<>();
    private final List<Integer> openFds = new ArrayList<>();

    @BeforeEach
    void connect() {
        device = SimulatedXl710.create(SimConfig.builder().build(), Wire.disconnected());
        final UnixSocket[] pair = UnixSocket.pair();
        server = new VfioUserServer(device, pair[0], log::add);
        client = new TestClient(pair[1]);
    }

    @AfterEach
    void close() {
        server.close();
        client.close();
        device.close();
        openFds.forEach(TestClient.LIBC::close);
    }

    private void handshake() {
        client.version("{\"capabilities\":{\"max_msg_fds\":16,\"max_data_xfer_size\":1048576,\"pgsizes\":4096}}");
        assertTrue(server.handleOne());
        client.receive();
    }

    /** Sends nothing more; lets the server answer the message already in the socket and returns the reply size. */
    private int roundTrip() {
        assertTrue(server.handleOne());
        return client.receive();
    }

    private int readConfig32(int offset) {
        client.regionRead(VfioUser.CONFIG_REGION, offset, 4);
        roundTrip();
        return client.in.getInt(32, ByteOrder.LITTLE_ENDIAN);
    }

    private int readBar0(int offset) {
        client.regionRead(VfioUser.BAR0_REGION, offset, 4);
        roundTrip();
        return client.in.getInt(32, ByteOrder.LITTLE_ENDIAN);
    }

    private void writeBar0(int offset, int value) {
        client.regionWrite(VfioUser.BAR0_REGION, offset, TestClient.le32(value), true);
        assertTrue(server.handleOne());
    }

    @Test
    void versionRepliesWithProtocol00AndShortCapabilities() {
        client.version("{\"capabilities\":{\"max_msg_fds\":16,\"max_data_xfer_size\":1048576,\"pgsizes\":4096,"
            + "\"max_dma_maps\":65535,\"write_multiple\":true}}");
        final int requestSize = client.out.getInt(VfioUser.HDR_SIZE, ByteOrder.LITTLE_ENDIAN);
        final int size = roundTrip();
        assertEquals(client.lastId(), client.replyId());
        assertEquals(VfioUser.FLAG_REPLY, client.replyFlags());
        assertEquals(0, client.in.getShort(16, ByteOrder.LITTLE_ENDIAN));
        assertEquals(0, client.in.getShort(18, ByteOrder.LITTLE_ENDIAN));
        final byte[] json = new byte[size - 20];
        client.in.getBytes(20, json);
        assertEquals("{\"capabilities\":{\"max_msg_fds\":16,\"max_data_xfer_size\":1048576}}\0",
            new String(json, StandardCharsets.US_ASCII));
        assertTrue(size <= requestSize, "QEMU refuses a VERSION reply longer than its request");
    }

    @Test
    void anyCommandBeforeVersionIsRefused() {
        client.regionRead(VfioUser.CONFIG_REGION, 0, 4);
        roundTrip();
        assertEquals(VfioUser.FLAG_REPLY | VfioUser.FLAG_ERROR, client.replyFlags());
        assertEquals(VfioUser.EINVAL, client.replyError());
    }

    @Test
    void deviceRegionAndIrqInfo() {
        handshake();
        client.begin(VfioUser.DEVICE_GET_INFO, 0);
        client.out.putInt(16, 16, ByteOrder.LITTLE_ENDIAN);
        client.send(16);
        assertEquals(32, roundTrip());
        assertEquals(VfioUser.DEVICE_FLAGS_RESET | VfioUser.DEVICE_FLAGS_PCI, client.in.getInt(20,
            ByteOrder.LITTLE_ENDIAN));
        assertEquals(9, client.in.getInt(24, ByteOrder.LITTLE_ENDIAN));
        assertEquals(5, client.in.getInt(28, ByteOrder.LITTLE_ENDIAN));

        // BAR0 8 MiB (facts 1.3), BAR1 empty, BAR3 32 KiB, ROM empty, config 4 KiB; index 9 does not exist.
        final long[][] expected = {{0, 3, 8L << 20}, {1, 0, 0}, {3, 3, 32768}, {6, 0, 0}, {7, 3, 4096}};
        for (long[] e : expected) {
            regionInfo((int) e[0]);
            assertEquals(e[1], client.in.getInt(20, ByteOrder.LITTLE_ENDIAN), "flags of region " + e[0]);
            assertEquals(e[2], client.in.getLong(32, ByteOrder.LITTLE_ENDIAN), "size of region " + e[0]);
        }
        regionInfo(9);
        assertEquals(VfioUser.EINVAL, client.replyError());

        // MSI-X: 129 vectors (GLPCI_CNF2 default of the model, facts 1.3); MSI none; INTx maskable+automasked.
        final int[][] irqs = {{0, 1 | 2 | 4, 1}, {1, 1, 0}, {2, 1, 129}, {3, 1, 1}, {4, 1, 1}};
        for (int[] e : irqs) {
            client.begin(VfioUser.DEVICE_GET_IRQ_INFO, 0);
            client.out.putInt(16, 16, ByteOrder.LITTLE_ENDIAN);
            client.out.putInt(24, e[0], ByteOrder.LITTLE_ENDIAN);
            client.send(16);
            roundTrip();
            assertEquals(e[1], client.in.getInt(20, ByteOrder.LITTLE_ENDIAN), "flags of irq index " + e[0]);
            assertEquals(e[2], client.in.getInt(28, ByteOrder.LITTLE_ENDIAN), "count of irq index " + e[0]);
        }
    }

    private void regionInfo(int index) {
        client.begin(VfioUser.DEVICE_GET_REGION_INFO, 0);
        client.out.putInt(16, 32, ByteOrder.LITTLE_ENDIAN);
        client.out.putInt(24, index, ByteOrder.LITTLE_ENDIAN);
        client.send(32);
        roundTrip();
    }

    @Test
    void configSpaceInOneReadHasTheXl710IdentityAndCapabilityChain() {
        handshake();
        client.regionRead(VfioUser.CONFIG_REGION, 0, 256);
        assertEquals(16 + 16 + 256, roundTrip());
        final UnsafeBuffer c = new UnsafeBuffer(client.in, 32, 256);
        assertEquals(0x1583_8086, c.getInt(0, ByteOrder.LITTLE_ENDIAN)); // facts 1.1
        assertEquals(0x0200_0002, c.getInt(8, ByteOrder.LITTLE_ENDIAN)); // class 02 00 00, revision 2
        assertEquals(0x10, c.getShort(6, ByteOrder.LITTLE_ENDIAN) & 0x10); // capability list
        assertEquals(0xC, c.getInt(0x10, ByteOrder.LITTLE_ENDIAN) & 0xF); // BAR0 64-bit prefetchable
        assertEquals(0xC, c.getInt(0x1C, ByteOrder.LITTLE_ENDIAN) & 0xF); // BAR3 64-bit prefetchable
        assertEquals(0, c.getInt(0x30, ByteOrder.LITTLE_ENDIAN)); // no ROM
        assertEquals(0x40, c.getByte(0x34));
        assertEquals(0x7001, c.getShort(0x40, ByteOrder.LITTLE_ENDIAN)); // PM, next 0x70
        assertEquals(0x0080_A011, c.getInt(0x70, ByteOrder.LITTLE_ENDIAN)); // MSI-X, next 0xA0, table size 129
        assertEquals(0x0000_0003, c.getInt(0x74, ByteOrder.LITTLE_ENDIAN)); // table: BAR3 offset 0 (facts 1.3)
        assertEquals(0x0000_1003, c.getInt(0x78, ByteOrder.LITTLE_ENDIAN)); // PBA: BAR3 offset 0x1000
        assertEquals(0x0002_0010, c.getInt(0xA0, ByteOrder.LITTLE_ENDIAN)); // PCIe v2 endpoint, end of list
        assertEquals(1 << 28, c.getInt(0xA4, ByteOrder.LITTLE_ENDIAN) & (1 << 28)); // FLR capable
    }

    @Test
    void romAndBarSizingAsQemuDoesIt() {
        handshake();
        client.regionWrite(VfioUser.CONFIG_REGION, 0x30, TestClient.le32(0xFFFF_F800), false);
        roundTrip();
        assertEquals(0, readConfig32(0x30)); // NB: an echoed value would make QEMU invent a 2 KiB ROM
        client.regionWrite(VfioUser.CONFIG_REGION, 0x1C, TestClient.le32(-1), false);
        roundTrip();
        assertEquals(0xFFFF_800C, readConfig32(0x1C)); // 32 KiB, 64-bit prefetchable
        client.regionWrite(VfioUser.CONFIG_REGION, 0x10, TestClient.le32(-1), false);
        roundTrip();
        assertEquals(0xFF80_000C, readConfig32(0x10)); // 8 MiB
    }

    @Test
    void byteWriteToTheCommandRegisterTurnsOnBusMastering() {
        handshake();
        client.regionWrite(VfioUser.CONFIG_REGION, 0x04, new byte[] {0x06}, false);
        roundTrip();
        assertEquals(0x06, readConfig32(0x04) & 0x7);
    }

    @Test
    void bar0ReadsReachTheRegisterFile() {
        handshake();
        assertEquals(0x18, readBar0(0xB6008)); // GLNVM_ULD CORE|GLOBAL done (facts 2.1)
        assertEquals(129 << 2, readBar0(0xBE494)); // GLPCI_CNF2.MSI_X_PF_N = 129 (facts 2.1)
        client.regionRead(VfioUser.BAR0_REGION, 0xB6008, 2); // readw: not how the CPU reaches registers
        roundTrip();
        assertEquals(VfioUser.EINVAL, client.replyError());
        client.regionRead(VfioUser.BAR0_REGION, (8L << 20) - 2, 4); // runs past the end of the BAR
        roundTrip();
        assertEquals(VfioUser.EINVAL, client.replyError());
    }

    @Test
    void postedWritesGetNoReplyAndAreVisibleToTheNextRead() {
        handshake();
        writeBar0(0x80000, 0x1fd4_e000); // PF_ATQBAL (facts 3.1)
        final int readId = client.lastId() + 1;
        assertEquals(0x1fd4_e000, readBar0(0x80000));
        assertEquals(readId, client.replyId(), "the first reply after a posted write is the read's");
    }

    @Test
    void dmaMapWithMemfdReachesGuestMemoryThroughTheModelsIommu() {
        handshake();
        final int memfd = TestClient.LIBC.memfd_create("guest-ram", 0);
        assertTrue(memfd >= 0);
        openFds.add(memfd);
        assertEquals(0, TestClient.LIBC.ftruncate(memfd, 3 * 4096));
        final UnsafeBuffer pattern = new UnsafeBuffer(BufferUtil.allocateDirectAligned(8, 8));
        pattern.putLong(0, 0x0123_4567_89AB_CDEFL, ByteOrder.LITTLE_ENDIAN);
        assertEquals(8, TestClient.LIBC.pwrite(memfd, pattern.addressOffset(), 8, 4096 + 40));

        // guest-physical 0x100000.. mapped from file offset 4096 (QEMU passes RAM at offsets into one memfd)
        client.dmaMap(0x10_0000, 2 * 4096, 4096, VfioUser.DMA_FLAG_READ | VfioUser.DMA_FLAG_WRITE, memfd);
        assertEquals(16, roundTrip());
        assertEquals(VfioUser.FLAG_REPLY, client.replyFlags());
        assertEquals(1, server.dmaRegionsWithFd());
        final long address = device.iommu().translate(0x10_0000 + 40, 8, false, DmaFault.ADMIN_QUEUE);
        assertNotEquals(0, address);
        assertEquals(0x0123_4567_89AB_CDEFL, new UnsafeBuffer(address, 8).getLong(0, ByteOrder.LITTLE_ENDIAN));

        client.dmaMap(0x10_1000, 4096, 0, VfioUser.DMA_FLAG_READ, memfd); // overlaps the first map
        roundTrip();
        assertEquals(VfioUser.EEXIST, client.replyError());
        client.dmaMap(0xFFFC_0000L, 0x4_0000, 0, VfioUser.DMA_FLAG_READ); // the BIOS: no descriptor
        roundTrip();
        assertEquals(2, server.dmaRegions());
        assertEquals(1, server.dmaRegionsWithFd());

        client.dmaUnmap(0x10_0000, 2 * 4096, 0);
        assertEquals(16 + 24, roundTrip());
        assertEquals(0, device.iommu().translate(0x10_0000 + 40, 8, false, DmaFault.ADMIN_QUEUE));
        assertEquals(1, server.dmaRegions());
        client.dmaUnmap(0, 0, VfioUser.DMA_UNMAP_FLAG_ALL);
        roundTrip();
        assertEquals(0, server.dmaRegions());
    }

    @Test
    void unmapTakesEveryMapInsideTheRangeAsVfioType1Does() {
        handshake();
        for (long iova : new long[] {0x1000, 0x3000, 0x9000}) {
            client.dmaMap(iova, 0x1000, 0, VfioUser.DMA_FLAG_READ); // no descriptor: recorded only
            roundTrip();
        }
        client.dmaUnmap(0x20_0000, 0x1000, 0); // covers nothing: succeeds, nothing removed
        roundTrip();
        assertEquals(VfioUser.FLAG_REPLY, client.replyFlags());
        assertEquals(3, server.dmaRegions());
        client.dmaUnmap(0x2000, 0x2000, 0); // 0x2000..0x3fff holds the map at 0x3000 whole
        roundTrip();
        assertEquals(2, server.dmaRegions());
        client.dmaUnmap(0x1800, 0x1000, 0); // half of the map at 0x1000
        roundTrip();
        assertEquals(VfioUser.EINVAL, client.replyError());
        assertEquals(2, server.dmaRegions());
        client.dmaUnmap(0, -1L >>> 1, 0); // a vIOMMU-sized range: everything below 2^63
        roundTrip();
        assertEquals(0, server.dmaRegions());
    }

    @Test
    void msixEventfdIsSignalledByTheClientTriggerAndByTheModelsSoftwareInterrupt() {
        handshake();
        final int efd = TestClient.LIBC.eventfd(0, TestClient.EFD_NONBLOCK);
        openFds.add(efd);
        // vectors 0..2: -1, efd, -1 arrive as QEMU sends them: one message per run of valid or invalid fds
        client.setIrqs(VfioUser.IRQ_SET_DATA_EVENTFD | VfioUser.IRQ_SET_ACTION_TRIGGER, VfioUser.MSIX_IRQ, 1, 1, efd);
        assertEquals(16, roundTrip());
        assertNotEquals(-1, server.irqFd(VfioUser.MSIX_IRQ, 1));
        assertEquals(-1, server.irqFd(VfioUser.MSIX_IRQ, 0));

        client.setIrqs(VfioUser.IRQ_SET_DATA_NONE | VfioUser.IRQ_SET_ACTION_TRIGGER, VfioUser.MSIX_IRQ, 1, 1);
        roundTrip();
        assertEquals(1, TestClient.readEventfd(efd));

        // PFINT_DYN_CTLN(0) serves vector 1: INTENA | SWINT_TRIG (facts 9) -> one MSI-X message, then masked
        writeBar0(0x34800, 0x5);
        device.step();
        assertEquals(1, TestClient.readEventfd(efd));
        writeBar0(0x34800, 0x4); // SWINT_TRIG without INTENA: pending, not sent
        device.step();
        assertEquals(0, TestClient.readEventfd(efd));
        writeBar0(0x34800, 0x1); // INTENA: the pending interrupt goes out
        device.step();
        assertEquals(1, TestClient.readEventfd(efd));

        client.setIrqs(VfioUser.IRQ_SET_DATA_NONE | VfioUser.IRQ_SET_ACTION_TRIGGER, VfioUser.MSIX_IRQ, 0, 0);
        roundTrip();
        assertEquals(-1, server.irqFd(VfioUser.MSIX_IRQ, 1));
        assertFalse(client.replyFlags() == (VfioUser.FLAG_REPLY | VfioUser.FLAG_ERROR));
    }

    @Test
    void setIrqsOutOfRangeOrWithTooManyFdsIsRefused() {
        handshake();
        final int efd = TestClient.LIBC.eventfd(0, TestClient.EFD_NONBLOCK);
        openFds.add(efd);
        client.setIrqs(VfioUser.IRQ_SET_DATA_EVENTFD | VfioUser.IRQ_SET_ACTION_TRIGGER, VfioUser.MSIX_IRQ, 129, 1,
            efd);
        roundTrip();
        assertEquals(VfioUser.EINVAL, client.replyError());
        client.setIrqs(VfioUser.IRQ_SET_DATA_EVENTFD | VfioUser.IRQ_SET_ACTION_TRIGGER, VfioUser.MSIX_IRQ, 0, 1, efd,
            efd);
        roundTrip();
        assertEquals(VfioUser.EINVAL, client.replyError());
        assertEquals(-1, server.irqFd(VfioUser.MSIX_IRQ, 0));
    }

    @Test
    void deviceResetTurnsBusMasteringOffAndResetsThePf() {
        handshake();
        client.regionWrite(VfioUser.CONFIG_REGION, 0x04, new byte[] {0x06, 0x00}, false);
        roundTrip();
        writeBar0(0x80000, 0x1234_5000); // PF_ATQBAL, reset domain EMPR: survives a PF reset (facts 3.1)
        client.begin(VfioUser.DEVICE_RESET, 0);
        client.send(0);
        assertEquals(16, roundTrip());
        assertEquals(0, readConfig32(0x04) & 0xFFFF);
        final long before = device.pfResets();
        for (int i = 0; i < 5; i++) {
            device.step();
        }
        assertEquals(before + 1, device.pfResets());
    }

    @Test
    void unknownCommandIsRefusedWithEnotsup() {
        handshake();
        client.begin(VfioUser.DIRTY_PAGES, 0);
        client.send(0);
        roundTrip();
        assertEquals(VfioUser.ENOTSUP, client.replyError());
        assertEquals(1, server.errorReplies());
    }

    @Test
    void clientCloseEndsTheServer() {
        handshake();
        client.close();
        assertFalse(server.handleOne());
    }
}
