package ember.storage;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.logging.Logger;

/*
 * Note [Outputs allocated without zeroing]
 * A new Java array is zero-filled, and an op's output then overwrites every element. For a fresh array that zeroing is
 * not free: young-generation memory is not in any cache, so the zeroing stores wait for every line to come from memory
 * (about 8 GB/s on one core of the machine this was measured on), and the op's own stores come after. PyTorch allocates
 * its outputs with at::empty and never clears them; the JDK has the same for its own use,
 * jdk.internal.misc.Unsafe.allocateUninitializedArray, which the JIT compiles to an allocation without the zeroing.
 * Ember uses it for storages whose every element the op writes before anyone else sees them, when the JVM runs with
 * --add-exports java.base/jdk.internal.misc=ALL-UNNAMED (the ember command, the build's tests and benchmarks do);
 * without it, such storages are ordinary zero-filled arrays, which is only slower. Measured first, a product into a
 * new output against one reused (alternating runs, means, two threads): float32 64^3 7.4-8.6 us zero-filled, 5.6-7.2
 * without zeroing, 5.2-5.8 reused; 128^3 35-47, 30-40, 30-35; the MLP's input gradient 256x10x256 43-52, 33-41, 13-17;
 * products of 256 KB-800 KB outputs that take 0.6 ms and more did not change.
 * Those larger outputs had mostly been zero-filled anyway. The skipping holds on the JIT's fast path only: an array of
 * at most 1 MiB (HotSpot's FastAllocateSizeLimit) that fits what is left of the thread's TLAB. HotSpot's slow path
 * zero-fills whatever was asked, and with its default refill-waste limit (1/64 of a TLAB, about 100 KB) an array larger
 * than that which does not fit the TLAB's rest is allocated outside it, again and again until small objects use up
 * that rest. So the ember command and the benchmarks (throughput collector; G1 refuses TLABs over half a region) run
 * with -XX:MinTLABSize=2m -XX:TLABRefillWasteFraction=2: TLABs of at least 2 MB, given up once less than half is left,
 * so that every array the fast path may take either fits or starts a new TLAB. Measured on a 2-core Xeon (fresh
 * memory at about 8 GB/s a core): allocation alone in one JVM, 200,704 floats, 78 us with the default TLABs
 * (zero-filled), 6.6-7.1 us with those flags; Tensor ops, three pairs of JVMs alternating, default -> flags:
 * 256x10·10x256 37.0-38.4 -> 22.4-22.9 us, fc1's weight gradient 256x256ᵀ·256x784 459-484 -> 390-405 us, an add of
 * 1e5 floats 50-52 -> 35-36 us (docs/performance.md, "The TLAB and outputs without zeroing"; on a Zen 5 the refill
 * waste flag alone had gained 5-10%: "Later (fourteenth session), on fc2.inputGrad").
 * Outputs over 1 MiB, which no flag keeps from the zero-fill, are made as copies of an operand's array where an op has
 * one of their dtype and size (Note [Large outputs made as copies of an operand] in ember.ops.Elementwise).
 * Tests run with -Dember.poisonUninitialized=true, which fills such storages with NaN (integers with their minimum), so
 * an op that leaves an element unwritten fails its golden-value tests instead of passing on leftover zeros.
 */

/** Arrays every element of which the caller writes before anyone reads one (Note [Outputs allocated without zeroing]). */
final class Uninitialized {
    private static final Logger LOG = Logger.getLogger("ember");
    /** {@code Unsafe.allocateUninitializedArray(Class, int)} bound to the Unsafe instance, or null when not exported. */
    private static final MethodHandle ALLOCATE = find();
    /** Fill each array with a value no op produces by accident, so that an unwritten element shows in tests. */
    static final boolean POISON = Boolean.getBoolean("ember.poisonUninitialized");

    private Uninitialized() {}

    private static MethodHandle find() {
        try {
            Class<?> unsafe = Class.forName("jdk.internal.misc.Unsafe");
            Object instance = unsafe.getMethod("getUnsafe").invoke(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafe, "allocateUninitializedArray", MethodType.methodType(Object.class, Class.class, int.class))
                    .bindTo(instance);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.fine(() -> "Ember: outputs are zero-filled before being written (run java with --add-exports"
                    + " java.base/jdk.internal.misc=ALL-UNNAMED to skip that; " + e + ")");
            return null;
        }
    }

    /** Whether arrays come without zeroing in this JVM. */
    static boolean available() { return ALLOCATE != null; }

    private static Object allocate(Class<?> type, int size) {
        try {
            return (Object) ALLOCATE.invokeExact(type, size);
        } catch (RuntimeException | Error e) { // OutOfMemoryError among them, as from new float[size]
            throw e;
        } catch (Throwable t) { // the method declares no checked exception
            throw new IllegalStateException(t);
        }
    }

    static float[] floats(int size) {
        if (ALLOCATE == null || size == 0) return new float[size];
        float[] a = (float[]) allocate(float.class, size);
        if (POISON) poison(a);
        return a;
    }

    static double[] doubles(int size) {
        if (ALLOCATE == null || size == 0) return new double[size];
        double[] a = (double[]) allocate(double.class, size);
        if (POISON) poison(a);
        return a;
    }

    static long[] longs(int size) {
        if (ALLOCATE == null || size == 0) return new long[size];
        long[] a = (long[]) allocate(long.class, size);
        if (POISON) poison(a);
        return a;
    }

    static int[] ints(int size) {
        if (ALLOCATE == null || size == 0) return new int[size];
        int[] a = (int[]) allocate(int.class, size);
        if (POISON) poison(a);
        return a;
    }

    /**
     * Fills an array whose elements an op is to write with a value no op produces by accident (NaN, an integer type's
     * minimum; other types are left as they are).
     */
    static void poison(Object array) {
        switch (array) {
            case float[] a -> Arrays.fill(a, Float.NaN);
            case double[] a -> Arrays.fill(a, Double.NaN);
            case long[] a -> Arrays.fill(a, Long.MIN_VALUE);
            case int[] a -> Arrays.fill(a, Integer.MIN_VALUE);
            default -> { }
        }
    }
}
