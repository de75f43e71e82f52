package io.xdpj.sim.adminq;

import io.xdpj.i40e.hw.aq.AdminQueueOpcode;
import io.xdpj.i40e.hw.aq.AdminQueueReturnCode;
import io.xdpj.i40e.hw.aq.AqPhy;
import io.xdpj.sim.LanDataPlane;
import io.xdpj.sim.SimConfig;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * PHY and link (facts 4.13): Get PHY Abilities 0x0600, Set PHY Config 0x0601, Set MAC Config 0x0603, Set Link Restart
 * AN 0x0605, Get Link Status 0x0607 with link-status events (LSE), Set PHY Int Mask 0x0613.
 *
 * <p>The link is up when a partner is present (the "cable": config, or fault injection) and the link is enabled
 * (0x0601 ENABLE_LINK, 0x0605 LINK_ENABLE; enabled at power-on, a model choice). It runs at the configured speed
 * whatever speeds a request names. On every change of the up/down state the data plane is told and, when LSE is
 * enabled and LINK_UPDOWN is not masked, a 0x0607 event carrying the Get Link Status layout is queued on the ARQ
 * (facts 3.7). LSE stays enabled after an event (whether firmware disarms it is UNVERIFIED, facts 14; Linux re-arms
 * it anyway). Step thread / device lock only.
 */
public final class LinkFirmware {

    /** Default max frame size: PRTGL_SAH.MFS default / I40E_FRAME_SIZE_MAX = 9728 (facts 2.1, 4.13). */
    static final int DEFAULT_MAX_FRAME = AqPhy.FRAME_SIZE_MAX;
    /** Smallest max frame size accepted: a minimum Ethernet frame with FCS (model choice; EINVAL below). */
    static final int MIN_FRAME = 64;

    private final SimConfig config;
    private final LanDataPlane lan;
    private final AdminQueue adminQueue;
    private boolean cable;
    private boolean enabled = true;
    private boolean up;
    private boolean lse;
    private int eventMask;
    private int maxFrameSize = DEFAULT_MAX_FRAME;
    private boolean crcEnabled = true;
    private int requestedPhyTypes;
    private int requestedSpeeds;
    private int requestedAbilities;

    LinkFirmware(SimConfig config, LanDataPlane lan, AdminQueue adminQueue) {
        this.config = config;
        this.lan = lan;
        this.adminQueue = adminQueue;
        this.cable = config.linkUp();
        this.up = cable && enabled;
    }

    /** Whether the link is up. */
    public boolean up() {
        return up;
    }

    /** Whether link-status events are enabled. */
    public boolean lseEnabled() {
        return lse;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    public boolean crcEnabled() {
        return crcEnabled;
    }

    /** Fault injection: the link partner appears or disappears. */
    void cable(boolean present) {
        cable = present;
        update();
    }

    /** PF reset: LSE off, event mask and MAC config back to defaults; the link itself stays as it is. */
    void resetPfState() {
        lse = false;
        eventMask = 0;
        maxFrameSize = DEFAULT_MAX_FRAME;
        crcEnabled = true;
    }

    /** Tells the data plane the current state (after a reset of the data plane). */
    void announce() {
        lan.linkUp(up);
        lan.maxFrameSize(maxFrameSize);
    }

    int execute(AqCommand c) {
        switch (c.opcode()) {
            case AdminQueueOpcode.GET_PHY_ABILITIES: return phyAbilities(c);
            case AdminQueueOpcode.SET_PHY_CONFIG: return setPhyConfig(c);
            case AdminQueueOpcode.SET_MAC_CONFIG: return setMacConfig(c);
            case AdminQueueOpcode.SET_LINK_RESTART_AN: return restartAn(c);
            case AdminQueueOpcode.GET_LINK_STATUS: return linkStatus(c);
            case AdminQueueOpcode.SET_PHY_INT_MASK: return phyIntMask(c);
            default: return AdminQueueReturnCode.ESRCH;
        }
    }

    private int phyAbilities(AqCommand c) {
        if (!c.hasBuffer() || c.datalen() < AqPhy.ABILITIES_FIXED_SIZE) {
            return AdminQueueReturnCode.EINVAL;
        }
        final UnsafeBuffer b = c.buffer();
        b.setMemory(0, AqPhy.ABILITIES_FIXED_SIZE, (byte) 0);
        b.putInt(AqPhy.ABILITIES_PHY_TYPE, 1 << config.phyType(), java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putByte(AqPhy.ABILITIES_LINK_SPEED, (byte) config.linkSpeed());
        b.putByte(AqPhy.ABILITIES_ABILITIES,
            (byte) ((enabled ? AqPhy.ABILITY_LINK_ENABLED : 0) | AqPhy.ABILITY_AN_ENABLED));
        c.respond(AqPhy.ABILITIES_FIXED_SIZE);
        return AdminQueueReturnCode.OK;
    }

    private int setPhyConfig(AqCommand c) {
        requestedPhyTypes = c.param32(AqPhy.SET_PHY_TYPE);
        requestedSpeeds = c.param8(AqPhy.SET_LINK_SPEED);
        requestedAbilities = c.param8(AqPhy.SET_ABILITIES);
        enabled = (requestedAbilities & AqPhy.SET_ENABLE_LINK) != 0;
        update();
        return AdminQueueReturnCode.OK;
    }

    private int setMacConfig(AqCommand c) {
        final int frame = c.param16(AqPhy.MAC_MAX_FRAME_SIZE);
        if (frame != 0 && (frame < MIN_FRAME || frame > AqPhy.FRAME_SIZE_MAX)) {
            return AdminQueueReturnCode.EINVAL;
        }
        if (frame != 0) {
            maxFrameSize = frame;
            lan.maxFrameSize(frame);
        }
        crcEnabled = (c.param8(AqPhy.MAC_PARAMS) & AqPhy.MAC_CRC_EN) != 0;
        return AdminQueueReturnCode.OK;
    }

    private int restartAn(AqCommand c) {
        enabled = (c.param8(AqPhy.RESTART_COMMAND) & AqPhy.RESTART_LINK_ENABLE) != 0;
        update();
        return AdminQueueReturnCode.OK;
    }

    private int linkStatus(AqCommand c) {
        final int lseField = c.param16(AqPhy.LINK_COMMAND_FLAGS) & AqPhy.LSE_MASK;
        if (lseField == AqPhy.LSE_ENABLE) {
            lse = true;
        } else if (lseField == AqPhy.LSE_DISABLE) {
            lse = false;
        }
        final byte[] params = statusParams();
        c.clearParams();
        for (int i = 0; i < params.length; i++) {
            c.param8(i, params[i]);
        }
        return AdminQueueReturnCode.OK;
    }

    private int phyIntMask(AqCommand c) {
        eventMask = c.param16(AqPhy.EVENT_MASK);
        return AdminQueueReturnCode.OK;
    }

    /** The 16-byte Get Link Status params, also the link event's params (facts 4.13). */
    byte[] statusParams() {
        final UnsafeBuffer p = new UnsafeBuffer(new byte[16]);
        p.putShort(AqPhy.LINK_COMMAND_FLAGS, (short) (lse ? AqPhy.LSE_IS_ENABLED : 0),
            java.nio.ByteOrder.LITTLE_ENDIAN);
        p.putByte(AqPhy.LINK_PHY_TYPE, (byte) config.phyType());
        p.putByte(AqPhy.LINK_SPEED, (byte) (up ? config.linkSpeed() : AqPhy.LINK_SPEED_UNKNOWN));
        p.putByte(AqPhy.LINK_INFO, (byte) ((up ? AqPhy.LINK_UP : 0) | (cable ? AqPhy.MEDIA_AVAILABLE : 0)));
        p.putByte(AqPhy.LINK_AN_INFO, (byte) ((up ? AqPhy.AN_COMPLETED : 0) | (cable ? AqPhy.QUALIFIED_MODULE : 0)));
        p.putShort(AqPhy.LINK_MAX_FRAME_SIZE, (short) maxFrameSize, java.nio.ByteOrder.LITTLE_ENDIAN);
        p.putByte(AqPhy.LINK_CONFIG, (byte) (crcEnabled ? AqPhy.CONFIG_CRC_ENA : 0));
        return p.byteArray();
    }

    private void update() {
        final boolean next = cable && enabled;
        if (next == up) {
            return;
        }
        up = next;
        lan.linkUp(up);
        if (lse && (eventMask & AqPhy.EVENT_LINK_UPDOWN) == 0) {
            adminQueue.postEvent(AdminQueueOpcode.GET_LINK_STATUS, statusParams());
        }
    }

    /** The PHY types, speeds and abilities of the last Set PHY Config (0 before one). */
    public int requestedPhyTypes() {
        return requestedPhyTypes;
    }

    public int requestedSpeeds() {
        return requestedSpeeds;
    }

    public int requestedAbilities() {
        return requestedAbilities;
    }
}
