package io.xdpj.i40e.hw.aq;

/** Request / Release Resource (0x0008 / 0x0009, direct) (facts 4.5). */
public final class AqResource {

    private AqResource() {
    }

    /** u16: 1 = NVM, 2 = SDP (facts 4.5). */
    public static final int RESOURCE_ID = 0;
    /** u16: 1 = read, 2 = write (facts 4.5). */
    public static final int ACCESS_TYPE = 2;
    /** u32: requested timeout; response = max hold time in ms, or on EBUSY the owner's remaining time (facts 4.5). */
    public static final int TIMEOUT = 4;
    /** u32 (facts 4.5). */
    public static final int RESOURCE_NUMBER = 8;
    /** Facts 4.5. */
    public static final int RESOURCE_NVM = 1;
    /** Facts 4.5. */
    public static final int RESOURCE_SDP = 2;
    /** Facts 4.5. */
    public static final int ACCESS_READ = 1;
    /** Facts 4.5. */
    public static final int ACCESS_WRITE = 2;
    /** NVM read hold time in ms (facts 4.5). */
    public static final int NVM_READ_TIMEOUT_MS = 3000;
    /** NVM write hold time in ms (facts 4.5). */
    public static final int NVM_WRITE_TIMEOUT_MS = 180000;
}
