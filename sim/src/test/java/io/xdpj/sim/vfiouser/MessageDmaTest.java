package io.xdpj.sim.vfiouser;

import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQBAH;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQBAL;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQH;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQLEN;
import static io.xdpj.i40e.hw.reg.AdminQueueRegisters.PF_ATQT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.xdpj.i40e.hw.aq.AdminQueueDescriptor;
import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AqNvmRead;
import io.xdpj.i40e.hw.reg.AdminQueueRegisters;
import io.xdpj.sim.SimConfig;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.iommu.DmaFault;
import io.xdpj.vfio.PciConfig;
import io.xdpj.sim.wire.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Device DMA to a region the client mapped without a file descriptor: the model's admin queue reads its command
 * descriptor and writes the response buffer and the write-back through VFIO_USER_DMA_READ / DMA_WRITE messages
 * that a client thread serves from its own byte array, as QEMU's client does (hw/vfio-user/pci.c: DMA_READ replies
 * with address, count and data; DMA_WRITE with the header alone).
 *
 * <p>Layout of the region (iova {@link #BASE}, 3 pages): page 0 the ATQ ring (5 entries), page 1 the command's
 * response buffer, page 2 untouched.
 */
class MessageDmaTest {

    private static final long BASE = 0x4000_0000L;
    private static final int PAGES = 3;
    private static final long RING = BASE;
    private static final long BUFFER = BASE + 4096;
    private static final int ENTRIES = 5;

    private SimulatedXl710 device;
    private VfioUserServer server;
    private TestClient client;
    private GuestMemoryClient guest;
    private Thread guestThread;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void connect() {
        device = SimulatedXl710.create(SimConfig.builder().build(), Wire.disconnected());
        final UnixSocket[] pair = UnixSocket.pair();
        server = new VfioUserServer(device, pair[0], log::add);
        client = new TestClient(pair[1]);
        guest = mapWithoutDescriptor(server, client, BASE, PAGES * 4096);
    }

    /**
     * Negotiates the version, maps {@code [base, base + size)} read-write without a file descriptor and returns the
     * client's memory behind that region (not yet serving: start it on a thread).
     */
    static GuestMemoryClient mapWithoutDescriptor(VfioUserServer server, TestClient client, long base, int size) {
        client.version("{\"capabilities\":{\"max_msg_fds\":16,\"max_data_xfer_size\":1048576}}");
        server.handleOne();
        client.receive();
        client.dmaMap(base, size, 0, VfioUser.DMA_FLAG_READ | VfioUser.DMA_FLAG_WRITE); // no descriptor
        server.handleOne();
        client.receive();
        assertEquals(VfioUser.FLAG_REPLY, client.replyFlags());
        return new GuestMemoryClient(client, base, size);
    }

    @AfterEach
    void close() throws InterruptedException {
        if (guestThread != null) {
            guest.stop = true;
            guestThread.join(10_000);
        }
        server.close();
        client.close();
        device.close();
    }

    /** Writes an NVM_READ of 4 bytes at NVM byte 0x30 into ATQ slot 0 (facts 3.2 layout) and starts the queue. */
    private void postNvmRead() {
        synchronized (guest) { // the guest thread reads this memory when the server asks
            writeNvmReadDescriptor();
        }
        final PciConfig config = device.config();
        config.write16(PciConfig.COMMAND, PciConfig.COMMAND_MEMORY | PciConfig.COMMAND_BUS_MASTER);
        device.bar0().write32(PF_ATQBAL, (int) RING);
        device.bar0().write32(PF_ATQBAH, (int) (RING >>> 32));
        device.bar0().write32(PF_ATQLEN, ENTRIES | AdminQueueRegisters.PF_ATQLEN_ATQENABLE_MASK);
        device.bar0().write32(PF_ATQT, 1);
    }

    private void writeNvmReadDescriptor() {
        final ByteBuffer d = guest.at(RING);
        d.putShort(AdminQueueDescriptor.FLAGS, (short) AdminQueueDescriptor.FLAG_BUF);
        d.putShort(AdminQueueDescriptor.OPCODE, (short) AdminQueueOpcode.NVM_READ);
        d.putShort(AdminQueueDescriptor.DATALEN, (short) 4);
        d.put(AdminQueueDescriptor.PARAMS + AqNvmRead.COMMAND_FLAGS, (byte) AqNvmRead.LAST_CMD);
        d.putShort(AdminQueueDescriptor.PARAMS + AqNvmRead.LENGTH, (short) 4);
        d.putInt(AdminQueueDescriptor.PARAMS + AqNvmRead.OFFSET, 0x30);
        d.putInt(AdminQueueDescriptor.ADDR_HIGH, (int) (BUFFER >>> 32));
        d.putInt(AdminQueueDescriptor.ADDR_LOW, (int) BUFFER);
        Arrays.fill(guest.memory, 4096, 4096 + 4, (byte) 0xEE); // stale bytes the response must replace
    }

    private void startGuest() {
        guestThread = new Thread(guest, "guest-memory-client");
        guestThread.setDaemon(true);
        guestThread.start();
    }

    @Test
    void adminCommandReadsAndWritesGuestMemoryThroughMessagesBufferBeforeDescriptor() {
        postNvmRead();
        startGuest();
        server.step();

        assertEquals(1, device.bar0().read32(PF_ATQH));
        // Reads: the ring page on the descriptor fetch, the buffer page when the response is written.
        assertEquals(List.of("read 0x40000000+4096", "read 0x40001000+4096"), guest.readLog());
        // Writes, in order: the buffer's changed bytes (word 0x18 = 0x0803 is NVM bytes 03 08, facts 4.14, then
        // the 00 00 of word 0x19 over the stale EE EE), then the descriptor's flags low byte (BUF | DD | CMP = 0x1003,
        // only 0x00 -> 0x03 changed); nothing else of the page.
        assertEquals(List.of("write 0x40001000 03 08 00 00", "write 0x40000000 03"), guest.writeLog());
        final ByteBuffer d;
        synchronized (guest) {
            d = guest.at(RING);
            assertArrayEquals(new byte[] {0x03, 0x08, 0x00, 0x00}, Arrays.copyOfRange(guest.memory, 4096, 4100));
        }
        assertEquals(AdminQueueDescriptor.FLAG_BUF | AdminQueueDescriptor.FLAG_DD | AdminQueueDescriptor.FLAG_CMP,
            d.getShort(AdminQueueDescriptor.FLAGS) & 0xFFFF);
        assertEquals(0, d.getShort(AdminQueueDescriptor.RETVAL));
        assertEquals(2, server.dmaReadMessages());
        assertEquals(2, server.dmaWriteMessages());
        assertEquals(0, device.iommu().faultCount());
        assertEquals(1, server.dmaRegionsByMessage());

        // The shadow was dropped at the end of the step: the next command's fetch reads the ring page again.
        synchronized (guest) {
            guest.at(RING + AdminQueueDescriptor.SIZE).putShort(AdminQueueDescriptor.OPCODE,
                (short) AdminQueueOpcode.NVM_READ);
        }
        device.bar0().write32(PF_ATQT, 2);
        server.step();
        assertEquals(2, device.bar0().read32(PF_ATQH));
        assertEquals("read 0x40000000+4096", guest.readLog().get(2));
    }

    @Test
    void refusedDmaReadIsACountedFaultAndTheQueueStops() {
        guest.refuseReadsWith = VfioUser.EFAULT;
        postNvmRead();
        startGuest();
        server.step();

        final DmaFault fault = device.iommu().lastFault();
        assertNotNull(fault);
        assertEquals(new DmaFault(RING, AdminQueueDescriptor.SIZE, false, DmaFault.ADMIN_QUEUE, fault.timeNanos(),
            DmaFault.Reason.MESSAGE_FAILED), fault);
        assertEquals(1, device.iommu().faultCount());
        assertEquals(1, server.dmaMessageFailures());
        assertEquals(AdminQueueRegisters.PF_ATQLEN_ATQCRIT_MASK,
            device.bar0().read32(PF_ATQLEN) & AdminQueueRegisters.PF_ATQLEN_ATQCRIT_MASK);
        assertEquals(0, device.bar0().read32(PF_ATQH));
        assertEquals(List.of(), guest.writeLog());
    }

    @Test
    void clientRequestArrivingDuringTheDmaWaitIsHandledAfterTheStep() throws InterruptedException {
        guest.requestBeforeFirstReply = true; // a REGION_READ of PF_ATQH, sent before the DMA_READ reply
        postNvmRead();
        startGuest();
        server.step();
        assertEquals(1, server.deferredRequests());
        assertEquals(0, server.count(VfioUser.REGION_READ), "not handled inside the step");

        server.handleOne();
        final Integer atqh = guest.regionReadReplies.poll(10, TimeUnit.SECONDS);
        assertEquals(1, atqh, "answered with the head after the step completed the command, not the 0 of before");
        assertEquals(1, server.count(VfioUser.REGION_READ));
        assertEquals(2, guest.writeLog().size());
    }

    @Test
    void unmapRemovesTheMessageBackedMapping() {
        client.dmaUnmap(BASE, PAGES * 4096L, 0);
        server.handleOne();
        client.receive();
        assertEquals(0, server.dmaRegionsByMessage());
        assertEquals(0, device.iommu().translate(RING, 32, false, DmaFault.ADMIN_QUEUE));
        assertEquals(DmaFault.Reason.UNMAPPED, device.iommu().lastFault().reason());
    }

    /**
     * The client side while the server runs the model: serves DMA_READ / DMA_WRITE from {@link #memory} on its own
     * thread and logs them; optionally refuses reads or sends a request of its own before the first reply.
     */
    static final class GuestMemoryClient implements Runnable {
        final TestClient client;
        final long base;
        final byte[] memory;
        volatile boolean stop;
        volatile int refuseReadsWith;
        volatile boolean requestBeforeFirstReply;
        final BlockingQueue<Integer> regionReadReplies = new ArrayBlockingQueue<>(4);
        private final List<String> reads = new ArrayList<>();
        private final List<String> writes = new ArrayList<>();

        GuestMemoryClient(TestClient client, long base, int size) {
            this.client = client;
            this.base = base;
            this.memory = new byte[size];
        }

        ByteBuffer at(long iova) {
            return ByteBuffer.wrap(memory, (int) (iova - base), memory.length - (int) (iova - base)).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        }

        synchronized List<String> readLog() {
            return new ArrayList<>(reads);
        }

        synchronized List<String> writeLog() {
            return new ArrayList<>(writes);
        }

        @Override
        public void run() {
            while (!stop) {
                if (!client.socket.readable(20)) {
                    continue;
                }
                client.receive();
                final int command = client.in.getShort(VfioUser.HDR_COMMAND, ByteOrder.LITTLE_ENDIAN);
                final int flags = client.replyFlags();
                if ((flags & VfioUser.FLAG_TYPE_MASK) == VfioUser.FLAG_REPLY) {
                    if (command == VfioUser.REGION_READ) {
                        regionReadReplies.add(client.in.getInt(32, ByteOrder.LITTLE_ENDIAN));
                    }
                    continue;
                }
                final int id = client.replyId();
                final long iova = client.in.getLong(16, ByteOrder.LITTLE_ENDIAN);
                final int count = (int) client.in.getLong(24, ByteOrder.LITTLE_ENDIAN);
                if (command == VfioUser.DMA_READ) {
                    read(id, iova, count);
                } else if (command == VfioUser.DMA_WRITE) {
                    write(id, iova, count);
                }
            }
        }

        private void read(int id, long iova, int count) {
            synchronized (this) {
                reads.add("read 0x" + Long.toHexString(iova) + "+" + count);
            }
            if (requestBeforeFirstReply) {
                requestBeforeFirstReply = false;
                client.regionRead(VfioUser.BAR0_REGION, PF_ATQH, 4);
            }
            if (refuseReadsWith != 0) {
                reply(id, VfioUser.DMA_READ, VfioUser.FLAG_REPLY | VfioUser.FLAG_ERROR, refuseReadsWith, 0);
                return;
            }
            client.out.putLong(16, iova, ByteOrder.LITTLE_ENDIAN);
            client.out.putLong(24, count, ByteOrder.LITTLE_ENDIAN);
            synchronized (this) {
                client.out.putBytes(32, memory, (int) (iova - base), count);
            }
            reply(id, VfioUser.DMA_READ, VfioUser.FLAG_REPLY, 0, 16 + count);
        }

        private void write(int id, long iova, int count) {
            final byte[] data = new byte[count];
            client.in.getBytes(32, data);
            final StringBuilder b = new StringBuilder("write 0x").append(Long.toHexString(iova));
            for (byte x : data) {
                b.append(String.format(" %02x", x & 0xFF));
            }
            synchronized (this) {
                System.arraycopy(data, 0, memory, (int) (iova - base), count);
                writes.add(b.toString());
            }
            reply(id, VfioUser.DMA_WRITE, VfioUser.FLAG_REPLY, 0, 0); // QEMU: the header alone
        }

        private void reply(int id, int command, int flags, int errno, int payload) {
            client.out.putShort(VfioUser.HDR_ID, (short) id, ByteOrder.LITTLE_ENDIAN);
            client.out.putShort(VfioUser.HDR_COMMAND, (short) command, ByteOrder.LITTLE_ENDIAN);
            client.out.putInt(VfioUser.HDR_FLAGS, flags, ByteOrder.LITTLE_ENDIAN);
            client.out.putInt(VfioUser.HDR_ERROR, errno, ByteOrder.LITTLE_ENDIAN);
            client.send(payload);
        }
    }

    @Test
    void regionWithoutReadPermissionStaysUnreachable() {
        client.dmaMap(0x5000_0000L, 4096, 0, VfioUser.DMA_FLAG_WRITE); // write-only, no descriptor
        server.handleOne();
        client.receive();
        assertEquals(2, server.dmaRegions());
        assertEquals(1, server.dmaRegionsByMessage());
        assertEquals(0, device.iommu().translate(0x5000_0000L, 16, true, DmaFault.ADMIN_QUEUE));
        assertEquals(DmaFault.Reason.UNMAPPED, device.iommu().lastFault().reason());
    }
}
