package ember.kernels;

import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Picks the kernel provider once per JVM (Lucene's VectorizationProvider pattern): the Vector API provider when the
 * {@code jdk.incubator.vector} module is present and not disabled, else the scalar reference. One log line says which
 * and why (and a warning, should a Vector API class fail to load). Set {@code -Dember.kernels=scalar} to force the reference kernels (tests compare the two). The same choice
 * picks the Box–Muller blocks of random normals ({@link NormalBlocks}).
 */
public final class KernelProvider {
    private static final Logger LOG = Logger.getLogger("ember");
    private static final boolean VECTOR_API = vectorApiWanted();
    private static final Kernels INSTANCE =
            VECTOR_API ? load("ember.kernels.VectorKernels", Kernels.class, ScalarKernels::new) : new ScalarKernels();
    private static final NormalBlocks NORMAL_BLOCKS =
            VECTOR_API ? load("ember.kernels.VectorNormalBlocks", NormalBlocks.class, NormalBlocks::new) : new NormalBlocks();

    private KernelProvider() {}

    /** The provider every tensor op uses. */
    public static Kernels get() { return INSTANCE; }

    /** The Box–Muller blocks random normals use. */
    public static NormalBlocks normalBlocks() { return NORMAL_BLOCKS; }

    private static boolean vectorApiWanted() {
        String forced = System.getProperty("ember.kernels", "").trim();
        if (forced.equalsIgnoreCase("scalar")) {
            LOG.info("Ember kernels: scalar (forced by -Dember.kernels=scalar)");
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.info("Ember kernels: scalar (jdk.incubator.vector is not present; run java with"
                    + " --add-modules jdk.incubator.vector for the Vector API kernels)");
            return false;
        }
        return true;
    }

    /** An instance of the named Vector API class (referenced by name only, so it loads only here), else the fallback. */
    private static <T> T load(String className, Class<T> type, Supplier<T> fallback) {
        try {
            T k = type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
            LOG.fine(() -> "Ember kernels: " + (k instanceof Kernels kernels ? kernels.name() : className));
            return k;
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warning("Ember: " + className + " failed to load (" + e + "); its scalar reference is used instead");
            return fallback.get();
        }
    }
}
