package io.xdpj.sim.vfiouser;

import java.util.ArrayList;
import java.util.List;

import io.xdpj.sim.iommu.Iommu;
import io.xdpj.vfio.DmaException;
import io.xdpj.vfio.IommuMapper;
import io.xdpj.vfio.linux.JnrSyscalls;
import io.xdpj.vfio.linux.Mman;
import io.xdpj.vfio.linux.Syscalls;

/**
 * The client's DMA regions (VFIO_USER_DMA_MAP / UNMAP, vfio-user.rst): a region that comes with a file descriptor is
 * mmapped (MAP_SHARED, at the descriptor offset the message names) and entered in the model's {@link Iommu} at its
 * IOVA, so the model's engines reach guest memory directly; a readable region without a descriptor is entered as a
 * message-backed mapping ({@link MessageDma}: the device reaches it through DMA_READ/DMA_WRITE messages). A region
 * with neither permission, or a write-only one without a descriptor, is only recorded (the model's IOMMU refuses
 * device accesses there, which it counts as DMA faults).
 *
 * <p>NB: unmap removes the IOMMU entry first and munmaps afterwards; the caller runs model steps and protocol
 * messages on one thread, so no translation made before the unmap is still in use (Iommu class comment).
 */
final class DmaMaps implements AutoCloseable {

    private static final class Region {
        final long iova;
        final long size;
        final long address; // 0 when the region came without a descriptor
        final int flags;
        final MessageDma.Shadow shadow; // the message-backed view of a region without a descriptor, or null

        Region(long iova, long size, long address, int flags, MessageDma.Shadow shadow) {
            this.iova = iova;
            this.size = size;
            this.address = address;
            this.flags = flags;
            this.shadow = shadow;
        }
    }

    private final Iommu iommu;
    private final MessageDma messages;
    private final Syscalls sys = JnrSyscalls.get();
    private final List<Region> regions = new ArrayList<>();

    DmaMaps(Iommu iommu, MessageDma messages) {
        this.iommu = iommu;
        this.messages = messages;
    }

    /**
     * Adds a region.
     *
     * @param fd the region's descriptor (taken over: closed here), or -1
     * @return 0, or the errno to reply with
     */
    int map(long iova, long size, long fdOffset, int flags, int fd) {
        try {
            if (size <= 0 || (iova & (Iommu.PAGE_SIZE - 1)) != 0 || (size & (Iommu.PAGE_SIZE - 1)) != 0
                || (flags & ~(VfioUser.DMA_FLAG_READ | VfioUser.DMA_FLAG_WRITE)) != 0 || overlaps(iova, size)) {
                return overlaps(iova, size) ? VfioUser.EEXIST : VfioUser.EINVAL;
            }
            long address = 0;
            MessageDma.Shadow shadow = null;
            if (fd < 0 && (flags & VfioUser.DMA_FLAG_READ) != 0) {
                final int iommuFlags = IommuMapper.READ
                    | ((flags & VfioUser.DMA_FLAG_WRITE) != 0 ? IommuMapper.WRITE : 0);
                shadow = messages.add(iova, size, iommuFlags);
                if (shadow == null) {
                    return VfioUser.ENOMEM;
                }
            }
            if (fd >= 0) {
                final int prot = ((flags & VfioUser.DMA_FLAG_READ) != 0 ? Mman.PROT_READ : 0)
                    | ((flags & VfioUser.DMA_FLAG_WRITE) != 0 ? Mman.PROT_WRITE : 0);
                address = sys.mmap(0, size, prot == 0 ? Mman.PROT_READ : prot, Mman.MAP_SHARED, fd, fdOffset);
                if (address < 0) {
                    return (int) -address;
                }
                final int iommuFlags = ((flags & VfioUser.DMA_FLAG_READ) != 0 ? IommuMapper.READ : 0)
                    | ((flags & VfioUser.DMA_FLAG_WRITE) != 0 ? IommuMapper.WRITE : 0);
                if (iommuFlags != 0) {
                    try {
                        iommu.map(address, iova, size, iommuFlags);
                    } catch (DmaException e) {
                        sys.munmap(address, size);
                        return VfioUser.EINVAL;
                    }
                }
            }
            regions.add(new Region(iova, size, address, flags, shadow));
            return 0;
        } finally {
            UnixSocket.closeFd(fd);
        }
    }

    /**
     * Removes every region inside [iova, iova + size), as VFIO type1 unmaps (linux/vfio.h VFIO_IOMMU_UNMAP_DMA: a
     * range that covers no mapping unmaps nothing and succeeds; QEMU's vIOMMU notifier unmaps whole guest-IOMMU ranges
     * that may cover several maps or none). A region only partly inside gives EINVAL and nothing is removed.
     *
     * @return 0 or the errno to reply with
     */
    int unmap(long iova, long size) {
        // NB: unsigned arithmetic; a vIOMMU unmap may reach the top of the 64-bit space (iova + size = 2^64).
        final long last = iova + size - 1;
        for (Region r : regions) {
            final long rLast = r.iova + r.size - 1;
            final boolean overlaps = Long.compareUnsigned(r.iova, last) <= 0 && Long.compareUnsigned(iova, rLast) <= 0;
            if (overlaps && !inside(r, iova, last)) {
                return VfioUser.EINVAL;
            }
        }
        for (int i = regions.size() - 1; i >= 0; i--) {
            if (inside(regions.get(i), iova, last)) {
                remove(i);
            }
        }
        return 0;
    }

    private static boolean inside(Region r, long first, long last) {
        return Long.compareUnsigned(r.iova, first) >= 0 && Long.compareUnsigned(r.iova + r.size - 1, last) <= 0;
    }

    /** Removes every region (DMA_UNMAP with FLAG_ALL, client gone). */
    void unmapAll() {
        while (!regions.isEmpty()) {
            remove(regions.size() - 1);
        }
    }

    private void remove(int index) {
        final Region r = regions.remove(index);
        if (r.shadow != null) {
            messages.remove(r.shadow);
        }
        if (r.address != 0) {
            if ((r.flags & (VfioUser.DMA_FLAG_READ | VfioUser.DMA_FLAG_WRITE)) != 0) {
                iommu.unmap(r.iova, r.size);
            }
            sys.munmap(r.address, r.size);
        }
    }

    private boolean overlaps(long iova, long size) {
        for (Region r : regions) {
            if (iova < r.iova + r.size && r.iova < iova + size) {
                return true;
            }
        }
        return false;
    }

    /** Live regions. */
    int count() {
        return regions.size();
    }

    /** Live regions reached through DMA_READ/DMA_WRITE messages (no descriptor, readable). */
    int messageBackedCount() {
        int n = 0;
        for (Region r : regions) {
            n += r.shadow != null ? 1 : 0;
        }
        return n;
    }

    /** Live regions that came with a descriptor (mapped into the model's IOMMU). */
    int mappedCount() {
        int n = 0;
        for (Region r : regions) {
            n += r.address != 0 ? 1 : 0;
        }
        return n;
    }

    /** The process address of {@code iova} in a descriptor-backed region, or 0. */
    long address(long iova) {
        for (Region r : regions) {
            if (r.address != 0 && iova >= r.iova && iova < r.iova + r.size) {
                return r.address + (iova - r.iova);
            }
        }
        return 0;
    }

    @Override
    public void close() {
        unmapAll();
    }
}
