package io.xdpj.sim;

import io.xdpj.sim.iommu.DmaFault;
import io.xdpj.sim.iommu.Iommu;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The control plane's DMA port (admin queue firmware and HMC context fetches): every access goes through the
 * {@link Iommu} and only while PCI bus mastering is on. A refused access is not performed; the IOMMU counts and logs
 * it (queue {@link DmaFault#ADMIN_QUEUE}), and accesses attempted without bus mastering are counted here.
 *
 * <p>Step thread only (called from {@link SimulatedXl710#step()} under the device lock); {@link #busMaster} is set
 * from the configuration-space writer under the same lock. Allocates nothing per access.
 */
public final class DeviceDma {

    private final Iommu iommu;
    private final UnsafeBuffer window = new UnsafeBuffer(0, 0);
    private boolean busMaster;
    private long blockedByBusMaster;

    public DeviceDma(Iommu iommu) {
        this.iommu = iommu;
    }

    void busMaster(boolean enabled) {
        busMaster = enabled;
    }

    /** Whether the device may DMA (PCI command register bus-master bit). */
    public boolean busMaster() {
        return busMaster;
    }

    /** Accesses refused because bus mastering was off. */
    public long blockedByBusMaster() {
        return blockedByBusMaster;
    }

    /**
     * Copies {@code length} bytes from device address {@code iova} into {@code dst} at {@code dstOffset}.
     *
     * @return false if the read was refused (IOMMU fault or bus mastering off); {@code dst} is then unchanged
     */
    public boolean read(long iova, MutableDirectBuffer dst, int dstOffset, int length) {
        final UnsafeBuffer src = map(iova, length, false);
        if (src == null) {
            return false;
        }
        dst.putBytes(dstOffset, src, 0, length);
        return true;
    }

    /** Copies {@code length} bytes of {@code src} at {@code srcOffset} to device address {@code iova}. */
    public boolean write(long iova, org.agrona.DirectBuffer src, int srcOffset, int length) {
        final UnsafeBuffer dst = map(iova, length, true);
        if (dst == null) {
            return false;
        }
        dst.putBytes(0, src, srcOffset, length);
        return true;
    }

    /** Reads a little-endian u64 at {@code iova} into {@code scratch[0..8)}; false if refused. */
    public boolean readLong(long iova, MutableDirectBuffer scratch) {
        return read(iova, scratch, 0, Long.BYTES);
    }

    private UnsafeBuffer map(long iova, int length, boolean write) {
        if (!busMaster) {
            blockedByBusMaster++;
            return null;
        }
        final long address = iommu.translate(iova, length, write, DmaFault.ADMIN_QUEUE);
        if (address == 0) {
            return null;
        }
        window.wrap(address, length);
        return window;
    }
}
