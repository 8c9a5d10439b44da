package ember.kernels;

import java.util.logging.Logger;

/**
 * Picks the kernel provider once per JVM (Lucene's VectorizationProvider pattern): the Vector API provider when the
 * {@code jdk.incubator.vector} module is present and not disabled, else the scalar reference. One log line says which
 * and why. Set {@code -Dember.kernels=scalar} to force the reference kernels (tests compare the two).
 */
public final class KernelProvider {
    private static final Logger LOG = Logger.getLogger("ember");
    private static final Kernels INSTANCE = choose();

    private KernelProvider() {}

    /** The provider every tensor op uses. */
    public static Kernels get() { return INSTANCE; }

    private static Kernels choose() {
        String forced = System.getProperty("ember.kernels", "").trim();
        if (forced.equalsIgnoreCase("scalar")) {
            LOG.info("Ember kernels: scalar (forced by -Dember.kernels=scalar)");
            return new ScalarKernels();
        }
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!present) {
            LOG.info("Ember kernels: scalar (jdk.incubator.vector is not present; run java with"
                    + " --add-modules jdk.incubator.vector for the Vector API kernels)");
            return new ScalarKernels();
        }
        try {
            Kernels k = (Kernels) Class.forName("ember.kernels.VectorKernels").getDeclaredConstructor().newInstance();
            LOG.fine(() -> "Ember kernels: " + k.name());
            return k;
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warning("Ember kernels: scalar (the Vector API provider failed to load: " + e + ")");
            return new ScalarKernels();
        }
    }
}
