package ember;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Tensor literals, filled tensors, ranges, *Like factories, sharing memory with Java arrays, and reading back. */
class CreationTest {

    // ---- literals ----

    @Test
    void literalsTakePyTorchsDtypes() {
        Tensor v = tensor(1.5, 2, 3); // torch.tensor([1.5, 2., 3.]) -> float32
        assertEquals(DType.FLOAT32, v.dtype());
        assertArrayEquals(new int[]{3}, v.shape());
        assertArrayEquals(new float[]{1.5f, 2, 3}, v.toFloatArray());

        Tensor m = tensor(new double[][]{{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new int[]{2, 3}, m.shape());
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, m.toFloatArray());

        Tensor l = tensor(new long[]{1, -2, 3}); // torch.tensor([1, -2, 3]) -> int64
        assertEquals(DType.INT64, l.dtype());
        assertArrayEquals(new long[]{1, -2, 3}, l.toLongArray());
        assertEquals(DType.INT64, tensor(new int[]{4, 5}).dtype());
        assertEquals(DType.INT64, tensor(new long[][]{{1, 2}, {3, 4}}).dtype());

        Tensor b = tensor(true, false, true);
        assertEquals(DType.BOOL, b.dtype());
        assertArrayEquals(new boolean[]{true, false, true}, b.toBooleanArray());

        Tensor s = scalar(10.0); // torch.tensor(10.): 0-d float32
        assertEquals(0, s.dim());
        assertArrayEquals(new int[0], s.shape());
        assertEquals(1, s.numel());
        assertEquals(10.0, s.item());
        assertEquals(DType.INT64, scalarLong(7).dtype());
        assertEquals(7, scalarLong(7).itemLong());
        assertEquals(DType.FLOAT32, tensor(1, 2).dtype()); // tensor(1, 2) is torch.tensor([1., 2.]), as API.md says
        assertEquals(DType.INT64, tensor(new long[]{1, 2}).dtype());
        assertEquals(DType.BOOL, scalar(true).dtype());

        // torch.tensor([1.7, -1.7], dtype=torch.int64) -> [1, -1]: truncation toward zero
        assertArrayEquals(new long[]{1, -1}, tensor(DType.INT64, 1.7, -1.7).toLongArray());
        assertEquals(DType.FLOAT64, tensor(DType.FLOAT64, new double[][]{{1}}).dtype());
    }

    @Test
    void literalsCopyTheirInput() {
        double[] data = {1, 2};
        Tensor t = tensor(data);
        data[0] = 100;
        assertEquals(1.0, t.toDoubleArray()[0]);
    }

    @Test
    void raggedRowsAreRejectedInPyTorchsWords() {
        // torch.tensor([[1, 2], [3]]) -> ValueError: expected sequence of length 2 at dim 1 (got 1)
        var e = assertThrows(IllegalArgumentException.class, () -> tensor(new double[][]{{1, 2}, {3}}));
        assertEquals("expected sequence of length 2 at dim 1 (got 1)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tensor(new long[][]{{1, 2}, {3}}));
    }

    // ---- filled ----

    @Test
    void filledTensors() {
        assertArrayEquals(new float[6], empty(2, 3).toFloatArray()); // zero-filled here, uninitialised in PyTorch
        assertArrayEquals(new float[6], zeros(2, 3).toFloatArray());
        assertArrayEquals(new float[]{1, 1, 1, 1}, ones(2, 2).toFloatArray());
        assertArrayEquals(new float[]{7, 7, 7}, full(new int[]{3}, 7).toFloatArray());
        assertEquals(DType.FLOAT32, zeros(2).dtype());
        assertArrayEquals(new int[]{2, 0, 3}, zeros(2, 0, 3).shape());
        assertEquals(0, zeros(2, 0, 3).numel());
        assertEquals(0, zeros().dim()); // torch.zeros(()) is 0-d
        assertEquals(1, ones().numel());
        // torch.full((1,), -0.0) -> tensor([-0.])
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(full(new int[]{1}, -0.0).item()));
        // torch.zeros(2, -1) -> RuntimeError: Trying to create tensor with negative dimension -1: [2, -1]
        assertEquals("Trying to create tensor with negative dimension -1: [2, -1]",
                assertThrows(IllegalArgumentException.class, () -> zeros(2, -1)).getMessage());
    }

    @Test
    void dtypeOverloads() {
        assertEquals(DType.FLOAT64, zeros(DType.FLOAT64, 2).dtype());
        assertEquals(DType.INT64, empty(DType.INT64, 2).dtype());
        Tensor o = ones(DType.INT64, 2);
        assertEquals(DType.INT64, o.dtype());
        assertArrayEquals(new long[]{1, 1}, o.toLongArray());
        assertArrayEquals(new boolean[]{true, true}, ones(DType.BOOL, 2).toBooleanArray());
        Tensor f = full(new int[]{2}, 3, DType.INT32);
        assertEquals(DType.INT32, f.dtype());
        assertArrayEquals(new long[]{3, 3}, f.toLongArray());
        // torch.full((2,), 2.7, dtype=torch.int64) -> [2, 2]
        assertArrayEquals(new long[]{2, 2}, full(new int[]{2}, 2.7, DType.INT64).toLongArray());
        assertArrayEquals(new double[]{-0.5, -0.5}, full(new int[]{2}, -0.5, DType.FLOAT64).toDoubleArray());
        assertEquals(DType.FLOAT64, eye(DType.FLOAT64, 2, 2).dtype());
        assertEquals(DType.FLOAT64, linspace(0, 1, 3, DType.FLOAT64).dtype());
    }

    @Test
    void eyeSquareAndRectangular() {
        assertArrayEquals(new float[]{1, 0, 0, 0, 1, 0, 0, 0, 1}, eye(3).toFloatArray());
        // torch.eye(2, 3) -> [[1, 0, 0], [0, 1, 0]]
        Tensor r = eye(2, 3);
        assertArrayEquals(new int[]{2, 3}, r.shape());
        assertArrayEquals(new float[]{1, 0, 0, 0, 1, 0}, r.toFloatArray());
        assertArrayEquals(new float[]{1, 0, 0, 1, 0, 0}, eye(3, 2).toFloatArray());
        assertArrayEquals(new long[]{1, 0, 0, 1}, eye(DType.INT64, 2, 2).toLongArray());
        assertEquals(0, eye(0).numel());
        // torch.eye(-1) -> RuntimeError: n must be greater or equal to 0, got -1
        assertEquals("n must be greater or equal to 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> eye(-1)).getMessage());
        assertEquals("m must be greater or equal to 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> eye(2, -1)).getMessage());
    }

    // ---- ranges ----

    @Test
    void arangeDtypesAndCounts() {
        Tensor i = arange(4); // torch.arange(4) -> int64 [0, 1, 2, 3]
        assertEquals(DType.INT64, i.dtype());
        assertArrayEquals(new long[]{0, 1, 2, 3}, i.toLongArray());
        assertArrayEquals(new long[]{1, 3, 5, 7, 9}, arange(1, 10, 2).toLongArray());
        // torch.arange(-5, 5, 3) -> [-5, -2, 1, 4]; torch.arange(10, 0, -3) -> [10, 7, 4, 1]
        assertArrayEquals(new long[]{-5, -2, 1, 4}, arange(-5, 5, 3).toLongArray());
        assertArrayEquals(new long[]{10, 7, 4, 1}, arange(10, 0, -3).toLongArray());
        assertEquals(0, arange(5, 5).numel());

        Tensor f = arange(4.0); // torch.arange(4.0) -> float32
        assertEquals(DType.FLOAT32, f.dtype());
        assertArrayEquals(new float[]{0, 1, 2, 3}, f.toFloatArray());
        assertArrayEquals(new float[]{0.5f, 1.5f, 2.5f}, arange(0.5, 3).toFloatArray());
        assertArrayEquals(new float[]{0, 0.25f, 0.5f, 0.75f}, arange(0.0, 1.0, 0.25).toFloatArray());
        // ceil((end - start) / step) elements: torch.arange(0, 1, 0.1) has 10, torch.arange(0, 0.3, 0.1) has 3
        assertEquals(10, arange(0, 1, 0.1).numel());
        assertEquals(3, arange(0, 0.3, 0.1).numel());
        // torch.arange(1, 0, -0.25) -> [1, 0.75, 0.5, 0.25]
        assertArrayEquals(new float[]{1, 0.75f, 0.5f, 0.25f}, arange(1, 0, -0.25).toFloatArray());
        // torch.arange(0, 5.5, 1, dtype=torch.int64) -> [0, 1, 2, 3, 4]: integral dtypes count in int64
        assertArrayEquals(new long[]{0, 1, 2, 3, 4}, arange(DType.INT64, 0, 5.5, 1).toLongArray());
        assertEquals(DType.FLOAT64, arange(DType.FLOAT64, 0, 1, 0.5).dtype());
    }

    @Test
    void rangeErrorsInPyTorchsWords() {
        assertEquals("step must be nonzero", assertThrows(IllegalArgumentException.class, () -> arange(0, 10, 0)).getMessage());
        // torch.arange(0, 1.5, 0.5, dtype=torch.int64): the step truncates to 0
        assertEquals("step must be nonzero",
                assertThrows(IllegalArgumentException.class, () -> arange(DType.INT64, 0, 1.5, 0.5)).getMessage());
        assertEquals("upper bound and larger bound inconsistent with step sign",
                assertThrows(IllegalArgumentException.class, () -> arange(10, 0, 1)).getMessage());
        assertEquals("upper bound and larger bound inconsistent with step sign",
                assertThrows(IllegalArgumentException.class, () -> arange(0.0, 1.0, -0.1)).getMessage());
        assertEquals("unsupported range: 0 -> inf",
                assertThrows(IllegalArgumentException.class, () -> arange(0.0, Double.POSITIVE_INFINITY)).getMessage());
        assertEquals("unsupported range: 0 -> nan",
                assertThrows(IllegalArgumentException.class, () -> arange(0.0, Double.NaN)).getMessage());
        assertEquals("number of steps must be non-negative",
                assertThrows(IllegalArgumentException.class, () -> linspace(0, 1, -1)).getMessage());
        assertEquals("\"linspace_cpu\" not implemented for 'Bool'",
                assertThrows(IllegalArgumentException.class, () -> linspace(0, 1, 3, DType.BOOL)).getMessage());
    }

    @Test
    void linspaceEndsAndSmallCases() {
        assertArrayEquals(new float[]{0, 0.25f, 0.5f, 0.75f, 1}, linspace(0, 1, 5).toFloatArray());
        assertArrayEquals(new float[]{1, 0.5f, 0}, linspace(1, 0, 3).toFloatArray());
        assertArrayEquals(new float[]{0}, linspace(0, 1, 1).toFloatArray()); // torch.linspace(0, 1, 1) -> [0.]
        assertEquals(0, linspace(0, 1, 0).numel());
        // torch.linspace(0, 10, 5, dtype=torch.int64) -> [0, 2, 5, 7, 10]
        assertArrayEquals(new long[]{0, 2, 5, 7, 10}, linspace(0, 10, 5, DType.INT64).toLongArray());
        Tensor many = linspace(-3.7, 2.2, 1000);
        float[] v = many.toFloatArray();
        assertEquals((float) -3.7, v[0]);
        assertEquals((float) 2.2, v[999]); // the second half is counted down from end, so end is exact
    }

    /**
     * PyTorch's arange and linspace values (tools/golden/ranges.py), bit for bit: they depend on how its vectorised
     * loop computes each block of elements, which {@code Creation.fillRange} reproduces.
     */
    @TestFactory
    Stream<DynamicTest> rangesMatchPyTorchBitForBit() throws IOException {
        List<String> lines = new ArrayList<>();
        try (var in = Objects.requireNonNull(CreationTest.class.getResourceAsStream("/golden/ranges.txt"));
             var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) if (!line.startsWith("#") && !line.isBlank()) lines.add(line);
        }
        return lines.stream().map(line -> DynamicTest.dynamicTest(line.substring(0, line.indexOf(" :")), () -> {
            String[] parts = line.split(" : ?", 2);
            String[] c = parts[0].split(" ");
            DType dtype = RandomTest.dtype(c[1]);
            double a = Double.parseDouble(c[2]), b = Double.parseDouble(c[3]);
            Tensor t = c[0].equals("linspace") ? linspace(a, b, Integer.parseInt(c[4]), dtype)
                    : arange(dtype, a, b, Double.parseDouble(c[4]));
            String[] expected = parts.length < 2 || parts[1].isBlank() ? new String[0] : parts[1].trim().split(" ");
            assertEquals(dtype, t.dtype());
            assertEquals(expected.length, t.numel(), "element count");
            if (dtype.isFloatingPoint()) {
                double[] got = t.toDoubleArray();
                for (int i = 0; i < got.length; i++)
                    assertEquals(Double.parseDouble(expected[i]), got[i], 0.0, "element " + i);
            } else {
                long[] got = t.toLongArray();
                for (int i = 0; i < got.length; i++) assertEquals(Long.parseLong(expected[i]), got[i], "element " + i);
            }
        }));
    }

    // ---- *Like ----

    @Test
    void likeFactoriesKeepShapeAndDtype() {
        Tensor x = tensor(DType.FLOAT64, new double[][]{{1, 2, 3}, {4, 5, 6}});
        for (Tensor like : new Tensor[]{zerosLike(x), onesLike(x), emptyLike(x), fullLike(x, 2.5), randLike(x), randnLike(x)}) {
            assertArrayEquals(new int[]{2, 3}, like.shape());
            assertEquals(DType.FLOAT64, like.dtype());
        }
        assertArrayEquals(new double[6], zerosLike(x).toDoubleArray());
        assertArrayEquals(new double[]{1, 1, 1, 1, 1, 1}, onesLike(x).toDoubleArray());
        assertArrayEquals(new double[]{2.5, 2.5, 2.5, 2.5, 2.5, 2.5}, fullLike(x, 2.5).toDoubleArray());
        assertEquals(DType.INT64, zerosLike(x, DType.INT64).dtype());
        assertEquals(DType.BOOL, onesLike(x, DType.BOOL).dtype());
        // torch.full_like(torch.zeros(2, dtype=torch.long), 2.7) -> [2, 2]
        assertArrayEquals(new long[]{2, 2}, fullLike(zeros(DType.INT64, 2), 2.7).toLongArray());
        // a like-tensor of a view is a fresh contiguous tensor
        Tensor view = x.t();
        Tensor z = zerosLike(view);
        assertArrayEquals(new int[]{3, 2}, z.shape());
        assertTrue(z.isContiguous());
        assertNotSame(x.storage(), z.storage());
    }

    // ---- sharing memory with Java arrays ----

    @Test
    void fromArraySharesMemoryBothWays() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = fromArray(data, 2, 3);
        assertArrayEquals(new int[]{2, 3}, t.shape());
        assertEquals(DType.FLOAT32, t.dtype());
        data[4] = 50; // the array's write shows in the tensor
        assertEquals(50.0, t.select(0, 1).select(0, 1).item());
        try (var g = noGrad()) {
            t.mul_(2.0); // the tensor's write shows in the array
        }
        assertArrayEquals(new float[]{2, 4, 6, 8, 100, 12}, data);

        double[] d = {1, 2};
        Tensor td = fromArray(d);
        assertEquals(DType.FLOAT64, td.dtype());
        assertArrayEquals(new int[]{2}, td.shape());
        td.fill_(-1);
        assertArrayEquals(new double[]{-1, -1}, d);

        long[] l = {5, 6, 7, 8};
        Tensor tl = fromArray(l, 4);
        assertEquals(DType.INT64, tl.dtype());
        l[0] = 9;
        assertEquals(9, tl.select(0, 0).itemLong());
        tl.zero_();
        assertArrayEquals(new long[4], l);

        // a view of the wrapped tensor writes through to the array as well
        fromArray(data, 2, 3).t().select(0, 0).fill_(0);
        assertArrayEquals(new float[]{0, 4, 6, 0, 100, 12}, data);
    }

    @Test
    void fromArrayRejectsAShapeOfTheWrongSize() {
        // torch.from_numpy(a).view(2, 2) for 3 elements -> shape '[2, 2]' is invalid for input of size 3
        var e = assertThrows(IllegalArgumentException.class, () -> fromArray(new float[3], 2, 2));
        assertEquals("shape '[2, 2]' is invalid for input of size 3", e.getMessage());
    }

    // ---- reading back ----

    @Test
    void toArraysCopyNonContiguousViewsInRowMajorOrder() {
        Tensor x = arange(12.0).reshape(3, 4);
        // x.t()[1:3, ::2] -> [[1., 9.], [2., 10.]]; .reshape(-1).tolist() -> [1.0, 9.0, 2.0, 10.0]
        Tensor v = x.t().slice(0, 1, 3, 1).slice(1, null, null, 2);
        assertFalse(v.isContiguous());
        assertArrayEquals(new float[]{1, 9, 2, 10}, v.toFloatArray());
        assertArrayEquals(new double[]{1, 9, 2, 10}, v.toDoubleArray());
        assertArrayEquals(new long[]{1, 9, 2, 10}, v.toLongArray());
        assertArrayEquals(new boolean[]{true, true, true, true}, v.toBooleanArray());
        assertArrayEquals(new boolean[]{false, true, true}, x.select(1, 0).sub(0.0).toBooleanArray());

        float[] copy = v.toFloatArray();
        copy[0] = -1; // a copy: the tensor is unchanged
        assertEquals(1f, v.toFloatArray()[0]);
        // casting copies: float -> long truncates toward zero, as x.long() does
        assertArrayEquals(new long[]{0, -1, 2}, tensor(0.9, -1.9, 2.5).toLongArray());
    }

    @Test
    void itemReadsTheOnlyElement() {
        assertEquals(2.5, scalar(2.5).item());
        assertEquals(6.0, arange(12.0).reshape(3, 4).t().select(0, 2).select(0, 1).item()); // x[1, 2] through a view
        assertEquals(3, tensor(new long[]{3}).itemLong());
        assertEquals(1.0, tensor(true).item());
        assertEquals(4.0, ones(1, 1).mul(4.0).item()); // one element of any rank
    }

    @Test
    void itemRejectsSeveralElements() {
        // torch.zeros(2, 3).item() -> only one element tensors can be converted to Python scalars
        var e = assertThrows(IllegalArgumentException.class, () -> zeros(2, 3).item());
        assertTrue(e.getMessage().startsWith("only one element tensors can be converted to Java scalars"), e.getMessage());
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("6 elements"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> zeros(0).item());
        assertThrows(IllegalArgumentException.class, () -> arange(3).itemLong());
    }
}
