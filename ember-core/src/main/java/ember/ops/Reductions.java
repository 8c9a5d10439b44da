package ember.ops;

import static ember.autograd.FunctionNode.grads;
import static ember.autograd.FunctionNode.inputs;

import ember.DType;
import ember.Tensor;
import ember.ValuesIndices;
import ember.autograd.FunctionNode;
import ember.kernels.KernelProvider;
import ember.kernels.Kernels;
import ember.kernels.ReduceOp;
import ember.storage.Layout;
import ember.storage.Shapes;
import ember.storage.Storage;

/** Reductions over all, one or several dimensions, softmax and friends, and whole-tensor comparisons. */
public final class Reductions {
    private static final Kernels K = KernelProvider.get();

    private Reductions() {}

    /** Normalised, sorted, de-duplicated dims; null means all dims. */
    static boolean[] reducedMask(Tensor x, int[] dims) {
        boolean[] mask = new boolean[x.dim()];
        if (dims == null || dims.length == 0) {
            java.util.Arrays.fill(mask, true);
            return mask;
        }
        for (int d : dims) {
            int w = Shapes.wrapDim(d, x.dim());
            if (x.dim() == 0) continue;
            if (mask[w]) throw new IllegalArgumentException("dim " + w + " appears multiple times in the list of dims");
            mask[w] = true;
        }
        return mask;
    }

    /** The output shape of a reduction (size-1 dims kept when keepdim). */
    static int[] reducedShape(Tensor x, boolean[] mask, boolean keepdim) {
        int[] shape = x.shape();
        int n = 0;
        for (int i = 0; i < shape.length; i++) if (!mask[i] || keepdim) n++;
        int[] r = new int[n];
        int k = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!mask[i]) r[k++] = shape[i];
            else if (keepdim) r[k++] = 1;
        }
        return r;
    }

    /** Runs a reduce kernel: permutes reduced dims last, writes a contiguous result of the reduced shape. */
    static Tensor reduceRaw(ReduceOp op, Tensor x, boolean[] mask, boolean keepdim, DType outType) {
        int rank = x.dim();
        int[] perm = new int[rank];
        int k = 0, reduced = 0;
        for (int i = 0; i < rank; i++) if (!mask[i]) perm[k++] = i;
        for (int i = 0; i < rank; i++) if (mask[i]) { perm[k++] = i; reduced++; }
        Layout src = x.layout().permute(perm);
        int[] outShape = reducedShape(x, mask, keepdim);
        Layout ol = Layout.contiguous(outShape);
        Storage os = Storage.allocate(outType, ol.numel());
        // the kernel walks the output in the order of the kept dims; keepdim only adds size-1 dims, so the same order holds
        Layout target = Layout.contiguous(reducedShape(x, mask, false));
        K.reduce(op, x.dtype() == outType || op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN || op == ReduceOp.ANY
                || op == ReduceOp.ALL ? x.storage() : Elementwise.rawCast(x, outType).storage(), src, reduced, os, target);
        return Tensor.wrap(os, ol);
    }

    /** Sum's result dtype: integral and bool inputs sum to int64, as PyTorch. */
    static DType sumType(DType t) { return t.isFloatingPoint() ? t : DType.INT64; }

    public static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        boolean[] mask = reducedMask(x, dims);
        DType out = sumType(x.dtype());
        Tensor src = x.dtype() == out ? x : Elementwise.rawCast(x, out);
        Tensor y = reduceRaw(ReduceOp.SUM, src, mask, keepdim, out);
        int[] in = x.shape();
        // y = Σ x;  dy/dx = 1 broadcast back over the summed dims
        return FunctionNode.record("SumBackward" + (dims == null ? "0" : "1"), y, inputs(x), null,
                (n, g) -> grads(expandBack(g, in, mask, keepdim)));
    }

    /** The gradient of a reduction expanded back to the input's shape (re-inserting the reduced dims). */
    static Tensor expandBack(Tensor g, int[] inShape, boolean[] mask, boolean keepdim) {
        Tensor r = g;
        if (!keepdim) for (int i = 0; i < mask.length; i++) if (mask[i]) r = r.unsqueeze(i);
        return r.expand(inShape);
    }

    public static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        if (!x.dtype().isFloatingPoint())
            throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a floating point"
                    + " or complex dtype. Got: " + x.dtype().shortName());
        boolean[] mask = reducedMask(x, dims);
        long count = 1;
        for (int i = 0; i < mask.length; i++) if (mask[i]) count *= x.size(i);
        Tensor s;
        try (var off = ember.Ember.noGrad()) {
            s = reduceRaw(ReduceOp.SUM, x, mask, keepdim, x.dtype()).div((double) count);
        }
        int[] in = x.shape();
        long c = count;
        // y = Σ x / N;  dy/dx = 1/N
        return FunctionNode.record("MeanBackward" + (dims == null ? "0" : "1"), s, inputs(x), null,
                (n, g) -> grads(expandBack(g, in, mask, keepdim).div((double) c)));
    }

    public static Tensor prod(Tensor x, int[] dims, boolean keepdim) { throw todo("prod"); }

    public static Tensor max(Tensor x) { throw todo("max"); }

    public static ValuesIndices max(Tensor x, int dim, boolean keepdim) { throw todo("max"); }

    public static Tensor min(Tensor x) { throw todo("min"); }

    public static ValuesIndices min(Tensor x, int dim, boolean keepdim) { throw todo("min"); }

    public static Tensor argmax(Tensor x, Integer dim, boolean keepdim) { throw todo("argmax"); }

    public static Tensor argmin(Tensor x, Integer dim, boolean keepdim) { throw todo("argmin"); }

    public static Tensor std(Tensor x, int[] dims, int correction, boolean keepdim) { throw todo("std"); }

    public static Tensor var(Tensor x, int[] dims, int correction, boolean keepdim) { throw todo("var"); }

    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) { throw todo("norm"); }

    public static Tensor cumsum(Tensor x, int dim) { throw todo("cumsum"); }

    public static Tensor cumprod(Tensor x, int dim) { throw todo("cumprod"); }

    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) { throw todo("logsumexp"); }

    public static Tensor softmax(Tensor x, int dim) { throw todo("softmax"); }

    public static Tensor logSoftmax(Tensor x, int dim) { throw todo("logSoftmax"); }

    public static Tensor any(Tensor x, int[] dims, boolean keepdim) {
        return reduceRaw(ReduceOp.ANY, x, reducedMask(x, dims), keepdim, DType.BOOL);
    }

    public static Tensor all(Tensor x, int[] dims, boolean keepdim) {
        return reduceRaw(ReduceOp.ALL, x, reducedMask(x, dims), keepdim, DType.BOOL);
    }

    public static boolean equal(Tensor a, Tensor b) { throw todo("equal"); }

    public static boolean allclose(Tensor a, Tensor b, double rtol, double atol) { throw todo("allclose"); }

    private static UnsupportedOperationException todo(String op) {
        return new UnsupportedOperationException(op + ": not implemented yet");
    }
}
