package ember.ops;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import ember.ValuesIndices;
import org.junit.jupiter.api.Test;

/** Forward values, shapes and dtypes of the reductions, with PyTorch 1.13's numbers where they are not obvious. */
class ReductionsTest {
    private static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    /** [[1, 2, 3], [4, 5, 6]] as float32. */
    private static Tensor m23() { return tensor(new double[][]{{1, 2, 3}, {4, 5, 6}}); }

    private static void assertValues(double[] expected, Tensor t, double tol) {
        assertArrayEquals(expected, t.toDoubleArray(), tol);
    }

    private static void assertShape(Tensor t, int... shape) { assertArrayEquals(shape, t.shape()); }

    // ---- sum, mean, any, all ----
    @Test
    void sumDimsKeepdimAndNegativeDims() {
        Tensor x = m23();
        assertEquals(21.0, x.sum().item()); // 1+…+6
        assertValues(new double[]{5, 7, 9}, x.sum(0), 0);
        assertValues(new double[]{6, 15}, x.sum(-1), 0);
        assertShape(x.sum(1, true), 2, 1);
        assertShape(x.sum(new int[]{0, 1}, false));
        assertEquals(3.5, x.mean().item()); // 21/6
        assertValues(new double[]{2, 5}, x.mean(new int[]{-1}, true), 0);
    }

    @Test
    void sumMultipleDimsOfA3dTensor() {
        Tensor x = arange(24.0).reshape(2, 3, 4);
        // Σ over dims 0 and 2 of i = 12a + 4b + c: for b: Σ_a Σ_c (12a + 4b + c) = 4·12 + 8·4b + 2·6 = 60 + 32b
        assertValues(new double[]{60, 92, 124}, x.sum(new int[]{0, -1}, false), 0);
        assertShape(x.sum(new int[]{2, 0}, true), 1, 3, 1);
    }

    @Test
    void emptySumIsZeroAndIntegersSumToInt64() {
        assertEquals(0.0, zeros(0, 3).sum().item());
        assertValues(new double[]{0, 0, 0}, zeros(0, 3).sum(0), 0);
        Tensor ints = tensor(new long[]{1, 2, 3}).toInt();
        assertEquals(DType.INT64, ints.sum().dtype());
        assertEquals(DType.INT64, tensor(true, true, false).sum().dtype());
        assertEquals(2, tensor(true, true, false).sum().itemLong());
    }

    @Test
    void castingANonContiguousInputReadsItsOwnLayout() {
        // int32 [[0, 1, 2], [3, 4, 5]]ᵀ: the sum casts to int64 first; the copy must not reuse the transposed strides
        Tensor xt = arange(6).toInt().reshape(2, 3).t();
        assertArrayEquals(new long[]{3, 5, 7}, xt.sum(1).toLongArray());
        // products along dim 1 of [[0, 3], [1, 4], [2, 5]]
        assertArrayEquals(new long[]{0, 4, 10}, xt.prod(1).toLongArray());
    }

    @Test
    void sumDuplicateDimsAndOutOfRangeDimsAreRejected() {
        var dup = assertThrows(IllegalArgumentException.class, () -> m23().sum(new int[]{0, -2}, false));
        assertEquals("dim 0 appears multiple times in the list of dims", dup.getMessage());
        var range = assertThrows(IndexOutOfBoundsException.class, () -> m23().sum(5));
        assertEquals("Dimension out of range (expected to be in range of [-2, 1], but got 5)", range.getMessage());
    }

    @Test
    void anyAndAll() {
        Tensor b = tensor(new double[][]{{0, 1}, {0, 0}});
        assertEquals(1.0, b.any().item());
        assertArrayEquals(new boolean[]{true, false}, b.any(1).toBooleanArray());
        assertEquals(0.0, b.all().item());
        // torch.tensor([1, 0], dtype=torch.uint8).any() -> tensor(1, dtype=torch.uint8)
        Tensor u = tensor(new long[]{1, 0}).to(DType.UINT8);
        assertEquals(DType.UINT8, u.any().dtype());
        assertEquals(DType.UINT8, u.all().dtype());
        assertEquals(DType.BOOL, b.any().dtype());
    }

    // ---- prod ----
    @Test
    void prodValuesDimsAndDtypes() {
        assertEquals(720.0, m23().prod().item()); // 6!
        assertValues(new double[]{4, 10, 18}, m23().prod(0), 0);
        assertValues(new double[]{6, 120}, m23().prod(-1), 0); // 1·2·3, 4·5·6
        assertShape(m23().prod(1, true), 2, 1);
        // torch.tensor([[1, 2], [3, 4]]).prod(1) -> tensor([ 2, 12])  (int64)
        Tensor p = tensor(new long[][]{{1, 2}, {3, 4}}).prod(1);
        assertEquals(DType.INT64, p.dtype());
        assertArrayEquals(new long[]{2, 12}, p.toLongArray());
        assertEquals(DType.INT64, tensor(true, true).prod().dtype());
        assertEquals(DType.INT64, tensor(new long[]{1, 2}).toInt().prod().dtype());
    }

    @Test
    void prodEmptyProductIsOneAndZeroDimIsItself() {
        assertEquals(1.0, zeros(0, 3).prod().item());
        assertValues(new double[]{1, 1, 1}, zeros(0, 3).prod(0), 0);
        assertEquals(3.0, scalar(3.0).prod(0).item());
    }

    @Test
    void prodNanPropagates() {
        assertTrue(Double.isNaN(tensor(2, NAN, 0).prod().item()));
    }

    // ---- max, min ----
    @Test
    void maxMinFullReductionKeepsTheDtype() {
        assertEquals(6.0, m23().max().item());
        assertEquals(1.0, m23().min().item());
        Tensor ints = tensor(new long[]{3, -7, 5}).toInt();
        assertEquals(DType.INT32, ints.max().dtype());
        assertEquals(-7, ints.min().itemLong());
        assertEquals(DType.BOOL, tensor(true, false).max().dtype());
    }

    @Test
    void maxMinNanWins() {
        assertTrue(Double.isNaN(tensor(1, NAN, 3).max().item()));
        assertTrue(Double.isNaN(tensor(1, NAN, 3).min().item()));
        // torch.tensor([nan, 1., nan]).max(0) -> values=tensor(nan), indices=tensor(new long[]{0})
        ValuesIndices vi = tensor(NAN, 1, NAN).max(0);
        assertTrue(Double.isNaN(vi.values().item()));
        assertEquals(0, vi.indices().itemLong());
    }

    @Test
    void maxMinAlongADimWithTiesTakingTheFirst() {
        Tensor x = tensor(new double[][]{{1, 5, 5}, {7, 7, 2}});
        ValuesIndices mx = x.max(1);
        assertValues(new double[]{5, 7}, mx.values(), 0);
        assertArrayEquals(new long[]{1, 0}, mx.indices().toLongArray());
        assertEquals(DType.INT64, mx.indices().dtype());
        ValuesIndices mn = x.min(-2, true);
        assertShape(mn.values(), 1, 3);
        assertValues(new double[]{1, 5, 2}, mn.values(), 0);
        assertArrayEquals(new long[]{0, 0, 1}, mn.indices().toLongArray());
    }

    @Test
    void maxMinZeroDimTensorsReduceOverTheirOnlyElement() {
        ValuesIndices vi = scalar(3.0).max(0);
        assertEquals(3.0, vi.values().item());
        assertEquals(0, vi.indices().itemLong());
        assertEquals(3.0, scalar(3.0).max().item());
    }

    @Test
    void maxMinEmptyInputsFollowPyTorch() {
        // torch.zeros(0, 3).max() -> RuntimeError: max(): Expected reduction dim to be specified for input.numel() == 0. ...
        var full = assertThrows(IllegalArgumentException.class, () -> zeros(0, 3).max());
        assertTrue(full.getMessage().startsWith("max(): Expected reduction dim to be specified for input.numel() == 0."),
                full.getMessage());
        assertTrue(full.getMessage().contains("[0, 3]"), full.getMessage());
        // torch.zeros(0, 3).max(0) -> IndexError: max(): Expected reduction dim 0 to have non-zero size.
        var dim = assertThrows(IndexOutOfBoundsException.class, () -> zeros(0, 3).min(0));
        assertTrue(dim.getMessage().startsWith("min(): Expected reduction dim 0 to have non-zero size"), dim.getMessage());
        // torch.zeros(0, 3).max(1) -> values=tensor([]), indices=tensor([], dtype=torch.int64)
        ValuesIndices ok = zeros(0, 3).max(1);
        assertShape(ok.values(), 0);
        assertShape(ok.indices(), 0);
    }

    // ---- argmax, argmin ----
    @Test
    void argFlattenedAndAlongADim() {
        Tensor x = tensor(new double[][]{{1, 5, 5}, {7, 7, 2}});
        // torch.tensor([[1., 5, 5], [7, 7, 2]]).argmax() -> tensor(new long[]{3})
        Tensor flat = x.argmax();
        assertShape(flat);
        assertEquals(DType.INT64, flat.dtype());
        assertEquals(3, flat.itemLong());
        assertEquals(0, x.argmin().itemLong());
        assertArrayEquals(new long[]{1, 0}, x.argmax(1).toLongArray());
        // torch.tensor([[1., 5, 5], [7, 7, 2]]).argmax(1, keepdim=True) -> tensor([[1], [0]])
        assertShape(x.argmax(1, true), 2, 1);
        assertArrayEquals(new long[]{0, 0, 1}, x.argmin(-2).toLongArray());
    }

    @Test
    void argNanCountsAsTheExtreme() {
        // torch.tensor([1., nan, 3.]).argmax() -> tensor(new long[]{1}); .argmin() -> tensor(new long[]{1})
        assertEquals(1, tensor(1, NAN, 3).argmax().itemLong());
        assertEquals(1, tensor(1, NAN, 3).argmin().itemLong());
    }

    @Test
    void argErrorsFollowPyTorch() {
        // torch.tensor([True, False]).argmax() -> RuntimeError: "argmax_cpu" not implemented for 'Bool'
        var bool = assertThrows(IllegalArgumentException.class, () -> tensor(true, false).argmax());
        assertTrue(bool.getMessage().startsWith("\"argmax_cpu\" not implemented for 'Bool'"), bool.getMessage());
        var empty = assertThrows(IndexOutOfBoundsException.class, () -> zeros(0, 3).argmax());
        assertTrue(empty.getMessage().startsWith("argmax(): Expected reduction dim to be specified for input.numel() == 0"));
        var emptyDim = assertThrows(IndexOutOfBoundsException.class, () -> zeros(0, 3).argmin(0));
        assertTrue(emptyDim.getMessage().startsWith("argmin(): Expected reduction dim 0 to have non-zero size"));
        assertShape(zeros(0, 3).argmax(1), 0);
    }

    @Test
    void argOfIntegerInputs() {
        assertEquals(2, tensor(new long[]{4, -1, 9, 9}).argmax().itemLong());
        assertEquals(1, tensor(new long[]{4, -1, 9, 9}).argmin().itemLong());
    }

    // ---- std, var ----
    @Test
    void stdVarHandValues() {
        // [1, 2, 3, 4]: mean 2.5, Σ(x − x̄)² = 2.25 + 0.25 + 0.25 + 2.25 = 5
        Tensor x = tensor(1.0, 2, 3, 4);
        assertEquals(5.0 / 3, x.var().item(), 1e-6);
        assertEquals(Math.sqrt(5.0 / 3), x.std().item(), 1e-6);
        assertEquals(5.0 / 4, x.var(null, 0, false).item(), 1e-7);
        assertEquals(5.0 / 2, x.var(null, 2, false).item(), 1e-7);
        // rows of m23: Σ(x − x̄)² = 2 each, /2
        assertValues(new double[]{1, 1}, m23().var(1), 1e-7);
        assertShape(m23().std(-1, true), 2, 1);
        // columns: (1, 4) → Σ = 4.5, /1
        assertValues(new double[]{4.5, 4.5, 4.5}, m23().var(0), 1e-6);
    }

    @Test
    void stdVarAgainstPyTorchInFloat32() {
        Tensor b = tensor(new double[][]{{1.5, 2.25, -3}, {4, 0.1, 7}});
        // b.std(1).tolist() -> [2.839454174041748, 3.459768772125244]
        assertArrayEquals(new float[]{2.839454174041748f, 3.459768772125244f}, b.std(1).toFloatArray(), 0f);
        // b.var().item() -> 11.583749771118164 ; b.std().item() -> 3.4034907817840576
        assertEquals(11.583749771118164f, b.var().toFloatArray()[0], 0f);
        assertEquals(3.4034907817840576f, b.std().toFloatArray()[0], 0f);
        // torch.var(b, dim=0, correction=0).tolist() -> [1.5625, 1.1556249856948853, 25.0]
        assertArrayEquals(new float[]{1.5625f, 1.1556249856948853f, 25f}, b.var(new int[]{0}, 0, false).toFloatArray(), 0f);
    }

    @Test
    void stdVarMultipleDims() {
        // torch.var(torch.tensor([[1., 2, 4], [3, 5, 9]]), dim=(0, 1), correction=1) -> tensor(8.)
        Tensor x = tensor(new double[][]{{1, 2, 4}, {3, 5, 9}});
        assertEquals(8.0, x.var(new int[]{0, -1}, 1, false).item(), 1e-6);
        assertShape(x.var(new int[]{0, 1}, 1, true), 1, 1);
    }

    @Test
    void stdVarTooFewElementsGiveNanOrInf() {
        // torch.tensor([3.]).std() -> nan (0/0);  torch.var(torch.tensor([1., 2]), dim=None, correction=2) -> inf
        assertTrue(Double.isNaN(tensor(3.0).std().item()));
        assertEquals(INF, tensor(1.0, 2).var(null, 2, false).item());
        assertEquals(INF, tensor(1.0, 2).var(null, 3, false).item()); // divisor max(0, N − c) = 0
        assertTrue(Double.isNaN(zeros(0).var().item()));
        assertTrue(Double.isNaN(zeros(3, 0).std(1).toDoubleArray()[2]));
    }

    @Test
    void stdVarIntegerInputIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> tensor(new long[]{1, 2, 3}).std());
        assertTrue(e.getMessage().startsWith("std and var only support floating point and complex dtypes."), e.getMessage());
        assertTrue(e.getMessage().contains("toFloat()"), e.getMessage());
    }

    @Test
    void stdVarFloat64StaysFloat64() {
        assertEquals(DType.FLOAT64, tensor(DType.FLOAT64, 1, 2).var().dtype());
        assertEquals(0.5, tensor(DType.FLOAT64, 1, 2).var().item());
    }

    // ---- norm ----
    @Test
    void normEveryOrder() {
        Tensor v = tensor(3.0, -4, 0);
        assertEquals(5.0, v.norm().item(), 1e-6); // √(9 + 16)
        assertEquals(7.0, v.norm(1).item(), 1e-6);
        assertEquals(4.0, v.norm(INF).item());
        assertEquals(0.0, v.norm(Double.NEGATIVE_INFINITY).item());
        assertEquals(3.0, tensor(3.0, -4).norm(Double.NEGATIVE_INFINITY).item());
        assertEquals(2.0, v.norm(0).item()); // non-zeros
        // (1/3 + 1/4)⁻¹ = 12/7;  torch.tensor([3., -4]).norm(-1) -> tensor(1.7143)
        assertEquals(12.0 / 7, tensor(3.0, -4).norm(-1).item(), 1e-6);
        // torch.tensor([1., -2, 3.5]).norm(3).item() -> 3.729518175125122 ; .norm(0.5) -> 18.361587524414062
        assertEquals(3.729518175125122f, tensor(1, -2, 3.5).norm(3).toFloatArray()[0], 1e-6f);
        assertEquals(18.361587524414062f, tensor(1, -2, 3.5).norm(0.5).toFloatArray()[0], 1e-5f);
    }

    @Test
    void normAlongDims() {
        // torch.tensor([[1.5, 2.25, -3], [4, 0.1, 7]]).norm(2, 1).tolist() -> [4.038873672485352, 8.062877655029297]
        Tensor b = tensor(new double[][]{{1.5, 2.25, -3}, {4, 0.1, 7}});
        assertArrayEquals(new float[]{4.038873672485352f, 8.062877655029297f}, b.norm(2, 1, false).toFloatArray(), 1e-6f);
        assertValues(new double[]{5.5, 2.35, 10}, b.norm(1, new int[]{0}, false), 1e-6);
        assertShape(b.norm(INF, -1, true), 2, 1);
        assertValues(new double[]{3, 7}, b.norm(INF, -1, true), 0);
    }

    @Test
    void normOfNothingIsZeroForEveryOrder() {
        // torch.zeros(0, 3).norm(inf, 0) -> tensor([0., 0., 0.]);  torch.zeros(0).norm(-1) -> tensor(0.)
        for (double p : new double[]{2, 1, 0, INF, Double.NEGATIVE_INFINITY, 3, -1})
            assertValues(new double[]{0, 0, 0}, zeros(0, 3).norm(p, 0, false), 0);
        assertEquals(0.0, zeros(0).norm(-1).item());
    }

    @Test
    void normFloat32OverflowsAsPyTorch() {
        // torch.tensor([1e20, 1e20]).norm() -> tensor(inf): the squares overflow float32
        assertEquals(INF, tensor(1e20, 1e20).norm().item());
        assertEquals(Math.sqrt(2) * 1e20, tensor(DType.FLOAT64, 1e20, 1e20).norm().item(), 1e6);
    }

    @Test
    void normNanPropagates() {
        assertTrue(Double.isNaN(tensor(3, NAN).norm(INF).item()));
        assertTrue(Double.isNaN(tensor(3, NAN).norm(Double.NEGATIVE_INFINITY).item()));
        assertTrue(Double.isNaN(tensor(3, NAN).norm().item()));
    }

    @Test
    void normIntegerInputIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> tensor(new long[]{1, 2}).norm());
        assertTrue(e.getMessage().startsWith("norm(): input dtype should be either floating point or complex. Got Long"
                + " instead."), e.getMessage());
    }

    // ---- cumsum, cumprod ----
    @Test
    void cumsumAndCumprodAlongDims() {
        assertValues(new double[]{1, 2, 3, 5, 7, 9}, m23().cumsum(0), 0);
        assertValues(new double[]{1, 3, 6, 4, 9, 15}, m23().cumsum(-1), 0);
        assertValues(new double[]{1, 2, 6, 4, 20, 120}, m23().cumprod(1), 0);
        assertValues(new double[]{1, 2, 3, 4, 10, 18}, m23().t().cumprod(1).t(), 0);
    }

    @Test
    void cumulativeOpsOfIntegersAccumulateInInt64() {
        // torch.tensor([True, False]).cumsum(0) -> tensor([1, 1]);  int32/uint8 cumsum -> int64 as well
        Tensor c = tensor(true, false).cumsum(0);
        assertEquals(DType.INT64, c.dtype());
        assertArrayEquals(new long[]{1, 1}, c.toLongArray());
        assertEquals(DType.INT64, tensor(new long[]{1, 2}).toInt().cumprod(0).dtype());
        assertArrayEquals(new long[]{1, 3}, tensor(new long[]{1, 2}).to(DType.UINT8).cumsum(0).toLongArray());
    }

    @Test
    void cumsumFloat32RunningSumIsRoundedOncePerOutput() {
        // torch.tensor([0.1] * 10).cumsum(0)[-1].item() -> 1.0 (a float32 running sum would give 1.0000001)
        Tensor c = full(new int[]{10}, 0.1).cumsum(0);
        assertEquals(1.0f, c.toFloatArray()[9]);
        assertEquals(0.30000001192092896f, c.toFloatArray()[2]);
    }

    @Test
    void cumulativeOpsOfZeroDimAndEmptyTensors() {
        assertShape(scalar(3.0).cumsum(0));
        assertEquals(3.0, scalar(3.0).cumprod(-1).item());
        assertShape(zeros(0, 3).cumsum(0), 0, 3);
        assertThrows(IndexOutOfBoundsException.class, () -> m23().cumsum(2));
    }

    // ---- logsumexp ----
    @Test
    void logsumexpValues() {
        // log(e¹ + e²) = 2 + log(1 + e⁻¹)
        assertEquals(2 + Math.log1p(Math.exp(-1)), tensor(1.0, 2).logsumexp(0).item(), 1e-6);
        // torch.tensor([[1.5, 2.25, -3], [4, 0.1, 7]]).logsumexp(1).tolist() -> [2.6404285430908203, 7.049546718597412]
        Tensor b = tensor(new double[][]{{1.5, 2.25, -3}, {4, 0.1, 7}});
        assertArrayEquals(new float[]{2.6404285430908203f, 7.049546718597412f}, b.logsumexp(1).toFloatArray(), 1e-6f);
        assertShape(b.logsumexp(-1, true), 2, 1);
        assertEquals(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(4) + Math.exp(5) + Math.exp(6)),
                m23().logsumexp(new int[]{0, 1}, false).item(), 1e-5);
    }

    @Test
    void logsumexpStableForLargeFloat32Inputs() {
        // torch.tensor([-1e4, 1e4, 0]).logsumexp(0).item() -> 10000.0
        assertEquals(1e4, tensor(-1e4, 1e4, 0).logsumexp(0).item());
        // torch.tensor([-1000., -1000.]).logsumexp(0).item() -> -999.3068237304688  (−1000 + ln 2)
        assertEquals(-999.3068237304688f, tensor(-1000.0, -1000).logsumexp(0).toFloatArray()[0], 0f);
        assertEquals(1000 + Math.log(2), tensor(1000.0, 1000).logsumexp(0).item(), 1e-4);
    }

    @Test
    void logsumexpInfiniteAndNanInputs() {
        // torch.tensor([-inf, -inf]).logsumexp(0) -> tensor(-inf), not nan
        assertEquals(Double.NEGATIVE_INFINITY, tensor(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY).logsumexp(0).item());
        assertEquals(INF, tensor(INF, 1).logsumexp(0).item());
        assertEquals(INF, tensor(INF, INF).logsumexp(0).item());
        assertTrue(Double.isNaN(tensor(NAN, 1).logsumexp(0).item()));
    }

    @Test
    void logsumexpEmptyAndIntegerInputs() {
        // torch.zeros(2, 0).logsumexp(1) -> tensor([-inf, -inf])
        assertValues(new double[]{Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, zeros(2, 0).logsumexp(1), 0);
        // torch.tensor([1, 2]).logsumexp(0) -> tensor(2.3133) (float32)
        Tensor r = tensor(new long[]{1, 2}).logsumexp(0);
        assertEquals(DType.FLOAT32, r.dtype());
        assertEquals(2 + Math.log1p(Math.exp(-1)), r.item(), 1e-6);
    }

    // ---- softmax, logSoftmax ----
    @Test
    void softmaxAgainstPyTorch() {
        Tensor a = tensor(new double[][]{{1, 2, 3}, {1, -1, 0.5}});
        // a.softmax(1).tolist()
        assertArrayEquals(new float[]{0.09003057330846786f, 0.2447284758090973f, 0.6652409434318542f,
                0.5740969777107239f, 0.0776955783367157f, 0.34820741415023804f}, a.softmax(1).toFloatArray(), 1e-7f);
        // a.log_softmax(1).tolist()
        assertArrayEquals(new float[]{-2.4076058864593506f, -1.4076058864593506f, -0.40760594606399536f,
                -0.5549569725990295f, -2.5549569129943848f, -1.0549569129943848f}, a.logSoftmax(-1).toFloatArray(), 1e-6f);
        // a.softmax(0).tolist()
        assertArrayEquals(new float[]{0.5f, 0.9525741338729858f, 0.9241418242454529f, 0.5f, 0.04742587357759476f,
                0.07585817575454712f}, a.softmax(-2).toFloatArray(), 1e-7f);
    }

    @Test
    void softmaxRowsSumToOne() {
        manualSeed(0);
        Tensor p = randn(4, 7).mul(10.0).softmax(1);
        assertValues(new double[]{1, 1, 1, 1}, p.sum(1), 1e-6);
    }

    @Test
    void softmaxStableForLargeFloat32Inputs() {
        // logSoftmax of [1000, 0] is [0, −1000]; softmax is [1, 0]
        assertArrayEquals(new float[]{0, -1000}, tensor(1000.0, 0).logSoftmax(0).toFloatArray());
        assertArrayEquals(new float[]{1, 0}, tensor(1000.0, 0).softmax(0).toFloatArray());
        assertArrayEquals(new float[]{0, 1}, tensor(-1000.0, 1000).softmax(0).toFloatArray());
        // torch.tensor([[1e4, -1e4], [-1e4, -1e4 + 1]]).log_softmax(1).tolist()
        //   -> [[0.0, -20000.0], [-1.31326162815094, -0.31326165795326233]]
        Tensor big = tensor(new double[][]{{1e4, -1e4}, {-1e4, -1e4 + 1}});
        assertArrayEquals(new float[]{0, -20000, -1.31326162815094f, -0.31326165795326233f},
                big.logSoftmax(1).toFloatArray(), 1e-3f);
        assertArrayEquals(new float[]{1, 0, 0.2689414322376251f, 0.7310585975646973f}, big.softmax(1).toFloatArray(), 1e-6f);
        for (Tensor t : new Tensor[]{big.softmax(1), big.logSoftmax(1), big.softmax(0), big.logSoftmax(0)})
            assertEquals(0.0, t.isfinite().logicalNot().sum().item(), "no NaN or Inf in " + t);
    }

    @Test
    void softmaxInfiniteInputsAsPyTorch() {
        // torch.tensor([-inf, 0.]).log_softmax(0) -> tensor([-inf, 0.]);  torch.tensor([-inf, -inf]).softmax(0) -> [nan, nan]
        assertArrayEquals(new double[]{Double.NEGATIVE_INFINITY, 0}, tensor(Double.NEGATIVE_INFINITY, 0).logSoftmax(0).toDoubleArray());
        assertTrue(Double.isNaN(tensor(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY).softmax(0).toDoubleArray()[0]));
    }

    @Test
    void softmaxZeroDimEmptyAndIntegerInputs() {
        // torch.tensor(3.).softmax(0) -> tensor(1.);  .log_softmax(-1) -> tensor(0.)
        assertEquals(1.0, scalar(3.0).softmax(0).item());
        assertEquals(0.0, scalar(3.0).logSoftmax(-1).item());
        assertShape(zeros(0, 3).softmax(0), 0, 3);
        // torch.tensor([1, 2]).softmax(0) -> RuntimeError: "softmax_lastdim_kernel_impl" not implemented for 'Long'
        var e = assertThrows(IllegalArgumentException.class, () -> tensor(new long[]{1, 2}).softmax(0));
        assertTrue(e.getMessage().startsWith("\"softmax\" not implemented for 'Long'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tensor(new long[]{1, 2}).logSoftmax(0));
        assertThrows(IndexOutOfBoundsException.class, () -> m23().softmax(2));
    }

    @Test
    void softmaxFloat64() {
        Tensor p = tensor(DType.FLOAT64, 0, Math.log(3)).softmax(0);
        assertEquals(DType.FLOAT64, p.dtype());
        assertArrayEquals(new double[]{0.25, 0.75}, p.toDoubleArray(), 1e-15); // 1/(1+3), 3/(1+3)
    }

    // ---- the fused kernels against the composites they replace, on odd sizes and non-contiguous layouts ----

    /** A [rows, cols] float32 tensor read through a transposed view: [cols, rows] storage, so every row is strided. */
    private static Tensor transposedRandn(int rows, int cols) { return randn(cols, rows).t(); }

    @Test
    void boolAndIntegerSumsReadTheirOwnTypeAndLayout() {
        manualSeed(3);
        Tensor x = transposedRandn(37, 19);
        double[] v = x.toDoubleArray();
        for (DType dtype : new DType[]{DType.BOOL, DType.UINT8, DType.INT32, DType.INT64}) {
            Tensor t = dtype == DType.BOOL ? x.gt(0.0) : x.mul(10.0).abs().to(dtype);
            long[] e = new long[37 + 19];
            long all = 0;
            for (int i = 0; i < 37; i++)
                for (int j = 0; j < 19; j++) {
                    long w = dtype == DType.BOOL ? (v[i * 19 + j] > 0 ? 1 : 0) : (long) Math.abs((float) (v[i * 19 + j] * 10));
                    e[i] += w;
                    e[37 + j] += w;
                    all += w;
                }
            assertEquals(DType.INT64, t.sum(1).dtype());
            assertArrayEquals(java.util.Arrays.copyOf(e, 37), t.sum(1).toLongArray(), dtype.toString());
            assertArrayEquals(java.util.Arrays.copyOfRange(e, 37, 56), t.sum(0).toLongArray(), dtype.toString());
            assertEquals(all, t.sum().itemLong(), dtype.toString());
            assertEquals(all, t.contiguous().sum().itemLong(), dtype.toString());
        }
        // a long dense bool run is counted in pieces over the pool
        Tensor mask = arange(70_001).remainder(3).eq(0.0);
        assertEquals(23_334, mask.sum().itemLong());
    }

    @Test
    void varStdMatchTwoPassesInDoubleOnAnyLayout() {
        manualSeed(4);
        for (Tensor x : new Tensor[]{transposedRandn(37, 19).add(100.0), randn(37, 19).add(100.0), randn(70_001)}) {
            Tensor xd = x.toDouble();
            for (int[] dims : new int[][]{null, {0}, {-1}}) {
                if (dims != null && x.dim() == 1) continue;
                Tensor mean = xd.mean(dims, true), dev = xd.sub(mean);
                long count = dims == null ? x.numel() : x.size(dims[0]);
                Tensor expected = dev.mul(dev).sum(dims, false).div((double) (count - 1));
                assertArrayEquals(expected.toFloat().toFloatArray(), x.var(dims, 1, false).toFloatArray(), 1e-6f);
                assertArrayEquals(expected.sqrt().toFloat().toFloatArray(), x.std(dims, 1, false).toFloatArray(), 1e-6f);
            }
        }
        // columns of a row-major matrix (std(0) of a batch) wider than a vector
        Tensor batch = randn(9, 50);
        Tensor dev = batch.toDouble().sub(batch.toDouble().mean(new int[]{0}, true));
        assertArrayEquals(dev.mul(dev).sum(0).div(8.0).sqrt().toFloat().toFloatArray(), batch.std(0).toFloatArray(), 1e-6f);
    }

    @Test
    void normTwoSumsSquaresOnAnyLayout() {
        manualSeed(5);
        Tensor x = transposedRandn(37, 19);
        assertEquals(x.mul(x).sum().sqrt().item(), x.norm().item(), 1e-5);
        assertArrayEquals(x.mul(x).sum(0).sqrt().toFloatArray(), x.norm(2, 0, false).toFloatArray(), 1e-6f);
        assertArrayEquals(x.mul(x).sum(1).sqrt().toFloatArray(), x.norm(2, 1, false).toFloatArray(), 1e-6f);
        Tensor wide = randn(9, 50);
        assertArrayEquals(wide.mul(wide).sum(0).sqrt().toFloatArray(), wide.norm(2, 0, false).toFloatArray(), 1e-6f);
    }

    @Test
    void softmaxAlongAnyDimOfAnyLayout() {
        manualSeed(6);
        for (Tensor x : new Tensor[]{transposedRandn(37, 19), randn(5, 7, 33), randn(DType.FLOAT64, 5, 7, 33).permute(2, 0, 1)})
            for (int d = 0; d < x.dim(); d++) {
                Tensor shifted = x.sub(x.max(d, true).values());
                Tensor e = shifted.exp();
                assertArrayEquals(e.div(e.sum(d, true)).toDoubleArray(), x.softmax(d).toDoubleArray(), 1e-6, "softmax dim " + d);
                assertArrayEquals(shifted.sub(e.sum(d, true).log()).toDoubleArray(), x.logSoftmax(d).toDoubleArray(), 1e-5,
                        "logSoftmax dim " + d);
            }
    }

    /** x with dim d moved last (a view). */
    private static Tensor dimLast(Tensor x, int d) {
        int[] perm = new int[x.dim()];
        for (int i = 0, k = 0; i < x.dim(); i++) if (i != d) perm[k++] = i;
        perm[x.dim() - 1] = d;
        return x.permute(perm);
    }

    @Test
    void cumsumAlongAnyDimRoundsARunningDouble() {
        manualSeed(7);
        for (Tensor x : new Tensor[]{randn(5, 40), transposedRandn(37, 19), randn(3, 5, 4)})
            for (int d = 0; d < x.dim(); d++) {
                Tensor moved = dimLast(x, d).contiguous();
                int len = x.size(d);
                double[] v = moved.toDoubleArray(), expected = new double[v.length];
                for (int start = 0; start < v.length; start += len) {
                    double running = 0;
                    for (int i = 0; i < len; i++) expected[start + i] = (float) (running += v[start + i]);
                }
                assertArrayEquals(expected, dimLast(x.cumsum(d), d).contiguous().toDoubleArray(), 0, "dim " + d);
            }
        assertArrayEquals(new long[]{1, 3, 6, 10}, arange(1, 5).cumsum(0).toLongArray());
    }

    @Test
    void argmaxOverWholeTensorsAndStridedRows() {
        // the first of equal maxima wins, and a NaN counts as the largest
        Tensor x = tensor(new double[][]{{1, 7, 3}, {7, 2, 7}});
        assertEquals(1, x.argmax().itemLong());
        assertEquals(0, x.argmin().itemLong());
        assertArrayEquals(new long[]{1, 0, 1}, x.argmax(0, false).toLongArray());
        assertArrayEquals(new long[]{1, 0}, x.t().argmax(0, false).toLongArray());
        assertArrayEquals(new long[]{0, 1}, tensor(new double[][]{{NAN, 1}, {2, NAN}}).argmax(1, false).toLongArray());
        manualSeed(8);
        Tensor wide = randn(37, 100);
        ValuesIndices m = wide.max(1);
        long[] at = m.indices().toLongArray();
        for (int i = 0; i < 37; i++) assertEquals(wide.get(i).get((int) at[i]).item(), m.values().toDoubleArray()[i]);
    }

    // ---- equal, allclose ----
    @Test
    void equalComparesShapeAndValues() {
        assertTrue(m23().equal(m23()));
        assertFalse(m23().equal(m23().add(1e-3)));
        assertFalse(tensor(1.0).equal(tensor(new double[][]{{1}}))); // shapes differ
        // torch.equal(torch.tensor([1, 2]), torch.tensor([1., 2.])) -> True
        assertTrue(tensor(new long[]{1, 2}).equal(tensor(1.0, 2)));
        assertFalse(tensor(NAN).equal(tensor(NAN)));
        assertTrue(zeros(0).equal(zeros(0)));
    }

    @Test
    void allcloseToleratesSmallDifferences() {
        // torch.allclose(torch.tensor([1., 2]), torch.tensor([1., 2.000001])) -> True
        assertTrue(tensor(1.0, 2).allclose(tensor(1, 2.000001)));
        assertFalse(tensor(1.0, 2).allclose(tensor(1, 2.001)));
        assertTrue(tensor(1.0, 2).allclose(tensor(1, 2.001), 1e-3, 0)); // |Δ| = 0.001 ≤ 1e-3·2.001
        assertTrue(tensor(0.0).allclose(tensor(1e-9))); // |Δ| ≤ atol 1e-8
        assertTrue(tensor(INF).allclose(tensor(INF)));
        assertFalse(tensor(INF).allclose(tensor(Double.NEGATIVE_INFINITY)));
        assertFalse(tensor(NAN).allclose(tensor(NAN)));
        // torch.allclose(torch.tensor([1., 2]), torch.tensor([[1., 2], [1, 2]])) -> True (broadcast)
        assertTrue(tensor(1.0, 2).allclose(tensor(new double[][]{{1, 2}, {1, 2}})));
        assertFalse(tensor(1.0, 2).allclose(tensor(1.0)));
        assertTrue(tensor(new long[]{1, 2}).allclose(tensor(new long[]{1, 2})));
        assertTrue(tensor(true).allclose(tensor(true)));
    }

    @Test
    void allcloseNeedsOneDtype() {
        // torch.allclose(torch.tensor([1, 2]), torch.tensor([1., 2])) -> RuntimeError: Long did not match Float
        var e = assertThrows(IllegalArgumentException.class, () -> tensor(new long[]{1, 2}).allclose(tensor(1.0, 2)));
        assertTrue(e.getMessage().startsWith("Long did not match Float"), e.getMessage());
    }
}
