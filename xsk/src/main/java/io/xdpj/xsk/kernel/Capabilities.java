package io.xdpj.xsk.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's effective capabilities (the CapEff line of /proc/self/status), for error messages that say which
 * capability is missing. Bit numbers from linux/capability.h (local probe).
 */
final class Capabilities {

    static final int CAP_NET_ADMIN = 12;
    static final int CAP_NET_RAW = 13;
    static final int CAP_IPC_LOCK = 14;
    static final int CAP_SYS_ADMIN = 21;
    static final int CAP_BPF = 39;

    private Capabilities() {
    }

    /** The effective set, or -1 when it cannot be read. */
    static long effective() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static boolean has(int cap) {
        final long eff = effective();
        return eff != -1 && (eff & (1L << cap)) != 0;
    }

    /** "(this process has CAP_NET_RAW, lacks CAP_BPF, ...)" for the capabilities this backend needs. */
    static String describe() {
        final long eff = effective();
        if (eff == -1) {
            return "(cannot read CapEff from /proc/self/status)";
        }
        final StringBuilder has = new StringBuilder();
        final StringBuilder lacks = new StringBuilder();
        final int[] caps = {CAP_NET_RAW, CAP_NET_ADMIN, CAP_BPF, CAP_SYS_ADMIN, CAP_IPC_LOCK};
        final String[] names = {"CAP_NET_RAW", "CAP_NET_ADMIN", "CAP_BPF", "CAP_SYS_ADMIN", "CAP_IPC_LOCK"};
        for (int i = 0; i < caps.length; i++) {
            final StringBuilder to = (eff & (1L << caps[i])) != 0 ? has : lacks;
            to.append(to.length() == 0 ? "" : ", ").append(names[i]);
        }
        return "(this process has " + (has.length() == 0 ? "none of them" : has) + "; lacks "
            + (lacks.length() == 0 ? "none" : lacks) + "; run as root or grant them, e.g. setcap or systemd "
            + "AmbientCapabilities)";
    }
}
