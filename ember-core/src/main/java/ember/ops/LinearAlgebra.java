package ember.ops;

import static ember.autograd.FunctionNode.grads;
import static ember.autograd.FunctionNode.inputs;
import static ember.autograd.FunctionNode.saved;

import ember.DType;
import ember.Tensor;
import ember.autograd.FunctionNode;
import ember.autograd.GradMode;
import ember.kernels.KernelProvider;
import ember.kernels.Kernels;
import ember.storage.Layout;
import ember.storage.Shapes;
import ember.storage.Storage;
import java.util.Arrays;

/**
 * Matrix products: dot, mv, mm, addmm, bmm, outer and matmul in all of PyTorch's cases, with their backward formulas.
 *
 * <p>Every product ends in the kernel's {@code gemm} on 2-D layouts: a transposed or sliced operand is passed as its
 * own strided layout, and a broadcast batch dimension as stride 0, so no operand is copied to make it contiguous.
 * As in PyTorch there is no type promotion: both operands must share one dtype (bool has no product kernel).
 * {@link #matmul} follows PyTorch 1.13's dispatch (dot / mv / mm, folding batches into mm or mv, else a batched
 * product), so the node names a learner sees in {@code grad_fn} are PyTorch's.
 */
public final class LinearAlgebra {
    private static final Kernels K = KernelProvider.get();

    private LinearAlgebra() {}

    // ---------------------------------------------------------------------------------------------
    // matmul
    // ---------------------------------------------------------------------------------------------

    public static Tensor matmul(Tensor a, Tensor b) {
        int da = a.dim(), db = b.dim();
        if (da == 0 || db == 0)
            throw new IllegalArgumentException("both arguments to matmul need to be at least 1D, but they are " + da + "D and "
                    + db + "D. Hint: to scale by a 0-d tensor, use mul()");
        if (da == 1 && db == 1) return dot(a, b);
        if (da == 2 && db == 1) return mv(a, b);
        if (da == 1 && db == 2) return squeezeLeadingDim(mm(a.unsqueeze(0), b));
        if (da == 2 && db == 2) return mm(a, b);
        if (shouldFold(a, db) || shouldFold(b, da)) return foldedMatmul(a, b);
        return broadcastBatchedMatmul(a, b);
    }

    /**
     * PyTorch's {@code should_fold}: an N-D (N ≥ 3) operand times a 1-D or 2-D one is a single mm or mv with the
     * batch dims folded into the rows, except for a [b, n, k] operand whose last two dims are transposed while the
     * batch dim is outermost (folding it would copy; the batched product reads it as it is).
     */
    private static boolean shouldFold(Tensor t1, int otherDim) {
        if (t1.dim() < 3 || otherDim > 2) return false;
        boolean transposedBatch = t1.dim() == 3 && otherDim == 2 && t1.stride(2) != 1
                && t1.stride(0) == t1.size(1) * t1.size(2);
        return !transposedBatch;
    }

    /**
     * [..., n, k]·[k, p] as [(...·n), k]·[k, p] viewed back as [..., n, p] (likewise with a vector). With the larger
     * operand on the right, (A·B)ᵀ = Bᵀ·Aᵀ folds Bᵀ instead and transposes the result back into a contiguous copy,
     * exactly as PyTorch does (so its graph reads CloneBackward0 over TransposeBackward0 over UnsafeViewBackward0).
     */
    private static Tensor foldedMatmul(Tensor a, Tensor b) {
        boolean transpose = b.dim() > a.dim();
        Tensor t1 = transpose ? b.mT() : a;
        Tensor t2 = !transpose ? b : a.dim() == 2 ? a.t() : a;
        int[] s1 = t1.shape();
        int k = s1[s1.length - 1];
        int[] leading = Arrays.copyOf(s1, s1.length - 1);
        Tensor folded = t1.reshape(Shapes.numel(leading), k);
        if (t2.dim() == 1) return unsafeView(folded.mv(t2), leading);
        int[] outShape = Arrays.copyOf(leading, leading.length + 1);
        outShape[leading.length] = t2.size(1);
        Tensor out = unsafeView(folded.mm(t2), outShape);
        return transpose ? out.mT().contiguous() : out;
    }

    /** Both operands at least 2-D, one at least 3-D: a product per pair of matrices of the broadcast batch dims. */
    private static Tensor broadcastBatchedMatmul(Tensor a, Tensor b) {
        int[] batch = Shapes.broadcast(batchShape(a), batchShape(b));
        int k1 = a.size(-1), k2 = b.size(-2);
        if (k1 != k2) {
            int batches = Shapes.numel(batch);
            throw new IllegalArgumentException("Expected size for first two dimensions of batch2 tensor to be: [" + batches + ", "
                    + k1 + "] but got: [" + batches + ", " + k2 + "]. Hint: matmul of " + Shapes.format(a.shape()) + " and "
                    + Shapes.format(b.shape()) + " needs the last dim of the first (" + k1
                    + ") to equal the second-to-last dim of the second (" + k2 + ")");
        }
        checkMatrixDTypes("bmm", a, b);
        Tensor out = batchedProduct(a, b);
        // PyTorch multiplies [batches, n, k]-shaped copies of the operands and views the result back to the batch shape
        return unsafeView(out, out.shape());
    }

    // ---------------------------------------------------------------------------------------------
    // dot, mv, mm, bmm, outer
    // ---------------------------------------------------------------------------------------------

    public static Tensor dot(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1)
            throw new IllegalArgumentException("1D tensors expected, but got " + a.dim() + "D and " + b.dim() + "D tensors."
                    + " Hint: dot takes two vectors; use matmul for matrices");
        if (a.dtype() != b.dtype())
            throw new IllegalArgumentException("dot : expected both vectors to have same dtype, but found " + a.dtype().shortName()
                    + " and " + b.dtype().shortName() + ". Hint: convert one first, e.g. b.to(a.dtype())");
        if (a.numel() != b.numel())
            throw new IllegalArgumentException("inconsistent tensor size, expected tensor [" + a.numel() + "] and src ["
                    + b.numel() + "] to have the same number of elements, but got " + a.numel() + " and " + b.numel()
                    + " elements respectively");
        checkNotBool("dot", a);
        // Σᵢ aᵢbᵢ as the [1, k]·[k, 1] product (a few elements: directly, see Note [Tiny tensors])
        Tensor out = Tiny.dot(a, b);
        if (out == null) out = product(a.storage(), a.layout().unsqueeze(0), b.storage(), b.layout().unsqueeze(1), a.dtype(), new int[0]);
        // y = Σ aᵢbᵢ;  dy/da = b, dy/db = a
        return FunctionNode.record("DotBackward0", out, inputs(a, b), saved(a, b), (n, g) -> grads(
                n.needsInputGrad(0) ? g.mul(n.saved(1)) : null,
                n.needsInputGrad(1) ? g.mul(n.saved(0)) : null));
    }

    public static Tensor mv(Tensor a, Tensor v) {
        if (a.dim() != 2 || v.dim() != 1)
            throw new IllegalArgumentException("vector + matrix @ vector expected, got 1, " + a.dim() + ", " + v.dim()
                    + ". Hint: mv takes a 2-D matrix and a 1-D vector, got shapes " + Shapes.format(a.shape()) + " and "
                    + Shapes.format(v.shape()) + "; use matmul for other ranks");
        if (a.size(1) != v.size(0))
            throw new IllegalArgumentException("size mismatch, got " + a.size(0) + ", " + a.size(0) + "x" + a.size(1) + ","
                    + v.size(0) + ". Hint: mv of a " + a.size(0) + "x" + a.size(1) + " matrix needs a vector of " + a.size(1)
                    + " elements, got " + v.size(0));
        checkMatrixDTypes("addmv_impl_cpu", a, v);
        // A·v as the [n, k]·[k, 1] product
        Tensor out = product(a.storage(), a.layout(), v.storage(), v.layout().unsqueeze(1), a.dtype(), new int[]{a.size(0)});
        // y = A·v;  dy/dA = g ⊗ v (yᵢ = Σⱼ Aᵢⱼvⱼ), dy/dv = Aᵀ·g
        return FunctionNode.record("MvBackward0", out, inputs(a, v), saved(a, v), (n, g) -> grads(
                n.needsInputGrad(0) ? outer(g, n.saved(1)) : null,
                n.needsInputGrad(1) ? n.saved(0).t().mv(g) : null));
    }

    public static Tensor mm(Tensor a, Tensor b) {
        checkMmShapes(a, b);
        checkMatrixDTypes("addmm_impl_cpu_", a, b);
        Tensor out = product(a.storage(), a.layout(), b.storage(), b.layout(), a.dtype(), new int[]{a.size(0), b.size(1)});
        boolean aColumnMajor = columnMajor(a), bColumnMajor = columnMajor(b);
        // C = A·B;  dC/dA = g·Bᵀ, dC/dB = Aᵀ·g
        return FunctionNode.record("MmBackward0", out, inputs(a, b), saved(a, b), (n, g) -> grads(
                n.needsInputGrad(0) ? mmMat1Backward(g, n.saved(1), aColumnMajor) : null,
                n.needsInputGrad(1) ? mmMat2Backward(g, n.saved(0), bColumnMajor) : null));
    }

    /**
     * {@code torch.mm(a, b, out=out)}: a·b written into out, which is returned. out keeps its layout (a transposed view
     * or a slice of a larger tensor is written where it lies) and must already have the product's shape and a's dtype:
     * Ember tensors keep their shape, so out is not resized as PyTorch resizes it. As in PyTorch, nothing is recorded
     * for autograd, so no argument may require grad while grad mode is on, and the checks come in PyTorch's order.
     * Writing into an output the program reuses keeps a product off fresh memory (docs/performance.md, "Products into
     * a given output").
     */
    public static Tensor mm(Tensor a, Tensor b, Tensor out) {
        Elementwise.checkOutWithoutGrad("mm", out, a, b);
        checkMmShapes(a, b);
        int[] shape = {a.size(0), b.size(1)};
        String fitting = Elementwise.emptyCall(a.dtype(), shape);
        if (out.dtype() != a.dtype())
            throw new IllegalArgumentException("Expected out tensor to have dtype " + a.dtype().cppName() + ", but got "
                    + out.dtype().cppName() + " instead. Hint: out must have the operands' dtype, e.g. " + fitting);
        checkMatrixDTypes("addmm_impl_cpu_", a, b);
        if (!Arrays.equals(out.shape(), shape))
            throw new IllegalArgumentException("mm(): out has shape " + Shapes.format(out.shape()) + " but the product of "
                    + Shapes.format(a.shape()) + " and " + Shapes.format(b.shape()) + " has shape " + Shapes.format(shape)
                    + "; Ember tensors keep their shape, so out is not resized (as PyTorch resizes it). Hint: pass a"
                    + " tensor of the product's shape, e.g. " + fitting);
        if (out.layout().hasInternalOverlap())
            throw new IllegalArgumentException("unsupported operation: more than one element of the written-to tensor refers to"
                    + " a single memory location. Please clone() the tensor before performing the operation. Hint: out is"
                    + " expanded (a stride of 0); pass a tensor of its own, e.g. out.clone()");
        Object written = out.storage().array();
        if (a.dtype().isFloatingPoint() && written != a.storage().array() && written != b.storage().array()) {
            K.gemm(a.storage(), a.layout(), b.storage(), b.layout(), out.storage(), out.layout(), false);
        } else { // integers widen through their own product; an out sharing an operand's memory gets a copy
            Tensor p = product(a.storage(), a.layout(), b.storage(), b.layout(), a.dtype(), shape);
            K.copy(p.storage(), p.layout(), out.storage(), out.layout());
        }
        out.storage().bumpVersion();
        return out;
    }

    /** mm's checks of its operands' ranks and shapes, with PyTorch's messages. */
    private static void checkMmShapes(Tensor a, Tensor b) {
        if (a.dim() != 2)
            throw new IllegalArgumentException("self must be a matrix. Hint: mm takes two 2-D tensors, the first has shape "
                    + Shapes.format(a.shape()) + "; use matmul for other ranks");
        if (b.dim() != 2)
            throw new IllegalArgumentException("mat2 must be a matrix. Hint: mm takes two 2-D tensors, the second has shape "
                    + Shapes.format(b.shape()) + "; use matmul for other ranks");
        if (a.size(1) != b.size(0))
            throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (" + a.size(0) + "x" + a.size(1) + " and "
                    + b.size(0) + "x" + b.size(1) + "). Hint: the columns of mat1 (" + a.size(1) + ") must equal the rows of mat2 ("
                    + b.size(0) + "); is one operand meant to be transposed?");
    }

    /**
     * {@code torch.addmm(input, mat1, mat2)}: input + mat1·mat2, input broadcast to the product's shape, recorded as one
     * node (AddmmBackward0), as PyTorch's {@code nn.Linear} does for a batch of rows.
     */
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2) {
        if (input.dtype() != mat1.dtype())
            throw new IllegalArgumentException("self and mat2 must have the same dtype, but got " + input.dtype().shortName()
                    + " and " + mat1.dtype().shortName() + " (addmm: convert the input with to(" + mat1.dtype().name() + "))");
        Tensor out;
        try (var g = GradMode.set(false)) {
            out = mm(mat1, mat2);
            if (!Shapes.broadcastsTo(input.shape(), out.shape()))
                throw new IllegalArgumentException("The expanded size of the tensor (" + out.size(1) + ") must match the"
                        + " existing size (" + input.size(-1) + ") at non-singleton dimension 1.  Target sizes: "
                        + Shapes.format(out.shape()) + ".  Tensor sizes: " + Shapes.format(input.shape())
                        + " (addmm: input must broadcast to the product's shape)");
            out = out.add(input);
        }
        int[] inputShape = input.shape();
        // C = I + A·B;  dC/dI = g summed to I's shape, dC/dA = g·Bᵀ, dC/dB = Aᵀ·g
        return FunctionNode.record("AddmmBackward0", out, inputs(input, mat1, mat2), saved(mat1, mat2), (n, g) -> grads(
                n.needsInputGrad(0) ? g.sumToSize(inputShape) : null,
                n.needsInputGrad(1) ? g.mm(n.saved(1).t()) : null,
                n.needsInputGrad(2) ? n.saved(0).t().mm(g) : null));
    }

    /**
     * PyTorch's {@code mm_mat1_backward}: g·Bᵀ, computed as (B·gᵀ)ᵀ when A was column-major (a transposed view), so
     * the gradient comes out in A's layout and accumulates into A's grad without a transposing copy.
     */
    static Tensor mmMat1Backward(Tensor g, Tensor mat2, boolean mat1ColumnMajor) {
        return freshGradient(mat1ColumnMajor ? mat2.mm(g.t()).t() : g.mm(mat2.t()));
    }

    /** PyTorch's {@code mm_mat2_backward}: Aᵀ·g, or (gᵀ·A)ᵀ when B was column-major (W.t() in a linear layer). */
    static Tensor mmMat2Backward(Tensor g, Tensor mat1, boolean mat2ColumnMajor) {
        return freshGradient(mat2ColumnMajor ? g.t().mm(mat1).t() : mat1.t().mm(g));
    }

    /**
     * A product just made for a gradient: a leaf may adopt its storage (Note [Adopting a fresh gradient]). Not under
     * createGraph, where leaves never adopt and the product may be saved by the graph being built.
     */
    private static Tensor freshGradient(Tensor product) {
        if (!GradMode.isEnabled()) product.storage().markFreshGradient();
        return product;
    }

    /** PyTorch's test for a column-major matrix: unit stride down the rows, a row's length across the columns. */
    static boolean columnMajor(Tensor m) { return m.stride(0) == 1 && m.stride(1) == m.size(0); }

    public static Tensor bmm(Tensor a, Tensor b) {
        if (a.dim() != 3)
            throw new IllegalArgumentException("batch1 must be a 3D tensor. Hint: bmm takes [b, n, k] and [b, k, p], the first has"
                    + " shape " + Shapes.format(a.shape()) + "; matmul broadcasts other ranks");
        if (b.dim() != 3)
            throw new IllegalArgumentException("batch2 must be a 3D tensor. Hint: bmm takes [b, n, k] and [b, k, p], the second"
                    + " has shape " + Shapes.format(b.shape()) + "; matmul broadcasts other ranks");
        if (b.size(0) != a.size(0) || b.size(1) != a.size(2))
            throw new IllegalArgumentException("Expected size for first two dimensions of batch2 tensor to be: [" + a.size(0) + ", "
                    + a.size(2) + "] but got: [" + b.size(0) + ", " + b.size(1) + "]. Hint: bmm of " + Shapes.format(a.shape())
                    + " needs a second operand of shape [" + a.size(0) + ", " + a.size(2) + ", p]");
        checkMatrixDTypes("bmm", a, b);
        return batchedProduct(a, b);
    }

    public static Tensor outer(Tensor a, Tensor b) {
        if (a.dim() != 1)
            throw new IllegalArgumentException("outer: Expected 1-D argument self, but got " + a.dim() + "-D");
        if (b.dim() != 1)
            throw new IllegalArgumentException("outer: Expected 1-D argument vec2, but got " + b.dim() + "-D");
        // PyTorch computes outer as a.unsqueeze(1) * b: type promotion and a MulBackward0 node come with it
        return a.unsqueeze(1).mul(b);
    }

    // ---------------------------------------------------------------------------------------------
    // Shared pieces
    // ---------------------------------------------------------------------------------------------

    /**
     * A·B for every pair of matrices of the broadcast batch dims of a [..., n, k] and b [..., k, p] (shapes already
     * checked). A broadcast batch dim is read with stride 0, never expanded into a copy.
     */
    private static Tensor batchedProduct(Tensor a, Tensor b) {
        int[] batch = Shapes.broadcast(batchShape(a), batchShape(b));
        int n = a.size(-2), k = a.size(-1), p = b.size(-1);
        Layout aL = a.layout().expand(append(batch, n, k)), bL = b.layout().expand(append(batch, k, p));
        Tensor out = product(a.storage(), aL, b.storage(), bL, a.dtype(), append(batch, n, p));
        // Cᵢ = Aᵢ·Bᵢ per batch;  dAᵢ = gᵢ·Bᵢᵀ, dBᵢ = Aᵢᵀ·gᵢ (the engine sums broadcast batch dims back to each input)
        return FunctionNode.record("BmmBackward0", out, inputs(a, b), saved(a, b), (nd, g) -> grads(
                nd.needsInputGrad(0) ? batchedProduct(g, nd.saved(1).mT()) : null,
                nd.needsInputGrad(1) ? batchedProduct(nd.saved(0).mT(), g) : null));
    }

    /**
     * The kernel's product of aL [batch..., n, k] and bL [batch..., k, p] (equal batch shapes, any strides) as a new
     * contiguous tensor of {@code outShape}, which has batch·n·p elements. The kernel multiplies floating and INT64
     * data; INT32 and UINT8 are widened to INT64 and the result narrowed back, which wraps around exactly as
     * PyTorch's fixed-width arithmetic does.
     */
    private static Tensor product(Storage as, Layout aL, Storage bs, Layout bL, DType dtype, int[] outShape) {
        boolean widen = !dtype.isFloatingPoint() && dtype != DType.INT64;
        if (widen) {
            as = widenToInt64(as);
            bs = widenToInt64(bs);
        }
        int r = aL.dim() - 2;
        int n = aL.size(r), k = aL.size(r + 1), p = bL.size(r + 1);
        int[] batch = Arrays.copyOf(aL.shapeRef(), r);
        Layout outL = Layout.contiguous(append(batch, n, p));
        Layout aBatches = batchLayout(aL), bBatches = batchLayout(bL), outBatches = batchLayout(outL);
        Layout aMatrix = matrixLayout(aL), bMatrix = matrixLayout(bL), outMatrix = matrixLayout(outL);
        int batches = Shapes.numel(batch);
        Storage os;
        if (batches == 1) { // the kernel makes the output (Note [Making a large output while the other thread packs])
            os = K.product(as, aMatrix.withOffset(aBatches.indexOfLinear(0)), bs,
                    bMatrix.withOffset(bBatches.indexOfLinear(0)));
        } else {
            os = Storage.allocateForOverwrite(widen ? DType.INT64 : dtype, outL.numel());
            for (int i = 0; i < batches; i++)
                K.gemm(as, aMatrix.withOffset(aBatches.indexOfLinear(i)), bs, bMatrix.withOffset(bBatches.indexOfLinear(i)),
                        os, outMatrix.withOffset(outBatches.indexOfLinear(i)), false);
        }
        Layout result = Layout.contiguous(outShape);
        if (!widen) return Tensor.wrap(os, result);
        Storage narrowed = Storage.allocateForOverwrite(dtype, result.numel());
        K.copy(os, result, narrowed, result);
        return Tensor.wrap(narrowed, result);
    }

    /** The leading (batch) dims of a layout, keeping its offset: {@code indexOfLinear(i)} is the i-th matrix's start. */
    private static Layout batchLayout(Layout l) {
        int r = l.dim() - 2;
        return new Layout(Arrays.copyOf(l.shapeRef(), r), Arrays.copyOf(l.strideRef(), r), l.offset());
    }

    /** The trailing two dims of a layout as a matrix at offset 0. */
    private static Layout matrixLayout(Layout l) {
        int r = l.dim() - 2;
        return new Layout(new int[]{l.size(r), l.size(r + 1)}, new int[]{l.stride(r), l.stride(r + 1)}, 0);
    }

    private static Storage widenToInt64(Storage s) {
        Layout all = Layout.contiguous(s.size());
        Storage wide = Storage.allocateForOverwrite(DType.INT64, s.size());
        K.copy(s, all, wide, all);
        return wide;
    }

    /**
     * PyTorch's {@code _unsafe_view}: the fresh result of a product seen with another shape. It shares the storage but,
     * as in PyTorch, is not a view for autograd's in-place checks (nobody else holds the result).
     */
    private static Tensor unsafeView(Tensor x, int[] shape) {
        Tensor out = Tensor.wrap(x.storage(), x.layout().view(shape));
        int[] in = x.shape();
        // a change of shape only: the gradient is reshaped back
        return FunctionNode.record("UnsafeViewBackward0", out, inputs(x), null, (n, g) -> grads(g.reshape(in)));
    }

    /** 1-D·2-D: PyTorch squeezes the [1, p] product in place ({@code squeeze_(0)}), recorded as SqueezeBackward3. */
    private static Tensor squeezeLeadingDim(Tensor x) {
        Tensor out = Tensor.wrap(x.storage(), x.layout().squeeze(0));
        // y = x without its leading size-1 dim;  the gradient gets the dim back
        return FunctionNode.record("SqueezeBackward3", out, inputs(x), null, (n, g) -> grads(g.unsqueeze(0)));
    }

    /** PyTorch's order for mm, mv and bmm: the first operand's dtype picks the kernel (none for bool), the second must match. */
    private static void checkMatrixDTypes(String kernelName, Tensor a, Tensor b) {
        checkNotBool(kernelName, a);
        if (a.dtype() != b.dtype())
            throw new IllegalArgumentException("expected scalar type " + a.dtype().shortName() + " but found " + b.dtype().shortName()
                    + ". Hint: matrix products do not promote types; convert one operand first, e.g. b.to(a.dtype())");
    }

    private static void checkNotBool(String kernelName, Tensor a) {
        if (a.dtype() == DType.BOOL)
            throw new IllegalArgumentException("\"" + kernelName + "\" not implemented for 'Bool'. Hint: convert with toLong() or"
                    + " toFloat() first");
    }

    private static int[] batchShape(Tensor t) {
        return Arrays.copyOf(t.shape(), t.dim() - 2);
    }

    private static int[] append(int[] batch, int rows, int cols) {
        int[] r = Arrays.copyOf(batch, batch.length + 2);
        r[batch.length] = rows;
        r[batch.length + 1] = cols;
        return r;
    }
}
