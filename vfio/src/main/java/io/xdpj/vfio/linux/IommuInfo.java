package io.xdpj.vfio.linux;

import java.util.Locale;

/**
 * What VFIO_IOMMU_GET_INFO reported for a type1 container: the supported IOMMU page sizes and, when the kernel
 * gives the IOVA-range capability (facts D.3, cap id 1), the IOVA ranges that MAP_DMA accepts.
 */
public final class IommuInfo {
    private final long pageSizes;
    private final long[] rangeStart;
    private final long[] rangeEnd;

    IommuInfo(long pageSizes, long[] rangeStart, long[] rangeEnd) {
        this.pageSizes = pageSizes;
        this.rangeStart = rangeStart.clone();
        this.rangeEnd = rangeEnd.clone();
    }

    /** Bitmap of supported IOMMU page sizes (bit n set: 2^n bytes), 0 if not reported. */
    public long pageSizes() {
        return pageSizes;
    }

    /** The smallest supported IOMMU page size; 4096 if the kernel did not say (facts D.7: minimum 4096). */
    public long minPageSize() {
        return pageSizes == 0 ? Mman.PAGE_SIZE : Long.lowestOneBit(pageSizes);
    }

    /** Number of valid IOVA ranges reported (0: the kernel gave no range capability). */
    public int rangeCount() {
        return rangeStart.length;
    }

    public long rangeStart(int i) {
        return rangeStart[i];
    }

    /** Inclusive end of range {@code i}. */
    public long rangeEnd(int i) {
        return rangeEnd[i];
    }

    /** True if {@code [iova, iova + length)} lies inside one valid range, or if no ranges were reported. */
    public boolean accepts(long iova, long length) {
        if (rangeStart.length == 0) {
            return true;
        }
        final long last = iova + length - 1;
        for (int i = 0; i < rangeStart.length; i++) {
            if (Long.compareUnsigned(iova, rangeStart[i]) >= 0 && Long.compareUnsigned(last, rangeEnd[i]) <= 0
                && Long.compareUnsigned(last, iova) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** "0x0-0xfedfffff, 0xfef00000-0x7fffffffff". */
    public String describeRanges() {
        if (rangeStart.length == 0) {
            return "(not reported)";
        }
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rangeStart.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "0x%x-0x%x", rangeStart[i], rangeEnd[i]));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "iova_pgsizes 0x" + Long.toHexString(pageSizes) + ", IOVA ranges " + describeRanges();
    }
}
