package io.xdpj.vfio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** ioctl numbers, struct layouts and mmap constants against facts D.2, D.3, D.4 and D.8 (golden values). */
class VfioLayoutTest {

    @Test
    void ioctlNumbersAreIoSemicolonHundredPlusN() {
        // facts D.2 table, "value" column
        assertEquals(0x3B64, VfioIoctl.VFIO_GET_API_VERSION);
        assertEquals(0x3B65, VfioIoctl.VFIO_CHECK_EXTENSION);
        assertEquals(0x3B66, VfioIoctl.VFIO_SET_IOMMU);
        assertEquals(0x3B67, VfioIoctl.VFIO_GROUP_GET_STATUS);
        assertEquals(0x3B68, VfioIoctl.VFIO_GROUP_SET_CONTAINER);
        assertEquals(0x3B69, VfioIoctl.VFIO_GROUP_UNSET_CONTAINER);
        assertEquals(0x3B6A, VfioIoctl.VFIO_GROUP_GET_DEVICE_FD);
        assertEquals(0x3B6B, VfioIoctl.VFIO_DEVICE_GET_INFO);
        assertEquals(0x3B6C, VfioIoctl.VFIO_DEVICE_GET_REGION_INFO);
        assertEquals(0x3B6F, VfioIoctl.VFIO_DEVICE_RESET);
        assertEquals(0x3B70, VfioIoctl.VFIO_IOMMU_GET_INFO);
        assertEquals(0x3B71, VfioIoctl.VFIO_IOMMU_MAP_DMA);
        assertEquals(0x3B72, VfioIoctl.VFIO_IOMMU_UNMAP_DMA);
        assertEquals("VFIO_IOMMU_MAP_DMA", VfioIoctl.name(0x3B71));
    }

    @Test
    void extensionAndIommuTypeValues() {
        // facts D.2: TYPE1 1, TYPE1v2 3, NOIOMMU 8, API version 0
        assertEquals(1, VfioIoctl.VFIO_TYPE1_IOMMU);
        assertEquals(3, VfioIoctl.VFIO_TYPE1v2_IOMMU);
        assertEquals(8, VfioIoctl.VFIO_NOIOMMU_IOMMU);
        assertEquals(0, VfioIoctl.VFIO_API_VERSION);
        // facts D.4: BAR0 index 0, CONFIG 7, 9 fixed regions
        assertEquals(0, VfioIoctl.VFIO_PCI_BAR0_REGION_INDEX);
        assertEquals(7, VfioIoctl.VFIO_PCI_CONFIG_REGION_INDEX);
        assertEquals(9, VfioIoctl.VFIO_PCI_NUM_REGIONS);
    }

    @Test
    void groupStatusLayout() {
        assertEquals(8, VfioGroupStatus.SIZE);
        assertEquals(0, VfioGroupStatus.ARGSZ_OFFSET);
        assertEquals(4, VfioGroupStatus.FLAGS_OFFSET);
        assertEquals(1, VfioGroupStatus.VFIO_GROUP_FLAGS_VIABLE);
        assertEquals(2, VfioGroupStatus.VFIO_GROUP_FLAGS_CONTAINER_SET);
    }

    @Test
    void deviceInfoLayout() {
        assertEquals(24, VfioDeviceInfo.SIZE);
        assertEquals(8, VfioDeviceInfo.NUM_REGIONS_OFFSET);
        assertEquals(12, VfioDeviceInfo.NUM_IRQS_OFFSET);
        assertEquals(16, VfioDeviceInfo.CAP_OFFSET_OFFSET);
        assertEquals(1, VfioDeviceInfo.VFIO_DEVICE_FLAGS_RESET);
        assertEquals(2, VfioDeviceInfo.VFIO_DEVICE_FLAGS_PCI);
    }

    @Test
    void regionInfoLayout() {
        assertEquals(32, VfioRegionInfo.SIZE);
        assertEquals(8, VfioRegionInfo.INDEX_OFFSET);
        assertEquals(12, VfioRegionInfo.CAP_OFFSET_OFFSET);
        assertEquals(16, VfioRegionInfo.SIZE_OFFSET);
        assertEquals(24, VfioRegionInfo.OFFSET_OFFSET);
        assertEquals(1, VfioRegionInfo.VFIO_REGION_INFO_FLAG_READ);
        assertEquals(2, VfioRegionInfo.VFIO_REGION_INFO_FLAG_WRITE);
        assertEquals(4, VfioRegionInfo.VFIO_REGION_INFO_FLAG_MMAP);
        assertEquals(8, VfioRegionInfo.VFIO_REGION_INFO_FLAG_CAPS);
    }

    @Test
    void iommuType1InfoLayoutAndIovaRangeCapability() {
        assertEquals(24, VfioIommuType1Info.SIZE);
        assertEquals(8, VfioIommuType1Info.IOVA_PGSIZES_OFFSET);
        assertEquals(16, VfioIommuType1Info.CAP_OFFSET_OFFSET);
        assertEquals(1, VfioIommuType1Info.VFIO_IOMMU_INFO_PGSIZES);
        assertEquals(2, VfioIommuType1Info.VFIO_IOMMU_INFO_CAPS);
        assertEquals(1, VfioIommuType1Info.VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE);
        assertEquals(4, VfioIommuType1Info.CAP_NEXT_OFFSET);
        assertEquals(8, VfioIommuType1Info.CAP_IOVA_RANGE_NR_IOVAS_OFFSET);
        assertEquals(16, VfioIommuType1Info.CAP_IOVA_RANGE_RANGES_OFFSET);
        assertEquals(16, VfioIommuType1Info.IOVA_RANGE_SIZE);
    }

    @Test
    void dmaMapAndUnmapLayouts() {
        assertEquals(32, VfioIommuType1DmaMap.SIZE);
        assertEquals(8, VfioIommuType1DmaMap.VADDR_OFFSET);
        assertEquals(16, VfioIommuType1DmaMap.IOVA_OFFSET);
        assertEquals(24, VfioIommuType1DmaMap.SIZE_OFFSET);
        assertEquals(1, VfioIommuType1DmaMap.VFIO_DMA_MAP_FLAG_READ);
        assertEquals(2, VfioIommuType1DmaMap.VFIO_DMA_MAP_FLAG_WRITE);
        // the IommuMapper interface passes its flags straight through
        assertEquals(VfioIommuType1DmaMap.VFIO_DMA_MAP_FLAG_READ, io.xdpj.vfio.IommuMapper.READ);
        assertEquals(VfioIommuType1DmaMap.VFIO_DMA_MAP_FLAG_WRITE, io.xdpj.vfio.IommuMapper.WRITE);
        assertEquals(24, VfioIommuType1DmaUnmap.SIZE);
        assertEquals(8, VfioIommuType1DmaUnmap.IOVA_OFFSET);
        assertEquals(16, VfioIommuType1DmaUnmap.SIZE_OFFSET);
    }

    @Test
    void mmapConstantsOfFactsD8() {
        assertEquals(0x54000000, Mman.MAP_HUGE_2MB);
        assertEquals(0x78000000, Mman.MAP_HUGE_1GB);
        assertEquals(Mman.MAP_HUGE_2MB, Mman.mapHugeFlag(Mman.HUGE_2M));
        assertEquals(Mman.MAP_HUGE_1GB, Mman.mapHugeFlag(Mman.HUGE_1G));
        assertEquals(0x40000, Mman.MAP_HUGETLB);
        assertEquals(0x20, Mman.MAP_ANONYMOUS);
        assertEquals(0x8000, Mman.MAP_POPULATE);
        assertEquals(0x80000, Mman.O_CLOEXEC);
    }
}
