package io.xdpj.sim.vfiouser;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import io.xdpj.sim.SimConfig;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.lan.PortStatistics;
import io.xdpj.sim.wire.FrameGenerator;
import io.xdpj.sim.wire.MacAddress;
import io.xdpj.sim.wire.PingResponder;
import io.xdpj.sim.wire.Wire;

/**
 * Runs the simulated XL710 as a vfio-user server for one client (QEMU's {@code vfio-user-pci}); exits when the client
 * disconnects. The model's wire is a {@link PingResponder} (ARP and ICMP echo for one address, frames checked),
 * optionally merged with a paced {@link FrameGenerator}.
 *
 * <pre>
 * java -cp ... io.xdpj.sim.vfiouser.VfioUserMain --socket PATH [--mac 02:00:00:00:00:01] [--firmware 8.3]
 *      [--responder-ip 10.0.0.2] [--responder-mac 02:00:00:00:00:fe]
 *      [--generate-rate PPS] [--generate-size BYTES] [--generate-count N]
 *      [--generate-trigger-ip A.B.C.D] [--log FILE] [--result FILE] [--trace]
 * </pre>
 * The generator (off by default) sends UDP frames to the device's MAC from the responder's MAC, to IPv4 address
 * 10.0.0.99, which no host has; --generate-count stops it after that many frames, and with --generate-trigger-ip
 * it starts only when the guest pings that address (the responder owns it too). At exit one line of counters is appended to the log and written to --result as
 * {@code key=value} lines (the bed script reads them).
 */
public final class VfioUserMain {

    private VfioUserMain() {
    }

    public static void main(String[] args) throws IOException {
        String socketPath = null;
        long mac = 0x0200_0000_0001L;
        int fwMajor = 8;
        int fwMinor = 3;
        int responderIp = ipv4("10.0.0.2");
        long responderMac = 0x0200_0000_00FEL;
        double rate = 0;
        long count = Long.MAX_VALUE;
        int triggerIp = 0;
        int size = 60;
        Path logFile = null;
        Path resultFile = null;
        boolean trace = false;
        for (int i = 0; i < args.length; i++) {
            final String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--socket": socketPath = need(args[i], value); i++; break;
                case "--mac": mac = MacAddress.parse(need(args[i], value)); i++; break;
                case "--firmware": {
                    final String[] parts = need(args[i], value).split("\\.");
                    fwMajor = Integer.parseInt(parts[0]);
                    fwMinor = Integer.parseInt(parts[1]);
                    i++;
                    break;
                }
                case "--responder-ip": responderIp = ipv4(need(args[i], value)); i++; break;
                case "--responder-mac": responderMac = MacAddress.parse(need(args[i], value)); i++; break;
                case "--generate-rate": rate = Double.parseDouble(need(args[i], value)); i++; break;
                case "--generate-size": size = Integer.parseInt(need(args[i], value)); i++; break;
                case "--generate-count": count = Long.parseLong(need(args[i], value)); i++; break;
                case "--generate-trigger-ip": triggerIp = ipv4(need(args[i], value)); i++; break;
                case "--log": logFile = Path.of(need(args[i], value)); i++; break;
                case "--result": resultFile = Path.of(need(args[i], value)); i++; break;
                case "--trace": trace = true; break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i] + "; see the class comment of "
                        + VfioUserMain.class.getName());
            }
        }
        if (socketPath == null) {
            throw new IllegalArgumentException("--socket PATH is required (the UNIX socket QEMU's vfio-user-pci"
                + " device connects to)");
        }
        final PrintStream log = logFile == null ? System.err
            : new PrintStream(Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                true, StandardCharsets.UTF_8);
        final FrameGenerator generator = rate > 0 ? FrameGenerator.builder().sizes(size).srcMac(responderMac)
            .dstMac(mac).srcIp(responderIp).dstIp(ipv4("10.0.0.99")).rate(rate).count(count).build() : null;
        final PingResponder responder = new PingResponder(responderMac, responderIp, triggerIp,
            generator == null ? Wire.SILENT : generator);
        final SimConfig config = SimConfig.builder().macAddress(mac).firmwareVersion(fwMajor, fwMinor,
            0x0000_4E21, 0x0001_0000).build();
        try (SimulatedXl710 device = SimulatedXl710.create(config, Wire.of(responder, responder))) {
            log.println(Instant.now() + " vfio-user server for " + device.name() + " MAC "
                + MacAddress.toString(mac) + " firmware " + fwMajor + "." + fwMinor + " listening on " + socketPath);
            final UnixSocket socket = UnixSocket.acceptOne(socketPath);
            log.println(Instant.now() + " client connected");
            final String summary;
            try (VfioUserServer server = new VfioUserServer(device, socket,
                line -> log.println(Instant.now() + " " + line))) {
                server.trace(trace);
                try {
                    server.run();
                } catch (VfioUserException e) {
                    log.println(Instant.now() + " connection ended: " + e.getMessage());
                }
                summary = server.summary();
                final String result = "arp_replies=" + responder.arpReplies() + "\necho_replies="
                    + responder.echoReplies() + "\nbad_frames=" + responder.badFrames() + "\nignored_frames="
                    + responder.ignoredFrames() + "\ndropped_requests=" + responder.droppedRequests()
                    + "\ngenerated_frames=" + responder.mergedFrames() + "\ninterrupts=" + server.interruptsSignalled()
                    + "\nerror_replies=" + server.errorReplies() + "\ndma_faults=" + device.iommu().faultCount()
                    + "\nrx_frames=" + rxFrames(device) + "\nrx_filtered=" + device.engine().filteredFrames()
                    + "\nrx_discards=" + device.engine().statistics().value(PortStatistics.V_RDPC)
                    + "\npf_resets=" + device.pfResets() + "\nglobal_resets=" + device.globalResets()
                    + "\nunknown_register_reads=" + device.registers().unknownReads()
                    + "\nunknown_register_writes=" + device.registers().unknownWrites() + "\n";
                log.println(Instant.now() + " " + summary + "\n" + result);
                if (resultFile != null) {
                    Files.writeString(resultFile, result, StandardCharsets.UTF_8);
                }
            }
        }
    }

    private static long rxFrames(SimulatedXl710 device) {
        final PortStatistics s = device.engine().statistics();
        return s.value(PortStatistics.UPRC) + s.value(PortStatistics.MPRC) + s.value(PortStatistics.BPRC);
    }

    private static String need(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    static int ipv4(String text) {
        final String[] parts = text.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int ip = 0;
        for (String p : parts) {
            final int b = Integer.parseInt(p);
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            ip = ip << 8 | b;
        }
        return ip;
    }
}
