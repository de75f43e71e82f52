package io.xdpj.xsk.kernel;

import io.xdpj.xsk.Umem;
import io.xdpj.xsk.UmemConfig;
import io.xdpj.xsk.XskSocket;

/**
 * Run by {@link KernelCapabilityTest} in a child JVM whose capabilities were cut down with setpriv: opens the port
 * on {@code args[0]} and registers a UMEM on a socket (the first AF_XDP socket call), and prints "ok" or the
 * exception's message.
 */
public final class CapabilityProbe {

    private CapabilityProbe() {
    }

    public static void main(String[] args) {
        try (KernelXdpPort port = KernelXdpPort.open(args[0])) {
            final Umem umem = port.createUmem(new UmemConfig(64 * 2048L, 2048, 0, 0, false));
            final XskSocket xsk = new XskSocket();
            xsk.registerUmem(umem);
            xsk.close();
            System.out.println("ok");
        } catch (KernelXdpException e) {
            System.out.println(e.getMessage());
        }
    }
}
