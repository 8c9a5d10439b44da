package ember.ops;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import ember.autograd.GradCheck;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Shape ops: which results are views (sharing memory, PyTorch's strides) and which are copies, with PyTorch's
 * errors. Strides, offsets and contiguity come from {@code /usr/bin/python3} with torch 1.13, on
 * {@code x = torch.arange(24.).reshape(2, 3, 4)} unless a comment says otherwise.
 */
class ShapeTest {
    /** x = arange(24).reshape(2, 3, 4): element (i, j, k) holds 12i + 4j + k. */
    static Tensor x() { return arange(24.0).reshape(2, 3, 4); }

    static void assertView(Tensor base, Tensor view, int[] shape, int[] stride, int offset, boolean contiguous) {
        assertSame(base.storage(), view.storage(), "a view shares its base's storage");
        assertLayout(view, shape, stride, offset, contiguous);
    }

    static void assertLayout(Tensor t, int[] shape, int[] stride, int offset, boolean contiguous) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(stride, t.stride(), "stride");
        assertEquals(offset, t.storageOffset(), "storage offset");
        assertEquals(contiguous, t.isContiguous(), "is_contiguous");
    }

    static void assertCopy(Tensor base, Tensor copy) {
        assertNotSame(base.storage(), copy.storage(), "a copy has its own storage");
    }

    static int[] s(int... v) { return v; }

    static String message(Runnable r) {
        return assertThrows(RuntimeException.class, r::run).getMessage();
    }

    // ---- reshape / view ---------------------------------------------------------------------------------------

    @Test
    void reshapeIsAViewWhenTheStridesAllow() {
        Tensor x = x();
        assertView(x, x.reshape(6, 4), s(6, 4), s(4, 1), 0, true);
        assertView(x, x.view(4, -1), s(4, 6), s(6, 1), 0, true);
        // x[:, 1].reshape(2, 2, 2): the selected rows split without crossing a gap
        assertView(x, x.select(1, 1).reshape(2, 2, 2), s(2, 2, 2), s(12, 2, 1), 4, false);
        // x[:, :, 1].reshape(6): one stride (4) runs through both dims
        assertView(x, x.select(2, 1).reshape(6), s(6), s(4), 1, false);
        // writes through the reshaped view reach the base: x.reshape(6, 4)[5, 3] is x[1, 2, 3]
        x.reshape(6, 4).select(0, 5).select(0, 3).fill_(-1);
        assertEquals(-1, x.select(0, 1).select(0, 2).select(0, 3).item());
    }

    @Test
    void reshapeCopiesWhenNoViewExistsAsPyTorch() {
        Tensor x = x();
        // x.transpose(0, 1).reshape(3, 8): rows of the transpose are not evenly spaced in memory
        Tensor r = x.transpose(0, 1).reshape(3, 8);
        assertCopy(x, r);
        assertLayout(r, s(3, 8), s(8, 1), 0, true);
        // x.transpose(0,1).reshape(3,8).flatten().tolist()
        assertArrayEquals(new double[]{0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23},
                r.toDoubleArray());
        assertCopy(x, x.transpose(1, 2).reshape(2, 12));
        assertCopy(x, x.transpose(0, 1).select(0, 0).reshape(8));
        // the copy's graph is PyTorch's: x.t().reshape(-1).grad_fn is UnsafeViewBackward0 over CloneBackward0
        Tensor w = ones(2, 3).requiresGrad_();
        Tensor flat = w.t().reshape(-1);
        assertEquals("UnsafeViewBackward0", flat.gradFn().name());
        assertEquals("CloneBackward0", flat.gradFn().nextFunctions().get(0).node().name());
        assertEquals("ViewBackward0", w.reshape(-1).gradFn().name());
    }

    @Test
    void copyingReshapeHasTheGradientOfAReshape() {
        Tensor a = randn(DType.FLOAT64, 3, 4).requiresGrad_();
        // UnsafeViewBackward0: the gradient is reshaped back to the copy's shape
        assertTrue(GradCheck.gradcheck(in -> in[0].t().reshape(2, 6).mul(in[0].t().reshape(2, 6)), a));
    }

    @Test
    void viewRefusesWithPyTorchsHint() {
        Tensor t = arange(6.0).reshape(2, 3).t();
        assertEquals("view size is not compatible with input tensor's size and stride (at least one dimension spans across"
                + " two contiguous subspaces). Use .reshape(...) instead.", message(() -> t.view(6)));
        // a view that keeps the transposed dims apart is fine: [3, 2] → [3, 1, 2]
        // torch.arange(6.).reshape(2,3).t().view(3,1,2).stride() -> (1, 6, 3)
        assertView(t, t.view(3, 1, 2), s(3, 1, 2), s(1, 6, 3), 0, false);
    }

    @Test
    void shapeErrorsAndInference() {
        Tensor a = arange(6.0);
        assertEquals("shape '[4, 2]' is invalid for input of size 6", message(() -> a.view(4, 2)));
        assertEquals("shape '[4, -1]' is invalid for input of size 6", message(() -> a.reshape(4, -1)));
        assertEquals("shape '[0, -1]' is invalid for input of size 6", message(() -> a.view(0, -1)));
        assertEquals("only one dimension can be inferred", message(() -> a.view(-1, -1)));
        assertEquals("invalid shape dimension -2", message(() -> a.view(-2, 3)));
        assertEquals("cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimension size -1 can"
                + " be any value and is ambiguous", message(() -> arange(0.0).view(0, -1)));
        // -1 takes what is left: 6 / (3·1) = 2
        assertArrayEquals(s(3, 1, 2), a.reshape(3, 1, -1).shape());
        assertArrayEquals(s(6), a.reshape(-1).shape());
        // 0-d ↔ one element: torch.tensor(5.).view(1, 1).stride() -> (1, 1); torch.ones(1, 1).view([]) is 0-d
        assertLayout(scalar(5).view(1, 1), s(1, 1), s(1, 1), 0, true);
        assertArrayEquals(s(), ones(1, 1).view().shape());
        assertArrayEquals(s(1), scalar(5).reshape(-1).shape());
    }

    @Test
    void flattenAndUnflatten() {
        Tensor x = x();
        assertView(x, x.flatten(), s(24), s(1), 0, true);
        assertView(x, x.flatten(1, -1), s(2, 12), s(12, 1), 0, true);
        assertSame(x, x.flatten(1, 1), "flattening one dim returns the tensor itself, as PyTorch");
        assertArrayEquals(s(1), scalar(5).flatten().shape());
        assertCopy(x, x.transpose(0, 2).flatten());
        assertEquals("flatten() has invalid args: start_dim cannot come after end_dim", message(() -> x.flatten(2, 1)));
        assertView(x, x.unflatten(2, 2, 2), s(2, 3, 2, 2), s(12, 4, 2, 1), 0, true);
        assertArrayEquals(s(2, 3, 2, 2), x.unflatten(-1, -1, 2).shape());
        assertEquals("unflatten: Provided sizes [4, 2] don't multiply up to the size of dim 1 (6) in the input tensor",
                message(() -> ones(2, 6).unflatten(1, 4, 2)));
    }

    // ---- dims ------------------------------------------------------------------------------------------------

    @Test
    void transposeTPermuteTmT() {
        Tensor x = x();
        assertView(x, x.transpose(0, 2), s(4, 3, 2), s(1, 4, 12), 0, false);
        assertView(x, x.transpose(-1, 0), s(4, 3, 2), s(1, 4, 12), 0, false);
        assertView(x, x.permute(1, 2, 0), s(3, 4, 2), s(4, 1, 12), 0, false);
        assertView(x, x.permute(-2, -1, -3), s(3, 4, 2), s(4, 1, 12), 0, false);
        assertView(x, x.T(), s(4, 3, 2), s(1, 4, 12), 0, false);
        assertView(x, x.mT(), s(2, 4, 3), s(12, 1, 4), 0, false);
        assertView(x, x.select(0, 1).t(), s(4, 3), s(1, 4), 12, false);
        // transposed element (k, j) of x[1] is x[1, j, k] = 12 + 4j + k: (3, 2) → 23
        assertEquals(23, x.select(0, 1).t().select(0, 3).select(0, 2).item());
        // 1-D and 0-d: t() and transpose(0, -1) give the tensor's own layout
        assertArrayEquals(s(3), ones(3).t().shape());
        assertArrayEquals(s(), scalar(1).transpose(0, -1).shape());
        assertEquals("Dimension out of range (expected to be in range of [-1, 0], but got 1)",
                message(() -> scalar(1).transpose(0, 1)));
        assertEquals("t() expects a tensor with <= 2 dimensions, but self is 3D", message(x::t));
        assertEquals("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.",
                message(() -> ones(2).mT()));
        assertEquals("permute(): duplicate dims are not allowed.", message(() -> ones(2, 3).permute(0, 0)));
        assertTrue(message(() -> ones(2, 3).permute(0)).contains("input.dim() = 2 is not equal to len(dims) = 1"));
        assertEquals("Dimension out of range (expected to be in range of [-3, 2], but got 3)", message(() -> x.transpose(0, 3)));
    }

    @Test
    void expandUsesStrideZero() {
        Tensor x = x();
        // x[:, 0:1].expand(2, 5, 4): the size-1 dim gets stride 0
        assertView(x, x.narrow(1, 0, 1).expand(2, 5, 4), s(2, 5, 4), s(12, 0, 1), 0, false);
        // x[0, 0].expand(3, 4): a new leading dim gets stride 0
        assertView(x, x.select(0, 0).select(0, 0).expand(3, 4), s(3, 4), s(0, 1), 0, false);
        // -1 keeps a size; torch.ones(3, 1).expand(-1, 4).stride() -> (1, 0)
        assertLayout(ones(3, 1).expand(-1, 4), s(3, 4), s(1, 0), 0, false);
        // PyTorch keeps a real stride where nothing is broadcast: torch.ones(3).expand(1, 3).stride() -> (3, 1),
        // torch.ones(3).expand(2, 1, 3).stride() -> (0, 3, 1); a 0-d tensor expands with stride 0 everywhere
        assertLayout(ones(3).expand(1, 3), s(1, 3), s(3, 1), 0, true);
        assertLayout(ones(3).expand(2, 1, 3), s(2, 1, 3), s(0, 3, 1), 0, false);
        assertLayout(scalar(5).expand(2, 2), s(2, 2), s(0, 0), 0, false);
        // every row of an expanded view is the same memory
        Tensor base = tensor(1., 2., 3.);
        Tensor e = base.expand(2, 3);
        base.mul_(10L);
        assertArrayEquals(new double[]{10, 20, 30, 10, 20, 30}, e.toDoubleArray());
        assertEquals("The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1."
                + "  Target sizes: [2, 4].  Tensor sizes: [3]", message(() -> ones(3).expand(2, 4)));
        assertEquals("expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal"
                + " to the number of dimensions in the tensor (2)", message(() -> ones(2, 3).expand(3)));
        assertEquals("The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0",
                message(() -> ones(3).expand(-1, 3)));
        assertEquals("The expanded size of the tensor (-2) must match the existing size (3) at non-singleton dimension 0."
                + "  Target sizes: [-2].  Tensor sizes: [3]", message(() -> ones(3).expand(-2)));
    }

    @Test
    void squeezeAndUnsqueeze() {
        Tensor x = x();
        Tensor col = x.narrow(1, 0, 1); // [2, 1, 4]
        assertView(x, col.squeeze(), s(2, 4), s(12, 1), 0, false);
        assertView(x, col.squeeze(1), s(2, 4), s(12, 1), 0, false);
        assertView(x, col.squeeze(0), s(2, 1, 4), s(12, 4, 1), 0, false); // size 2: unchanged
        assertArrayEquals(s(), ones(1, 1).squeeze().shape());
        assertArrayEquals(s(), scalar(5).squeeze(0).shape());
        assertEquals("Dimension out of range (expected to be in range of [-1, 0], but got 1)", message(() -> scalar(5).squeeze(1)));
        // unsqueeze strides: size·stride of the dim it lands before, 1 at the end
        assertView(x, x.unsqueeze(1), s(2, 1, 3, 4), s(12, 12, 4, 1), 0, true);
        assertView(x, x.unsqueeze(-1), s(2, 3, 4, 1), s(12, 4, 1, 1), 0, true);
        // torch.ones(2, 3).t().unsqueeze(i).stride() for i = 0, 1, 2 -> (3, 1, 3), (1, 6, 3), (1, 3, 1)
        Tensor t = ones(2, 3).t();
        assertArrayEquals(s(3, 1, 3), t.unsqueeze(0).stride());
        assertArrayEquals(s(1, 6, 3), t.unsqueeze(1).stride());
        assertArrayEquals(s(1, 3, 1), t.unsqueeze(2).stride());
        assertArrayEquals(s(1), scalar(5).unsqueeze(0).shape());
        assertEquals("Dimension out of range (expected to be in range of [-3, 2], but got 3)",
                message(() -> ones(2, 3).unsqueeze(3)));
    }

    // ---- parts ------------------------------------------------------------------------------------------------

    @Test
    void narrowSelectAndSlice() {
        Tensor x = x();
        assertView(x, x.narrow(2, 1, 2), s(2, 3, 2), s(12, 4, 1), 1, false);
        assertView(x, x.narrow(-1, -3, 2), s(2, 3, 2), s(12, 4, 1), 1, false); // start −3 is 4 − 3 = 1
        assertView(x, x.select(1, 2), s(2, 4), s(12, 1), 8, false);
        assertView(x, x.select(1, -1), s(2, 4), s(12, 1), 8, false);
        // x[:, ::2, 1::2]
        assertView(x, x.slice(1, null, null, 2).slice(2, 1, null, 2), s(2, 2, 2), s(12, 8, 2), 1, false);
        // x[:, -2:, :-1]
        assertView(x, x.slice(1, -2, null, 1).slice(2, null, -1, 1), s(2, 2, 3), s(12, 4, 1), 4, false);
        // Python bounds are clamped: x[:, 5:] is empty at offset 3·4 = 12; x[:, 2:1] is empty at offset 8
        assertLayout(x.slice(1, 5, null, 1), s(2, 0, 4), s(12, 4, 1), 12, true);
        assertLayout(x.slice(1, 2, 1, 1), s(2, 0, 4), s(12, 4, 1), 8, true);
        assertArrayEquals(s(2, 3, 4), x.slice(1, -10, 10, 1).shape());
        // values: x[1, ::2, 3] = [15, 23]
        assertArrayEquals(new double[]{15, 23}, x.select(0, 1).slice(0, null, null, 2).select(1, 3).toDoubleArray());
        assertEquals("start (1) + length (3) exceeds dimension size (3).", message(() -> ones(3).narrow(0, 1, 3)));
        assertEquals("start (0) + length (-1) exceeds dimension size (3).", message(() -> ones(3).narrow(0, 0, -1)));
        assertThrows(IndexOutOfBoundsException.class, () -> ones(3).narrow(0, 4, 0));
        assertEquals("narrow() cannot be applied to a 0-dim tensor.", message(() -> scalar(1).narrow(0, 0, 1)));
        assertEquals("index 3 is out of bounds for dimension 0 with size 3",
                assertThrows(IndexOutOfBoundsException.class, () -> ones(3).select(0, 3)).getMessage());
        assertEquals("select() cannot be applied to a 0-dim tensor.", message(() -> scalar(1).select(0, 0)));
        assertEquals("slice step must be positive", message(() -> ones(3).slice(0, null, null, -1)));
    }

    @Test
    void splitChunkUnbind() {
        Tensor x = x();
        List<Tensor> bySize = x.split(2, 1);
        assertEquals(2, bySize.size());
        assertView(x, bySize.get(0), s(2, 2, 4), s(12, 4, 1), 0, false);
        assertView(x, bySize.get(1), s(2, 1, 4), s(12, 4, 1), 8, false);
        List<Tensor> lastDim = x.split(2, -1);
        assertEquals(List.of(0, 2), lastDim.stream().map(Tensor::storageOffset).toList());
        // chunk: ⌈5/3⌉ = 2 per piece → [2, 2, 1]; ⌈5/4⌉ = 2 → only 3 pieces, as PyTorch
        assertEquals(List.of(2, 2, 1), ones(5).chunk(3, 0).stream().map(t -> t.size(0)).toList());
        assertEquals(List.of(2, 2, 1), ones(5).chunk(4, 0).stream().map(t -> t.size(0)).toList());
        assertEquals(List.of(2, 2, 2), ones(6).chunk(4, 0).stream().map(t -> t.size(0)).toList());
        // an empty dim: split gives one empty piece, chunk gives `chunks` of them
        assertEquals(1, ones(0).split(2, 0).size());
        assertEquals(1, ones(0).split(0, 0).size());
        assertEquals(3, ones(0).chunk(3, 0).size());
        assertEquals("split_size can only be 0 if dimension size is 0, but got dimension size of 5",
                message(() -> ones(5).split(0, 0)));
        assertEquals("split expects split_size be non-negative, but got split_size=-1", message(() -> ones(5).split(-1, 0)));
        assertEquals("chunk expects `chunks` to be greater than 0, got: 0", message(() -> ones(6).chunk(0, 0)));
        List<Tensor> rows = x.unbind(1);
        assertEquals(3, rows.size());
        for (int j = 0; j < 3; j++) assertView(x, rows.get(j), s(2, 4), s(12, 1), 4 * j, false);
    }

    // ---- copies -----------------------------------------------------------------------------------------------

    @Test
    void repeatTilesACopy() {
        Tensor m = tensor(new long[][]{{1, 2}, {3, 4}});
        Tensor r = m.repeat(2, 3);
        assertCopy(m, r);
        // torch.tensor([[1,2],[3,4]]).repeat(2,3)
        assertArrayEquals(new long[]{1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}, r.toLongArray());
        assertArrayEquals(s(4, 6), r.shape());
        assertEquals(DType.INT64, r.dtype());
        assertArrayEquals(s(2, 1, 4), tensor(new long[]{1L, 2L}).repeat(2, 1, 2).shape());
        assertArrayEquals(s(0, 4), tensor(new long[]{1L, 2L}).repeat(0, 2).shape());
        // repeating a strided view reads it in logical order: t() of [[1,2],[3,4]] is [[1,3],[2,4]]
        assertArrayEquals(new long[]{1, 3, 1, 3, 2, 4, 2, 4}, m.t().repeat(1, 2).toLongArray());
        assertEquals("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor",
                message(() -> ones(2, 3).repeat(2)));
        Tensor w = ones(2, 3).requiresGrad_();
        assertEquals("RepeatBackward0", w.repeat(2, 1).gradFn().name());
    }

    @Test
    void repeatGradientSumsTheTiles() {
        Tensor a = randn(DType.FLOAT64, 2, 3).requiresGrad_();
        // RepeatBackward0: each input element receives the sum of the gradients of its copies
        assertTrue(GradCheck.gradcheck(in -> in[0].repeat(2, 1, 2).mul(in[0].repeat(2, 1, 2)), a));
        Tensor b = randn(DType.FLOAT64, 3).requiresGrad_();
        assertTrue(GradCheck.gradcheck(in -> in[0].repeat(3).square(), b));
    }

    @Test
    void catJoinsAndPromotes() {
        Tensor a = tensor(new long[][]{{1, 2}}), b = tensor(new long[][]{{3, 4}, {5, 6}});
        assertArrayEquals(new long[]{1, 2, 3, 4, 5, 6}, cat(0, a, b).toLongArray());
        Tensor c = tensor(new long[][]{{1}, {2}});
        // torch.cat([[[1],[2]], [[3,4],[5,6]]], 1) -> [[1, 3, 4], [2, 5, 6]]
        assertArrayEquals(new long[]{1, 3, 4, 2, 5, 6}, cat(1, c, b).toLongArray());
        assertArrayEquals(new long[]{1, 3, 4, 2, 5, 6}, cat(List.of(c, b), -1).toLongArray());
        // dtype promotion: int64 with float32 → float32; bool with int64 → int64
        assertEquals(DType.FLOAT32, cat(0, tensor(new long[]{1L, 1L}), ones(2)).dtype());
        assertEquals(DType.INT64, cat(0, tensor(true, false), tensor(new long[]{1L, 1L})).dtype());
        // legacy: 1-D empty tensors are skipped whatever the others' rank
        assertArrayEquals(s(3, 3), cat(0, ones(2, 3), empty(0), zeros(1, 3)).shape());
        assertArrayEquals(s(2, 3), cat(1, empty(0), ones(2, 3)).shape());
        // the inputs are copied, strided ones in logical order: [[1,2],[3,4]].t() then [[9, 9]]
        Tensor m = tensor(new long[][]{{1, 2}, {3, 4}});
        Tensor joined = cat(0, m.t(), tensor(new long[][]{{9, 9}}));
        assertCopy(m, joined);
        assertArrayEquals(new long[]{1, 3, 2, 4, 9, 9}, joined.toLongArray());
        assertEquals("torch.cat(): expected a non-empty list of Tensors", message(() -> cat(List.of(), 0)));
        assertEquals("Tensors must have same number of dimensions: got 2 and 1", message(() -> cat(0, ones(2, 3), ones(3))));
        assertEquals("Sizes of tensors must match except in dimension 0. Expected size 3 but got size 2 for tensor number 1"
                + " in the list.", message(() -> cat(0, ones(2, 3), ones(2, 2))));
        assertEquals("zero-dimensional tensor (at position 1) cannot be concatenated", message(() -> cat(0, ones(2), scalar(1))));
        assertEquals("zero-dimensional tensor (at position 0) cannot be concatenated", message(() -> cat(0, scalar(1), ones(2))));
        assertEquals("Dimension out of range (expected to be in range of [-2, 1], but got 2)", message(() -> cat(2, ones(2, 3))));
    }

    @Test
    void stackAddsADim() {
        Tensor a = tensor(new long[]{1L, 2L}), b = tensor(new long[]{3L, 4L});
        assertArrayEquals(new long[]{1, 2, 3, 4}, stack(0, a, b).toLongArray());
        // torch.stack([[1, 2], [3, 4]], 1) -> [[1, 3], [2, 4]]
        assertArrayEquals(new long[]{1, 3, 2, 4}, stack(1, a, b).toLongArray());
        // torch.stack([ones(2,3), zeros(2,3)], -1).stride() -> (6, 2, 1)
        Tensor s3 = stack(List.of(ones(2, 3), zeros(2, 3)), -1);
        assertLayout(s3, s(2, 3, 2), s(6, 2, 1), 0, true);
        assertEquals(DType.FLOAT32, stack(0, tensor(new long[]{1L, 1L}), ones(2)).dtype());
        assertEquals("stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1",
                message(() -> stack(0, ones(2), ones(3))));
        assertEquals("stack expects a non-empty TensorList", message(() -> stack(List.of(), 0)));
    }

    @Test
    void contiguousAndClone() {
        Tensor x = x();
        assertSame(x, x.contiguous(), "a contiguous tensor is its own contiguous()");
        Tensor p = x.permute(2, 0, 1).contiguous();
        assertCopy(x, p);
        assertLayout(p, s(4, 2, 3), s(6, 3, 1), 0, true);
        // x.permute(2,0,1).contiguous().flatten().tolist()[:8]
        assertArrayEquals(new double[]{0, 4, 8, 12, 16, 20, 1, 5}, java.util.Arrays.copyOf(p.toDoubleArray(), 8));
        Tensor c = x.clone();
        assertCopy(x, c);
        c.fill_(0);
        assertEquals(23, x.select(0, 1).select(0, 2).select(0, 3).item(), "writing the clone leaves the original");
        // torch.ones(2,3).t().contiguous().stride() -> (2, 1)
        assertArrayEquals(s(2, 1), ones(2, 3).t().contiguous().stride());
        Tensor w = ones(2, 3).requiresGrad_();
        assertEquals("CloneBackward0", w.t().contiguous().gradFn().name());
        assertEquals("CloneBackward0", w.clone().gradFn().name());
    }

    @Test
    void sumToSizeUndoesBroadcasting() {
        Tensor a = arange(6.0).reshape(2, 3);
        // [[0,1,2],[3,4,5]]: column sums [3, 5, 7], row sums [3, 12]
        assertArrayEquals(new double[]{3, 5, 7}, a.sumToSize(1, 3).toDoubleArray());
        assertArrayEquals(s(1, 3), a.sumToSize(1, 3).shape());
        assertArrayEquals(new double[]{3, 12}, a.sumToSize(2, 1).toDoubleArray());
        assertArrayEquals(s(3), a.sumToSize(3).shape());
        assertArrayEquals(new double[]{3, 5, 7}, a.sumToSize(3).toDoubleArray());
        assertArrayEquals(new double[]{15}, a.sumToSize(1, 1).toDoubleArray());
        assertSame(a, a.sumToSize(2, 3));
        // torch.ones(2,3,4).sum_to_size(3,1): every element sums 2·4 = 8 ones
        assertArrayEquals(new double[]{8, 8, 8}, ones(2, 3, 4).sumToSize(3, 1).toDoubleArray());
        assertEquals("size {[4]} is not expandable to size {[2, 3]}.", message(() -> ones(2, 3).sumToSize(4)));
    }

    @Test
    void emptyTensorsAreContiguousWhateverTheirStrides() {
        // torch.empty(3, 0).t(): shape [0, 3], stride (1, 1), is_contiguous() True
        Tensor e = empty(3, 0).t();
        assertLayout(e, s(0, 3), s(1, 1), 0, true);
        // view to the same shape keeps the strides, to another shape uses contiguous ones (both (1, 1) here)
        assertArrayEquals(s(1, 1), e.view(0, 3).stride());
        assertArrayEquals(s(1, 1), e.view(3, 0).stride());
        Supplier<Tensor> z = () -> zeros(2, 0, 3);
        assertArrayEquals(s(0, 3), z.get().flatten(0, 1).shape());
        assertArrayEquals(s(3, 0, 2), z.get().permute(2, 1, 0).shape());
    }
}
