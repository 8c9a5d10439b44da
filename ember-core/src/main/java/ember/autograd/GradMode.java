package ember.autograd;

/**
 * Whether ops record backward nodes on this thread (PyTorch's thread-local grad mode). Scopes nest and restore the
 * previous mode on close: {@code try (var g = Ember.noGrad()) { ... }}.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[]{true});

    private GradMode() {}

    public static boolean isEnabled() { return ENABLED.get()[0]; }

    /** Sets the mode and returns a scope that restores the previous one. */
    public static Scope set(boolean enabled) {
        boolean[] cell = ENABLED.get();
        boolean previous = cell[0];
        cell[0] = enabled;
        return new Scope(cell, previous);
    }

    /** Restores the grad mode that was in force when it was opened; {@code close()} throws nothing checked. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] cell;
        private final boolean previous;
        private boolean closed;

        private Scope(boolean[] cell, boolean previous) {
            this.cell = cell;
            this.previous = previous;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            cell[0] = previous;
        }
    }
}
