package io.xdpj.sim.regs;

import static io.xdpj.i40e.hw.reg.Nvm.GLNVM_SRCTL;
import static io.xdpj.i40e.hw.reg.Nvm.GLNVM_SRDATA;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xdpj.i40e.hw.reg.Nvm;
import io.xdpj.sim.RecordingDataPlane;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.TestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shadow-RAM word access through GLNVM_SRCTL / GLNVM_SRDATA as the XL710 driver path does it (facts 2.1, 13.5). */
class NvmRegistersTest {

    private final SimulatedXl710 device = new SimulatedXl710(TestDriver.config().shadowRamWord(0x2E, 0xA5C3)
        .build(), iommu -> new RecordingDataPlane());
    private final TestDriver driver = new TestDriver(device);

    @AfterEach
    void close() {
        device.close();
    }

    /** Poll DONE; write (word << 14) | START; poll DONE; data = SRDATA[31:16] (facts 2.1). */
    private int readWord(int word) {
        driver.stepUntil(() -> (driver.read(GLNVM_SRCTL) & Nvm.GLNVM_SRCTL_DONE_MASK) != 0, "DONE");
        driver.write(GLNVM_SRCTL, word << Nvm.GLNVM_SRCTL_ADDR_SHIFT | Nvm.GLNVM_SRCTL_START_MASK);
        driver.stepUntil(() -> (driver.read(GLNVM_SRCTL) & Nvm.GLNVM_SRCTL_DONE_MASK) != 0, "DONE");
        return driver.read(GLNVM_SRDATA) >>> Nvm.GLNVM_SRDATA_RDDATA_SHIFT;
    }

    @Test
    void aReadCompletesInTheNextStep() {
        driver.write(GLNVM_SRCTL, 0x18 << 14 | Nvm.GLNVM_SRCTL_START_MASK);
        assertEquals(0x40060001, driver.read(GLNVM_SRCTL), "ADDR | START | SRBUSY, DONE clear");
        driver.steps(1);
        assertEquals(0x80060000, driver.read(GLNVM_SRCTL), "ADDR | DONE");
        assertEquals(0x08030000, driver.read(GLNVM_SRDATA), "word 0x18 = 0x0803 in [31:16]");
    }

    @Test
    void theWordsDriversReadAtInit() {
        assertEquals(0x0803, readWord(0x18));
        assertEquals(0x8000, readWord(0x2D));
        assertEquals(0xA5C3, readWord(0x2E));
        final int bootConfig = readWord(0x17);
        assertEquals(0x0100, bootConfig);
        assertEquals(0x0102, readWord(bootConfig + 0x83));
        assertEquals(0x0304, readWord(bootConfig + 0x84));
        assertEquals(0, readWord(0x7FFF), "an unprogrammed word reads 0");
    }

    @Test
    void recoveryModeAndBlankNvmAreConfigurable() {
        try (SimulatedXl710 odd = new SimulatedXl710(TestDriver.config().firmwareStatus(0x30 << 16).nvmLocked(false)
            .build(), iommu -> new RecordingDataPlane())) {
            assertEquals(0x30, (odd.bar0().read32(Nvm.GL_FWSTS) & Nvm.GL_FWSTS_FWS1B_MASK) >>> 16, "FWS1B (13.1)");
            assertEquals(0, odd.bar0().read32(Nvm.GLNVM_FLA) & Nvm.GLNVM_FLA_LOCKED_MASK, "blank NVM (13.4)");
        }
    }

    @Test
    void aWriteStoresSrdataLowHalf() {
        driver.write(GLNVM_SRDATA, 0xBEEF);
        driver.write(GLNVM_SRCTL, 0x20 << 14 | Nvm.GLNVM_SRCTL_WRITE_MASK | Nvm.GLNVM_SRCTL_START_MASK);
        driver.steps(1);
        assertEquals(0xBEEF, readWord(0x20));
        assertEquals(0x0803, readWord(0x18), "neighbours untouched");
    }
}
