package io.xdpj.vfio.pci;

import java.util.Locale;

/**
 * A PCI function address in the kernel's sysfs spelling, {@code DDDD:BB:DD.F} (domain, bus, device, function;
 * lower-case hex). This is also the name VFIO_GROUP_GET_DEVICE_FD takes (facts D.2).
 */
public final class PciAddress implements Comparable<PciAddress> {
    private final int domain;
    private final int bus;
    private final int device;
    private final int function;

    public PciAddress(int domain, int bus, int device, int function) {
        if (domain < 0 || domain > 0xFFFF || bus < 0 || bus > 0xFF || device < 0 || device > 0x1F
            || function < 0 || function > 7) {
            throw new IllegalArgumentException("PCI address out of range: domain " + domain + ", bus " + bus
                + ", device " + device + ", function " + function);
        }
        this.domain = domain;
        this.bus = bus;
        this.device = device;
        this.function = function;
    }

    /**
     * Parses {@code 0000:01:00.0} or the short {@code 01:00.0} (domain 0), as lspci prints them.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static PciAddress parse(String text) {
        final String s = text.trim();
        final String[] colon = s.split(":", -1);
        try {
            if (colon.length == 2 || colon.length == 3) {
                final int domain = colon.length == 3 ? hex(colon[0], 4) : 0;
                final int bus = hex(colon[colon.length - 2], 2);
                final String[] dot = colon[colon.length - 1].split("\\.", -1);
                if (dot.length == 2) {
                    return new PciAddress(domain, bus, hex(dot[0], 2), hex(dot[1], 1));
                }
            }
        } catch (IllegalArgumentException e) { // includes NumberFormatException and out-of-range fields
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a PCI address; expected DDDD:BB:DD.F such as"
            + " 0000:01:00.0 (see lspci -D)");
    }

    private static int hex(String part, int maxDigits) {
        if (part.isEmpty() || part.length() > maxDigits) {
            throw new NumberFormatException(part);
        }
        return Integer.parseInt(part, 16);
    }

    public int domain() {
        return domain;
    }

    public int bus() {
        return bus;
    }

    public int device() {
        return device;
    }

    public int function() {
        return function;
    }

    @Override
    public int compareTo(PciAddress o) {
        return Long.compare(key(), o.key());
    }

    private long key() {
        return ((long) domain << 16) | (bus << 8) | (device << 3) | function;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PciAddress && ((PciAddress) o).key() == key();
    }

    @Override
    public int hashCode() {
        return Long.hashCode(key());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%04x:%02x:%02x.%x", domain, bus, device, function);
    }
}
