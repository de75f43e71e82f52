package io.xdpj.xsk.kernel;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;

import io.xdpj.ring.OffHeapMemory;

/**
 * The bpf(2) commands the backend uses, each filling its part of {@code union bpf_attr} (offsets and numbers from a
 * local probe against linux/bpf.h, linux-libc-dev 6.1; the union is 144 bytes there, and the kernel accepts a shorter
 * size as long as the fields it reads are inside it).
 */
final class Bpf {

    /** bpf(2) commands. */
    static final int BPF_MAP_CREATE = 0;
    static final int BPF_MAP_UPDATE_ELEM = 2;
    static final int BPF_MAP_DELETE_ELEM = 3;
    static final int BPF_PROG_LOAD = 5;
    static final int BPF_OBJ_GET_INFO_BY_FD = 15;
    static final int BPF_LINK_CREATE = 28;
    /** BPF_MAP_TYPE_XSKMAP, BPF_PROG_TYPE_XDP, attach type BPF_XDP. */
    static final int BPF_MAP_TYPE_XSKMAP = 17;
    static final int BPF_PROG_TYPE_XDP = 6;
    static final int BPF_XDP = 37;
    /** sizeof(union bpf_attr). */
    static final int ATTR_SIZE = 144;
    /** Verifier log buffer: the default program's log is a few hundred bytes; 64 KiB holds any refusal of it. */
    static final int LOG_SIZE = 64 * 1024;
    /** bpf_prog_info.id (u32 @4) — we read the first 8 bytes of the info. */
    static final int PROG_INFO_ID = 4;

    private final Native n;

    Bpf(Native n) {
        this.n = n;
    }

    /** BPF_MAP_CREATE of an XSKMAP: key and value are u32 (queue index → socket fd). Returns the map fd. */
    int createXskMap(int maxEntries, String name) {
        try (OffHeapMemory m = OffHeapMemory.allocate(ATTR_SIZE, 8)) {
            final UnsafeBuffer a = m.view();
            a.putInt(0, BPF_MAP_TYPE_XSKMAP); // map_type
            a.putInt(4, 4);                   // key_size
            a.putInt(8, 4);                   // value_size
            a.putInt(12, maxEntries);         // max_entries
            putName(a, 28, name);             // map_name[16]
            return (int) check("BPF_MAP_CREATE", n.bpf(BPF_MAP_CREATE, m.address(), ATTR_SIZE));
        }
    }

    /** BPF_MAP_UPDATE_ELEM (BPF_ANY) of a u32 key and u32 value. */
    void updateElem(int mapFd, int key, int value) {
        try (OffHeapMemory m = OffHeapMemory.allocate(ATTR_SIZE + 8, 8)) {
            final UnsafeBuffer a = m.view();
            a.putInt(ATTR_SIZE, key);
            a.putInt(ATTR_SIZE + 4, value);
            a.putInt(0, mapFd);                       // map_fd
            a.putLong(8, m.address() + ATTR_SIZE);     // key
            a.putLong(16, m.address() + ATTR_SIZE + 4); // value
            a.putLong(24, 0);                         // flags: BPF_ANY
            check("BPF_MAP_UPDATE_ELEM", n.bpf(BPF_MAP_UPDATE_ELEM, m.address(), ATTR_SIZE));
        }
    }

    /** BPF_MAP_DELETE_ELEM; returns 0 or -errno (ENOENT when the key holds nothing). */
    int deleteElem(int mapFd, int key) {
        try (OffHeapMemory m = OffHeapMemory.allocate(ATTR_SIZE + 8, 8)) {
            final UnsafeBuffer a = m.view();
            a.putInt(ATTR_SIZE, key);
            a.putInt(0, mapFd);
            a.putLong(8, m.address() + ATTR_SIZE);
            return (int) n.bpf(BPF_MAP_DELETE_ELEM, m.address(), ATTR_SIZE);
        }
    }

    /**
     * BPF_PROG_LOAD of an XDP program with license "GPL", as libxdp's default program declares (facts B.6). On
     * refusal the verifier's log is part of the exception.
     */
    int loadXdpProgram(byte[] insns, String name) {
        final int insnBytes = insns.length;
        final byte[] license = "GPL\0".getBytes(StandardCharsets.US_ASCII);
        try (OffHeapMemory m = OffHeapMemory.allocate(ATTR_SIZE + insnBytes + license.length + LOG_SIZE, 8)) {
            final UnsafeBuffer a = m.view();
            final int insnAt = ATTR_SIZE;
            final int licenseAt = insnAt + insnBytes;
            final int logAt = licenseAt + license.length;
            a.putBytes(insnAt, insns);
            a.putBytes(licenseAt, license);
            a.putInt(0, BPF_PROG_TYPE_XDP);             // prog_type
            a.putInt(4, insnBytes / 8);                 // insn_cnt
            a.putLong(8, m.address() + insnAt);         // insns
            a.putLong(16, m.address() + licenseAt);     // license
            a.putInt(24, 1);                            // log_level 1: the verifier's messages
            a.putInt(28, LOG_SIZE);                     // log_size
            a.putLong(32, m.address() + logAt);         // log_buf
            putName(a, 48, name);                       // prog_name[16]
            a.putInt(68, BPF_XDP);                      // expected_attach_type
            final long fd = n.bpf(BPF_PROG_LOAD, m.address(), ATTR_SIZE);
            if (fd < 0) {
                final String log = cString(a, logAt, LOG_SIZE);
                throw new KernelXdpException("BPF_PROG_LOAD", (int) -fd, "the kernel refused the XDP program"
                    + (fd == -KernelXdpException.EPERM ? "; loading needs CAP_BPF and CAP_NET_ADMIN (or CAP_SYS_ADMIN) "
                        + Capabilities.describe() : "")
                    + (log.isEmpty() ? "" : "; verifier log:\n" + log));
            }
            return (int) fd;
        }
    }

    /** BPF_LINK_CREATE of an XDP link on {@code ifindex} with XDP_FLAGS_* mode {@code flags}; returns the link fd or -errno. */
    int createXdpLink(int progFd, int ifindex, int flags) {
        try (OffHeapMemory m = OffHeapMemory.allocate(ATTR_SIZE, 8)) {
            final UnsafeBuffer a = m.view();
            a.putInt(0, progFd);   // link_create.prog_fd
            a.putInt(4, ifindex);  // link_create.target_ifindex
            a.putInt(8, BPF_XDP);  // link_create.attach_type
            a.putInt(12, flags);   // link_create.flags
            return (int) n.bpf(BPF_LINK_CREATE, m.address(), ATTR_SIZE);
        }
    }

    /** The kernel's id of a loaded program (BPF_OBJ_GET_INFO_BY_FD, bpf_prog_info.id). */
    int programId(int progFd) {
        try (OffHeapMemory m = OffHeapMemory.allocate(ATTR_SIZE + 8, 8)) {
            final UnsafeBuffer a = m.view();
            a.putInt(0, progFd);                    // info.bpf_fd
            a.putInt(4, 8);                         // info.info_len: type u32 + id u32
            a.putLong(8, m.address() + ATTR_SIZE);  // info.info
            check("BPF_OBJ_GET_INFO_BY_FD", n.bpf(BPF_OBJ_GET_INFO_BY_FD, m.address(), ATTR_SIZE));
            return a.getInt(ATTR_SIZE + PROG_INFO_ID);
        }
    }

    private static void putName(UnsafeBuffer a, int at, String name) {
        final byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        a.putBytes(at, b, 0, Math.min(b.length, 15)); // 16 bytes with the terminating NUL
    }

    private static String cString(UnsafeBuffer a, int at, int max) {
        int len = 0;
        while (len < max && a.getByte(at + len) != 0) {
            len++;
        }
        final byte[] b = new byte[len];
        a.getBytes(at, b);
        return new String(b, StandardCharsets.US_ASCII).strip();
    }

    private static long check(String step, long result) {
        if (result >= 0) {
            return result;
        }
        final int errno = (int) -result;
        throw new KernelXdpException(step, errno, switch (errno) {
            case KernelXdpException.EPERM -> "an XSKMAP needs CAP_BPF and CAP_NET_ADMIN (or CAP_SYS_ADMIN) "
                + Capabilities.describe();
            case KernelXdpException.ENOMEM -> "the kernel could not charge the map's memory; check the memory cgroup "
                + "limit (kernels before 5.11 charge RLIMIT_MEMLOCK: raise it with ulimit -l)";
            case KernelXdpException.EINVAL -> "the kernel does not know this request; it may be too old (XSKMAP "
                + "needs Linux 4.18, BPF_LINK_CREATE for XDP 5.9)";
            default -> "bpf() failed";
        });
    }
}
