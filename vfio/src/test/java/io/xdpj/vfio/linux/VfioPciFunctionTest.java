package io.xdpj.vfio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.xdpj.vfio.DmaException;
import io.xdpj.vfio.DmaMemory;
import io.xdpj.vfio.IommuMapper;
import io.xdpj.vfio.PciConfig;
import io.xdpj.vfio.VfioException;
import io.xdpj.vfio.pci.FakeSysfs;
import io.xdpj.vfio.pci.PciAddress;
import io.xdpj.vfio.pci.SysfsPci;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open sequence, close order and error messages of {@link VfioPciFunction} against {@link FakeVfioKernel} (this
 * machine has no VFIO; the bed, vfio/bed/run, runs the same code against a real kernel).
 */
class VfioPciFunctionTest {
    static final String NIC = "0000:01:00.0";
    static final long BASE = HugepageDmaAllocator.DEFAULT_IOVA_BASE;

    /** What a clean open does, in order (facts D.1; bus master last, facts D.5). */
    static final List<String> OPEN_SEQUENCE = List.of(
        "open container",
        "ioctl VFIO_GET_API_VERSION",
        "ioctl VFIO_CHECK_EXTENSION 3",
        "open group",
        "ioctl VFIO_GROUP_GET_STATUS",
        "ioctl VFIO_GROUP_SET_CONTAINER",
        "ioctl VFIO_SET_IOMMU 3",
        "ioctl VFIO_IOMMU_GET_INFO",
        "ioctl VFIO_IOMMU_GET_INFO",
        "ioctl VFIO_GROUP_GET_DEVICE_FD",
        "ioctl VFIO_DEVICE_GET_INFO",
        "ioctl VFIO_DEVICE_GET_REGION_INFO 0",
        "mmap bar0 0x20000",
        "ioctl VFIO_DEVICE_GET_REGION_INFO 7",
        "pread config 0x4 2",
        "pwrite config 0x4 2");

    @TempDir
    Path tmp;
    Path sys;
    Path devVfio;
    FakeVfioKernel kernel;

    @BeforeEach
    void setUp() throws IOException {
        sys = tmp.resolve("sys");
        new FakeSysfs(sys).driver("vfio-pci").device(NIC, 0x8086, 0x1583, 0x020000, "vfio-pci", 7);
        devVfio = Files.createDirectories(tmp.resolve("dev/vfio"));
        Files.createFile(devVfio.resolve("vfio"));
        Files.createFile(devVfio.resolve("7"));
        final Path pool = Files.createDirectories(sys.resolve("kernel/mm/hugepages/hugepages-2048kB"));
        Files.write(pool.resolve("nr_hugepages"), "8\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(pool.resolve("free_hugepages"), "8\n".getBytes(StandardCharsets.US_ASCII));
        Files.createDirectories(tmp.resolve("proc/sys/vm"));
        Files.write(tmp.resolve("proc/meminfo"), "Hugepagesize:       2048 kB\n".getBytes(StandardCharsets.US_ASCII));
        kernel = new FakeVfioKernel(devVfio.toString(), 7, NIC, 0x8086, 0x1583);
    }

    VfioPciFunction.Options options() {
        return VfioPciFunction.Options.defaults().syscalls(kernel).sysfs(new SysfsPci(sys))
            .hugePages(new HugePages(sys, tmp.resolve("proc"))).devVfio(devVfio);
    }

    VfioPciFunction open() {
        return VfioPciFunction.open(PciAddress.parse(NIC), options());
    }

    void assertAllReleased() {
        assertEquals(List.of(), kernel.violations, "releases out of reverse order");
        assertTrue(kernel.ledger.isEmpty(), "still held: " + kernel.ledger);
    }

    @Test
    void opensInTheOrderVfioRequiresAndEnablesBusMasterLast() {
        try (VfioPciFunction fn = open()) {
            assertEquals(OPEN_SEQUENCE, kernel.log);
            assertEquals(0x0107, kernel.command(), "COMMAND 0x0103 | BUS_MASTER");
            assertEquals(0x8086, fn.config().read16(PciConfig.VENDOR_ID));
            assertEquals(0x1583, fn.config().read16(PciConfig.DEVICE_ID));
            assertEquals(0x15838086, fn.config().read32(PciConfig.VENDOR_ID));
            assertEquals(0x20000, fn.bar0().length());
            fn.bar0().write32(0x1FFFC, 0xCAFEF00D);
            assertEquals(0xCAFEF00D, fn.bar0().read32(0x1FFFC));
            assertEquals(0xCAFEF00DL, fn.bar0().read64(0x1FFF8) >>> 32);
            assertEquals(FakeVfioKernel.PGSIZES, fn.iommuInfo().pageSizes());
            assertEquals("0x0-0xfedfffff, 0xfef00000-0x7fffffffff", fn.iommuInfo().describeRanges());
            assertEquals(4096, fn.container().pageSize());
            assertEquals(VfioIoctl.VFIO_TYPE1v2_IOMMU, fn.container().iommuType());
            assertEquals(NIC, fn.name());
        }
        assertAllReleased();
    }

    @Test
    void closeTurnsOffBusMasterThenUnmapsDmaBeforeFreeingThenUnwindsTheOpen() {
        final VfioPciFunction fn = open();
        final DmaMemory ring = fn.dma().allocate(4096, 128, "rx ring");
        final DmaMemory pool = fn.dma().allocate(3 << 20, 4096, "buffers");
        final DmaMemory last = fn.dma().allocate(1, 1, "tx ring");
        assertEquals(BASE, ring.iova());
        assertEquals(BASE + (2 << 20), pool.iova());
        assertEquals(4 << 20, pool.length(), "3 MiB rounds up to two 2 MiB pages");
        assertEquals(BASE + (6 << 20), last.iova());
        final int before = kernel.log.size();
        fn.close();
        fn.close();
        assertEquals(List.of(
            "pread config 0x4 2",
            "pwrite config 0x4 2",
            "ioctl VFIO_IOMMU_UNMAP_DMA iova=0x100600000 size=0x200000",
            "munlock 0x200000",
            "munmap 0x200000",
            "ioctl VFIO_IOMMU_UNMAP_DMA iova=0x100200000 size=0x400000",
            "munlock 0x400000",
            "munmap 0x400000",
            "ioctl VFIO_IOMMU_UNMAP_DMA iova=0x100000000 size=0x200000",
            "munlock 0x200000",
            "munmap 0x200000",
            "munmap 0x20000",
            "close device",
            "ioctl VFIO_GROUP_UNSET_CONTAINER",
            "close group",
            "close container"), kernel.log.subList(before, kernel.log.size()));
        assertEquals(0x0103, kernel.command(), "bus master off again");
        assertAllReleased();
    }

    @Test
    void aFailureAtAnyStepOfTheOpenReleasesWhatWasAcquiredInReverseOrder() {
        int refused = 0;
        for (String step : OPEN_SEQUENCE) {
            kernel = new FakeVfioKernel(devVfio.toString(), 7, NIC, 0x8086, 0x1583);
            kernel.failOn(step, Errno.EIO);
            try {
                open().close();
            } catch (VfioException | DmaException e) {
                refused++;
            }
            assertAllReleased();
            assertTrue(kernel.log.stream().anyMatch(l -> l.endsWith("-> -5")), step + " was not reached");
        }
        // All but one step refuse; a failed CHECK_EXTENSION(TYPE1v2) falls back to TYPE1, which the fake offers.
        assertEquals(OPEN_SEQUENCE.size() - 1, refused);
    }

    @Test
    void aFailedDmaUnmapKeepsThatBlocksMemoryAndStillReleasesEverythingElse() {
        final VfioPciFunction fn = open();
        fn.dma().allocate(4096, 4096, "a");
        fn.dma().allocate(4096, 4096, "b");
        fn.dma().allocate(4096, 4096, "c");
        kernel.failOn("ioctl VFIO_IOMMU_UNMAP_DMA iova=0x100200000", Errno.EINVAL);
        final VfioException e = assertThrows(VfioException.class, fn::close);
        assertTrue(e.getMessage().startsWith("releasing DMA memory of 0000:01:00.0 failed: DMA unmap of b [va"),
            e.getMessage());
        assertTrue(e.getMessage().contains("kept mapped in this process"), e.getMessage());
        assertTrue(e.getCause() instanceof DmaException, "cause " + e.getCause());
        final List<String> after = kernel.log.subList(kernel.log.indexOf(
            "ioctl VFIO_IOMMU_UNMAP_DMA iova=0x100400000 size=0x200000"), kernel.log.size());
        assertEquals(List.of(
            "ioctl VFIO_IOMMU_UNMAP_DMA iova=0x100400000 size=0x200000",
            "munlock 0x200000",
            "munmap 0x200000",
            "ioctl VFIO_IOMMU_UNMAP_DMA iova=0x100200000 size=0x200000 -> -22",
            "ioctl VFIO_IOMMU_UNMAP_DMA iova=0x100000000 size=0x200000",
            "munlock 0x200000",
            "munmap 0x200000",
            "munmap 0x20000",
            "close device",
            "ioctl VFIO_GROUP_UNSET_CONTAINER",
            "close group",
            "close container"), after);
        assertEquals(List.of(BASE + (2 << 20)), new ArrayList<>(kernel.mappings.keySet()));
        kernel.freeLeftovers();
    }

    @Test
    void aRefusedDmaMapFreesTheBlockAndNamesTheMemlockLimit() {
        try (VfioPciFunction fn = open()) {
            kernel.failOn("ioctl VFIO_IOMMU_MAP_DMA", Errno.ENOMEM);
            final int before = kernel.log.size();
            final DmaException e = assertThrows(DmaException.class, () -> fn.dma().allocate(4096, 64, "rx ring q0"));
            assertTrue(e.getMessage().contains("locked-memory limit (RLIMIT_MEMLOCK"), e.getMessage());
            assertTrue(e.getMessage().contains("ulimit -l unlimited"), e.getMessage());
            assertEquals(List.of("mmap hugetlb21 0x200000", "mlock 0x200000",
                "ioctl VFIO_IOMMU_MAP_DMA iova=0x100000000 size=0x200000 -> -12", "munlock 0x200000",
                "munmap 0x200000"), kernel.log.subList(before, kernel.log.size()));
            assertEquals(BASE, fn.dma().allocate(4096, 64, "rx ring q0").iova(), "the refused IOVA is not consumed");
        }
        assertAllReleased();
    }

    @Test
    void noFreeHugePagesNamesTheSysctl() {
        try (VfioPciFunction fn = open()) {
            kernel.failOn("mmap hugetlb", Errno.ENOMEM);
            final DmaException e = assertThrows(DmaException.class, () -> fn.dma().allocate(5 << 20, 4096, "umem"));
            assertTrue(e.getMessage().contains("the 2 MiB huge page pool has 8 free of 8 reserved (vm.nr_hugepages),"
                + " 3 needed; reserve more as root: sysctl -w vm.nr_hugepages=11"), e.getMessage());
        }
        assertAllReleased();
    }

    @Test
    void blocksOfAGibibyteUseGibibytePagesWhenThatPoolHasThem() throws IOException {
        final Path giant = Files.createDirectories(sys.resolve("kernel/mm/hugepages/hugepages-1048576kB"));
        Files.write(giant.resolve("nr_hugepages"), "2\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(giant.resolve("free_hugepages"), "2\n".getBytes(StandardCharsets.US_ASCII));
        try (VfioPciFunction fn = open()) {
            final int before = kernel.log.size();
            final DmaMemory umem = fn.dma().allocate(1L << 30, 4096, "umem");
            final DmaMemory ring = fn.dma().allocate(4096, 4096, "ring");
            assertEquals(List.of("mmap hugetlb30 0x40000000", "mlock 0x40000000",
                "ioctl VFIO_IOMMU_MAP_DMA iova=0x100000000 size=0x40000000", "mmap hugetlb21 0x200000",
                "mlock 0x200000", "ioctl VFIO_IOMMU_MAP_DMA iova=0x140000000 size=0x200000"),
                kernel.log.subList(before, kernel.log.size()));
            assertEquals(BASE, umem.iova());
            assertEquals(BASE + (1L << 30), ring.iova());
        }
        assertAllReleased();
    }

    @Test
    void aGibibyteBlockFallsBackToTwoMebibytePagesWithoutAGibibytePool() {
        try (VfioPciFunction fn = open()) {
            kernel.failOn("mmap hugetlb21 0x40000000", Errno.ENOMEM);
            final DmaException e = assertThrows(DmaException.class, () -> fn.dma().allocate(1L << 30, 4096, "umem"));
            assertTrue(e.getMessage().contains("512 needed; reserve more as root: sysctl -w vm.nr_hugepages=520"),
                e.getMessage());
        }
        assertAllReleased();
    }

    @Test
    void noIommuGroupsUseTheNoIommuTypeAndPhysicalAddresses() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "physical addresses need CAP_SYS_ADMIN");
        Files.delete(devVfio.resolve("7"));
        Files.createFile(devVfio.resolve("noiommu-7"));
        kernel.noIommu = true;
        kernel.extensions.clear();
        kernel.extensions.add(VfioIoctl.VFIO_NOIOMMU_IOMMU);
        try (VfioPciFunction fn = open(); Pagemap pagemap = Pagemap.open(JnrSyscalls.get())) {
            assertTrue(fn.noIommu());
            assertTrue(kernel.log.contains("ioctl VFIO_CHECK_EXTENSION 8"), kernel.log.toString());
            assertTrue(kernel.log.contains("ioctl VFIO_SET_IOMMU 8"), kernel.log.toString());
            assertTrue(kernel.log.stream().noneMatch(l -> l.startsWith("ioctl VFIO_IOMMU_GET_INFO")));
            final DmaMemory block = fn.dma().allocate(4096, 4096, "ring");
            assertEquals(pagemap.physicalAddress(block.address()), block.iova(), "IOVA = physical address");
            assertTrue(kernel.log.stream().noneMatch(l -> l.startsWith("ioctl VFIO_IOMMU_MAP_DMA")));
        }
        assertAllReleased();
        assertTrue(kernel.log.contains("close pagemap"));
    }

    @Test
    void noIommuWithoutTheKernelOptionNamesIt() throws IOException {
        Files.delete(devVfio.resolve("7"));
        Files.createFile(devVfio.resolve("noiommu-7"));
        kernel.noIommu = true;
        final VfioException e = assertThrows(VfioException.class, this::open);
        assertTrue(e.getMessage().contains("does not offer VFIO_NOIOMMU_IOMMU: load vfio with"
            + " enable_unsafe_noiommu_mode=1"), e.getMessage());
        assertAllReleased();
    }

    @Test
    void aFailedMlockUnmapsTheBlock() {
        try (VfioPciFunction fn = open()) {
            kernel.failOn("mlock", Errno.ENOMEM);
            final DmaException e = assertThrows(DmaException.class, () -> fn.dma().allocate(4096, 64, "x"));
            assertTrue(e.getMessage().contains("mlock of 2097152 bytes for x failed"), e.getMessage());
            assertTrue(e.getMessage().contains("CAP_IPC_LOCK"), e.getMessage());
        }
        assertAllReleased();
    }

    @Test
    void mappingOverAnExistingMappingIsRefused() {
        try (VfioPciFunction fn = open()) {
            final DmaMemory block = fn.dma().allocate(4096, 4096, "ring");
            final DmaException e = assertThrows(DmaException.class, () -> fn.container().map(block.address(),
                block.iova() + 4096, 4096, IommuMapper.READ | IommuMapper.WRITE));
            assertTrue(e.getMessage().contains("overlaps an existing mapping"), e.getMessage());
            block.close();
            final DmaException again = assertThrows(DmaException.class, () -> fn.container().unmap(BASE, 2 << 20));
            assertTrue(again.getMessage().contains("unmapped 0 bytes: no mapping of exactly that range exists"),
                again.getMessage());
        }
        assertAllReleased();
    }

    @Test
    void anIovaBaseOutsideTheReportedRangesIsRefusedBeforeMapping() {
        try (VfioPciFunction fn = VfioPciFunction.open(PciAddress.parse(NIC), options().iovaBase(1L << 39))) {
            final DmaException e = assertThrows(DmaException.class, () -> fn.dma().allocate(4096, 4096, "ring"));
            assertTrue(e.getMessage().contains("outside the IOMMU's valid IOVA ranges 0x0-0xfedfffff,"
                + " 0xfef00000-0x7fffffffff"), e.getMessage());
        }
        assertAllReleased();
    }

    @Test
    void missingType1ExtensionNamesTheModule() {
        kernel.extensions.clear();
        final VfioException e = assertThrows(VfioException.class, this::open);
        assertTrue(e.getMessage().contains("the vfio_iommu_type1 module is not loaded; run 'modprobe"
            + " vfio_iommu_type1'"), e.getMessage());
        assertAllReleased();
    }

    @Test
    void epermOnSetIommuNamesInterruptRemappingAndTheModuleParameter() {
        kernel.failOn("ioctl VFIO_SET_IOMMU", Errno.EPERM);
        final VfioException e = assertThrows(VfioException.class, this::open);
        assertTrue(e.getMessage().contains("no interrupt remapping"), e.getMessage());
        assertTrue(e.getMessage().contains("allow_unsafe_interrupts=1"), e.getMessage());
        assertAllReleased();
    }

    @Test
    void notViableGroupListsItsMembersAndTheirDrivers() {
        new FakeSysfs(sys).device("0000:01:00.1", 0x8086, 0x1583, 0x020000, "i40e", 7);
        kernel.viable = false;
        final VfioException e = assertThrows(VfioException.class, this::open);
        assertTrue(e.getMessage().contains("IOMMU group 7 of 0000:01:00.0 is not viable"), e.getMessage());
        assertTrue(e.getMessage().contains("members: 0000:01:00.0 (vfio-pci), 0000:01:00.1 (i40e)"), e.getMessage());
        assertAllReleased();
    }

    @Test
    void permissionDeniedOnTheGroupFileSaysChown() {
        kernel.failOn("open group", Errno.EACCES);
        final VfioException e = assertThrows(VfioException.class, this::open);
        assertTrue(e.getMessage().contains("permission denied opening " + devVfio.resolve("7")), e.getMessage());
        assertTrue(e.getMessage().contains("chown USER " + devVfio.resolve("7")), e.getMessage());
        assertAllReleased();
    }

    @Test
    void missingContainerFileSaysTheModuleIsNotLoaded() {
        kernel.failOn("open container", Errno.ENOENT);
        final VfioException e = assertThrows(VfioException.class, this::open);
        assertTrue(e.getMessage().contains("the vfio module is not loaded; run 'modprobe vfio-pci'"), e.getMessage());
        assertAllReleased();
    }

    @Test
    void aBarWithoutMmapSupportIsReportedNotMappable() {
        kernel.bar0Flags = VfioRegionInfo.VFIO_REGION_INFO_FLAG_READ | VfioRegionInfo.VFIO_REGION_INFO_FLAG_WRITE;
        final VfioException e = assertThrows(VfioException.class, this::open);
        assertTrue(e.getMessage().contains("BAR 0 of 0000:01:00.0 is not mappable"), e.getMessage());
        assertAllReleased();
    }

    @Test
    void aRefusedBarMmapIsReportedNotMappable() {
        kernel.failOn("mmap bar0", Errno.EINVAL);
        final VfioException e = assertThrows(VfioException.class, this::open);
        assertTrue(e.getMessage().contains("mmap of BAR 0 of 0000:01:00.0"), e.getMessage());
        assertTrue(e.getMessage().contains("not mappable as a whole"), e.getMessage());
        assertAllReleased();
    }

    @Test
    void aDeviceNotBoundToVfioPciIsRefusedWithTheBindSteps() throws IOException {
        final Path driver = sys.resolve("bus/pci/devices").resolve(NIC).resolve("driver");
        Files.delete(driver);
        Files.createSymbolicLink(driver, sys.resolve("bus/pci/drivers/i40e"));
        final VfioException e = assertThrows(VfioException.class, this::open);
        assertTrue(e.getMessage().contains("0000:01:00.0 is not bound to vfio-pci (its driver is i40e)"),
            e.getMessage());
        assertTrue(e.getMessage().contains("echo vfio-pci > /sys/bus/pci/devices/0000:01:00.0/driver_override"),
            e.getMessage());
        assertTrue(kernel.log.isEmpty(), "nothing opened");
    }

    @Test
    void aDeviceWithoutIommuGroupIsRefused() throws IOException {
        Files.delete(sys.resolve("bus/pci/devices").resolve(NIC).resolve("iommu_group"));
        final VfioException e = assertThrows(VfioException.class, this::open);
        assertTrue(e.getMessage().contains("has no IOMMU group"), e.getMessage());
        assertTrue(e.getMessage().contains("intel_iommu=on"), e.getMessage());
    }

    @Test
    void aDeviceTheGroupDoesNotHoldIsRefusedNamingTheGroup() {
        kernel = new FakeVfioKernel(devVfio.toString(), 7, "0000:02:00.0", 0x8086, 0x1583);
        final VfioException e = assertThrows(VfioException.class, this::open);
        assertTrue(e.getMessage().contains("VFIO_GROUP_GET_DEVICE_FD(0000:01:00.0)"), e.getMessage());
        assertTrue(e.getMessage().contains("a member of IOMMU group 7"), e.getMessage());
        assertAllReleased();
    }
}
