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
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;

/** Creating tensors, random sampling, and reading tensors back into Java arrays. */
public final class Creation {
    private static final Kernels K = KernelProvider.get();

    private Creation() {}

    public static Tensor empty(DType dtype, int... shape) {
        checkSizes(shape);
        Layout l = shape.length == 0 ? Tiny.SCALAR : Layout.contiguous(shape);
        return Tensor.wrap(Storage.allocate(dtype, l.numel()), l);
    }

    private static void checkSizes(int[] shape) {
        for (int size : shape)
            if (size < 0)
                throw new IllegalArgumentException("Trying to create tensor with negative dimension " + size + ": "
                        + Shapes.format(shape));
    }

    /**
     * An op's contiguous output, every element of which the op writes before returning it: not zero-filled first (Note
     * [Outputs allocated without zeroing] in {@code ember.storage.Uninitialized}). {@link #empty} stays zero-filled:
     * what a user's {@code empty} shows should not depend on what the heap held before.
     */
    static Tensor emptyForOverwrite(DType dtype, int... shape) {
        Layout l = shape.length == 0 ? Tiny.SCALAR : Layout.contiguous(shape);
        return Tensor.wrap(Storage.allocateForOverwrite(dtype, l.numel()), l);
    }

    public static Tensor full(DType dtype, int[] shape, double value) {
        Tensor t = empty(dtype, shape);
        if (Double.doubleToRawLongBits(value) != 0 && !Tiny.fill(t, value)) { // -0.0 is written too
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
        if (n < 0) throw new IllegalArgumentException("n must be greater or equal to 0, got " + n);
        if (m < 0) throw new IllegalArgumentException("m must be greater or equal to 0, got " + m);
        Tensor t = empty(dtype, n, m);
        for (int i = 0; i < Math.min(n, m); i++) t.storage().setLong(i * m + i, 1);
        return t;
    }

    /**
     * {@code torch.arange(start, end, step, dtype=...)}: start, start+step, ... below end (above, for a negative step),
     * ceil((end - start) / step) values, computed as PyTorch's CPU kernel does: in float64 for floating dtypes, in
     * int64 (start, end and step truncated) for integral ones.
     */
    public static Tensor arange(DType dtype, double start, double end, double step) {
        if (!dtype.isFloatingPoint()) return arange(dtype, (long) start, (long) end, (long) step);
        if (step == 0) throw new IllegalArgumentException("step must be nonzero");
        if (!(Double.isFinite(start) && Double.isFinite(end)))
            throw new IllegalArgumentException("unsupported range: " + cppNumber(start) + " -> " + cppNumber(end));
        if (!((step > 0 && end >= start) || (step < 0 && end <= start)))
            throw new IllegalArgumentException("upper bound and larger bound inconsistent with step sign");
        int n = rangeSize(Math.ceil((end - start) / step));
        Tensor t = empty(dtype, n);
        if (dtype == DType.FLOAT32) {
            float[] out = ((FloatStorage) t.storage()).data;
            fillRange(n, DType.FLOAT32, i -> out[i] = (float) Math.fma(step, i, start),
                    (i, lanes) -> {
                        float base = (float) Math.fma(step, i, start);
                        for (int k = 0; k < lanes; k++) out[i + k] = (float) Math.fma(k, step, base);
                    });
        } else {
            double[] out = ((DoubleStorage) t.storage()).data;
            fillRange(n, DType.FLOAT64, i -> out[i] = Math.fma(step, i, start),
                    (i, lanes) -> {
                        double base = Math.fma(step, i, start);
                        for (int k = 0; k < lanes; k++) out[i + k] = Math.fma(k, step, base);
                    });
        }
        return t;
    }

    /** {@code torch.arange} with integer arguments: exact int64 arithmetic, the count as PyTorch computes it. */
    public static Tensor arange(DType dtype, long start, long end, long step) {
        if (step == 0) throw new IllegalArgumentException("step must be nonzero");
        if (!((step > 0 && end >= start) || (step < 0 && end <= start)))
            throw new IllegalArgumentException("upper bound and larger bound inconsistent with step sign");
        int n = rangeSize(Math.ceil((double) (end - start) / step));
        Tensor t = empty(dtype, n);
        Storage s = t.storage();
        for (int i = 0; i < n; i++) s.setLong(i, start + step * i);
        return t;
    }

    private static int rangeSize(double count) {
        if (!(count >= 0 && count <= Integer.MAX_VALUE))
            throw new IllegalArgumentException("invalid size, possible overflow? (" + cppNumber(count)
                    + " elements; Ember tensors hold at most 2^31 - 1)");
        return (int) count;
    }

    /**
     * {@code torch.linspace(start, end, steps)}: steps values from start to end inclusive, computed as PyTorch's CPU
     * kernel does — in the dtype's own precision (float64 for integral dtypes), the first half counted up from start
     * and the second half down from end, so both ends are exact.
     */
    public static Tensor linspace(DType dtype, double start, double end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("number of steps must be non-negative");
        if (dtype == DType.BOOL) throw new IllegalArgumentException("\"linspace_cpu\" not implemented for 'Bool'");
        Tensor t = empty(dtype, steps);
        if (steps == 0) return t;
        if (steps == 1) {
            K.fill(t.storage(), t.layout(), start);
            return t;
        }
        int half = steps / 2;
        switch (dtype) {
            case FLOAT32 -> {
                float[] out = ((FloatStorage) t.storage()).data;
                float from = (float) start, to = (float) end, step = (to - from) / (steps - 1);
                // the i-th value counted from the nearer end
                IntToDoubleFunction at = i -> i < half ? Math.fma(step, (float) i, from)
                        : Math.fma(-step, (float) (steps - i - 1), to);
                fillRange(steps, dtype, i -> out[i] = (float) at.applyAsDouble(i), (i, lanes) -> {
                    float base = (float) at.applyAsDouble(i);
                    for (int k = 0; k < lanes; k++) out[i + k] = base + k * step;
                });
            }
            case FLOAT64 -> {
                double[] out = ((DoubleStorage) t.storage()).data;
                double step = (end - start) / (steps - 1);
                IntToDoubleFunction at = i -> i < half ? Math.fma(step, i, start)
                        : Math.fma(-step, steps - i - 1, end);
                fillRange(steps, dtype, i -> out[i] = at.applyAsDouble(i), (i, lanes) -> {
                    double base = at.applyAsDouble(i);
                    for (int k = 0; k < lanes; k++) out[i + k] = base + k * step;
                });
            }
            default -> {
                Storage out = t.storage();
                long from = (long) start, to = (long) end;
                double step = ((double) to - (double) from) / (steps - 1);
                IntToLongFunction at = i -> i < half ? (long) Math.fma(step, i, from)
                        : (long) Math.fma(-step, steps - i - 1, to);
                fillRange(steps, dtype, i -> out.setLong(i, at.applyAsLong(i)), (i, lanes) -> {
                    long base = at.applyAsLong(i);
                    for (int k = 0; k < lanes; k++) out.setLong(i + k, (long) (base + k * step));
                });
            }
        }
        return t;
    }

    /** Writes one element of a range. */
    private interface RangeElement { void set(int i); }

    /** Writes {@code lanes} elements of a range from index i, the way a vector does. */
    private interface RangeVector { void set(int i, int lanes); }

    /**
     * PyTorch's CPU loop over a contiguous output: blocks of two 256-bit (AVX2) vectors, each vector computing its
     * first element from its index and the others by adding k·step to that (which rounds differently from computing
     * every element from its index), then the leftover elements one at a time. Ranges are reproduced bit for bit only
     * by walking them the same way, with the same fused multiply-adds as PyTorch's compiled kernels (found by
     * comparing 800 random aranges and linspaces with torch 1.13: all identical). PyTorch splits outputs above 32768
     * elements across threads, each starting its own blocks; this reproduces one thread, where blocks start at 0.
     */
    private static void fillRange(int n, DType dtype, RangeElement scalar, RangeVector vector) {
        int lanes = 32 / dtype.itemSize();
        int i = 0;
        for (; i <= n - 2 * lanes; i += 2 * lanes) {
            vector.set(i, lanes);
            vector.set(i + lanes, lanes);
        }
        for (; i < n; i++) scalar.set(i);
    }

    // ---- random sampling: PyTorch's CPU kernels, draw for draw, so that a seed gives PyTorch's numbers ----

    private static Generator gen(Generator g) { return g == null ? Generator.global() : g; }

    /** {@code torch.rand(size, dtype=...)}: a new tensor of U[0, 1) samples. */
    public static Tensor rand(DType dtype, int[] shape, Generator g) {
        return uniform_(emptyForDraws(dtype, shape), 0, 1, g);
    }

    /** {@code torch.normal(mean, std, size, dtype=...)} (and {@code torch.randn}, N(0, 1)): a new tensor of samples. */
    public static Tensor normal(DType dtype, double mean, double std, int[] shape, Generator g) {
        return normal_(emptyForDraws(dtype, shape), mean, std, g);
    }

    /** A new tensor for random draws to fill: not zero-filled first, as every element gets drawn. */
    private static Tensor emptyForDraws(DType dtype, int[] shape) {
        checkSizes(shape);
        return emptyForOverwrite(dtype, shape);
    }

    /**
     * Fills with U[from, to) as PyTorch's {@code uniform_real_distribution}: float32 from the low 24 bits of a 32-bit
     * draw, float64 from 53 bits of a 64-bit draw, scaled as {@code u·(to - from) + from} in the tensor's precision
     * (one fused multiply-add, as PyTorch's compiled kernel does).
     */
    public static Tensor uniform_(Tensor t, double from, double to, Generator g) {
        Elementwise.checkInPlace(t);
        requireFloating(t.dtype(), "check_uniform_bounds", "uniform_");
        checkUniformBounds(t.dtype(), from, to);
        checkNoInternalOverlap(t);
        Generator r = gen(g);
        if (t.dtype() == DType.FLOAT32) {
            float low = (float) from, span = (float) to - low;
            fillFloatsInMemoryOrder(t, r, (data, off, n) -> {
                r.nextFloats(data, off, n);
                for (int i = off; i < off + n; i++) data[i] = Math.fma(data[i], span, low);
            });
        } else {
            double span = to - from;
            fillInMemoryOrder(t, r, (data, off, n) -> {
                r.nextDoubles(data, off, n);
                for (int i = off; i < off + n; i++) data[i] = Math.fma(data[i], span, from);
            });
        }
        return t;
    }

    /** PyTorch's from/to checks: both representable in the dtype, from <= to, and to - from finite. */
    private static void checkUniformBounds(DType dtype, double from, double to) {
        double max = dtype == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
        String type = dtype == DType.FLOAT32 ? "float" : "double";
        if (!(from >= -max && from <= max)) throw new IllegalArgumentException("from is out of bounds for " + type);
        if (!(to >= -max && to <= max)) throw new IllegalArgumentException("to is out of bounds for " + type);
        if (from > to)
            throw new IllegalArgumentException("uniform_ expects to return a [from, to) range, but found from="
                    + cppNumber(from) + " > to=" + cppNumber(to));
        if (!(to - from <= max))
            throw new IllegalArgumentException("uniform_ expects to-from <= std::numeric_limits<" + dtype.shortName()
                    + ">::max(), but found to=" + cppNumber(to) + " and from=" + cppNumber(from)
                    + " which result in to-from to exceed the limit");
    }

    /**
     * Fills with N(mean, std²) as PyTorch's CPU {@code normal_kernel}: contiguous tensors of 16 or more elements by
     * blocks of 16 ({@link NormalFill}); smaller or non-contiguous ones one value at a time from the generator's
     * float64 Box–Muller stream (which keeps its second sample for the next draw), {@code z·std + mean}.
     */
    public static Tensor normal_(Tensor t, double mean, double std, Generator g) {
        Elementwise.checkInPlace(t);
        if (!(std >= 0))
            throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + cppNumber(std));
        requireFloating(t.dtype(), "normal_kernel_cpu", "normal_");
        checkNoInternalOverlap(t);
        Generator r = gen(g);
        int n = t.numel();
        if (n >= 16 && t.layout().isContiguous()) {
            int offset = t.layout().offset();
            synchronized (r) { // the blocks' uniforms and the tail's, with no other thread's draws between
                if (t.storage() instanceof FloatStorage f) NormalFill.fillFloat(f.data, offset, n, (float) mean, (float) std, r);
                else NormalFill.fillDouble(((DoubleStorage) t.storage()).data, offset, n, mean, std, r);
            }
            t.storage().bumpVersion();
        } else {
            fillInMemoryOrder(t, r, (data, off, count) -> {
                r.nextGaussians(data, off, count);
                for (int i = off; i < off + count; i++) data[i] = Math.fma(data[i], std, mean);
            });
        }
        return t;
    }

    /**
     * Sets each element to 1 with probability p: a float64 uniform u gives {@code u < p}, PyTorch's CPU kernel when it
     * is built without MKL (as Debian's is). Builds with MKL (the pip wheels) draw one seed from the generator and
     * sample with MKL's own stream instead, so their bernoulli_ numbers differ from these.
     */
    public static Tensor bernoulli_(Tensor t, double p, Generator g) {
        Elementwise.checkInPlace(t);
        if (!(p >= 0 && p <= 1))
            throw new IllegalArgumentException("bernoulli_ expects p to be in [0, 1], but got p=" + cppNumber(p));
        checkNoInternalOverlap(t);
        Generator r = gen(g);
        fillInMemoryOrder(t, r, (data, off, n) -> {
            r.nextDoubles(data, off, n);
            // u < p from the sign of u - p (which rounds to 0 only when they are equal), as 0 or 1 without a branch:
            // one on random draws is mispredicted half the time, which made this loop eight times slower
            for (int i = off; i < off + n; i++) data[i] = Double.doubleToRawLongBits(data[i] - p) >>> 63;
        });
        return t;
    }

    /** Uniform integers in [low, high): {@code low + draw % (high - low)}, the draw as {@link Generator#nextLong}. */
    public static Tensor randint(DType dtype, long low, long high, int[] shape, Generator g) {
        if (low >= high)
            throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + low
                    + " >= to=" + high);
        checkIntegerBounds(dtype, low, high);
        Tensor t = emptyForDraws(dtype, shape);
        int n = t.numel();
        long range = high - low; // as unsigned: the whole int64 span is 2^64 - 1
        long[] draws = t.storage() instanceof LongStorage s ? s.data : new long[n];
        gen(g).nextLongs(draws, 0, n, range);
        for (int i = 0; i < n; i++) draws[i] += low;
        if (!(t.storage() instanceof LongStorage)) t.storage().setLongs(0, 1, draws, n);
        return t;
    }

    /** from and to - 1 must fit the dtype, in PyTorch's words (its C++ type names). */
    private static void checkIntegerBounds(DType dtype, long low, long high) {
        long min, max;
        switch (dtype) {
            case BOOL -> { min = 0; max = 1; }
            case UINT8 -> { min = 0; max = 255; }
            case INT32 -> { min = Integer.MIN_VALUE; max = Integer.MAX_VALUE; }
            default -> { return; } // int64 holds every long; float dtypes only warn in PyTorch
        }
        String type = dtype.cppName();
        if (low < min || low > max) throw new IllegalArgumentException("from is out of bounds for " + type);
        if (high - 1 < min || high - 1 > max) throw new IllegalArgumentException("to - 1 is out of bounds for " + type);
    }

    /**
     * A random permutation of 0..n-1 (int64), PyTorch's CPU algorithm: start from the identity and, for each
     * position i, swap in the element at i + (32-bit draw % (n - i)).
     */
    public static Tensor randperm(int n, Generator g) {
        Tensor t = empty(DType.INT64, n);
        long[] p = ((LongStorage) t.storage()).data;
        for (int i = 0; i < n; i++) p[i] = i;
        Generator r = gen(g);
        synchronized (r) {
            for (int i = 0; i < n - 1; i++) {
                int z = i + (int) (r.nextUInt32() % (n - i));
                long swap = p[i];
                p[i] = p[z];
                p[z] = swap;
            }
        }
        return t;
    }

    /** PyTorch's dispatch error for a kernel without integer or bool versions, with a hint. */
    public static void requireFloating(DType dtype, String kernel, String op) {
        if (!dtype.isFloatingPoint())
            throw new IllegalArgumentException("\"" + kernel + "\" not implemented for '" + dtype.shortName() + "' ("
                    + op + " samples floating-point values: use a FLOAT32 or FLOAT64 tensor, e.g. convert with toFloat())");
    }

    /** Random fills write every element once, so a tensor whose elements share memory (an expand) is refused. */
    private static void checkNoInternalOverlap(Tensor t) {
        Layout l = t.layout();
        for (int d = 0; d < l.dim(); d++)
            if (l.stride(d) == 0 && l.size(d) > 1)
                throw new IllegalArgumentException("unsupported operation: more than one element of the written-to tensor"
                        + " refers to a single memory location. Please clone() the tensor before performing the operation.");
    }

    /** Writes n values into {@code data[off, off + n)}. */
    private interface DoubleFill { void fill(double[] data, int off, int n); }

    /** Writes n values into {@code data[off, off + n)}. */
    private interface FloatFill { void fill(float[] data, int off, int n); }

    /**
     * Sets t's elements, in the order PyTorch's TensorIterator visits an output — memory order (the dimension with the
     * smallest stride innermost), which is row-major for a contiguous tensor but column-major for a transposed one — to
     * the values {@code fill} writes with draws from r (holding r's lock throughout), and bumps the version once. The
     * values are computed in float64: where a dense float64 tensor lies, through a small buffer into a dense float32
     * one, and otherwise through a buffer of them all copied in (converted as setDouble converts).
     */
    private static void fillInMemoryOrder(Tensor t, Generator r, DoubleFill fill) {
        Layout l = memoryOrder(t.layout());
        int n = l.numel();
        synchronized (r) {
            if (l.isContiguous() && t.storage() instanceof DoubleStorage s) {
                fill.fill(s.data, l.offset(), n);
            } else if (l.isContiguous() && t.storage() instanceof FloatStorage s) {
                // not a buffer of n doubles: a new array's memory is not in cache, and would cost more than the draws
                // (Note [Outputs allocated without zeroing] in ember.storage.Uninitialized)
                double[] chunk = new double[Math.min(n, 1024)];
                for (int start = 0; start < n; start += chunk.length) {
                    int count = Math.min(chunk.length, n - start), at = l.offset() + start;
                    fill.fill(chunk, 0, count);
                    for (int i = 0; i < count; i++) s.data[at + i] = (float) chunk[i];
                }
            } else {
                DoubleStorage values = (DoubleStorage) Storage.allocateForOverwrite(DType.FLOAT64, n);
                fill.fill(values.data, 0, n);
                K.copy(values, Layout.contiguous(l.shapeRef()), t.storage(), l);
            }
        }
        t.storage().bumpVersion();
    }

    /** {@link #fillInMemoryOrder(Tensor, Generator, DoubleFill)} for values computed in float32, t being float32. */
    private static void fillFloatsInMemoryOrder(Tensor t, Generator r, FloatFill fill) {
        Layout l = memoryOrder(t.layout());
        FloatStorage s = (FloatStorage) t.storage();
        synchronized (r) {
            if (l.isContiguous()) {
                fill.fill(s.data, l.offset(), l.numel());
            } else {
                FloatStorage values = (FloatStorage) Storage.allocateForOverwrite(DType.FLOAT32, l.numel());
                fill.fill(values.data, 0, l.numel());
                K.copy(values, Layout.contiguous(l.shapeRef()), s, l);
            }
        }
        s.bumpVersion();
    }

    /**
     * The layout's dimensions reordered by decreasing stride (a stable sort: ties keep their order); a contiguous
     * layout as it is.
     */
    private static Layout memoryOrder(Layout l) {
        if (l.isContiguous()) return l;
        Integer[] dims = new Integer[l.dim()];
        for (int d = 0; d < dims.length; d++) dims[d] = d;
        Arrays.sort(dims, (a, b) -> Integer.compare(l.stride(b), l.stride(a)));
        return l.permute(Arrays.stream(dims).mapToInt(Integer::intValue).toArray());
    }

    /** A double as C++'s {@code operator<<} prints it (%g with 6 significant digits), as PyTorch's messages show it. */
    static String cppNumber(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0) ? "-0" : "0";
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(6, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String e = String.format("%02d", Math.abs(exponent));
            return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+") + e;
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    // ---- reading back ----

    public static double item(Tensor t) {
        checkOneElement(t);
        return t.storage().getDouble(t.layout().indexOfLinear(0));
    }

    public static long itemLong(Tensor t) {
        checkOneElement(t);
        return t.storage().getLong(t.layout().indexOfLinear(0));
    }

    private static void checkOneElement(Tensor t) {
        if (t.numel() != 1)
            throw new IllegalArgumentException("only one element tensors can be converted to Java scalars, but this"
                    + " Tensor of shape " + Shapes.format(t.shape()) + " has " + t.numel() + " elements (reduce it"
                    + " first, e.g. x.sum().item(), or pick one element, e.g. x.get(\"0, 1\").item())");
    }

    private static Storage copyAs(Tensor t, DType dtype) {
        Storage s = Storage.allocateForOverwrite(dtype, t.numel());
        K.copy(t.storage(), t.layout(), s, Layout.contiguous(t.shape()));
        return s;
    }

    public static float[] toFloatArray(Tensor t) { return ((FloatStorage) copyAs(t, DType.FLOAT32)).data; }

    public static double[] toDoubleArray(Tensor t) { return ((DoubleStorage) copyAs(t, DType.FLOAT64)).data; }

    public static long[] toLongArray(Tensor t) { return ((LongStorage) copyAs(t, DType.INT64)).data; }

    public static boolean[] toBooleanArray(Tensor t) { return ((BoolStorage) copyAs(t, DType.BOOL)).data; }
}
