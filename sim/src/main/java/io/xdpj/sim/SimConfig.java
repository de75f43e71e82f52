package io.xdpj.sim;

import java.util.Arrays;
import java.util.Objects;

import io.xdpj.i40e.hw.Intel700SeriesIds;
import io.xdpj.i40e.hw.aq.AqGetVersion;
import io.xdpj.i40e.hw.aq.AqPhy;
import io.xdpj.i40e.hw.reg.Nvm;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The simulated XL710's identity and firmware state, fixed at construction. Built with {@link #builder()}; every
 * value has a default, and each default says whether it comes from the facts sheet or is a model choice (a value the
 * facts leave open, picked to be consistent with what the facts require, facts 13).
 *
 * <p>MAC addresses are {@code long}s holding the 48 bits in wire order (first byte in bits 47:40), the form the LAN
 * engine uses.
 */
public final class SimConfig {

    private final int deviceId;
    private final int revisionId;
    private final long bar0Size;
    private final int romVersion;
    private final int fwBuild;
    private final int fwMajor;
    private final int fwMinor;
    private final int apiMajor;
    private final int apiMinor;
    private final long macAddress;
    private final int pfId;
    private final int deviceNumber;
    private final int busNumber;
    private final int portNumber;
    private final int enabledPorts;
    private final int firstQueue;
    private final int queueCount;
    private final int lanQueueMax;
    private final int msixVectors;
    private final int linkSpeed;
    private final int phyType;
    private final boolean linkUp;
    private final int pfResetSteps;
    private final int globalResetSteps;
    private final int queueSwitchSteps;
    private final int shadowRamSizeCode;
    private final short[] shadowRam;
    private final int vsiSeid;
    private final int macSeid;
    private final int pfSeid;
    private final int vsiCount;
    private final int statCounterIndex;
    private final int qsHandle;
    private final int rssTableSize;
    private final int rssEntryWidth;
    private final int maxMacFilters;
    private final long iovaBase;
    private final NanoClock clock;
    private final int firmwareStatus;
    private final boolean nvmLocked;

    private SimConfig(Builder b) {
        deviceId = b.deviceId;
        revisionId = b.revisionId;
        bar0Size = b.bar0Size;
        romVersion = b.romVersion;
        fwBuild = b.fwBuild;
        fwMajor = b.fwMajor;
        fwMinor = b.fwMinor;
        apiMajor = b.apiMajor;
        apiMinor = b.apiMinor;
        macAddress = b.macAddress;
        pfId = b.pfId;
        deviceNumber = b.deviceNumber;
        busNumber = b.busNumber;
        portNumber = b.portNumber;
        enabledPorts = b.enabledPorts;
        firstQueue = b.firstQueue;
        queueCount = b.queueCount;
        lanQueueMax = b.lanQueueMax;
        msixVectors = b.msixVectors;
        linkSpeed = b.linkSpeed;
        phyType = b.phyType;
        linkUp = b.linkUp;
        pfResetSteps = b.pfResetSteps;
        globalResetSteps = b.globalResetSteps;
        queueSwitchSteps = b.queueSwitchSteps;
        shadowRamSizeCode = b.shadowRamSizeCode;
        shadowRam = b.shadowRam();
        vsiSeid = b.vsiSeid;
        macSeid = b.macSeid;
        pfSeid = b.pfSeid;
        vsiCount = b.vsiCount;
        statCounterIndex = b.statCounterIndex;
        qsHandle = b.qsHandle;
        rssTableSize = b.rssTableSize;
        rssEntryWidth = b.rssEntryWidth;
        maxMacFilters = b.maxMacFilters;
        iovaBase = b.iovaBase;
        clock = b.clock;
        firmwareStatus = b.firmwareStatus;
        nvmLocked = b.nvmLocked;
    }

    /** Shadow RAM word 0, the NVM control word ({@code I40E_SR_NVM_CONTROL_WORD}, L/O i40e_type.h). */
    public static final int SR_NVM_CONTROL_WORD = 0x00;
    /** Control word field CONTROL_WORD_1 [7:6] = 01: a valid NVM ({@code I40E_SR_CONTROL_WORD_1_*}, L/O i40e_type.h). */
    public static final int SR_CONTROL_WORD_1_VALID = 1 << 6;
    /** Pointer to the OEM version block, 0xFFFF when there is none ({@code I40E_SR_NVM_OEM_VERSION_PTR}, L i40e_main.c). */
    public static final int SR_NVM_OEM_VERSION_PTR = 0x1B;
    /** Shadow RAM word holding the software checksum ({@code I40E_SR_SW_CHECKSUM_WORD}, L/O i40e_type.h). */
    public static final int SR_SW_CHECKSUM_WORD = 0x3F;
    /** Pointer to the VPD module ({@code I40E_SR_VPD_PTR}, L/O i40e_type.h). */
    public static final int SR_VPD_PTR = 0x2F;
    /** Pointer to the PCIe ALT auto-load module ({@code I40E_SR_PCIE_ALT_AUTO_LOAD_PTR}, L/O i40e_type.h). */
    public static final int SR_PCIE_ALT_AUTO_LOAD_PTR = 0x3E;
    /** Words skipped for each module: 1024 bytes ({@code I40E_SR_VPD_MODULE_MAX_SIZE}, L/O i40e_type.h). */
    static final int SR_MODULE_MAX_WORDS = 1024 / 2;
    /** What all checksummed words plus the checksum add up to ({@code I40E_SR_SW_CHECKSUM_BASE}). */
    public static final int SR_SW_CHECKSUM_BASE = 0xBABA;

    /** The software checksum of a Shadow RAM image (see {@link Builder#shadowRam()}). */
    public static int nvmChecksum(short[] image) {
        final int vpd = image[SR_VPD_PTR] & 0xFFFF;
        final int pcieAlt = image[SR_PCIE_ALT_AUTO_LOAD_PTR] & 0xFFFF;
        int sum = 0;
        for (int i = 0; i < image.length; i++) {
            final boolean skipped = i == SR_SW_CHECKSUM_WORD || (i >= vpd && i < vpd + SR_MODULE_MAX_WORDS)
                || (i >= pcieAlt && i < pcieAlt + SR_MODULE_MAX_WORDS);
            if (!skipped) {
                sum += image[i] & 0xFFFF;
            }
        }
        return (SR_SW_CHECKSUM_BASE - sum) & 0xFFFF;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** PCI device id; default 0x1583 {@code I40E_DEV_ID_QSFP_A} "XL710 40GbE QSFP+" (facts 1.1). */
    public int deviceId() {
        return deviceId;
    }

    /** PCI revision id; default 2 (model choice; Linux treats revision 0 specially, facts 10.1 step 3). */
    public int revisionId() {
        return revisionId;
    }

    /** BAR0 length; default 8 MiB, as observed on an X710-4 (facts 1.3, UNVERIFIED per facts 14). */
    public long bar0Size() {
        return bar0Size;
    }

    public int romVersion() {
        return romVersion;
    }

    public int fwBuild() {
        return fwBuild;
    }

    public int fwMajor() {
        return fwMajor;
    }

    public int fwMinor() {
        return fwMinor;
    }

    /** FW API major; default 1 ({@code I40E_FW_API_VERSION_MAJOR}, facts 4.2). */
    public int apiMajor() {
        return apiMajor;
    }

    /** FW API minor; default 0x0F, the minor drivers expect for XL710 (facts 4.2). */
    public int apiMinor() {
        return apiMinor;
    }

    /** The permanent LAN MAC reported by AQ 0x0107 (facts 4.8). */
    public long macAddress() {
        return macAddress;
    }

    /** PCI function number = pf_id without ARI (facts 2.1); also the HMC function index. */
    public int pfId() {
        return pfId;
    }

    public int deviceNumber() {
        return deviceNumber;
    }

    public int busNumber() {
        return busNumber;
    }

    /** Physical port 0..3 (PFGEN_PORTNUM, facts 2.1). */
    public int portNumber() {
        return portNumber;
    }

    /** Number of enabled ports, reported through PRTGEN_CNF(0..3).PORT_DIS (facts 2.1, 4.6). */
    public int enabledPorts() {
        return enabledPorts;
    }

    /** First absolute queue of this PF (PFLAN_QALLOC.FIRSTQ, capability phys_id; facts 2.1, 4.6). */
    public int firstQueue() {
        return firstQueue;
    }

    /** Number of queue pairs of this PF (PFLAN_QALLOC range, capability number; facts 2.1, 4.6). */
    public int queueCount() {
        return queueCount;
    }

    /** GLHMC_LANQMAX; default 1536, the size of the QTX/QRX arrays (facts 5.1, 6.1; must be ≥ queueCount, 13.7). */
    public int lanQueueMax() {
        return lanQueueMax;
    }

    /** PF MSI-X vectors (GLPCI_CNF2.MSI_X_PF_N and the MSIX capability; facts 2.1, 13.6). */
    public int msixVectors() {
        return msixVectors;
    }

    /** Link speed code (facts 4.13 encoding); default 40 Gb/s. */
    public int linkSpeed() {
        return linkSpeed;
    }

    /** PHY type (facts 4.13 enum); default 40GBASE_CR4. */
    public int phyType() {
        return phyType;
    }

    /** Whether a link partner is present at power-on (the cable; the link also needs enabling, facts 4.13). */
    public boolean linkUp() {
        return linkUp;
    }

    /** Model steps PFGEN_CTRL.PFSWR stays set after the driver writes it (facts 2.2 step 3). */
    public int pfResetSteps() {
        return pfResetSteps;
    }

    /** Model steps GLGEN_RSTAT.DEVSTATE stays non-zero during a core/global/EMP reset (facts 2.2 step 1). */
    public int globalResetSteps() {
        return globalResetSteps;
    }

    /** Model steps from QENA_REQ to QENA_STAT (facts 6.2-6.4, 13.12); at least 1. */
    public int queueSwitchSteps() {
        return queueSwitchSteps;
    }

    /** GLNVM_GENS.SR_SIZE: the Shadow RAM holds 2^code × 512 words (facts 2.1). */
    public int shadowRamSizeCode() {
        return shadowRamSizeCode;
    }

    /** Shadow RAM word {@code address}; words the builder did not set read 0 (a model choice). */
    public int shadowRamWord(int address) {
        return address >= 0 && address < shadowRam.length ? shadowRam[address] & 0xFFFF : 0;
    }

    public int shadowRamWords() {
        return shadowRam.length;
    }

    /** SEID of the PF's main VSI (model choice; 10-bit SEID space, facts 4.11/4.12 masks). */
    public int vsiSeid() {
        return vsiSeid;
    }

    /** SEID of the port's MAC element (model choice). */
    public int macSeid() {
        return macSeid;
    }

    /** SEID of the PF element (model choice). */
    public int pfSeid() {
        return pfSeid;
    }

    /** VSI capability number; default 384, the GLV_* statistics index space (facts 4.6, 8). */
    public int vsiCount() {
        return vsiCount;
    }

    /** stat_counter_idx of the main VSI (facts 4.10); default = port number. */
    public int statCounterIndex() {
        return statCounterIndex;
    }

    /** qs_handle[0] of the main VSI (facts 4.10); goes into the Tx context rdylist. Model choice 0. */
    public int qsHandle() {
        return qsHandle;
    }

    /** RSS capability number = table size (facts 4.6); default 512 is a model choice. */
    public int rssTableSize() {
        return rssTableSize;
    }

    /** RSS capability logical_id = entry width in bits (facts 4.6); default 6 is a model choice. */
    public int rssEntryWidth() {
        return rssEntryWidth;
    }

    /** Perfect MAC filters the firmware can hold (facts 4.12 perfect_mac_free); model choice 64. */
    public int maxMacFilters() {
        return maxMacFilters;
    }

    /** First IOVA the model's DMA allocator hands out. */
    public long iovaBase() {
        return iovaBase;
    }

    /** Clock for the free-running timer and resource hold times. */
    public NanoClock clock() {
        return clock;
    }

    /**
     * GL_FWSTS at power-on; default 0. A non-zero FWS1B ([23:16]) is what drivers read as firmware recovery mode
     * (facts 2.1, 13.1), e.g. {@code 0x30 << 16} for the XL710's "recovery after CORER" value. The model only reports
     * it; the firmware keeps serving commands.
     */
    public int firmwareStatus() {
        return firmwareStatus;
    }

    /** GLNVM_FLA.LOCKED at power-on; default true. False is a blank NVM, which shared-code init refuses (13.4). */
    public boolean nvmLocked() {
        return nvmLocked;
    }

    /** Builder with the defaults documented on each accessor. */
    public static final class Builder {
        private int deviceId = Intel700SeriesIds.I40E_DEV_ID_QSFP_A;
        private int revisionId = 2;
        private long bar0Size = 8L << 20;
        private int romVersion = 0x0001_0000;
        private int fwBuild = 0x0000_4E21;
        private int fwMajor = 8;
        private int fwMinor = 3;
        private int apiMajor = AqGetVersion.FW_API_VERSION_MAJOR;
        private int apiMinor = AqGetVersion.FW_API_VERSION_MINOR_XL710;
        private long macAddress = 0x0200_0000_0001L;
        private int pfId;
        private int deviceNumber;
        private int busNumber = 1;
        private int portNumber;
        private int enabledPorts = 1;
        private int firstQueue;
        private int queueCount = 64;
        private int lanQueueMax = 1536;
        private int msixVectors = 129;
        private int linkSpeed = AqPhy.LINK_SPEED_40GB;
        private int phyType = AqPhy.PHY_TYPE_40GBASE_CR4;
        private boolean linkUp = true;
        private int pfResetSteps = 2;
        private int globalResetSteps = 3;
        private int queueSwitchSteps = 1;
        private int shadowRamSizeCode = 6;
        private final short[] words = new short[0x8000];
        private int vsiSeid = 512;
        private int macSeid = 2;
        private int pfSeid = 16;
        private int vsiCount = 384;
        private int statCounterIndex = -1;
        private int qsHandle;
        private int rssTableSize = 512;
        private int rssEntryWidth = 6;
        private int maxMacFilters = 64;
        private long iovaBase = 0x1_0000_0000L;
        private NanoClock clock = SystemNanoClock.INSTANCE;
        private int firmwareStatus;
        private boolean nvmLocked = true;

        private Builder() {
            // Shadow RAM words drivers read at init (facts 2.1, 13.5); the values are model choices.
            // NVM control word: CONTROL_WORD_1 (bits 7:6) = 01 marks a valid NVM; Linux's i40e_diag_eeprom_test checks it
            // before the checksum and fails probe's EEPROM test otherwise ("eeprom check failed (-62)", seen in
            // sim/bed/run; I40E_SR_NVM_CONTROL_WORD 0x00, I40E_SR_CONTROL_WORD_1_SHIFT 6, L/O i40e_type.h).
            words[SR_NVM_CONTROL_WORD] = (short) SR_CONTROL_WORD_1_VALID;
            // No OEM version block: its pointer reads 0xFFFF. Otherwise Linux's i40e_get_oem_version follows the
            // pointer (0 = word 0) and reports an OEM NVM version "0.0.0" (L i40e_main.c; seen in sim/bed/run).
            words[SR_NVM_OEM_VERSION_PTR] = (short) 0xFFFF;
            final int bootConfig = 0x100;
            words[Nvm.SR_BOOT_CONFIG_PTR] = (short) bootConfig;
            words[Nvm.SR_NVM_DEV_STARTER_VERSION] = (short) 0x0803;
            words[Nvm.SR_NVM_EETRACK_LO] = (short) 0x8000;
            words[Nvm.SR_NVM_EETRACK_HI] = 0x0123;
            words[bootConfig + Nvm.NVM_OEM_VER_OFF] = 0x0102;
            words[bootConfig + Nvm.NVM_OEM_VER_OFF + 1] = 0x0304;
        }

        public Builder deviceId(int v) {
            deviceId = check(v, 0, 0xFFFF, "deviceId");
            return this;
        }

        public Builder revisionId(int v) {
            revisionId = check(v, 0, 0xFF, "revisionId");
            return this;
        }

        public Builder bar0Size(long v) {
            if (Long.bitCount(v) != 1 || v < 4L << 20) {
                throw new IllegalArgumentException("BAR0 size must be a power of two of at least 4 MiB (the "
                    + "statistics block ends at 0x390004, facts 1.3), got " + v);
            }
            bar0Size = v;
            return this;
        }

        public Builder firmwareVersion(int major, int minor, int build, int romVer) {
            fwMajor = check(major, 0, 0xFFFF, "fwMajor");
            fwMinor = check(minor, 0, 0xFFFF, "fwMinor");
            fwBuild = build;
            romVersion = romVer;
            return this;
        }

        public Builder apiVersion(int major, int minor) {
            apiMajor = check(major, 0, 0xFFFF, "apiMajor");
            apiMinor = check(minor, 0, 0xFFFF, "apiMinor");
            return this;
        }

        public Builder macAddress(long v) {
            if ((v >>> 48) != 0 || (v & (1L << 40)) != 0 || v == 0) {
                throw new IllegalArgumentException("the LAN MAC must be a non-zero unicast 48-bit address, got 0x"
                    + Long.toHexString(v));
            }
            macAddress = v;
            return this;
        }

        public Builder pfId(int v) {
            pfId = check(v, 0, 7, "pfId (PF_FUNC_RID.FUNCTION_NUMBER is 3 bits)");
            return this;
        }

        public Builder pciAddress(int bus, int device) {
            busNumber = check(bus, 0, 0xFF, "bus");
            deviceNumber = check(device, 0, 0x1F, "device");
            return this;
        }

        public Builder portNumber(int v) {
            portNumber = check(v, 0, 3, "portNumber");
            return this;
        }

        public Builder enabledPorts(int v) {
            enabledPorts = check(v, 1, 4, "enabledPorts");
            return this;
        }

        /** This PF's absolute queue range: {@code count} queues from {@code first} (PFLAN_QALLOC, facts 2.1). */
        public Builder queues(int first, int count) {
            firstQueue = check(first, 0, 0x7FF, "firstQueue");
            queueCount = check(count, 1, 1536, "queueCount");
            if (first + count - 1 > 0x7FF) {
                throw new IllegalArgumentException("LASTQ " + (first + count - 1) + " does not fit PFLAN_QALLOC's "
                    + "11-bit field");
            }
            return this;
        }

        public Builder lanQueueMax(int v) {
            lanQueueMax = check(v, 1, 0x7FF, "lanQueueMax (GLHMC_LANQMAX is 11 bits)");
            return this;
        }

        public Builder msixVectors(int v) {
            msixVectors = check(v, 1, 0x7FF, "msixVectors");
            return this;
        }

        public Builder link(int speedCode, int phy, boolean up) {
            if (Integer.bitCount(speedCode) != 1 || speedCode > 0x80) {
                throw new IllegalArgumentException("link speed must be one code of facts 4.13, got 0x"
                    + Integer.toHexString(speedCode));
            }
            linkSpeed = speedCode;
            phyType = check(phy, 0, 31, "phyType (a bit of the 32-bit abilities phy_type bitmap)");
            linkUp = up;
            return this;
        }

        public Builder pfResetSteps(int v) {
            pfResetSteps = check(v, 1, 1_000_000, "pfResetSteps");
            return this;
        }

        public Builder globalResetSteps(int v) {
            globalResetSteps = check(v, 1, 1_000_000, "globalResetSteps");
            return this;
        }

        public Builder queueSwitchSteps(int v) {
            queueSwitchSteps = check(v, 1, 1_000_000, "queueSwitchSteps");
            return this;
        }

        public Builder shadowRamSizeCode(int v) {
            shadowRamSizeCode = check(v, 0, 6, "shadowRamSizeCode (2^code KiB; SRCTL.ADDR addresses 32768 words)");
            return this;
        }

        /** Sets Shadow RAM word {@code address} (0..0x7FFF, the SRCTL.ADDR range, facts 2.1). */
        public Builder shadowRamWord(int address, int value) {
            words[check(address, 0, 0x7FFF, "Shadow RAM word address")] = (short) check(value, 0, 0xFFFF, "word");
            return this;
        }

        public Builder seids(int vsi, int mac, int pf) {
            vsiSeid = check(vsi, 1, 0x3FF, "vsiSeid");
            macSeid = check(mac, 1, 0x3FF, "macSeid");
            pfSeid = check(pf, 1, 0x3FF, "pfSeid");
            return this;
        }

        public Builder vsiCount(int v) {
            vsiCount = check(v, 1, 384, "vsiCount");
            return this;
        }

        public Builder statCounterIndex(int v) {
            statCounterIndex = check(v, 0, 383, "statCounterIndex");
            return this;
        }

        public Builder qsHandle(int v) {
            qsHandle = check(v, 0, 0x3FF, "qsHandle (Tx context rdylist is 10 bits, facts 5.7)");
            return this;
        }

        public Builder rss(int tableSize, int entryWidth) {
            rssTableSize = check(tableSize, 1, 4096, "rssTableSize");
            rssEntryWidth = check(entryWidth, 1, 8, "rssEntryWidth");
            return this;
        }

        public Builder maxMacFilters(int v) {
            maxMacFilters = check(v, 1, 0xFFFF, "maxMacFilters");
            return this;
        }

        public Builder iovaBase(long v) {
            if ((v & 0xFFF) != 0 || v < 0) {
                throw new IllegalArgumentException("iovaBase must be 4 KiB aligned and positive, got 0x"
                    + Long.toHexString(v));
            }
            iovaBase = v;
            return this;
        }

        /** GL_FWSTS at power-on (see {@link SimConfig#firmwareStatus()}). */
        public Builder firmwareStatus(int glFwsts) {
            firmwareStatus = glFwsts;
            return this;
        }

        /** GLNVM_FLA.LOCKED at power-on (see {@link SimConfig#nvmLocked()}). */
        public Builder nvmLocked(boolean locked) {
            nvmLocked = locked;
            return this;
        }

        public Builder clock(NanoClock v) {
            clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        public SimConfig build() {
            if (queueCount > lanQueueMax) {
                throw new IllegalArgumentException("queueCount " + queueCount + " exceeds GLHMC_LANQMAX "
                    + lanQueueMax + "; drivers fail HMC init then (facts 13.7)");
            }
            if (portNumber >= enabledPorts) {
                throw new IllegalArgumentException("port " + portNumber + " is not among the " + enabledPorts
                    + " enabled ports");
            }
            if (statCounterIndex < 0) {
                statCounterIndex = portNumber;
            }
            return new SimConfig(this);
        }

        /**
         * The Shadow RAM image with a valid software checksum in word 0x3F, as a programmed NVM has: the sum of every
         * word except the checksum word, the VPD module and the PCIe ALT auto-load module (512 words each from the
         * pointers in words 0x2F and 0x3E), plus the checksum word, is 0xBABA ({@code i40e_calc_nvm_checksum}, L/O
         * i40e_nvm.c; constants in i40e_type.h; not in the facts). Linux checks it at probe and disables traffic on a
         * mismatch ("eeprom check failed (-62), Tx/Rx traffic disabled", seen in sim/bed/run).
         */
        short[] shadowRam() {
            final short[] image = Arrays.copyOf(words, 512 << shadowRamSizeCode);
            image[SR_SW_CHECKSUM_WORD] = (short) nvmChecksum(image);
            return image;
        }

        private static int check(int v, int min, int max, String what) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(what + " must be in " + min + ".." + max + ", got " + v);
            }
            return v;
        }
    }
}
