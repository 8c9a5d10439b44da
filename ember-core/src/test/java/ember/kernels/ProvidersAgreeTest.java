package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ember.DType;
import ember.storage.Layout;
import ember.storage.Storage;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API provider must give the scalar reference's results bit for bit, on sizes around the lane width and
 * on non-contiguous layouts (a transposed matrix, a stride-2 slice, a broadcast scalar).
 */
class ProvidersAgreeTest {
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = new VectorKernels();

    private static Storage random(DType dtype, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Storage s = Storage.allocate(dtype, n);
        for (int i = 0; i < n; i++) s.setDouble(i, r.nextDouble() < 0.05 ? Double.NaN : r.nextDouble(-3, 3));
        return s;
    }

    private static double[] read(Storage s) {
        double[] r = new double[s.size()];
        for (int i = 0; i < r.length; i++) r[i] = s.getDouble(i);
        return r;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4097})
    void binaryOpsAgree(int n) {
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64})
            for (BinaryOp op : new BinaryOp[]{BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAXIMUM}) {
                Storage a = random(dtype, 2 * n, n), b = random(dtype, 2 * n, n + 1);
                Layout[] layouts = {
                    Layout.contiguous(n),
                    new Layout(new int[]{n}, new int[]{2}, 1),            // every other element
                };
                for (Layout la : layouts)
                    for (Layout lb : new Layout[]{layouts[0], layouts[1], new Layout(new int[]{n}, new int[]{0}, 2 * n - 1)}) {
                        Storage x = Storage.allocate(dtype, n), y = Storage.allocate(dtype, n);
                        SCALAR.binary(op, a, la, b, lb, x, Layout.contiguous(n));
                        VECTOR.binary(op, a, la, b, lb, y, Layout.contiguous(n));
                        assertArrayEquals(read(x), read(y), 0.0, op + " " + dtype + " n=" + n + " " + la + " " + lb);
                    }
            }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4097})
    void unaryOpsAgree(int n) {
        for (UnaryOp op : new UnaryOp[]{UnaryOp.RELU, UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.EXP}) {
            Storage a = random(DType.FLOAT32, 2 * n, 7 * n);
            for (Layout la : new Layout[]{Layout.contiguous(n), new Layout(new int[]{n}, new int[]{2}, 0)}) {
                Storage x = Storage.allocate(DType.FLOAT32, n), y = Storage.allocate(DType.FLOAT32, n);
                SCALAR.unary(op, Double.NaN, Double.NaN, a, la, x, Layout.contiguous(n));
                VECTOR.unary(op, Double.NaN, Double.NaN, a, la, y, Layout.contiguous(n));
                assertArrayEquals(read(x), read(y), 0.0, op + " n=" + n + " " + la);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 16, 33})
    void transposedMatrixAgrees(int n) {
        Storage a = random(DType.FLOAT32, n * (n + 1), 11), b = random(DType.FLOAT32, n * (n + 1), 12);
        Layout t = new Layout(new int[]{n, n + 1}, new int[]{1, n}, 0);
        Storage x = Storage.allocate(DType.FLOAT32, n * (n + 1)), y = Storage.allocate(DType.FLOAT32, n * (n + 1));
        SCALAR.binary(BinaryOp.MUL, a, t, b, Layout.contiguous(n, n + 1), x, Layout.contiguous(n, n + 1));
        VECTOR.binary(BinaryOp.MUL, a, t, b, Layout.contiguous(n, n + 1), y, Layout.contiguous(n, n + 1));
        assertArrayEquals(read(x), read(y), 0.0);
        assertEquals(SCALAR.name(), "scalar");
    }
}
