package io.xdpj.xsk;

/**
 * What the AF_XDP layer tells a driver about its queues (the kernel's {@code ndo_bpf(XDP_SETUP_XSK_POOL)} and
 * {@code ndo_xsk_wakeup}). Control path, except {@link #wakeup}, which the application calls when a ring's
 * need_wakeup flag asks for it.
 */
public interface XskDeviceHooks {

    /** Hooks that do nothing: for devices whose poller needs no notice (tests, the benchmark). */
    XskDeviceHooks NONE = new XskDeviceHooks() {
    };

    /** A zero-copy pool was installed on {@code queue}: Rx buffers must come from it from now on. */
    default void poolEnabled(int queue, XskBufferPool pool) {
    }

    /** The pool of {@code queue} was removed. */
    default void poolDisabled(int queue) {
    }

    /**
     * The application asks the poller of {@code queue} to run ({@link XskSocket#XDP_WAKEUP_RX} and/or
     * {@link XskSocket#XDP_WAKEUP_TX}), as sendto()/recvfrom()/poll() do in the kernel.
     */
    default void wakeup(int queue, int flags) {
    }
}
