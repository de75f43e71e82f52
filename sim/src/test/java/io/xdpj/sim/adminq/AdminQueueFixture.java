package io.xdpj.sim.adminq;

import io.xdpj.sim.RecordingDataPlane;
import io.xdpj.sim.SimConfig;
import io.xdpj.sim.SimulatedXl710;
import io.xdpj.sim.TestDriver;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;

/** A device with bus mastering on and both admin queues open, recording its data plane. */
abstract class AdminQueueFixture {

    protected RecordingDataPlane plane;
    protected SimulatedXl710 device;
    protected TestDriver driver;

    AdminQueueFixture() {
        open(TestDriver.config().build());
    }

    protected final void open(SimConfig config) {
        if (device != null) {
            device.close();
        }
        plane = new RecordingDataPlane();
        device = new SimulatedXl710(config, iommu -> plane);
        driver = new TestDriver(device);
        driver.enableBusMaster();
        driver.openAdminQueues();
        plane.clear();
    }

    @AfterEach
    void close() {
        device.close();
    }

    static byte[] bytes(int... values) {
        final byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] params(UnsafeBuffer descriptor) {
        final byte[] out = new byte[16];
        descriptor.getBytes(16, out);
        return out;
    }
}
