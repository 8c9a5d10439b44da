package ember.autograd;

/** Anomaly-mode flag (see {@link Autograd#setDetectAnomaly}); global, as PyTorch's. */
final class Anomaly {
    private static volatile boolean enabled;

    private Anomaly() {}

    static boolean isEnabled() { return enabled; }

    static void set(boolean on) { enabled = on; }
}
