package ember.ops;

import ember.DType;
import ember.Generator;
import ember.Tensor;
import ember.kernels.KernelProvider;
import ember.kernels.Kernels;
import ember.storage.BoolStorage;
import ember.storage.DoubleStorage;
import ember.storage.FloatStorage;
import ember.storage.Layout;
import ember.storage.LongStorage;
import ember.storage.Shapes;
import ember.storage.Storage;

/** Creating tensors, random sampling, and reading tensors back into Java arrays. */
public final class Creation {
    private static final Kernels K = KernelProvider.get();

    private Creation() {}

    public static Tensor empty(DType dtype, int... shape) {
        Layout l = Layout.contiguous(shape);
        return Tensor.wrap(Storage.allocate(dtype, l.numel()), l);
    }

    public static Tensor full(DType dtype, int[] shape, double value) {
        Tensor t = empty(dtype, shape);
        if (value != 0) {
            if (dtype.isFloatingPoint() || value != Math.rint(value)) K.fill(t.storage(), t.layout(), value);
            else K.fillLong(t.storage(), t.layout(), (long) value);
        }
        return t;
    }

    /** Wraps a Java array (no copy): writes through either side are seen by the other. */
    public static Tensor wrap(Storage s, int[] shape) {
        Layout l = Layout.contiguous(shape);
        if (l.numel() != s.size())
            throw new IllegalArgumentException("shape '" + Shapes.format(shape) + "' is invalid for input of size " + s.size());
        return Tensor.wrap(s, l);
    }

    public static Tensor fromDoubles(DType dtype, double[] values, int... shape) {
        Tensor t = empty(dtype, shape);
        if (t.numel() != values.length)
            throw new IllegalArgumentException("shape '" + Shapes.format(shape) + "' is invalid for input of size " + values.length);
        Storage s = t.storage();
        for (int i = 0; i < values.length; i++) s.setDouble(i, values[i]);
        return t;
    }

    public static Tensor fromLongs(DType dtype, long[] values, int... shape) {
        Tensor t = empty(dtype, shape);
        if (t.numel() != values.length)
            throw new IllegalArgumentException("shape '" + Shapes.format(shape) + "' is invalid for input of size " + values.length);
        Storage s = t.storage();
        for (int i = 0; i < values.length; i++) s.setLong(i, values[i]);
        return t;
    }

    /** Flattens a rectangular nested Java array, checking that every row has the same length. */
    public static double[] flatten(double[][] rows, int[] shapeOut) {
        int m = rows.length, n = m == 0 ? 0 : rows[0].length;
        double[] r = new double[m * n];
        for (int i = 0; i < m; i++) {
            if (rows[i].length != n)
                throw new IllegalArgumentException("expected sequence of length " + n + " at dim 1 (got " + rows[i].length + ")");
            System.arraycopy(rows[i], 0, r, i * n, n);
        }
        shapeOut[0] = m;
        shapeOut[1] = n;
        return r;
    }

    public static Tensor eye(DType dtype, int n, int m) {
        if (n < 0 || m < 0) throw new IllegalArgumentException("eye: n and m must be non-negative, got " + n + " and " + m);
        Tensor t = empty(dtype, n, m);
        for (int i = 0; i < Math.min(n, m); i++) t.storage().setLong(i * m + i, 1);
        return t;
    }

    /** Values start, start+step, ... below end (above, for a negative step); the count as PyTorch computes it. */
    public static Tensor arange(DType dtype, double start, double end, double step) {
        if (step == 0) throw new IllegalArgumentException("step must be nonzero");
        if (!(Double.isFinite(start) && Double.isFinite(end)))
            throw new IllegalArgumentException("unsupported range: " + start + " -> " + end);
        if ((step > 0 && end < start) || (step < 0 && end > start))
            throw new IllegalArgumentException("upper bound and larger bound inconsistent with step sign");
        double count = Math.ceil((end - start) / step);
        if (count > Integer.MAX_VALUE) throw new IllegalArgumentException("arange: too many elements (" + count + ")");
        int n = (int) count;
        Tensor t = empty(dtype, n);
        Storage s = t.storage();
        if (dtype.isFloatingPoint()) for (int i = 0; i < n; i++) s.setDouble(i, start + i * step);
        else for (int i = 0; i < n; i++) s.setLong(i, (long) start + i * (long) step);
        return t;
    }

    /** {@code steps} evenly spaced values from start to end inclusive, computed from both ends as PyTorch does. */
    public static Tensor linspace(DType dtype, double start, double end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("number of steps must be non-negative");
        Tensor t = empty(dtype, steps);
        Storage s = t.storage();
        if (steps == 1) { s.setDouble(0, start); return t; }
        double step = (end - start) / (steps - 1);
        int half = steps / 2;
        for (int i = 0; i < steps; i++) {
            double v = i < half ? start + step * i : end - step * (steps - 1 - i);
            if (dtype.isFloatingPoint()) s.setDouble(i, v);
            else s.setLong(i, (long) v);
        }
        return t;
    }

    private static Generator gen(Generator g) { return g == null ? Generator.global() : g; }

    /** Fills with U[from, to) values. Float32 uses 24 random bits per value, float64 53 (PyTorch's recipe). */
    public static Tensor uniform_(Tensor t, double from, double to, Generator g) {
        Elementwise.checkInPlace(t);
        Generator r = gen(g);
        boolean single = t.dtype() != DType.FLOAT64;
        fillEach(t, () -> {
            double u = single ? r.nextFloat() : r.nextDouble();
            return u * (to - from) + from;
        });
        return t;
    }

    public static Tensor normal_(Tensor t, double mean, double std, Generator g) {
        if (std < 0) throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
        Elementwise.checkInPlace(t);
        Generator r = gen(g);
        fillEach(t, () -> mean + std * r.nextGaussian());
        return t;
    }

    public static Tensor bernoulli_(Tensor t, double p, Generator g) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli_ expects p to be in [0, 1], but got p=" + p);
        Elementwise.checkInPlace(t);
        Generator r = gen(g);
        fillEach(t, () -> r.nextDouble() < p ? 1 : 0);
        return t;
    }

    public static Tensor randint(DType dtype, long low, long high, int[] shape, Generator g) {
        if (low >= high)
            throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + low + " >= to=" + high);
        Generator r = gen(g);
        Tensor t = empty(dtype, shape);
        Storage s = t.storage();
        for (int i = 0; i < t.numel(); i++) s.setLong(i, low + r.nextLong(high - low));
        return t;
    }

    /** A random permutation of 0..n-1 (INT64). */
    public static Tensor randperm(int n, Generator g) {
        Generator r = gen(g);
        long[] p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) r.nextLong(i + 1);
            long tmp = p[i]; p[i] = p[j]; p[j] = tmp;
        }
        return Tensor.wrap(new LongStorage(p), Layout.contiguous(n));
    }

    /** Sets each element in row-major order from a supplier, bumping the version once. */
    private static void fillEach(Tensor t, java.util.function.DoubleSupplier next) {
        Storage s = t.storage();
        Layout l = t.layout();
        int n = t.numel();
        for (int i = 0; i < n; i++) s.setDouble(l.indexOfLinear(i), next.getAsDouble());
        s.bumpVersion();
    }

    // ---- reading back ----

    public static double item(Tensor t) {
        if (t.numel() != 1)
            throw new IllegalArgumentException("a Tensor with " + t.numel() + " elements cannot be converted to Scalar");
        return t.storage().getDouble(t.layout().indexOfLinear(0));
    }

    public static long itemLong(Tensor t) {
        if (t.numel() != 1)
            throw new IllegalArgumentException("a Tensor with " + t.numel() + " elements cannot be converted to Scalar");
        return t.storage().getLong(t.layout().indexOfLinear(0));
    }

    private static Storage copyAs(Tensor t, DType dtype) {
        Storage s = Storage.allocate(dtype, t.numel());
        K.copy(t.storage(), t.layout(), s, Layout.contiguous(t.shape()));
        return s;
    }

    public static float[] toFloatArray(Tensor t) { return ((FloatStorage) copyAs(t, DType.FLOAT32)).data; }

    public static double[] toDoubleArray(Tensor t) { return ((DoubleStorage) copyAs(t, DType.FLOAT64)).data; }

    public static long[] toLongArray(Tensor t) { return ((LongStorage) copyAs(t, DType.INT64)).data; }

    public static boolean[] toBooleanArray(Tensor t) { return ((BoolStorage) copyAs(t, DType.BOOL)).data; }
}
