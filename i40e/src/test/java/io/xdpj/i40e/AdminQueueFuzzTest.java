package io.xdpj.i40e;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.function.Consumer;

import org.agrona.concurrent.NanoClock;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.xdpj.i40e.hw.aq.AdminQueueDescriptor;

/**
 * Admin-queue response parsing: every command the bring-up sends, answered by a firmware whose completions
 * (descriptor and buffer bytes) come from the fuzzer. The driver may succeed or throw its I40eException, nothing
 * else (no IndexOutOfBounds, no NullPointerException, no hang: a firmware that never answers meets a clock that
 * runs 100 ms per reading).
 */
class AdminQueueFuzzTest {

    private static final List<Consumer<AdminCommands>> COMMANDS = List.of(AdminCommands::getVersion,
        AdminCommands::clearPxeMode, AdminCommands::listFunctionCapabilities, AdminCommands::macAddressRead,
        AdminCommands::getSwitchConfig, c -> c.getVsiParameters(16), AdminCommands::getLinkStatus,
        AdminCommands::setPhyIntMask, c -> c.driverVersion(0, 1, "xdpj-i40e"),
        c -> c.updateVsiQueueMap(c.getVsiParameters(16), 3), c -> c.addMacFilter(16, 0x0200_0000_0001L),
        c -> c.setRssLut(0, new byte[64]));

    @FuzzTest(maxDuration = "60s")
    void completions(FuzzedDataProvider data) {
        final ScriptedFirmware.Responder responder = (d, buf) -> {
            if (data.remainingBytes() == 0 || data.consumeInt(0, 15) == 0) {
                return data.remainingBytes() > 0; // out of input: the firmware stops answering
            }
            final int op = AdminQueueDescriptor.opcode(d, 0);
            d.putBytes(0, data.consumeBytes(AdminQueueDescriptor.SIZE));
            if (data.consumeBoolean()) { // mostly a completion of this command, so the parsers see the bytes
                AdminQueueDescriptor.opcode(d, 0, op);
                AdminQueueDescriptor.flags(d, 0, AdminQueueDescriptor.flags(d, 0) | AdminQueueDescriptor.FLAG_DD);
            }
            if (buf != null) {
                buf.putBytes(0, data.consumeBytes(AdminQueueDescriptor.MAX_BUF_SIZE));
            }
            return true;
        };
        try (ScriptedFirmware fw = new ScriptedFirmware(responder)) {
            final long[] fake = {0};
            final NanoClock clock = () -> fake[0] += 100_000_000L;
            final AdminQueue aq = new AdminQueue(fw, fw.dma, new Deadline(clock));
            aq.enable();
            final AdminCommands c = new AdminCommands(aq);
            for (Consumer<AdminCommands> command : COMMANDS) {
                try {
                    command.accept(c);
                } catch (I40eException e) {
                    if (e.getMessage() == null || e.getMessage().isBlank()) {
                        fail("an I40eException without a message", e);
                    }
                }
            }
            aq.close();
        }
    }
}
