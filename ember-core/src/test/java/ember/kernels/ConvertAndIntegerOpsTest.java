package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ember.DType;
import ember.storage.Layout;
import ember.storage.Storage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The typed loops of dtype-converting copies (Note [Converting copies]) and of int64 and bool binary ops, in both
 * providers, against the element accessors ({@link Storage#getDouble}, {@link Storage#setLong}, …) that define each
 * storage's conversions: every pair of dtypes, layouts with short, long (more than one buffer) and strided rows, and
 * one above the parallel grain on two threads.
 */
class ConvertAndIntegerOpsTest {
    private static final DType[] DTYPES = {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32, DType.UINT8, DType.BOOL};
    private static final List<Kernels> PROVIDERS = List.of(new ScalarKernels(), new VectorKernels());

    @AfterEach
    void restoreThreads() { Parallel.setThreads(Runtime.getRuntime().availableProcessors()); }

    /** Values of every kind a conversion treats differently: fractions of both signs, ±0, NaN, ±∞, large integers. */
    private static Storage values(DType dtype, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Storage s = Storage.allocate(dtype, n);
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 255.5, -1.5, 300};
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            if (dtype == DType.INT64 && kind == 0) s.setLong(i, (1L << 60) + r.nextLong(1L << 40)); // beyond 2⁵³
            else if (kind == 1) s.setDouble(i, special[r.nextInt(special.length)]);
            else s.setDouble(i, r.nextDouble(-100, 100));
        }
        return s;
    }

    /** Layouts of 1500 elements (three buffers of 512 in one row), a transposed matrix, every third element. */
    private static List<Layout> layouts(int n) {
        return List.of(Layout.contiguous(n), new Layout(new int[]{n / 3}, new int[]{3}, 1),
                new Layout(new int[]{n / 5, 5}, new int[]{1, n / 5}, 0), new Layout(new int[]{n / 500, 500}, new int[]{500, 1}, 2));
    }

    private static void assertSameElements(Storage expected, Storage actual, String what) {
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            if (Double.isNaN(e) && Double.isNaN(a)) continue;
            assertEquals(Double.doubleToLongBits(e), Double.doubleToLongBits(a), what + " at " + i + ": " + e + " vs " + a);
            assertEquals(expected.getLong(i), actual.getLong(i), what + " at " + i);
        }
    }

    @Test
    void conversionsMatchTheElementAccessors() {
        for (int n : new int[]{1500, 70_000})
            for (DType from : DTYPES)
                for (DType to : DTYPES) {
                    Storage src = values(from, n + 3, n + from.ordinal());
                    for (Layout l : n > 1500 ? List.of(Layout.contiguous(n)) : layouts(n)) {
                        Layout out = Layout.contiguous(l.shape());
                        Storage expected = Storage.allocate(to, l.numel());
                        Loops.rows(l, out, (p0, s0, p1, s1, m) -> {
                            for (int i = 0; i < m; i++) {
                                if (from.isFloatingPoint()) expected.setDouble(p1 + i * s1, src.getDouble(p0 + i * s0));
                                else expected.setLong(p1 + i * s1, src.getLong(p0 + i * s0));
                            }
                        });
                        for (Kernels kernels : PROVIDERS)
                            for (int threads : new int[]{1, 2}) {
                                Parallel.setThreads(threads);
                                Storage actual = Storage.allocate(to, l.numel());
                                kernels.copy(src, l, actual, out);
                                assertSameElements(expected, actual, from + " -> " + to + " " + l + " " + kernels.name() + " on " + threads);
                            }
                    }
                }
    }

    @Test
    void int64ToFloat32RoundsOnce() {
        // 2⁶⁰ + 2³⁶ + 1 lies just above the midpoint between the floats 2⁶⁰ and 2⁶⁰ + 2³⁷, so it rounds up (PyTorch 1.13:
        // 2⁶⁰ + 2³⁷); through a double it would first become the midpoint 2⁶⁰ + 2³⁶ and then round to even, 2⁶⁰
        long v = (1L << 60) + (1L << 36) + 1;
        Storage src = Storage.allocate(DType.INT64, 1);
        src.setLong(0, v);
        for (Kernels kernels : PROVIDERS) {
            Storage dst = Storage.allocate(DType.FLOAT32, 1);
            kernels.copy(src, Layout.contiguous(1), dst, Layout.contiguous(1));
            assertEquals((double) ((1L << 60) + (1L << 37)), dst.getDouble(0), kernels.name());
        }
    }

    @Test
    void int64AndBoolOpsMatchTheElementAccessors() {
        BinaryOp[] ops = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.POW, BinaryOp.MAXIMUM, BinaryOp.MINIMUM,
            BinaryOp.EQ, BinaryOp.NE, BinaryOp.GT, BinaryOp.GE, BinaryOp.LT, BinaryOp.LE,
            BinaryOp.LOGICAL_AND, BinaryOp.LOGICAL_OR, BinaryOp.LOGICAL_XOR};
        for (int n : new int[]{1500, 70_000})
            for (DType dtype : new DType[]{DType.INT64, DType.BOOL, DType.INT32}) {
                Storage a = values(dtype, n + 3, n), b = values(dtype, n + 3, n + 7);
                for (Layout l : n > 1500 ? List.of(Layout.contiguous(n)) : layouts(n))
                    for (BinaryOp op : ops) {
                        if (dtype == DType.BOOL && (op == BinaryOp.SUB || op == BinaryOp.POW)) continue; // refused on bool
                        DType outType = op.isPredicate() || dtype == DType.BOOL ? DType.BOOL : dtype;
                        Layout out = Layout.contiguous(l.shape());
                        Storage expected = Storage.allocate(outType, l.numel());
                        Loops.rows(l, l, out, (pa, sa, pb, sb, pd, sd, m) -> {
                            for (int i = 0; i < m; i++)
                                expected.setLong(pd + i * sd, op.applyLong(a.getLong(pa + i * sa), b.getLong(pb + i * sb)));
                        });
                        for (Kernels kernels : PROVIDERS)
                            for (int threads : new int[]{1, 2}) {
                                Parallel.setThreads(threads);
                                Storage actual = Storage.allocate(outType, l.numel());
                                kernels.binary(op, a, l, b, l, actual, out);
                                assertSameElements(expected, actual, op + " " + dtype + " " + l + " " + kernels.name() + " on " + threads);
                            }
                    }
            }
    }
}
