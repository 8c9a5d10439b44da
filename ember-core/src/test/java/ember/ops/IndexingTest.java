package ember.ops;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Index;
import ember.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * x[...], x[...] = v, gather and friends. Expected values of advanced indexing come from PyTorch 1.13
 * ({@code /usr/bin/python3}, {@code T = torch.tensor}); the Python line is beside each.
 */
class IndexingTest {
    /** torch.arange(12.).reshape(3, 4) */
    private static Tensor grid() { return arange(12.0).reshape(3, 4); }

    /** torch.arange(24).reshape(2, 3, 4) */
    private static Tensor cube() { return arange(24).reshape(2, 3, 4); }

    private static void assertValues(Tensor t, int[] shape, double... values) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(values, t.toDoubleArray(), 1e-6);
    }

    private static void assertLongs(Tensor t, int[] shape, long... values) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(values, t.toLongArray());
    }

    private static void assertMessage(Class<? extends Throwable> type, String expected, Executable call) {
        Throwable e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(expected), () -> "message \"" + e.getMessage() + "\" lacks \"" + expected + "\"");
    }

    private static int[] s(int... shape) { return shape; }

    // ---- basic indexing ----
    @Test
    void stringSyntax() {
        Tensor x = grid();
        // x[1:3, ::2]: rows 1, 2 and columns 0, 2
        assertValues(x.get("1:3, ::2"), s(2, 2), 4, 6, 8, 10);
        // x[-1]: the last row
        assertValues(x.get("-1"), s(4), 8, 9, 10, 11);
        // x[:, 0]: the first column
        assertValues(x.get(":, 0"), s(3), 0, 4, 8);
        assertValues(x.get("..., 1"), s(3), 1, 5, 9);
        assertValues(x.get("1, -2"), s(), 6);
        assertValues(x.get(" 0 , 1:3 "), s(2), 1, 2);
    }

    @Test
    void ellipsisAndNone() {
        Tensor x = grid();
        assertArrayEquals(s(3, 4), x.get("...").shape());
        assertArrayEquals(s(3, 4), x.get("").shape()); // x[()]
        assertArrayEquals(s(1, 3, 4), x.get("None").shape());
        // x[..., None].shape == torch.Size([3, 4, 1])
        assertArrayEquals(s(3, 4, 1), x.get("..., None").shape());
        // x[None, 1, None].shape == torch.Size([1, 1, 4])
        assertValues(x.get("None, 1, None"), s(1, 1, 4), 4, 5, 6, 7);
        // torch.arange(24).reshape(2,3,4)[..., 1, :] picks dim 1
        assertLongs(cube().get("..., 1, :"), s(2, 4), 4, 5, 6, 7, 16, 17, 18, 19);
        assertValues(scalar(3.0).get("..."), s(), 3);
        assertValues(scalar(3.0).get("None"), s(1), 3);
    }

    @Test
    void typedIndices() {
        Tensor x = grid();
        assertValues(x.get(Index.slice(1, null), Index.i(2)), s(2), 6, 10);
        assertValues(x.get(Index.all(), Index.slice(null, null, 3)), s(3, 2), 0, 3, 4, 7, 8, 11);
        assertValues(x.get(Index.ellipsis(), Index.newAxis()), s(3, 4, 1), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Test
    void outOfRangeSlicesClampLikePython() {
        Tensor x = grid();
        // x[-100:100, 10:].shape == torch.Size([3, 0])
        assertArrayEquals(s(3, 0), x.get("-100:100, 10:").shape());
        // x[5:1].shape == torch.Size([0, 4])
        assertArrayEquals(s(0, 4), x.get("5:1").shape());
        // x[1:-1] is the middle row
        assertValues(x.get("1:-1"), s(1, 4), 4, 5, 6, 7);
        assertValues(x.get("-2:, 3:99"), s(2, 1), 7, 11);
    }

    @Test
    void negativeAndZeroStepsAreRejected() {
        assertMessage(IllegalArgumentException.class, "negative steps are not supported", () -> grid().get("::-1"));
        assertMessage(IllegalArgumentException.class, "slice step cannot be zero", () -> grid().get("::0"));
        assertThrows(IllegalArgumentException.class, () -> Index.slice(0, 2, -1));
    }

    @Test
    void viewsShareMemoryBothWays() {
        Tensor x = grid();
        Tensor v = x.get("1:3, ::2");
        v.set("0, 0", 100); // v[0, 0] is x[1, 0]
        assertEquals(100, x.get("1, 0").item());
        x.set("2, 2", -5); // x[2, 2] is v[1, 1]
        assertEquals(-5, v.get("1, 1").item());
        Tensor row = x.get("0");
        row.fill_(7);
        assertValues(x.get("0"), s(4), 7, 7, 7, 7);
        assertSame(x.storage(), x.get("...").storage());
        assertSame(x.storage(), x.get("None, :, 1").storage());
    }

    @Test
    void zeroDimIntegerTensorIndexIsAView() {
        Tensor x = grid();
        // x[T(1)] is x.select(0, 1): a view, as in PyTorch
        Tensor row = x.get(tensor(new long[]{1}).reshape());
        assertValues(row, s(4), 4, 5, 6, 7);
        assertSame(x.storage(), row.storage());
    }

    // ---- advanced indexing ----
    @Test
    void indexTensorsAndDuplicates() {
        // x[T([0,0,1])]: rows repeat
        Tensor r = cube().get(tensor(new long[]{0L, 0L, 1L}));
        assertArrayEquals(s(3, 3, 4), r.shape());
        assertArrayEquals(cube().get("0").toLongArray(), r.get("1").toLongArray());
        // x[T([-1])] -> [1, 3, 4] [12 .. 23]
        assertLongs(cube().get(tensor(new long[]{-1L})), s(1, 3, 4), 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
        // x[torch.tensor([], dtype=torch.long)].shape == [0, 3, 4]
        assertArrayEquals(s(0, 3, 4), cube().get(zeros(DType.INT64, 0)).shape());
    }

    @Test
    void separatedIndicesGoFirst() {
        Tensor x = cube();
        // x[T([0,1]), :, T([1,2])] -> [2, 3] [1, 5, 9, 14, 18, 22]
        assertLongs(x.get(Index.tensor(tensor(new long[]{0L, 1L})), Index.all(), Index.tensor(tensor(new long[]{1L, 2L}))), s(2, 3), 1, 5, 9, 14, 18, 22);
        // x[T([1]), None, T([1,2])] -> [2, 1, 4] [16 .. 23]: None separates the indexed dims
        assertLongs(x.get(Index.tensor(tensor(new long[]{1L})), Index.newAxis(), Index.tensor(tensor(new long[]{1L, 2L}))), s(2, 1, 4),
                16, 17, 18, 19, 20, 21, 22, 23);
    }

    @Test
    void adjacentIndicesStayInPlace() {
        Tensor x = cube();
        // x[:, T([0,1]), T([1,2])] -> [2, 2] [1, 6, 13, 18]
        assertLongs(x.get(Index.all(), Index.tensor(tensor(new long[]{0L, 1L})), Index.tensor(tensor(new long[]{1L, 2L}))), s(2, 2), 1, 6, 13, 18);
        // x[:, :, T([[3,0],[1,1]])] -> [2, 3, 2, 2]
        assertLongs(x.get(Index.all(), Index.all(), Index.tensor(tensor(new long[][]{{3, 0}, {1, 1}}))), s(2, 3, 2, 2),
                3, 0, 1, 1, 7, 4, 5, 5, 11, 8, 9, 9, 15, 12, 13, 13, 19, 16, 17, 17, 23, 20, 21, 21);
        // x[1:, T([2,0])] -> [1, 2, 4] [20, 21, 22, 23, 12, 13, 14, 15]
        assertLongs(x.get(Index.slice(1, null), Index.tensor(tensor(new long[]{2L, 0L}))), s(1, 2, 4), 20, 21, 22, 23, 12, 13, 14, 15);
        // x[..., T([0,1])] -> [2, 3, 2]
        assertLongs(x.get(Index.ellipsis(), Index.tensor(tensor(new long[]{0L, 1L}))), s(2, 3, 2), 0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21);
        // x[:, T([2,0]), ::2] -> [2, 2, 2] [8, 10, 0, 2, 20, 22, 12, 14]
        assertLongs(x.get(Index.all(), Index.tensor(tensor(new long[]{2L, 0L})), Index.slice(null, null, 2)), s(2, 2, 2),
                8, 10, 0, 2, 20, 22, 12, 14);
        // x[:, 1, T([3,0])] -> [2, 2] [7, 4, 19, 16]: the integer is a select first
        assertLongs(x.get(Index.all(), Index.i(1), Index.tensor(tensor(new long[]{3L, 0L}))), s(2, 2), 7, 4, 19, 16);
    }

    @Test
    void indexTensorsBroadcastTogether() {
        // x[T([[0],[1]]), T([1,2])] -> [2, 2, 4] [4..11, 16..23]
        assertLongs(cube().get(tensor(new long[][]{{0}, {1}}), tensor(new long[]{1L, 2L})), s(2, 2, 4),
                4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23);
    }

    @Test
    void boolMasks() {
        Tensor m = tensor(true, false, true, false, true, true).reshape(2, 3);
        // x[m] -> [4, 4] [0..3, 8..11, 16..23]
        assertLongs(cube().get(m), s(4, 4), 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23);
        // x[T([True,False]), T([1,2])] -> [2, 4] [4..11]: the mask is its nonzero() positions, broadcast with T([1,2])
        assertLongs(cube().get(tensor(true, false), tensor(new long[]{1L, 2L})), s(2, 4), 4, 5, 6, 7, 8, 9, 10, 11);
        // numpy.arange(24).reshape(2,3,4)[m, 0] -> [0, 8, 16, 20] (PyTorch 1.13 wrongly rejects this; 2.x agrees with numpy)
        assertLongs(cube().get(Index.tensor(m), Index.i(0)), s(4), 0, 8, 16, 20);
        Tensor x = grid();
        assertValues(x.get(x.gt(8.0)), s(3), 9, 10, 11);
    }

    @Test
    void wideRowsArePickedWhole() {
        // rows of 20 elements, picked by index tensor, index_select and a mask, from a dense and a transposed source
        Tensor x = arange(100.0).reshape(5, 20);
        Tensor picked = x.get(tensor(new long[]{3L, 0L, -2L}));
        assertArrayEquals(s(3, 20), picked.shape());
        for (Tensor t : new Tensor[]{picked, x.indexSelect(0, tensor(new long[]{3L, 0L, 3L})).get("0:2"),
            x.t().contiguous().t().get(tensor(new long[]{3L, 0L}))}) {
            assertArrayEquals(x.get("3").toDoubleArray(), t.get("0").toDoubleArray(), 0);
            assertArrayEquals(x.get("0").toDoubleArray(), t.get("1").toDoubleArray(), 0);
        }
        assertArrayEquals(x.get("3").toDoubleArray(), picked.get("2").toDoubleArray(), 0);
        assertValues(x.get(tensor(true, false, false, true, false)).sum(1), s(2), 190, 1390); // Σ 0..19, Σ 60..79
    }

    @Test
    void masksCoveringInnerDimensions() {
        Tensor m = tensor(false, true, false, false, false, false, false, true, true, false, false, false).reshape(3, 4);
        // x[:, m] for m = T([[0,1,0,0],[0,0,0,1],[1,0,0,0]]).bool() -> [[1, 7, 8], [13, 19, 20]]
        assertLongs(cube().get(Index.all(), Index.tensor(m)), s(2, 3), 1, 7, 8, 13, 19, 20);
        // a transposed (non-contiguous) mask reads its own layout
        assertLongs(cube().get(Index.i(0), Index.tensor(m.t().contiguous().t())), s(3), 1, 7, 8);
        // a mask over the leading dims of a permuted view picks rows of its last dim, in the view's row-major order
        Tensor view = cube().permute(2, 1, 0);
        Tensor rows = view.get(m.t());
        assertArrayEquals(s(3, 2), rows.shape());
        assertArrayEquals(view.maskedSelect(m.t().unsqueeze(2)).toLongArray(), rows.toLongArray());
    }

    @Test
    void zeroDimBoolMaskAddsADimension() {
        // x[T(True)].shape == [1, 2, 3, 4]; x[T(False)].shape == [0, 2, 3, 4]
        assertArrayEquals(s(1, 2, 3, 4), cube().get(scalar(true)).shape());
        assertArrayEquals(s(0, 2, 3, 4), cube().get(scalar(false)).shape());
        // x[0, T(True)].shape == [1, 3, 4]
        assertLongs(cube().get(Index.i(0), Index.tensor(scalar(true))).get("0, 1"), s(4), 4, 5, 6, 7);
        assertArrayEquals(s(1, 3, 4), cube().get(Index.i(0), Index.tensor(scalar(true))).shape());
    }

    @Test
    void crossEntropyPick() {
        // y_hat[range(len(y_hat)), y] with y_hat = [[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]], y = [0, 2]
        Tensor yHat = tensor(new double[][]{{0.1, 0.3, 0.6}, {0.3, 0.2, 0.5}});
        Tensor y = tensor(new long[]{0L, 2L});
        assertArrayEquals(new float[]{0.1f, 0.5f}, yHat.get(arange(yHat.size(0)), y).toFloatArray());
    }

    @Test
    void resultIsACopy() {
        Tensor x = grid();
        Tensor r = x.get(tensor(new long[]{0L, 1L}));
        assertNotSame(x.storage(), r.storage());
        r.fill_(-1);
        assertEquals(0, x.get("0, 0").item());
    }

    @Test
    void int32IndicesWork() {
        assertValues(grid().get(tensor(new long[]{2L, 0L}).toInt()), s(2, 4), 8, 9, 10, 11, 0, 1, 2, 3);
    }

    // ---- errors ----
    @Test
    void outOfBounds() {
        assertMessage(IndexOutOfBoundsException.class, "index 5 is out of bounds for dimension 0 with size 3", () -> grid().get("5"));
        // x[0, 5]: PyTorch names the dimension of x, not of the intermediate view
        assertMessage(IndexOutOfBoundsException.class, "index 5 is out of bounds for dimension 1 with size 4", () -> grid().get("0, 5"));
        assertMessage(IndexOutOfBoundsException.class, "index -4 is out of bounds for dimension 0 with size 3", () -> grid().get("-4"));
        assertMessage(IndexOutOfBoundsException.class, "index 5 is out of bounds for dimension 0 with size 3",
                () -> grid().get(tensor(new long[]{0L, 5L})));
        assertMessage(IndexOutOfBoundsException.class, "index 4 is out of bounds for dimension 1 with size 4",
                () -> grid().get(Index.all(), Index.tensor(tensor(new long[]{4L}))));
    }

    @Test
    void tooManyIndices() {
        assertMessage(IndexOutOfBoundsException.class, "too many indices for tensor of dimension 2", () -> grid().get("0, 0, 0"));
        assertMessage(IndexOutOfBoundsException.class, "too many indices for tensor of dimension 2",
                () -> grid().get(Index.tensor(tensor(true, true, true).reshape(3, 1)), Index.all(), Index.i(0)));
        assertMessage(IndexOutOfBoundsException.class, "invalid index of a 0-dim tensor", () -> scalar(3.0).get("0"));
    }

    @Test
    void maskShapeMismatch() {
        assertMessage(IllegalArgumentException.class,
                "The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [4] at index 0",
                () -> arange(4.0).get(tensor(true, false, true)));
        // T(...).reshape(3,4)[:, T([True, False, True])]
        assertMessage(IllegalArgumentException.class,
                "The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [3, 4] at index 1",
                () -> grid().get(Index.all(), Index.tensor(tensor(true, false, true))));
    }

    @Test
    void indexDtype() {
        assertMessage(IllegalArgumentException.class, "tensors used as indices must be long, int, byte or bool tensors",
                () -> grid().get(tensor(1.0)));
    }

    @Test
    void indexTensorsThatDoNotBroadcast() {
        // x[T([0,1]), T([0,1,2])]
        assertMessage(IllegalArgumentException.class,
                "shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]",
                () -> grid().get(tensor(new long[]{0L, 1L}), tensor(new long[]{0L, 1L, 2L})));
    }

    @Test
    void twoEllipses() {
        assertMessage(IllegalArgumentException.class, "single ellipsis", () -> grid().get("..., 0, ..."));
    }

    // ---- assignment ----
    @Test
    void basicAssignment() {
        Tensor x = grid();
        x.set("1, 2", 9);
        assertEquals(9, x.get("1, 2").item());
        x.set("0:2, :", 12);
        assertValues(x.get("0:2"), s(2, 4), 12, 12, 12, 12, 12, 12, 12, 12);
        Tensor z = zeros(3, 4);
        z.set(":", grid().add(ones(3, 4)));
        assertValues(z.get("2"), s(4), 9, 10, 11, 12);
    }

    @Test
    void valueBroadcastsToTheRegion() {
        Tensor x = grid();
        // x[:, 1:3] = [7, 8] sets every row's columns 1 and 2
        x.set(":, 1:3", tensor(7.0, 8.0));
        assertValues(x, s(3, 4), 0, 7, 8, 3, 4, 7, 8, 7, 8, 7, 8, 11);
        // t[1] = T([[[5.,6,7,8]]]): leading size-1 dims of the value are dropped
        Tensor t = grid();
        t.set("1", tensor(5.0, 6.0, 7.0, 8.0).reshape(1, 1, 4));
        assertValues(t.get("1"), s(4), 5, 6, 7, 8);
        // t[None] = T([7.,8,9,10])
        Tensor u = grid();
        u.set("None", tensor(7.0, 8.0, 9.0, 10.0));
        assertValues(u.get("2"), s(4), 7, 8, 9, 10);
    }

    @Test
    void advancedAssignment() {
        // t[T([True,False,True]), 1:3] = T([7.,8]) -> [[0,7,8,3],[4,5,6,7],[8,7,8,11]]
        Tensor t = grid();
        t.set(new Index[]{Index.tensor(tensor(true, false, true)), Index.slice(1, 3)}, tensor(7.0, 8.0));
        assertValues(t, s(3, 4), 0, 7, 8, 3, 4, 5, 6, 7, 8, 7, 8, 11);
        // t[:, T([0,2])] = T([[7.],[8],[9]]) -> [[7,1,7,3],[8,5,8,7],[9,9,9,11]]
        Tensor u = grid();
        u.set(new Index[]{Index.all(), Index.tensor(tensor(new long[]{0L, 2L}))}, tensor(new double[][]{{7}, {8}, {9}}));
        assertValues(u, s(3, 4), 7, 1, 7, 3, 8, 5, 8, 7, 9, 9, 9, 11);
        // x[x > 5] = 0
        Tensor v = grid();
        v.set(v.gt(5.0), 0);
        assertValues(v, s(3, 4), 0, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void duplicateIndicesLastWriteWins() {
        // t[T([0,0])] = T([[1.]*4,[2.]*4]) -> row 0 is 2
        Tensor t = grid();
        t.set(tensor(new long[]{0L, 0L}), tensor(new double[][]{{1, 1, 1, 1}, {2, 2, 2, 2}}));
        assertValues(t.get("0"), s(4), 2, 2, 2, 2);
    }

    @Test
    void valueIsCastToTheTensorsDtype() {
        // x = torch.arange(12).reshape(3,4); x[0] = T([1.5]) -> row 0 is 1
        Tensor x = arange(12).reshape(3, 4);
        x.set("0", tensor(1.5));
        assertLongs(x.get("0"), s(4), 1, 1, 1, 1);
        // x[T([1])] = 2.7 -> row 1 is 2 (PyTorch casts a Python number; Ember casts tensors too)
        x.set(tensor(new long[]{1L}), 2.7);
        assertLongs(x.get("1"), s(4), 2, 2, 2, 2);
        x.set(tensor(new long[]{2L}), tensor(-3.9));
        assertLongs(x.get("2"), s(4), -3, -3, -3, -3);
        assertEquals(DType.INT64, x.dtype());
    }

    @Test
    void valueThatReadsTheTargetIsReadFirst() {
        // x[0] = x[1] and x[T([0,1])] = x[T([1,0])] as in PyTorch
        Tensor x = grid();
        x.set("0", x.get("1"));
        assertValues(x.get("0:2"), s(2, 4), 4, 5, 6, 7, 4, 5, 6, 7);
        Tensor y = grid();
        y.set(tensor(new long[]{0L, 1L}), y.get(tensor(new long[]{1L, 0L})));
        assertValues(y.get("0:2"), s(2, 4), 4, 5, 6, 7, 0, 1, 2, 3);
        // a[1:] = a[:-1]: PyTorch refuses partial overlap; Ember reads the value before writing
        Tensor a = arange(5.0);
        a.set("1:", a.get(":-1"));
        assertValues(a, s(5), 0, 0, 1, 2, 3);
    }

    @Test
    void versionIsBumpedOnce() {
        Tensor x = grid();
        int v0 = x.version();
        x.set(":, 0", tensor(1.0, 2.0, 3.0));
        assertEquals(v0 + 1, x.version());
        x.set(tensor(new long[]{0L, 2L}), 5);
        assertEquals(v0 + 2, x.version());
    }

    @Test
    void nothingIsHalfWrittenOnError() {
        Tensor x = grid();
        double[] before = x.toDoubleArray();
        int v0 = x.version();
        // index 5 is only found after index 0 would have been written
        assertMessage(IndexOutOfBoundsException.class, "index 5 is out of bounds for dimension 0 with size 3",
                () -> x.set(tensor(new long[]{0L, 5L}), 1));
        // t[T([0])] = T([1,2,3])
        assertMessage(IllegalArgumentException.class,
                "shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [1, 4]",
                () -> x.set(tensor(new long[]{0L}), tensor(1.0, 2.0, 3.0)));
        assertMessage(IllegalArgumentException.class,
                "shape mismatch: value tensor of shape [2, 4] cannot be broadcast to indexing result of shape [3, 4]",
                () -> x.set(":", ones(2, 4)));
        assertThrows(IllegalArgumentException.class, () -> x.set(tensor(1.0), 1));
        assertThrows(IndexOutOfBoundsException.class, () -> x.set("0, 0, 0", 1));
        Tensor w = grid().requiresGrad_();
        double[] wBefore = w.toDoubleArray();
        assertMessage(IllegalStateException.class, "a leaf Variable that requires grad is being used in an in-place operation",
                () -> w.set("0", 1));
        assertArrayEquals(before, x.toDoubleArray());
        assertEquals(v0, x.version());
        assertArrayEquals(wBefore, w.toDoubleArray());
    }

    @Test
    void leafRequiringGradCanBeUpdatedUnderNoGrad() {
        Tensor w = grid().requiresGrad_();
        try (var g = noGrad()) {
            w.set("0", 0);
        }
        assertValues(w.get("0"), s(4), 0, 0, 0, 0);
        assertTrue(w.isLeaf());
    }

    // ---- gather and friends ----
    @Test
    void gather() {
        // t.gather(1, T([[0,3],[1,1],[2,0]])) -> [[0, 3], [5, 5], [10, 8]]
        assertValues(grid().gather(1, tensor(new long[][]{{0, 3}, {1, 1}, {2, 0}})), s(3, 2), 0, 3, 5, 5, 10, 8);
        // t.gather(0, T([[2,0,1,0]])) -> [[8, 1, 6, 3]]
        assertValues(grid().gather(0, tensor(new long[][]{{2, 0, 1, 0}})), s(1, 4), 8, 1, 6, 3);
        // t.gather(-1, T([[1],[0]])) -> [[1], [4]]
        assertValues(grid().gather(-1, tensor(new long[][]{{1}, {0}})), s(2, 1), 1, 4);
        // torch.tensor(3.).gather(0, torch.tensor(0.0)) -> tensor(3.)
        assertValues(scalar(3.0).gather(0, scalarLong(0)), s(), 3);
        // works on a transposed (non-contiguous) input: t.T.gather(1, T([[2],[0],[1],[0]])) -> [[8], [1], [6], [3]]
        assertValues(grid().T().gather(1, tensor(new long[][]{{2}, {0}, {1}, {0}})), s(4, 1), 8, 1, 6, 3);
    }

    @Test
    void gatherErrors() {
        assertMessage(IndexOutOfBoundsException.class, "index 5 is out of bounds for dimension 1 with size 4",
                () -> grid().gather(1, tensor(new long[][]{{5}})));
        assertMessage(IndexOutOfBoundsException.class, "index -1 is out of bounds for dimension 1 with size 4",
                () -> grid().gather(1, tensor(new long[][]{{-1}})));
        assertMessage(IllegalArgumentException.class, "Index tensor must have the same number of dimensions as input tensor",
                () -> grid().gather(1, tensor(new long[]{5L})));
        assertMessage(IllegalArgumentException.class, "gather(): Expected dtype int64 for index",
                () -> grid().gather(1, tensor(new double[][]{{1}})));
        assertMessage(IllegalArgumentException.class,
                "Size does not match at dimension 0 expected index [4, 1] to be smaller than self [3, 4] apart from dimension 1",
                () -> grid().gather(1, zeros(DType.INT64, 4, 1)));
    }

    @Test
    void indexSelect() {
        // t.index_select(1, T([3,0,3])) -> [[3,0,3],[7,4,7],[11,8,11]]
        assertValues(grid().indexSelect(1, tensor(new long[]{3L, 0L, 3L})), s(3, 3), 3, 0, 3, 7, 4, 7, 11, 8, 11);
        // t.index_select(0, torch.tensor(1.0)) -> [[4., 5., 6., 7.]]
        assertValues(grid().indexSelect(0, scalarLong(1)), s(1, 4), 4, 5, 6, 7);
        // torch.tensor(3.).index_select(0, torch.tensor([0,0])) -> tensor(3.)
        assertValues(scalar(3.0).indexSelect(0, tensor(new long[]{0L, 0L})), s(), 3);
        assertMessage(IndexOutOfBoundsException.class, "index out of range in self", () -> grid().indexSelect(0, tensor(new long[]{5L})));
        assertMessage(IndexOutOfBoundsException.class, "index out of range in self", () -> grid().indexSelect(0, tensor(new long[]{-1L})));
        assertMessage(IllegalArgumentException.class, "index_select(): Index is supposed to be a vector",
                () -> grid().indexSelect(0, tensor(new long[][]{{1}})));
        assertMessage(IllegalArgumentException.class, "index_select(): Expected dtype int32 or int64 for index",
                () -> grid().indexSelect(0, tensor(1.0)));
    }

    @Test
    void maskedFill() {
        // t.masked_fill(T([True,False,False,True]), -1.): the mask broadcasts over rows
        assertValues(grid().maskedFill(tensor(true, false, false, true), -1), s(3, 4), -1, 1, 2, -1, -1, 5, 6, -1, -1, 9, 10, -1);
        // t[0].masked_fill(T([[True],[False]]), 1.) broadcasts x too -> [[1,1,1,1],[0,1,2,3]]
        assertValues(grid().get("0").maskedFill(tensor(true, false).reshape(2, 1), 1), s(2, 4), 1, 1, 1, 1, 0, 1, 2, 3);
        // x.masked_fill(T([True,False,True,False]), -1.5) on int64 -> -1 (truncated)
        assertLongs(arange(4).maskedFill(tensor(true, false, true, false), -1.5), s(4), -1, 1, -1, 3);
        assertMessage(IllegalArgumentException.class, "masked_fill_ only supports boolean masks",
                () -> grid().maskedFill(tensor(new long[]{1L, 0L, 1L, 0L}), 1));
        assertMessage(IllegalArgumentException.class, "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1",
                () -> grid().maskedFill(tensor(true, false, true), 1));
    }

    @Test
    void maskedSelect() {
        // t.masked_select(T([[True],[False],[True]])) -> [0,1,2,3,8,9,10,11]
        assertValues(grid().maskedSelect(tensor(true, false, true).reshape(3, 1)), s(8), 0, 1, 2, 3, 8, 9, 10, 11);
        // t.masked_select(torch.tensor(True)) -> all 12 elements
        assertArrayEquals(s(12), grid().maskedSelect(scalar(true)).shape());
        assertMessage(IllegalArgumentException.class, "masked_select: expected BoolTensor",
                () -> grid().maskedSelect(tensor(new long[]{1L, 0L, 1L, 0L})));
    }

    @Test
    void nonzero() {
        // T([[0,1.5,0],[2,0,-1]]).nonzero() -> [[0,1],[1,0],[1,2]]
        assertLongs(tensor(new double[][]{{0, 1.5, 0}, {2, 0, -1}}).nonzero(), s(3, 2), 0, 1, 1, 0, 1, 2);
        // torch.tensor(3.).nonzero().shape == (1, 0); torch.tensor(0.).nonzero().shape == (0, 0)
        assertArrayEquals(s(1, 0), scalar(3.0).nonzero().shape());
        assertArrayEquals(s(0, 0), scalar(0.0).nonzero().shape());
        assertEquals(DType.INT64, tensor(true, false).nonzero().dtype());
    }

    @Test
    void oneHot() {
        // F.one_hot(T([[0,2],[1,0]]), 3)
        assertLongs(tensor(new long[][]{{0, 2}, {1, 0}}).oneHot(3), s(2, 2, 3), 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0);
        // F.one_hot(T([0,2])) infers 3 classes
        assertLongs(tensor(new long[]{0L, 2L}).oneHot(-1), s(2, 3), 1, 0, 0, 0, 0, 1);
        assertMessage(IllegalArgumentException.class, "Class values must be smaller than num_classes.", () -> tensor(new long[]{0L, 3L}).oneHot(3));
        assertMessage(IllegalArgumentException.class, "Class values must be non-negative.", () -> tensor(new long[]{0L, -1L}).oneHot(3));
        assertMessage(IllegalArgumentException.class, "one_hot is only applicable to index tensor.", () -> tensor(0.0, 2.0).oneHot(3));
        assertMessage(IllegalArgumentException.class, "Can not infer total number of classes from empty tensor.",
                () -> zeros(DType.INT64, 0).oneHot(-1));
    }
}
