package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.DType;
import ember.storage.ByteStorage;
import ember.storage.Layout;
import ember.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API provider against the scalar reference on sizes around the lane width (and one above the parallel
 * grain, split over two threads), on contiguous and non-contiguous layouts: every other element from an offset, a
 * broadcast scalar (stride 0), a transposed matrix, many short rows.
 *
 * <p>Bit for bit (NaN payloads aside, signed zeros included) for everything but: float32 exp, log, tanh and sigmoid (at
 * most 2 ulp apart, {@link VectorMath}); sums (both accumulate in double, in different orders: within 1 ulp of the
 * float result plus 2⁻⁴⁰·Σ|x|), and the variances and softmaxes built on them; and max/min of a reduction, compared as
 * values (−0 equals 0).
 */
class ProvidersAgreeTest {
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = new VectorKernels();
    /** Above {@link Parallel#GRAIN}, so the pool splits the work; 7 × 10001, so it has a matrix form too. */
    private static final int LARGE = 70_007;

    @AfterEach
    void restoreThreads() { Parallel.setThreads(Runtime.getRuntime().availableProcessors()); }

    /** Random values in (−3, 3) with NaN, ±0 and ±∞ sprinkled in (5% each for NaN, 2% for the others). */
    private static Storage random(DType dtype, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Storage s = Storage.allocate(dtype, n);
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            double v = u < 0.05 ? Double.NaN : u < 0.07 ? 0.0 : u < 0.09 ? -0.0 : u < 0.10 ? Double.POSITIVE_INFINITY
                    : u < 0.11 ? Double.NEGATIVE_INFINITY : r.nextDouble(-3, 3);
            if (dtype == DType.BOOL) v = r.nextBoolean() ? 1 : 0;
            s.setDouble(i, v);
        }
        return s;
    }

    /**
     * Groups of layouts of one shape each, reading a storage of 2n + 2 elements: n elements contiguous, every other one
     * from an offset, one element broadcast; and when 7 divides n, [n/7, 7] matrices: contiguous, transposed, short
     * rows with gaps, a broadcast row (a bias) and a broadcast column.
     */
    private static List<List<Layout>> layoutGroups(int n) {
        List<List<Layout>> groups = new ArrayList<>();
        groups.add(List.of(Layout.contiguous(n), new Layout(new int[]{n}, new int[]{2}, 1),
                new Layout(new int[]{n}, new int[]{0}, 2 * n + 1)));
        if (n % 7 == 0) {
            int rows = n / 7;
            groups.add(List.of(Layout.contiguous(rows, 7),
                    new Layout(new int[]{rows, 7}, new int[]{1, rows}, 0),
                    new Layout(new int[]{rows, 7}, new int[]{9, 1}, 2),
                    new Layout(new int[]{rows, 7}, new int[]{0, 1}, 3),
                    new Layout(new int[]{rows, 7}, new int[]{1, 0}, 4)));
        }
        return groups;
    }

    /**
     * {@link #layoutGroups} and, when 7 divides n, a wide [7, n/7] matrix, contiguous and as a transposed view: lines
     * of reductions, softmaxes and scans that start one element apart, as many as fill whole vectors.
     */
    private static List<List<Layout>> reductionLayouts(int n) {
        List<List<Layout>> groups = layoutGroups(n);
        if (n % 7 == 0)
            groups.add(List.of(Layout.contiguous(7, n / 7), new Layout(new int[]{n / 7, 7}, new int[]{1, n / 7}, 1)));
        return groups;
    }

    private static Layout target(Layout like) { return Layout.contiguous(like.shape()); }

    private static void same(Storage expected, Storage actual, String what) {
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            boolean equal = Double.isNaN(e) ? Double.isNaN(a) : Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(a);
            if (!equal) assertEquals(e, a, what + " at " + i + " (sign of zero counts)");
        }
    }

    private static void withinUlps(Storage expected, Storage actual, int ulps, String what) {
        for (int i = 0; i < expected.size(); i++) {
            float e = (float) expected.getDouble(i), a = (float) actual.getDouble(i);
            if (Float.compare(e, a) == 0 || (Float.isNaN(e) && Float.isNaN(a))) continue;
            assertTrue(!Float.isNaN(e) && !Float.isInfinite(e) && Math.abs((long) Float.floatToIntBits(e) - Float.floatToIntBits(a)) <= ulps,
                    what + " at " + i + ": " + a + " vs reference " + e);
        }
    }

    /** Runs a check once on one thread and, for the large size, again split over two threads. */
    private static void onThreads(int n, Runnable check) {
        Parallel.setThreads(1);
        check.run();
        if (n == LARGE) {
            Parallel.setThreads(2);
            check.run();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4097, 4097 * 7, LARGE})
    void unaryOpsAgree(int n) {
        UnaryOp[] ops = {UnaryOp.RELU, UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.SQRT, UnaryOp.RSQRT, UnaryOp.RECIPROCAL,
            UnaryOp.CLAMP, UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.SIN};
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            Storage a = random(dtype, 2 * n + 2, 7L * n + dtype.ordinal());
            for (List<Layout> group : layoutGroups(n))
            for (Layout la : group)
                for (UnaryOp op : ops)
                    for (double[] bounds : op == UnaryOp.CLAMP ? new double[][]{{-1, 0.5}, {Double.NaN, 0}, {-0.0, Double.NaN}}
                            : new double[][]{{Double.NaN, Double.NaN}})
                        onThreads(n, () -> {
                            Storage x = Storage.allocate(dtype, la.numel()), y = Storage.allocate(dtype, la.numel());
                            SCALAR.unary(op, bounds[0], bounds[1], a, la, x, target(la));
                            VECTOR.unary(op, bounds[0], bounds[1], a, la, y, target(la));
                            String what = op + " " + dtype + " n=" + n + " " + la;
                            if (dtype == DType.FLOAT32 && VectorMath.covers(op)) withinUlps(x, y, 2, what);
                            else same(x, y, what);
                        });
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4097, 4097 * 7, LARGE})
    void binaryOpsAndComparisonsAgree(int n) {
        BinaryOp[] ops = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAXIMUM, BinaryOp.MINIMUM,
            BinaryOp.POW, BinaryOp.EQ, BinaryOp.NE, BinaryOp.GT, BinaryOp.GE, BinaryOp.LT, BinaryOp.LE, BinaryOp.THRESHOLD_BACKWARD};
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            Storage a = random(dtype, 2 * n + 2, n), b = random(dtype, 2 * n + 2, n + 1);
            for (List<Layout> ls : layoutGroups(n))
            for (Layout la : ls)
                for (Layout lb : ls)
                    for (BinaryOp op : ops)
                        onThreads(n, () -> {
                            DType out = op.isPredicate() ? DType.BOOL : dtype;
                            Storage x = Storage.allocate(out, la.numel()), y = Storage.allocate(out, la.numel());
                            SCALAR.binary(op, a, la, b, lb, x, target(la));
                            VECTOR.binary(op, a, la, b, lb, y, target(la));
                            same(x, y, op + " " + dtype + " n=" + n + " " + la + " " + lb);
                        });
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4097, 4097 * 7, LARGE})
    void whereCopyAndFillAgree(int n) {
        Storage cond = random(DType.BOOL, 2 * n + 2, 3L * n);
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            Storage a = random(dtype, 2 * n + 2, n + 2), b = random(dtype, 2 * n + 2, n + 3);
            for (List<Layout> ls : layoutGroups(n)) {
                Layout broadcast = ls.get(ls.size() - 1); // one element, or a broadcast column
                for (Layout lc : ls)
                    for (Layout la : ls)
                        onThreads(n, () -> {
                            Storage x = Storage.allocate(dtype, la.numel()), y = Storage.allocate(dtype, la.numel());
                            SCALAR.where(cond, lc, a, la, b, broadcast, x, target(la));
                            VECTOR.where(cond, lc, a, la, b, broadcast, y, target(la));
                            same(x, y, "where " + dtype + " n=" + n + " " + lc + " " + la);
                            SCALAR.where(cond, lc, b, broadcast, a, la, x, target(la));
                            VECTOR.where(cond, lc, b, broadcast, a, la, y, target(la));
                            same(x, y, "where (broadcast first) " + dtype + " n=" + n + " " + lc + " " + la);
                        });
                for (Layout la : ls)
                    for (DType to : new DType[]{DType.FLOAT32, DType.FLOAT64})
                        onThreads(n, () -> {
                            // into every other element of a longer storage for vectors, a contiguous matrix otherwise
                            Layout into = la.dim() == 1 ? new Layout(la.shape(), new int[]{2}, 1) : target(la);
                            Storage x = Storage.allocate(to, 2 * n + 2), y = Storage.allocate(to, 2 * n + 2);
                            SCALAR.copy(a, la, x, into);
                            VECTOR.copy(a, la, y, into);
                            same(x, y, "copy " + dtype + " to " + to + " n=" + n + " " + la);
                            SCALAR.fill(x, into, -0.0);
                            VECTOR.fill(y, into, -0.0);
                            same(x, y, "fill " + to + " n=" + n + " " + into);
                        });
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4097, 4097 * 7, LARGE})
    void pixelsToUnitAgrees(int n) {
        byte[] pixels = new byte[n + 5];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * 37 + 11); // every byte value once n passes 255
        Storage src = new ByteStorage(pixels);
        for (int from : new int[]{0, 5})
            for (int to : new int[]{0, 3}) {
                Storage expected = Storage.allocate(DType.FLOAT32, n + 3), actual = Storage.allocate(DType.FLOAT32, n + 3);
                SCALAR.pixelsToUnit(src, from, expected, to, n);
                VECTOR.pixelsToUnit(src, from, actual, to, n);
                same(expected, actual, "pixelsToUnit n=" + n + " from " + from + " to " + to);
                for (int i = 0; i < n; i++) // torchvision's ToTensor(): the float32 quotient pixel / 255
                    assertEquals((pixels[from + i] & 0xFF) / 255f, (float) expected.getDouble(to + i), "pixel " + (from + i));
                assertEquals(0.0, expected.getDouble(to == 0 ? n : 0), "nothing written outside the n elements");
            }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VECTOR.pixelsToUnit(Storage.allocate(DType.FLOAT32, n), 0, Storage.allocate(DType.FLOAT32, n), 0, n));
        assertTrue(e.getMessage().contains("expected uint8 pixels into float32, got torch.float32"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4097, 4097 * 7, LARGE})
    void axpyAgrees(int n) {
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            Storage x = random(dtype, 2 * n + 2, 7L * n), y0 = random(dtype, 2 * n + 2, 7L * n + 1);
            for (List<Layout> group : layoutGroups(n))
                for (Layout xl : group) {
                    Layout yl = target(xl);
                    onThreads(n, () -> {
                        Storage expected = Storage.allocate(dtype, 2 * n + 2), actual = Storage.allocate(dtype, 2 * n + 2);
                        SCALAR.copy(y0, Layout.contiguous(2 * n + 2), expected, Layout.contiguous(2 * n + 2));
                        VECTOR.copy(y0, Layout.contiguous(2 * n + 2), actual, Layout.contiguous(2 * n + 2));
                        SCALAR.axpy(-0.1, x, xl, expected, yl);
                        VECTOR.axpy(-0.1, x, xl, actual, yl);
                        same(expected, actual, "axpy " + dtype + " n=" + n + " " + xl);
                    });
                }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4097, 4097 * 7, LARGE})
    void reductionsAgree(int n) {
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64})
            for (boolean withSpecials : new boolean[]{true, false}) {
                Storage a = withSpecials ? random(dtype, 2 * n + 2, 5L * n) : finite(dtype, 2 * n + 2, 5L * n);
                for (List<Layout> group : reductionLayouts(n))
                for (Layout la : group)
                    for (ReduceOp op : new ReduceOp[]{ReduceOp.SUM, ReduceOp.SUM_OF_SQUARES, ReduceOp.MAX, ReduceOp.MIN,
                            ReduceOp.ARGMAX, ReduceOp.ARGMIN}) {
                        // all elements; for matrices also each row (last dim), and each column (first dim, permuted last)
                        List<Object[]> cases = new ArrayList<>();
                        cases.add(new Object[]{la, la.dim()});
                        if (la.dim() == 2) {
                            cases.add(new Object[]{la, 1});
                            cases.add(new Object[]{la.permute(1, 0), 1});
                        }
                        for (Object[] c : cases)
                            onThreads(n, () -> {
                                Layout l = (Layout) c[0];
                                int reduced = (Integer) c[1];
                                int outN = 1;
                                for (int d = 0; d < l.dim() - reduced; d++) outN *= l.size(d);
                                DType outType = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN ? DType.INT64 : dtype;
                                Storage x = Storage.allocate(outType, outN), y = Storage.allocate(outType, outN);
                                SCALAR.reduce(op, a, l, reduced, x, Layout.contiguous(outN));
                                VECTOR.reduce(op, a, l, reduced, y, Layout.contiguous(outN));
                                String what = op + " " + dtype + " n=" + n + " " + l + " over " + reduced;
                                if (op == ReduceOp.SUM || op == ReduceOp.SUM_OF_SQUARES)
                                    closeSums(x, y, a, l, op == ReduceOp.SUM_OF_SQUARES, dtype, what);
                                else for (int i = 0; i < outN; i++) {
                                    double e = x.getDouble(i), g = y.getDouble(i);
                                    assertTrue(Double.isNaN(e) ? Double.isNaN(g) : e == g, what + " at " + i + ": " + g + " vs " + e);
                                }
                            });
                    }
            }
    }

    /** All elements of a layout; for matrices also each row (last dim) and each column (first dim, permuted last). */
    private static List<Object[]> reductionCases(Layout la) {
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[]{la, la.dim()});
        if (la.dim() == 2) {
            cases.add(new Object[]{la, 1});
            cases.add(new Object[]{la.permute(1, 0), 1});
        }
        return cases;
    }

    private static int outputs(Layout l, int reduced) {
        int n = 1;
        for (int d = 0; d < l.dim() - reduced; d++) n *= l.size(d);
        return n;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4097, 4097 * 7, LARGE})
    void integralSumsAgree(int n) {
        for (DType dtype : new DType[]{DType.BOOL, DType.UINT8, DType.INT32, DType.INT64}) {
            Storage a = Storage.allocate(dtype, 2 * n + 2);
            SplittableRandom r = new SplittableRandom(11L * n + dtype.ordinal());
            for (int i = 0; i < a.size(); i++) a.setLong(i, r.nextLong(-1000, 1000));
            for (List<Layout> group : reductionLayouts(n))
                for (Layout la : group)
                    for (Object[] c : reductionCases(la))
                        onThreads(n, () -> {
                            Layout l = (Layout) c[0];
                            int reduced = (Integer) c[1], outN = outputs(l, reduced);
                            Storage x = Storage.allocate(DType.INT64, outN), y = Storage.allocate(DType.INT64, outN);
                            SCALAR.reduce(ReduceOp.SUM, a, l, reduced, x, Layout.contiguous(outN));
                            VECTOR.reduce(ReduceOp.SUM, a, l, reduced, y, Layout.contiguous(outN));
                            for (int i = 0; i < outN; i++)
                                assertEquals(x.getLong(i), y.getLong(i), "SUM " + dtype + " n=" + n + " " + l + " over " + reduced + " at " + i);
                        });
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4097, 4097 * 7, LARGE})
    void variancesAgree(int n) {
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64})
            for (boolean withSpecials : new boolean[]{true, false}) {
                Storage a = withSpecials ? random(dtype, 2 * n + 2, 3L * n) : finite(dtype, 2 * n + 2, 3L * n);
                for (List<Layout> group : reductionLayouts(n))
                    for (Layout la : group)
                        for (Object[] c : reductionCases(la))
                            for (boolean sqrt : new boolean[]{false, true})
                                onThreads(n, () -> {
                                    Layout l = (Layout) c[0];
                                    int reduced = (Integer) c[1], outN = outputs(l, reduced);
                                    double divisor = Math.max(0, l.numel() / outN - 1);
                                    Storage x = Storage.allocate(dtype, outN), y = Storage.allocate(dtype, outN);
                                    SCALAR.variance(a, l, reduced, divisor, sqrt, x, Layout.contiguous(outN));
                                    VECTOR.variance(a, l, reduced, divisor, sqrt, y, Layout.contiguous(outN));
                                    String what = "variance " + dtype + " n=" + n + " " + l + " over " + reduced + " sqrt=" + sqrt;
                                    // float64 data of one broadcast value: a mean off by rounding leaves deviations of
                                    // about 1e-11 in each order, so a tiny absolute difference too
                                    for (int i = 0; i < outN; i++) close(x.getDouble(i), y.getDouble(i), dtype, 1e-12, 1e-9, what + " at " + i);
                                });
            }
    }

    /**
     * Equal as values (NaN to NaN, ∞ to ∞), else within 2 ulp of a float32 result or a relative error of
     * {@code relative} of a float64 one, or within {@code absolute}.
     */
    private static void close(double e, double g, DType dtype, double relative, double absolute, String what) {
        if (Double.isNaN(e) || Double.isInfinite(e) || e == g) {
            assertTrue(Double.isNaN(e) ? Double.isNaN(g) : e == g, what + ": " + g + " vs reference " + e);
            return;
        }
        double tolerance = Math.max(absolute, dtype == DType.FLOAT32 ? 2 * Math.ulp((float) e) : relative * Math.abs(e));
        assertTrue(Math.abs(e - g) <= tolerance, what + ": " + g + " vs reference " + e);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4097, 4097 * 7, LARGE})
    void softmaxesAgree(int n) {
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64})
            for (boolean withSpecials : new boolean[]{true, false}) {
                Storage a = withSpecials ? random(dtype, 2 * n + 2, 13L * n) : finite(dtype, 2 * n + 2, 13L * n);
                for (List<Layout> group : reductionLayouts(n))
                    for (Layout la : group)
                        for (int dim = 0; dim < la.dim(); dim++)
                            for (boolean log : new boolean[]{false, true}) {
                                int d = dim;
                                onThreads(n, () -> {
                                    Storage x = Storage.allocate(dtype, la.numel()), y = Storage.allocate(dtype, la.numel());
                                    SCALAR.softmax(log, a, la, d, x, target(la));
                                    VECTOR.softmax(log, a, la, d, y, target(la));
                                    String what = (log ? "log-softmax " : "softmax ") + dtype + " n=" + n + " " + la + " dim " + d;
                                    for (int i = 0; i < la.numel(); i++) {
                                        double e = x.getDouble(i), g = y.getDouble(i);
                                        // float32: exp within 1 ulp, then a sum and a division or a log and a subtraction
                                        if (dtype == DType.FLOAT32 && !Double.isNaN(e) && !Double.isInfinite(e))
                                            assertEquals(e, g, 2e-6 * Math.max(1, Math.abs(e)), what + " at " + i);
                                        else close(e, g, dtype, 1e-12, 0, what + " at " + i);
                                    }
                                });
                            }
            }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4097, 4097 * 7, LARGE})
    void scansAgree(int n) {
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            Storage a = random(dtype, 2 * n + 2, 17L * n);
            for (List<Layout> group : reductionLayouts(n))
                for (Layout la : group)
                    for (int dim = 0; dim < la.dim(); dim++)
                        for (boolean product : new boolean[]{false, true}) {
                            int d = dim;
                            onThreads(n, () -> {
                                Storage x = Storage.allocate(dtype, la.numel()), y = Storage.allocate(dtype, la.numel());
                                SCALAR.scan(product, a, la, d, x, target(la));
                                VECTOR.scan(product, a, la, d, y, target(la));
                                // the running value is kept in double (or long) on one line in one order: the same results
                                same(x, y, (product ? "cumprod " : "cumsum ") + dtype + " n=" + n + " " + la + " dim " + d);
                            });
                        }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4097, 4097 * 7, LARGE})
    void nonzeroAgrees(int n) {
        Storage bits = random(DType.BOOL, 2 * n + 2, 19L * n);
        for (List<Layout> group : reductionLayouts(n))
            for (Layout la : group)
                assertArrayEquals(SCALAR.nonzero(bits, la), VECTOR.nonzero(bits, la), "nonzero n=" + n + " " + la);
    }

    private static Storage finite(DType dtype, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Storage s = Storage.allocate(dtype, n);
        for (int i = 0; i < n; i++) s.setDouble(i, r.nextDouble(-3, 3));
        return s;
    }

    /**
     * Sums (of squares): within 1 ulp of a float result plus 2⁻⁴⁰·Σ|x| (Σx²), the rounding of two double sums; special
     * values exactly.
     */
    private static void closeSums(Storage x, Storage y, Storage a, Layout l, boolean squares, DType dtype, String what) {
        double magnitude = 0;
        for (int i = 0; i < l.numel(); i++) {
            double v = a.getDouble(l.indexOfLinear(i));
            magnitude += squares ? v * v : Math.abs(v);
        }
        for (int i = 0; i < x.size(); i++) {
            double e = x.getDouble(i), g = y.getDouble(i);
            if (Double.isNaN(e) || Double.isInfinite(e) || Double.isNaN(magnitude) || Double.isInfinite(magnitude)) {
                assertTrue(Double.isNaN(e) ? Double.isNaN(g) : e == g, what + " at " + i + ": " + g + " vs " + e);
                continue;
            }
            double tolerance = (dtype == DType.FLOAT32 ? Math.ulp((float) e) : 0) + 0x1p-40 * magnitude;
            assertTrue(Math.abs(e - g) <= tolerance, what + " at " + i + ": " + g + " vs reference " + e);
        }
    }
}
