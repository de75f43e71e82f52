package io.xdpj.vfio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Paths;

import io.xdpj.vfio.VfioException;

import org.junit.jupiter.api.Test;

/** The real system calls on this machine, and the VFIO errors it can provoke for real. */
class JnrSyscallsTest {

    @Test
    void failedCallsReturnNegativeErrno() {
        final Syscalls sys = JnrSyscalls.get();
        assertEquals(-Errno.ENOENT, sys.open("/nonexistent/xdpj", Mman.O_RDONLY));
        assertEquals("No such file or directory (errno 2)", sys.describe(-Errno.ENOENT));
        assertEquals(-Errno.EINVAL, sys.mmap(0, 0, Mman.PROT_READ, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0),
            "mmap of length 0");
    }

    @Test
    void configStyleReadOfAFileGoesThroughPread() {
        final Syscalls sys = JnrSyscalls.get();
        final int fd = sys.open("/proc/self/pagemap", Mman.O_RDONLY | Mman.O_CLOEXEC);
        assertTrue(fd >= 0, "open pagemap: " + fd);
        final NativeScratch scratch = new NativeScratch(8);
        // one entry per 4 KiB page; entry 0 (address 0) is never mapped, so its present bit is clear
        assertEquals(8, sys.pread(fd, scratch.cleared(8), 8, 0));
        assertEquals(0, scratch.buffer.getLong(0) & Pagemap.PM_PRESENT);
        assertEquals(0, sys.close(fd));
    }

    @Test
    void withoutTheVfioModuleTheContainerErrorSaysToLoadIt() {
        assumeFalse(Files.exists(Paths.get("/dev/vfio/vfio")), "this machine has VFIO loaded");
        try {
            VfioContainer.open(JnrSyscalls.get(), Paths.get("/dev/vfio")).close();
        } catch (VfioException e) {
            assertEquals("no /dev/vfio/vfio: the vfio module is not loaded; run 'modprobe vfio-pci' (it loads vfio)"
                + " and check that the kernel is built with CONFIG_VFIO", e.getMessage());
            return;
        }
        throw new AssertionError("opened a container without /dev/vfio/vfio");
    }
}
