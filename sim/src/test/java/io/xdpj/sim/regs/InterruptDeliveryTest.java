package io.xdpj.sim.regs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import io.xdpj.sim.LanDataPlane;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MSI-X delivery of the interrupt block (facts 9): vector 0 from enabled PFINT_ICR0 causes, queue vectors through the
 * linked lists PFINT_LNKLSTN → QINT_RQCTL/TQCTL.NEXTQ, INTENA / SWINT_TRIG in PFINT_DYN_CTLN, the mask after sending.
 * Register values are composed by hand from the field positions in facts 9.
 */
class InterruptDeliveryTest {

    private static final int DYN_CTL0 = 0x38480;
    private static final int ICR0 = 0x38780;
    private static final int ICR0_ENA = 0x38800;
    private static final int LNKLST0 = 0x38500;
    private static final int ADMINQ = 1 << 30;
    private static final int INTENA = 1;
    private static final int SWINT_TRIG = 1 << 2;
    private static final int ITR_NONE = 3 << 3;
    private static final int CAUSE_ENA = 1 << 30;

    private static int dynCtlN(int n) {
        return 0x34800 + 4 * n;
    }

    private static int lnkLstN(int n) {
        return 0x35000 + 4 * n;
    }

    private static int rqctl(int q) {
        return 0x3A000 + 4 * q;
    }

    private static int tqctl(int q) {
        return 0x3C000 + 4 * q;
    }

    /** QINT_xQCTL: MSIX_INDX [7:0], NEXTQ_INDX [26:16], NEXTQ_TYPE [28:27], CAUSE_ENA [30]. */
    private static int qctl(int vector, int nextQueue, int nextType) {
        return vector | nextQueue << 16 | nextType << 27 | CAUSE_ENA;
    }

    private final RegisterStore store = new RegisterStore();
    private final Interrupts interrupts = new Interrupts(store, 9, 7);
    private final List<Integer> sent = new ArrayList<>();
    private final int[] rxHead = new int[7];
    private final int[] txHead = new int[7];
    private final LanDataPlane lan = (LanDataPlane) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {LanDataPlane.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "rxHead": return rxHead[(Integer) args[0]];
                case "txHead": return txHead[(Integer) args[0]];
                default: return method.getReturnType() == boolean.class ? false
                    : method.getReturnType() == int.class ? 0 : null;
            }
        });

    @BeforeEach
    void attach() {
        interrupts.sink(sent::add);
    }

    private void write(int offset, int value) {
        store.write(offset, value);
        interrupts.written(offset, value);
    }

    @Test
    void enabledAdminQueueCauseSendsVectorZeroOnceUntilReenabled() {
        write(ICR0_ENA, ADMINQ);
        write(DYN_CTL0, INTENA | ITR_NONE);
        interrupts.raise(ADMINQ);
        assertEquals(1, interrupts.deliver(lan));
        assertEquals(List.of(0), sent);
        interrupts.raise(ADMINQ); // the vector masked itself when it fired
        assertEquals(0, interrupts.deliver(lan));
        assertEquals(ADMINQ, interrupts.readAndClearIcr0());
        write(DYN_CTL0, INTENA | ITR_NONE); // the driver's re-enable sends what is pending
        assertEquals(1, interrupts.deliver(lan));
        assertEquals(List.of(0, 0), sent);
    }

    @Test
    void disabledCauseLatchesWithoutAnInterrupt() {
        write(DYN_CTL0, INTENA | ITR_NONE);
        interrupts.raise(ADMINQ); // PFINT_ICR0_ENA = 0
        assertEquals(0, interrupts.deliver(lan));
        assertEquals(ADMINQ, store.get(ICR0));
        write(ICR0_ENA, ADMINQ); // enabling a latched cause makes it pending
        assertEquals(1, interrupts.deliver(lan));
    }

    @Test
    void queuesOnAVectorsListRaiseItWhenTheirHeadMoves() {
        // vector 3 (LNKLSTN(2)) -> Rx 5 -> Tx 5 -> end; vector 1 -> Rx 1 -> end, Rx 1 without CAUSE_ENA
        write(lnkLstN(2), 5); // FIRSTQ_INDX 5, FIRSTQ_TYPE 0 (Rx)
        write(rqctl(5), qctl(3, 5, 1));
        write(tqctl(5), qctl(3, 0x7FF, 0));
        write(lnkLstN(0), 1);
        write(rqctl(1), 1 | 0x7FF << 16);
        write(dynCtlN(2), INTENA | ITR_NONE);
        write(dynCtlN(0), INTENA | ITR_NONE);
        assertEquals(0, interrupts.deliver(lan)); // reads the lists; no head moved yet
        assertEquals(3, interrupts.rxQueueVector(5));
        assertEquals(3, interrupts.txQueueVector(5));
        assertEquals(-1, interrupts.rxQueueVector(1));
        rxHead[1] = 17; // not cause-enabled: nothing
        assertEquals(0, interrupts.deliver(lan));
        txHead[5] = 3;
        assertEquals(1, interrupts.deliver(lan));
        rxHead[5] = 1;
        assertEquals(0, interrupts.deliver(lan)); // vector 3 is masked until INTENA is written again
        write(dynCtlN(2), INTENA | ITR_NONE);
        assertEquals(1, interrupts.deliver(lan));
        assertEquals(List.of(3, 3), sent);
    }

    @Test
    void listHeadsLeftAtTheirResetValueDoNotClaimQueueZero() {
        // Linux's layout (values from its writes in sim/bed/run): vector 1 -> Rx 0 -> Tx 0, vector 2 -> Rx 1 -> Tx 1;
        // LNKLSTN(2..7) keep their reset value 0 (queue 0), which must not take queue 0 from vector 1.
        write(lnkLstN(0), 0);
        write(rqctl(0), 0x4800_0001); // MSIX_INDX 1, next Tx 0, CAUSE_ENA
        write(tqctl(0), 0x47FF_0801); // MSIX_INDX 1, ITR 1, end of list, CAUSE_ENA
        write(lnkLstN(1), 1);
        write(rqctl(1), 0x4801_0002);
        write(tqctl(1), 0x47FF_0802);
        write(dynCtlN(0), 0x1B);
        assertEquals(0, interrupts.deliver(lan));
        assertEquals(1, interrupts.rxQueueVector(0));
        assertEquals(1, interrupts.txQueueVector(0));
        assertEquals(2, interrupts.rxQueueVector(1));
        assertEquals(2, interrupts.txQueueVector(1));
        rxHead[0] = 1;
        assertEquals(1, interrupts.deliver(lan));
        assertEquals(List.of(1), sent);
    }

    @Test
    void endOfListIsHonouredAndALoopIsCutShort() {
        write(LNKLST0, 0x7FF);
        write(lnkLstN(0), 2);
        write(rqctl(2), qctl(1, 2, 0)); // points at itself
        write(dynCtlN(0), INTENA);
        assertEquals(0, interrupts.deliver(lan));
        assertEquals(1, interrupts.rxQueueVector(2));
        rxHead[2] = 5;
        assertEquals(1, interrupts.deliver(lan));
    }

    @Test
    void intenaMaskKeepsTheEnableAndSoftwareTriggerSends() {
        write(dynCtlN(6), INTENA);
        write(dynCtlN(6), 1 << 31); // INTENA_MSK: this write does not change INTENA
        write(dynCtlN(6), (1 << 31) | SWINT_TRIG);
        assertEquals(1, interrupts.deliver(lan));
        assertEquals(List.of(7), sent);
    }

    @Test
    void resetForgetsEnablesAndPendingVectors() {
        write(dynCtlN(0), SWINT_TRIG);
        interrupts.reset();
        write(dynCtlN(0), INTENA);
        assertEquals(0, interrupts.deliver(lan));
    }

    @Test
    void withoutASinkNothingIsDelivered() {
        interrupts.sink(null);
        write(dynCtlN(0), INTENA | SWINT_TRIG);
        assertEquals(0, interrupts.deliver(lan));
        assertEquals(0, interrupts.sent());
    }
}
