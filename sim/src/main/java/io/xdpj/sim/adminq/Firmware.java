package io.xdpj.sim.adminq;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;
import io.xdpj.i40e.hw.aq.AqCapabilities;
import io.xdpj.i40e.hw.aq.AqDebugRegister;
import io.xdpj.i40e.hw.aq.AqDriverVersion;
import io.xdpj.i40e.hw.aq.AqGetVersion;
import io.xdpj.i40e.hw.aq.AqMacAddress;
import io.xdpj.i40e.hw.aq.AqNvmRead;
import io.xdpj.i40e.hw.aq.AqQueueShutdown;
import io.xdpj.i40e.hw.aq.AqResource;
import io.xdpj.sim.DeviceDma;
import io.xdpj.sim.LanDataPlane;
import io.xdpj.sim.SimConfig;
import io.xdpj.sim.regs.Interrupts;
import io.xdpj.sim.regs.NvmRegisters;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The firmware's command dispatcher and its general commands (facts 4): get version 0x0001, driver version 0x0002,
 * queue shutdown 0x0003, request/release resource 0x0008/0x0009, list function/device capabilities 0x000A/0x000B,
 * MAC address read/write 0x0107/0x0108, clear PXE mode 0x0110, NVM read 0x0701, debug register read/write
 * 0xFF03/0xFF04. Switch commands go to {@link SwitchFirmware}, PHY/link commands to {@link LinkFirmware}, the Tx
 * scheduler's VSI bandwidth commands to {@link TxSchedulerFirmware}. Any other
 * opcode completes with ESRCH, the code the facts document as "Bad opcode" (facts 3.4, 4.13; UNVERIFIED that real
 * firmware uses it for every unsupported opcode).
 *
 * <p>Model choices where the facts are silent: releasing a resource this PF does not hold succeeds (drivers release
 * the NVM pre-emptively, facts 4.5); an unknown resource id gives ENXIO; capabilities report the same records for
 * 0x000A and 0x000B, with FUNCTIONS_VALID only in the device list; a successful capability listing leaves datalen as
 * the driver set it; clear PXE succeeds once after power-on and returns EEXIST afterwards (iPXE treats EEXIST as
 * "already in non-PXE mode", facts 4.7); a MAC write of a group or zero address gives EINVAL; the MAC read reports
 * the LAA once one was written. Step thread / device lock only.
 */
public final class Firmware implements CommandHandler {

    private final SimConfig config;
    private final NvmRegisters nvm;
    private final RegisterAccess registers;
    private final AdminQueue adminQueue;
    private final SwitchFirmware switchFirmware;
    private final LinkFirmware link;
    private final TxSchedulerFirmware scheduler;
    private final CommandFaults faults = new CommandFaults();

    private boolean pxeMode = true;
    private long laa;
    private int resourceHeld;
    private long resourceExpiryNanos;
    private boolean driverUnloading;
    private int[] driverVersion = new int[4];
    private String driverName = "";

    private Firmware(SimConfig config, DeviceDma dma, Interrupts interrupts, NvmRegisters nvm,
                     RegisterAccess registers, LanDataPlane lan) {
        this.config = config;
        this.nvm = nvm;
        this.registers = registers;
        this.adminQueue = new AdminQueue(dma, interrupts, faults);
        this.switchFirmware = new SwitchFirmware(config, lan);
        this.link = new LinkFirmware(config, lan, adminQueue);
        this.scheduler = new TxSchedulerFirmware(switchFirmware);
    }

    /** Builds the firmware and binds it to its admin queue. */
    public static Firmware create(SimConfig config, DeviceDma dma, Interrupts interrupts, NvmRegisters nvm,
                                  RegisterAccess registers, LanDataPlane lan) {
        final Firmware firmware = new Firmware(config, dma, interrupts, nvm, registers, lan);
        firmware.adminQueue.bind(firmware);
        return firmware;
    }

    public AdminQueue adminQueue() {
        return adminQueue;
    }

    public SwitchFirmware switchFirmware() {
        return switchFirmware;
    }

    public LinkFirmware link() {
        return link;
    }

    public CommandFaults faults() {
        return faults;
    }

    /** Runs the admin queue: pending commands, then pending events. */
    public int step() {
        return adminQueue.step();
    }

    /** Fault injection: the link partner appears or disappears (an event follows if LSE is on). */
    public void cable(boolean present) {
        link.cable(present);
    }

    /**
     * A PF reset or core reset: the PF's firmware-side state returns to its after-reset values (switch: main VSI and
     * default filter; LSE off; NVM resource released; LAA dropped). The link and the PXE state are kept.
     */
    public void resetPfState() {
        switchFirmware.resetPfState();
        scheduler.resetPfState();
        link.resetPfState();
        resourceHeld = 0;
        laa = 0;
        driverUnloading = false;
    }

    /** Pushes the switch and link state to a freshly reset data plane. */
    public void announce() {
        switchFirmware.announce();
        link.announce();
    }

    @Override
    public int execute(AqCommand c) {
        switch (c.opcode()) {
            case AdminQueueOpcode.GET_VERSION: return getVersion(c);
            case AdminQueueOpcode.DRIVER_VERSION: return driverVersion(c);
            case AdminQueueOpcode.QUEUE_SHUTDOWN: return queueShutdown(c);
            case AdminQueueOpcode.REQUEST_RESOURCE: return requestResource(c);
            case AdminQueueOpcode.RELEASE_RESOURCE: return releaseResource(c);
            case AdminQueueOpcode.LIST_FUNC_CAPABILITIES: return capabilities(c, false);
            case AdminQueueOpcode.LIST_DEV_CAPABILITIES: return capabilities(c, true);
            case AdminQueueOpcode.MAC_ADDRESS_READ: return macRead(c);
            case AdminQueueOpcode.MAC_ADDRESS_WRITE: return macWrite(c);
            case AdminQueueOpcode.CLEAR_PXE_MODE: return clearPxe(c);
            case AdminQueueOpcode.NVM_READ: return nvmRead(c);
            case AdminQueueOpcode.DEBUG_READ_REG: return debugRead(c);
            case AdminQueueOpcode.DEBUG_WRITE_REG: return debugWrite(c);
            case AdminQueueOpcode.GET_PHY_ABILITIES:
            case AdminQueueOpcode.SET_PHY_CONFIG:
            case AdminQueueOpcode.SET_MAC_CONFIG:
            case AdminQueueOpcode.SET_LINK_RESTART_AN:
            case AdminQueueOpcode.GET_LINK_STATUS:
            case AdminQueueOpcode.SET_PHY_INT_MASK:
                return link.execute(c);
            default:
                return TxSchedulerFirmware.handles(c.opcode()) ? scheduler.execute(c) : switchFirmware.execute(c);
        }
    }

    private int getVersion(AqCommand c) {
        c.clearParams();
        c.param32(AqGetVersion.ROM_VER, config.romVersion());
        c.param32(AqGetVersion.FW_BUILD, config.fwBuild());
        c.param16(AqGetVersion.FW_MAJOR, config.fwMajor());
        c.param16(AqGetVersion.FW_MINOR, config.fwMinor());
        c.param16(AqGetVersion.API_MAJOR, config.apiMajor());
        c.param16(AqGetVersion.API_MINOR, config.apiMinor());
        return AdminQueueReturnCode.OK;
    }

    private int driverVersion(AqCommand c) {
        if (!c.bufferRead()) {
            return AdminQueueReturnCode.EINVAL;
        }
        driverVersion = new int[] {c.param8(AqDriverVersion.DRIVER_MAJOR), c.param8(AqDriverVersion.DRIVER_MINOR),
            c.param8(AqDriverVersion.DRIVER_BUILD), c.param8(AqDriverVersion.DRIVER_SUBBUILD)};
        final UnsafeBuffer b = c.buffer();
        int length = 0;
        while (length < c.datalen() && b.getByte(length) > 0) {
            length++;
        }
        final byte[] name = new byte[length];
        b.getBytes(0, name);
        driverName = new String(name, StandardCharsets.US_ASCII);
        return AdminQueueReturnCode.OK;
    }

    private int queueShutdown(AqCommand c) {
        driverUnloading = (c.param32(AqQueueShutdown.DRIVER_UNLOADING) & AqQueueShutdown.UNLOADING) != 0;
        return AdminQueueReturnCode.OK;
    }

    private int requestResource(AqCommand c) {
        final int id = c.param16(AqResource.RESOURCE_ID);
        if (id != AqResource.RESOURCE_NVM && id != AqResource.RESOURCE_SDP) {
            return AdminQueueReturnCode.ENXIO;
        }
        final long now = config.clock().nanoTime();
        if (resourceHeld != 0 && now - resourceExpiryNanos < 0) {
            c.param32(AqResource.TIMEOUT, (int) ((resourceExpiryNanos - now + 999_999) / 1_000_000));
            return AdminQueueReturnCode.EBUSY;
        }
        final int holdMs = c.param16(AqResource.ACCESS_TYPE) == AqResource.ACCESS_WRITE
            ? AqResource.NVM_WRITE_TIMEOUT_MS : AqResource.NVM_READ_TIMEOUT_MS;
        resourceHeld = id;
        resourceExpiryNanos = now + holdMs * 1_000_000L;
        c.param32(AqResource.TIMEOUT, holdMs);
        return AdminQueueReturnCode.OK;
    }

    private int releaseResource(AqCommand c) {
        final int id = c.param16(AqResource.RESOURCE_ID);
        if (id != AqResource.RESOURCE_NVM && id != AqResource.RESOURCE_SDP) {
            return AdminQueueReturnCode.ENXIO;
        }
        if (resourceHeld == id) {
            resourceHeld = 0;
        }
        return AdminQueueReturnCode.OK;
    }

    private List<int[]> capabilityRecords(boolean device) {
        final List<int[]> records = new ArrayList<>();
        // {id, number, logical_id, phys_id} (facts 4.6), ascending id.
        if (device) {
            records.add(new int[] {AqCapabilities.FUNCTIONS_VALID, 1 << config.pfId(), 0, 0});
        }
        records.add(new int[] {AqCapabilities.VSI, config.vsiCount(), 0, 0});
        records.add(new int[] {AqCapabilities.RSS, config.rssTableSize(), config.rssEntryWidth(), 0});
        records.add(new int[] {AqCapabilities.RXQ, config.queueCount(), 0, config.firstQueue()});
        records.add(new int[] {AqCapabilities.TXQ, config.queueCount(), 0, config.firstQueue()});
        records.add(new int[] {AqCapabilities.MSIX, config.msixVectors(), 0, 0});
        return records;
    }

    private int capabilities(AqCommand c, boolean device) {
        final List<int[]> records = capabilityRecords(device);
        final int needed = records.size() * AqCapabilities.RECORD_SIZE;
        if (!c.hasBuffer()) {
            return AdminQueueReturnCode.EINVAL;
        }
        if (c.datalen() < needed) {
            c.datalen(needed);
            return AdminQueueReturnCode.ENOMEM;
        }
        final UnsafeBuffer b = c.buffer();
        for (int i = 0; i < records.size(); i++) {
            final int at = i * AqCapabilities.RECORD_SIZE;
            final int[] r = records.get(i);
            b.setMemory(at, AqCapabilities.RECORD_SIZE, (byte) 0);
            b.putShort(at + AqCapabilities.RECORD_ID, (short) r[0], ByteOrder.LITTLE_ENDIAN);
            b.putByte(at + AqCapabilities.RECORD_MAJOR_REV, (byte) 1);
            b.putInt(at + AqCapabilities.RECORD_NUMBER, r[1], ByteOrder.LITTLE_ENDIAN);
            b.putInt(at + AqCapabilities.RECORD_LOGICAL_ID, r[2], ByteOrder.LITTLE_ENDIAN);
            b.putInt(at + AqCapabilities.RECORD_PHYS_ID, r[3], ByteOrder.LITTLE_ENDIAN);
        }
        c.param32(AqCapabilities.COUNT, records.size());
        c.respond(needed);
        return AdminQueueReturnCode.OK;
    }

    /** The LAN MAC the firmware reports: the LAA once written, else the permanent address. */
    public long lanMac() {
        return laa != 0 ? laa : config.macAddress();
    }

    private int macRead(AqCommand c) {
        if (!c.hasBuffer()) {
            return AdminQueueReturnCode.EINVAL;
        }
        final UnsafeBuffer b = c.buffer();
        b.setMemory(0, AqMacAddress.READ_BUFFER_SIZE, (byte) 0);
        putMac(b, AqMacAddress.PF_LAN_MAC, lanMac());
        putMac(b, AqMacAddress.PORT_MAC, config.macAddress());
        c.param16(AqMacAddress.READ_COMMAND_FLAGS, AqMacAddress.LAN_ADDR_VALID | AqMacAddress.PORT_ADDR_VALID);
        c.respond(AqMacAddress.READ_BUFFER_SIZE);
        return AdminQueueReturnCode.OK;
    }

    private static void putMac(UnsafeBuffer b, int at, long mac) {
        b.putShort(at, (short) (mac >>> 32), ByteOrder.BIG_ENDIAN);
        b.putInt(at + 2, (int) mac, ByteOrder.BIG_ENDIAN);
    }

    private int macWrite(AqCommand c) {
        final long mac = (long) c.param16(AqMacAddress.MAC_SAH) << 32
            | (c.param32(AqMacAddress.MAC_SAL) & 0xFFFF_FFFFL);
        if (mac == 0 || (mac & (1L << 40)) != 0) {
            return AdminQueueReturnCode.EINVAL;
        }
        laa = mac;
        return AdminQueueReturnCode.OK;
    }

    private int clearPxe(AqCommand c) {
        if (!pxeMode) {
            return AdminQueueReturnCode.EEXIST;
        }
        pxeMode = false;
        return AdminQueueReturnCode.OK;
    }

    private int nvmRead(AqCommand c) {
        final int offset = c.param32(AqNvmRead.OFFSET);
        final int length = c.param16(AqNvmRead.LENGTH);
        if (!c.hasBuffer() || c.param8(AqNvmRead.MODULE_POINTER) != AqNvmRead.MODULE_SHADOW_RAM
            || (offset >>> 24) != 0 || length > c.datalen() || offset + length > 2 * nvm.words()) {
            return AdminQueueReturnCode.EINVAL;
        }
        final UnsafeBuffer b = c.buffer();
        for (int i = 0; i < length; i++) {
            final int word = nvm.word((offset + i) >>> 1);
            b.putByte(i, (byte) (((offset + i) & 1) == 0 ? word : word >>> 8));
        }
        c.respond(length);
        return AdminQueueReturnCode.OK;
    }

    private int debugRead(AqCommand c) {
        c.param32(AqDebugRegister.VALUE_HIGH, 0);
        c.param32(AqDebugRegister.VALUE_LOW, registers.read32(c.param32(AqDebugRegister.ADDRESS)));
        return AdminQueueReturnCode.OK;
    }

    private int debugWrite(AqCommand c) {
        registers.write32(c.param32(AqDebugRegister.ADDRESS), c.param32(AqDebugRegister.VALUE_LOW));
        return AdminQueueReturnCode.OK;
    }

    /** Name the driver sent with AQ 0x0002 ("" before). */
    public String driverName() {
        return driverName;
    }

    /** major, minor, build, subbuild from AQ 0x0002. */
    public int[] driverVersion() {
        return driverVersion.clone();
    }

    /** Whether the last AQ 0x0003 said the driver is unloading. */
    public boolean driverUnloading() {
        return driverUnloading;
    }

    /** Whether the firmware is still in PXE mode (no AQ 0x0110 yet). */
    public boolean pxeMode() {
        return pxeMode;
    }

    /** The resource id this PF holds (0 = none). */
    public int resourceHeld() {
        return resourceHeld;
    }
}
