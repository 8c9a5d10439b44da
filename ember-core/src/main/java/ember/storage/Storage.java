package ember.storage;

import ember.DType;
import java.util.Arrays;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * A flat, typed array on the Java heap that one or more tensors view through a {@link Layout}.
 *
 * <p>Storage is garbage collected like any Java object: there is no {@code close()}. It also carries the version
 * counter that autograd uses to detect in-place modification (PyTorch's {@code VariableVersion}); all views of one
 * storage share it, so writing through any view bumps the version seen by all of them.
 *
 * <p>Every storage can be read and written element-wise as {@code double} or {@code long}; kernels use the typed
 * subclasses' arrays directly on hot paths.
 */
public abstract sealed class Storage permits FloatStorage, DoubleStorage, LongStorage, IntStorage, ByteStorage, BoolStorage {
    private int version;
    private boolean freshGradient;

    static {
        try {
            Thread.ofPlatform().daemon().name("ember-copy-warm-up").start(Storage::compileArrayCopies);
        } catch (RuntimeException | OutOfMemoryError e) { // no thread to spare: the copies are compiled later, no more
            Logger.getLogger("ember").fine(() -> "Ember: no thread to compile the array copies early (" + e + ")");
        }
    }

    /*
     * Note [Compiling the array copies early]
     * copyOf is fast only in C2's code: C1 and the interpreter zero-fill the new array and then copy into it. C2
     * compiles a method after some 5,000 calls, and an op over 1e6 elements runs a thousand times a second or fewer (a
     * float64 exp, which takes the scalar loop, 250), so the copies of a program's first seconds, or of a whole run of
     * a slow op, paid the zeroing and the copy: exp of 1e6 float64, JMH, 4.04-4.09 ms into a zero-filled output,
     * 4.71-4.83 ms into a copy made in C1's code, 3.13-3.92 ms with this. So when the first storage is made, a daemon
     * thread calls Arrays.copyOfRange 20,000 times on small arrays of each storage type (7-10 ms of one core): C2
     * compiles those methods, and callers whose own code is not yet C2's call C2's (C1 does not inline them: 85
     * bytecodes).
     */
    private static void compileArrayCopies() {
        float[] f = new float[16];
        double[] d = new double[16];
        long[] l = new long[16];
        int[] n = new int[16];
        byte[] b = new byte[16];
        boolean[] z = new boolean[16];
        for (int i = 0; i < 20_000; i++) { // from 0 and from 1: copyOfRange clones a whole array, copies a part otherwise
            Arrays.copyOfRange(f, i & 1, 16);
            Arrays.copyOfRange(d, i & 1, 16);
            Arrays.copyOfRange(l, i & 1, 16);
            Arrays.copyOfRange(n, i & 1, 16);
            Arrays.copyOfRange(b, i & 1, 16);
            Arrays.copyOfRange(z, i & 1, 16);
        }
    }

    public abstract DType dtype();

    /** Number of elements the storage holds. */
    public abstract int size();

    public abstract double getDouble(int i);

    public abstract long getLong(int i);

    public abstract void setDouble(int i, double v);

    public abstract void setLong(int i, long v);

    /**
     * Elements {@code p, p + s, …, p + (n − 1)·s} into {@code out[0, n)}, each as {@link #getDouble} reads it. The bulk
     * accessors let a loop over another storage's elements convert whole rows with one virtual call (Note [Converting
     * copies] in {@code ember.kernels.Convert}); per element, a call on six storage classes is not inlined (5–7 ns).
     */
    public abstract void getDoubles(int p, int s, double[] out, int n);

    /** Elements {@code p, p + s, …} into {@code out[0, n)}, each as {@link #getLong} reads it. */
    public abstract void getLongs(int p, int s, long[] out, int n);

    /** {@code in[0, n)} into elements {@code p, p + s, …}, each as {@link #setDouble} writes it. */
    public abstract void setDoubles(int p, int s, double[] in, int n);

    /** {@code in[0, n)} into elements {@code p, p + s, …}, each as {@link #setLong} writes it. */
    public abstract void setLongs(int p, int s, long[] in, int n);

    /** True when element {@code i} is non-zero (bool semantics of any dtype). */
    public boolean getBool(int i) { return getDouble(i) != 0; }

    /** The backing Java array (float[], double[], long[], int[], byte[] or boolean[]). */
    public abstract Object array();

    /** Current version; bumped by every in-place write. */
    public final int version() { return version; }

    /** Records an in-place modification (see {@link #version()}). */
    public final void bumpVersion() { version++; }

    /**
     * Internal: marks a storage that a backward formula has just created for a gradient, held by nothing but the
     * autograd engine, so the one consumer it reaches may take it over: a leaf adopting it as its {@code .grad}
     * instead of copying it, or ReLU's backward writing over it (Note [Adopting a fresh gradient] in
     * {@code AccumulateGrad}).
     */
    public final void markFreshGradient() { freshGradient = true; }

    /** Internal: whether the storage was marked by {@link #markFreshGradient} and not yet taken; takes it. */
    public final boolean takeFreshGradient() {
        boolean fresh = freshGradient;
        freshGradient = false;
        return fresh;
    }

    /** A new zero-filled storage of the given type and size. */
    public static Storage allocate(DType dtype, int size) {
        if (size < 0) throw new IllegalArgumentException("Storage size must be non-negative, got " + size);
        return switch (dtype) {
            case FLOAT32 -> new FloatStorage(new float[size]);
            case FLOAT64 -> new DoubleStorage(new double[size]);
            case INT64 -> new LongStorage(new long[size]);
            case INT32 -> new IntStorage(new int[size]);
            case UINT8 -> new ByteStorage(new byte[size]);
            case BOOL -> new BoolStorage(new boolean[size]);
        };
    }

    /**
     * Bytes from which HotSpot zero-fills a new array however it is asked for, on the allocating thread (its
     * FastAllocateSizeLimit; Note [Outputs allocated without zeroing] in {@code Uninitialized}).
     */
    public static final long ZERO_FILLED_BYTES = 1 << 20;

    /** Whether the JVM zero-fills a new storage of that type and size as it makes it, however it is asked for. */
    public static boolean zeroFilledWhenMade(DType dtype, int size) {
        return (long) size * dtype.itemSize() >= ZERO_FILLED_BYTES;
    }

    /**
     * A new storage holding a copy of elements {@code [from, from + size)} of {@code source}. HotSpot's C2 makes an array
     * that a copy fills without zeroing it first, at any size (Note [Large outputs made as copies of an operand] in
     * {@code ember.ops.Elementwise}; Note [Compiling the array copies early]).
     */
    public static Storage copyOf(Storage source, int from, int size) {
        Objects.checkFromIndexSize(from, size, source.size());
        int to = from + size;
        return switch (source) {
            case FloatStorage s -> new FloatStorage(Arrays.copyOfRange(s.data, from, to));
            case DoubleStorage s -> new DoubleStorage(Arrays.copyOfRange(s.data, from, to));
            case LongStorage s -> new LongStorage(Arrays.copyOfRange(s.data, from, to));
            case IntStorage s -> new IntStorage(Arrays.copyOfRange(s.data, from, to));
            case ByteStorage s -> new ByteStorage(Arrays.copyOfRange(s.data, from, to));
            case BoolStorage s -> new BoolStorage(Arrays.copyOfRange(s.data, from, to));
        };
    }

    /**
     * A storage for overwrite as {@link #allocateForOverwrite(DType, int)} gives, made as a copy of {@code donor}'s first
     * elements when the JVM would zero-fill a new one and donor has that dtype and enough elements: an array made for a
     * copy is never zero-filled, and the copy costs less than the zeroing (Note [Large outputs made as copies of an
     * operand] in {@code ember.ops.Elementwise}). Donor's values are not the caller's business: it overwrites them all.
     */
    public static Storage allocateForOverwrite(DType dtype, int size, Storage donor) {
        if (donor.dtype() != dtype || donor.size() < size || !zeroFilledWhenMade(dtype, size))
            return allocateForOverwrite(dtype, size);
        Storage s = copyOf(donor, 0, size);
        if (Uninitialized.POISON) Uninitialized.poison(s.array()); // the tests' poison, as on any storage for overwrite
        return s;
    }

    /**
     * A new storage whose elements the caller writes, every one, before the storage reaches anyone else: an op's
     * output. Its contents until then are unspecified, as with PyTorch's {@code at::empty} (Note [Outputs allocated
     * without zeroing] in {@code Uninitialized}).
     */
    public static Storage allocateForOverwrite(DType dtype, int size) {
        if (size < 0) throw new IllegalArgumentException("Storage size must be non-negative, got " + size);
        return switch (dtype) {
            case FLOAT32 -> new FloatStorage(Uninitialized.floats(size));
            case FLOAT64 -> new DoubleStorage(Uninitialized.doubles(size));
            case INT64 -> new LongStorage(Uninitialized.longs(size));
            case INT32 -> new IntStorage(Uninitialized.ints(size));
            case UINT8, BOOL -> allocate(dtype, size); // a quarter of float32's bytes or less, and rarely large
        };
    }
}
