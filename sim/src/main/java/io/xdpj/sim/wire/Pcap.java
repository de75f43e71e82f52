package io.xdpj.sim.wire;

/**
 * The classic libpcap file format (what tcpdump -w writes and tshark -r reads): a 24-byte global header, then per
 * frame a 16-byte record header and the captured bytes. All fields in the writer's byte order; readers detect it
 * from the magic number. This project writes little-endian, microsecond timestamps, LINKTYPE_ETHERNET.
 *
 * <pre>
 * global header: magic u32 @0 (0xA1B2C3D4 µs, 0xA1B23C4D ns), version_major u16 @4 = 2, version_minor u16 @6 = 4,
 *                thiszone i32 @8 = 0, sigfigs u32 @12 = 0, snaplen u32 @16, network (link type) u32 @20
 * record header: ts_sec u32 @0, ts_usec (or ts_nsec) u32 @4, incl_len u32 @8, orig_len u32 @12
 * </pre>
 */
public final class Pcap {

    private Pcap() {
    }

    /** Magic of a microsecond-resolution file, as a value (its byte image shows the file's byte order). */
    public static final int MAGIC_MICROS = 0xA1B2_C3D4;
    /** Magic of a nanosecond-resolution file. */
    public static final int MAGIC_NANOS = 0xA1B2_3C4D;
    /** Format version written. */
    public static final int VERSION_MAJOR = 2;
    /** Format version written. */
    public static final int VERSION_MINOR = 4;
    /** Link type of Ethernet frames (LINKTYPE_ETHERNET = DLT_EN10MB). */
    public static final int LINKTYPE_ETHERNET = 1;
    /** Bytes of the global header. */
    public static final int GLOBAL_HEADER_BYTES = 24;
    /** Bytes of a record header. */
    public static final int RECORD_HEADER_BYTES = 16;
    /** Snap length written by default (tcpdump's default). */
    public static final int DEFAULT_SNAPLEN = 262144;
}
