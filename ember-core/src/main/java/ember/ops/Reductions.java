package ember.ops;

import static ember.autograd.FunctionNode.grads;
import static ember.autograd.FunctionNode.inputs;
import static ember.autograd.FunctionNode.saved;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import ember.ValuesIndices;
import ember.autograd.FunctionNode;
import ember.autograd.GradMode;
import ember.kernels.KernelProvider;
import ember.kernels.Kernels;
import ember.kernels.ReduceOp;
import ember.storage.Layout;
import ember.storage.Shapes;
import ember.storage.Storage;
import java.util.ArrayList;
import java.util.List;

/** Reductions over all, one or several dimensions, softmax and friends, and whole-tensor comparisons. */
public final class Reductions {
    private static final Kernels K = KernelProvider.get();

    private Reductions() {}

    // ---------------------------------------------------------------------------------------------
    // Shared plumbing
    // ---------------------------------------------------------------------------------------------

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

    /** How many elements each output of a reduction combines. */
    static long reducedCount(Tensor x, boolean[] mask) {
        long count = 1;
        for (int i = 0; i < mask.length; i++) if (mask[i]) count *= x.size(i);
        return count;
    }

    /** The reduced dims as indices, for Tensor-level reductions inside backward formulas. */
    static int[] maskedDims(boolean[] mask) {
        int n = 0;
        for (boolean m : mask) if (m) n++;
        int[] dims = new int[n];
        for (int i = 0, k = 0; i < mask.length; i++) if (mask[i]) dims[k++] = i;
        return dims;
    }

    /**
     * Runs a reduce kernel: permutes reduced dims last, writes a contiguous result of the reduced shape. The input is
     * converted to {@code outType} first, except for ops whose output type differs from their input's (arg*, any/all)
     * and for integral sums, which the kernel reads in their own type.
     */
    static Tensor reduceRaw(ReduceOp op, Tensor x, boolean[] mask, boolean keepdim, DType outType) {
        boolean keepsInputType = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN || op == ReduceOp.ANY || op == ReduceOp.ALL
                || (op == ReduceOp.SUM && outType == DType.INT64 && !x.dtype().isFloatingPoint());
        Tensor src = keepsInputType ? x : Elementwise.rawCast(x, outType);
        Layout ol = Layout.contiguous(reducedShape(x, mask, keepdim));
        Storage os = Storage.allocate(outType, ol.numel());
        // the kernel walks the output in the order of the kept dims; keepdim only adds size-1 dims, so the same order holds
        Layout target = Layout.contiguous(reducedShape(x, mask, false));
        K.reduce(op, src.storage(), reducedLast(src.layout(), mask), reducedDimCount(mask), os, target);
        return Tensor.wrap(os, ol);
    }

    /** The layout with the reduced dims moved last (in order), as the reduce kernels take it. */
    private static Layout reducedLast(Layout l, boolean[] mask) {
        int rank = mask.length;
        int[] perm = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) if (!mask[i]) perm[k++] = i;
        for (int i = 0; i < rank; i++) if (mask[i]) perm[k++] = i;
        return l.permute(perm);
    }

    private static int reducedDimCount(boolean[] mask) {
        int n = 0;
        for (boolean m : mask) if (m) n++;
        return n;
    }

    /** The gradient of a reduction expanded back to the input's shape (re-inserting the reduced dims). */
    static Tensor expandBack(Tensor g, int[] inShape, boolean[] mask, boolean keepdim) {
        return unsqueezeReduced(g, mask, keepdim).expand(inShape);
    }

    /** A reduction's result (or gradient) with its reduced dims re-inserted as size 1, ready to broadcast. */
    static Tensor unsqueezeReduced(Tensor t, boolean[] mask, boolean keepdim) {
        Tensor r = t;
        if (!keepdim) for (int i = 0; i < mask.length; i++) if (mask[i]) r = r.unsqueeze(i);
        return r;
    }

    /** Sum's result dtype: integral and bool inputs sum to int64, as PyTorch. */
    static DType sumType(DType t) { return t.isFloatingPoint() ? t : DType.INT64; }

    private static void requireFloating(Tensor x, String message) {
        if (!x.dtype().isFloatingPoint())
            throw new IllegalArgumentException(message + " Hint: convert first, e.g. x.toFloat() (got a tensor of dtype "
                    + x.dtype().torchName() + " and shape " + Shapes.format(x.shape()) + ").");
    }

    // ---------------------------------------------------------------------------------------------
    // sum, mean, prod
    // ---------------------------------------------------------------------------------------------

    public static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        boolean[] mask = reducedMask(x, dims);
        DType out = sumType(x.dtype());
        Tensor y = reduceRaw(ReduceOp.SUM, x, mask, keepdim, out);
        int[] in = x.shape();
        // y = Σ x;  dy/dx = 1 broadcast back over the summed dims
        return FunctionNode.record(dims == null ? "SumBackward0" : "SumBackward1", y, inputs(x), null,
                (n, g) -> grads(expandBack(g, in, mask, keepdim)));
    }

    public static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        if (!x.dtype().isFloatingPoint())
            throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a floating point"
                    + " or complex dtype. Got: " + x.dtype().shortName());
        boolean[] mask = reducedMask(x, dims);
        long count = reducedCount(x, mask);
        Tensor s;
        try (var off = Ember.noGrad()) {
            s = reduceRaw(ReduceOp.SUM, x, mask, keepdim, x.dtype()).div((double) count);
        }
        int[] in = x.shape();
        // y = Σ x / N;  dy/dx = 1/N
        return FunctionNode.record(dims == null ? "MeanBackward0" : "MeanBackward1", s, inputs(x), null,
                (n, g) -> grads(expandBack(g, in, mask, keepdim).div((double) count)));
    }

    /** The product of all elements (dims null) or along one dim; integral and bool inputs give int64. */
    public static Tensor prod(Tensor x, int[] dims, boolean keepdim) {
        if (dims != null && dims.length != 1)
            throw new IllegalArgumentException("prod(): expected a single dim but got " + dims.length + " dims "
                    + java.util.Arrays.toString(dims) + ". Hint: PyTorch's prod reduces one dim at a time, e.g."
                    + " x.prod(0).prod(0)");
        boolean[] mask = reducedMask(x, dims);
        Tensor y = reduceRaw(ReduceOp.PROD, x, mask, keepdim, sumType(x.dtype()));
        if (dims == null) {
            // y = Π xⱼ;  dy/dxᵢ = Π_{j≠i} xⱼ (= y/xᵢ when no xⱼ is 0)
            return FunctionNode.record("ProdBackward0", y, inputs(x), saved(x, y),
                    (n, g) -> grads(prodBackward(g, n.saved(0), n.saved(1))));
        }
        int d = x.dim() == 0 ? 0 : Shapes.wrapDim(dims[0], x.dim());
        // y = Π_d x;  dy/dxᵢ = Π_{j≠i} xⱼ along d (= y/xᵢ when no xⱼ is 0)
        return FunctionNode.record("ProdBackward1", y, inputs(x), saved(x, y),
                (n, g) -> grads(prodBackward(g, n.saved(0), n.saved(1), d, keepdim)));
    }

    /** Gradient of the product of all elements (PyTorch's {@code prod_backward}). */
    private static Tensor prodBackward(Tensor g, Tensor x, Tensor y) {
        if (x.dim() == 0) return g;
        long zeros = x.eq(0.0).sum().itemLong();
        if (zeros == 0) return g.mul(y.div(x));
        // two or more zeros: every product that omits one element still holds a zero. Under create_graph the
        // exclusive-product formula is used instead, so that second derivatives stay right.
        if (zeros > 1 && !GradMode.isEnabled()) return Ember.zerosLike(x);
        return prodSafeZerosBackward(g, x.reshape(-1), 0).reshape(x.shape());
    }

    /** Gradient of the product along {@code d}. */
    private static Tensor prodBackward(Tensor g, Tensor x, Tensor y, int d, boolean keepdim) {
        if (x.dim() == 0) return g;
        Tensor gk = keepdim ? g : g.unsqueeze(d), yk = keepdim ? y : y.unsqueeze(d);
        if (x.eq(0.0).sum().itemLong() == 0) return gk.mul(yk.div(x));
        return prodSafeZerosBackward(gk, x, d);
    }

    /**
     * Π_{j≠i} xⱼ without dividing, safe with zeros: the exclusive cumulative product from the front times the one from
     * the back. For [a, b, c]: [1, a, ab] · [bc, c, 1] = [bc, ac, ab].
     */
    private static Tensor prodSafeZerosBackward(Tensor g, Tensor x, int d) {
        if (x.numel() == 0) return g.expand(x.shape());
        int size = x.size(d);
        int[] onesShape = x.shape();
        onesShape[d] = 1;
        Tensor ones = Ember.ones(x.dtype(), onesShape);
        Tensor fromFront = Ember.cat(d, ones, x.narrow(d, 0, size - 1)).cumprod(d);
        Tensor fromBack = flip(Ember.cat(d, ones, flip(x.narrow(d, 1, size - 1), d)).cumprod(d), d);
        return g.mul(fromFront.mul(fromBack));
    }

    // ---------------------------------------------------------------------------------------------
    // max, min, argmax, argmin
    // ---------------------------------------------------------------------------------------------

    public static Tensor max(Tensor x) { return extreme(x, true); }

    public static Tensor min(Tensor x) { return extreme(x, false); }

    public static ValuesIndices max(Tensor x, int dim, boolean keepdim) { return extreme(x, dim, keepdim, true); }

    public static ValuesIndices min(Tensor x, int dim, boolean keepdim) { return extreme(x, dim, keepdim, false); }

    /** The largest (or smallest) element; NaN wins. */
    private static Tensor extreme(Tensor x, boolean isMax) {
        String op = isMax ? "max" : "min";
        if (x.numel() == 0)
            throw new IllegalArgumentException(op + "(): Expected reduction dim to be specified for input.numel() == 0. Specify"
                    + " the reduction dim with the 'dim' argument (the input has shape " + Shapes.format(x.shape()) + ").");
        Tensor y = reduceRaw(isMax ? ReduceOp.MAX : ReduceOp.MIN, x, reducedMask(x, null), false, x.dtype());
        // y = max x;  dy/dxᵢ = 1/k for each of the k elements equal to y (the NaNs when y is NaN), 0 elsewhere
        return FunctionNode.record(isMax ? "MaxBackward1" : "MinBackward1", y, inputs(x), saved(x, y),
                (n, g) -> grads(evenlyDistribute(g, n.saved(0), n.saved(1))));
    }

    /** PyTorch's {@code evenly_distribute_backward}: ties share the gradient equally. */
    private static Tensor evenlyDistribute(Tensor g, Tensor x, Tensor value) {
        Tensor winners = value.isnan().item() != 0 ? x.isnan() : x.eq(value);
        return Ember.where(winners, g.div(winners.sum()), 0.0);
    }

    /** Values and INT64 positions of the largest (or smallest) elements along {@code dim}; the first one wins ties. */
    private static ValuesIndices extreme(Tensor x, int dim, boolean keepdim, boolean isMax) {
        int d = Shapes.wrapDim(dim, x.dim());
        if (x.dim() > 0 && x.size(d) == 0)
            throw new IndexOutOfBoundsException((isMax ? "max" : "min") + "(): Expected reduction dim " + d
                    + " to have non-zero size (the input has shape " + Shapes.format(x.shape()) + ").");
        boolean[] mask = reducedMask(x, new int[]{d});
        Tensor values = reduceRaw(isMax ? ReduceOp.MAX : ReduceOp.MIN, x, mask, keepdim, x.dtype());
        Tensor indices = reduceRaw(isMax ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, x, mask, keepdim, DType.INT64);
        int[] in = x.shape();
        // y = x[argmax along d];  dy/dx = 1 at the chosen index, 0 elsewhere
        values = FunctionNode.record(isMax ? "MaxBackward0" : "MinBackward0", values, inputs(x), saved(indices),
                (n, g) -> grads(scatterToIndex(g, n.saved(0), in, d, keepdim)));
        return new ValuesIndices(values, indices);
    }

    /** zeros(inShape) with g written at {@code indices} along d (PyTorch's {@code value_selecting_reduction_backward}). */
    private static Tensor scatterToIndex(Tensor g, Tensor indices, int[] inShape, int d, boolean keepdim) {
        if (inShape.length == 0) return g;
        int[] positionShape = new int[inShape.length];
        java.util.Arrays.fill(positionShape, 1);
        positionShape[d] = inShape[d];
        Tensor positions = Ember.arange(inShape[d]).reshape(positionShape);
        Tensor chosen = positions.eq(keepdim ? indices : indices.unsqueeze(d));
        return Ember.where(chosen, keepdim ? g : g.unsqueeze(d), 0.0);
    }

    public static Tensor argmax(Tensor x, Integer dim, boolean keepdim) { return argExtreme(x, dim, keepdim, true); }

    public static Tensor argmin(Tensor x, Integer dim, boolean keepdim) { return argExtreme(x, dim, keepdim, false); }

    /** Positions (INT64) of the first largest/smallest element; NaN counts as the extreme. dim null: flattened. */
    private static Tensor argExtreme(Tensor x, Integer dim, boolean keepdim, boolean isMax) {
        String op = isMax ? "argmax" : "argmin";
        if (x.dtype() == DType.BOOL)
            throw new IllegalArgumentException("\"" + op + "_cpu\" not implemented for 'Bool'. Hint: convert first, e.g."
                    + " x.toLong()." + op + "()");
        ReduceOp kernel = isMax ? ReduceOp.ARGMAX : ReduceOp.ARGMIN;
        if (dim == null) {
            if (x.numel() == 0)
                throw new IndexOutOfBoundsException(op + "(): Expected reduction dim to be specified for input.numel() == 0"
                        + " (the input has shape " + Shapes.format(x.shape()) + ").");
            return reduceRaw(kernel, x, reducedMask(x, null), keepdim, DType.INT64);
        }
        int d = Shapes.wrapDim(dim, x.dim());
        if (x.dim() > 0 && x.size(d) == 0)
            throw new IndexOutOfBoundsException(op + "(): Expected reduction dim " + d + " to have non-zero size (the input"
                    + " has shape " + Shapes.format(x.shape()) + ").");
        return reduceRaw(kernel, x, reducedMask(x, new int[]{d}), keepdim, DType.INT64);
    }

    // ---------------------------------------------------------------------------------------------
    // std, var, norm
    // ---------------------------------------------------------------------------------------------

    public static Tensor var(Tensor x, int[] dims, int correction, boolean keepdim) {
        requireFloating(x, "std and var only support floating point and complex dtypes.");
        boolean[] mask = reducedMask(x, dims);
        Tensor y = varianceRaw(x, mask, correction, keepdim, false);
        // v = Σ(x − x̄)² / (N − c);  dv/dx = 2(x − x̄)/(N − c)
        return FunctionNode.record("VarBackward0", y, inputs(x), saved(x),
                (n, g) -> grads(varBackward(g, n.saved(0), mask, correction, keepdim)));
    }

    public static Tensor std(Tensor x, int[] dims, int correction, boolean keepdim) {
        requireFloating(x, "std and var only support floating point and complex dtypes.");
        boolean[] mask = reducedMask(x, dims);
        Tensor y = varianceRaw(x, mask, correction, keepdim, true);
        // s = √v;  ds/dx = dv/dx / (2s), taken as 0 where s = 0
        return FunctionNode.record("StdBackward0", y, inputs(x), saved(x, y), (n, g) -> {
            Tensor s = n.saved(1);
            Tensor gradVar = Ember.where(s.eq(0.0), 0.0, g.div(s.mul(2.0)));
            return grads(varBackward(gradVar, n.saved(0), mask, correction, keepdim));
        });
    }

    /**
     * Σ(x − x̄)² / max(0, N − correction), or its square root, computed in float64 by two passes, the mean and then the
     * squared deviations from it (as PyTorch's CPU kernels accumulate float32 in double), and rounded once to x's dtype.
     * N − correction ≤ 0 gives inf, or NaN for 0/0, as PyTorch.
     */
    private static Tensor varianceRaw(Tensor x, boolean[] mask, int correction, boolean keepdim, boolean sqrt) {
        double divisor = Math.max(0, reducedCount(x, mask) - correction);
        Layout ol = Layout.contiguous(reducedShape(x, mask, keepdim));
        Storage os = Storage.allocateForOverwrite(x.dtype(), ol.numel());
        K.variance(x.storage(), reducedLast(x.layout(), mask), reducedDimCount(mask), divisor, sqrt, os,
                Layout.contiguous(reducedShape(x, mask, false)));
        return Tensor.wrap(os, ol);
    }

    /** 2(x − x̄)/(N − c) · g; with N − c ≤ 0 the factor is infinite (NaN where x = x̄), as the forward's division by 0. */
    private static Tensor varBackward(Tensor g, Tensor x, boolean[] mask, int correction, boolean keepdim) {
        long dof = Math.max(0, reducedCount(x, mask) - correction);
        Tensor mean = x.mean(maskedDims(mask), true);
        return unsqueezeReduced(g, mask, keepdim).mul(x.sub(mean)).mul(2.0 / dof);
    }

    /**
     * The p-norm over {@code dims} (null: all): (Σ|x|ᵖ)^(1/p); p = ±inf gives max/min |x|, p = 0 counts non-zeros.
     * Computed in x's dtype, so a float32 norm overflows where PyTorch's does.
     */
    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) {
        requireFloating(x, "norm(): input dtype should be either floating point or complex. Got " + x.dtype().shortName()
                + " instead.");
        if (Double.isNaN(p)) throw new IllegalArgumentException("norm(): the order p must be a number, got NaN");
        boolean[] mask = reducedMask(x, dims);
        DType t = x.dtype();
        Tensor y;
        try (var off = Ember.noGrad()) {
            if (reducedCount(x, mask) == 0) {
                y = Ember.zeros(t, reducedShape(x, mask, keepdim)); // the norm of nothing is 0 for every p, as PyTorch
            } else if (p == 2) {
                y = reduceRaw(ReduceOp.SUM_OF_SQUARES, x, mask, keepdim, t).sqrt(); // |x|² = x², no abs needed
            } else {
                Tensor a = x.abs();
                if (p == Double.POSITIVE_INFINITY) y = reduceRaw(ReduceOp.MAX, a, mask, keepdim, t);
                else if (p == Double.NEGATIVE_INFINITY) y = reduceRaw(ReduceOp.MIN, a, mask, keepdim, t);
                else if (p == 0) y = reduceRaw(ReduceOp.SUM, a.ne(0.0), mask, keepdim, t);
                else if (p == 1) y = reduceRaw(ReduceOp.SUM, a, mask, keepdim, t);
                else y = reduceRaw(ReduceOp.SUM, a.pow(p), mask, keepdim, t).pow(1 / p);
            }
        }
        // y = (Σ|x|ᵖ)^(1/p);  dy/dx = sign(x)·|x|ᵖ⁻¹ / yᵖ⁻¹ (PyTorch's norm_backward, cases below)
        return FunctionNode.record("NormBackward1", y, inputs(x), saved(x, y),
                (n, g) -> grads(normBackward(g, n.saved(0), p, n.saved(1), mask, keepdim)));
    }

    private static Tensor normBackward(Tensor grad, Tensor x, double p, Tensor norm, boolean[] mask, boolean keepdim) {
        Tensor g = unsqueezeReduced(grad, mask, keepdim), y = unsqueezeReduced(norm, mask, keepdim);
        // p = 0: the count of non-zeros is piecewise constant; PyTorch returns no gradient
        if (p == 0) return null;
        // p = 1: dy/dx = sign(x)
        if (p == 1) return x.sign().mul(g);
        // p = 2: dy/dx = x/y, and 0 where y = 0 (the subgradient at the origin)
        if (p == 2) return g.mul(Ember.where(y.eq(0.0), 0.0, x.div(y)));
        if (Double.isInfinite(p)) {
            // p = ±inf: y = max (min) |x|;  dy/dx = sign(x)/k on the k elements with |x| = y (or NaN), 0 elsewhere
            Tensor a = x.abs();
            Tensor chosen = a.eq(y).logicalOr(a.isnan());
            return x.sign().mul(g.div(chosen.sum(maskedDims(mask), true)).mul(chosen));
        }
        if (p < 1) {
            // p < 1: dy/dx = sign(x)·|x|ᵖ⁻¹·y¹⁻ᵖ, taken as 0 at x = 0 where |x|ᵖ⁻¹ is infinite
            Tensor scaled = x.sign().mul(Ember.where(x.eq(0.0), 0.0, x.abs().pow(p - 1)));
            return scaled.mul(g).mul(y.pow(1 - p));
        }
        // 1 < p: dy/dx = sign(x)·|x|ᵖ⁻¹ / yᵖ⁻¹ (written x·|x|ᵖ⁻² for p ≥ 2), taken as 0 where y = 0
        Tensor scaled = p < 2 ? x.sign().mul(x.abs().pow(p - 1)) : x.mul(x.abs().pow(p - 2));
        Tensor scale = Ember.where(y.eq(0.0), 0.0, g.div(y.pow(p - 1)));
        return scaled.mul(scale);
    }

    // ---------------------------------------------------------------------------------------------
    // cumsum, cumprod
    // ---------------------------------------------------------------------------------------------

    public static Tensor cumsum(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor y = scan(false, x, d);
        // yᵢ = Σ_{j≤i} xⱼ;  dL/dxⱼ = Σ_{i≥j} gᵢ, a cumsum from the back
        return FunctionNode.record("CumsumBackward0", y, inputs(x), null, (n, g) -> grads(cumsumBackward(g, d)));
    }

    public static Tensor cumprod(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor y = scan(true, x, d);
        // yᵢ = Π_{j≤i} xⱼ;  dL/dxₖ = Σ_{i≥k} gᵢ·Π_{j≤i, j≠k} xⱼ (PyTorch's cumprod_backward, zeros included)
        return FunctionNode.record("CumprodBackward0", y, inputs(x), saved(x, y),
                (n, g) -> grads(cumprodBackward(g, n.saved(0), d, n.saved(1))));
    }

    /** The kernel's inclusive scan along d; integral and bool inputs accumulate in int64, as PyTorch. */
    private static Tensor scan(boolean product, Tensor x, int d) {
        Tensor src = Elementwise.rawCast(x, sumType(x.dtype()));
        Layout ol = Layout.contiguous(x.shape());
        Storage os = Storage.allocateForOverwrite(src.dtype(), ol.numel()); // the kernel writes every element
        // a 0-d tensor scans as a one-element vector
        Layout srcL = x.dim() == 0 ? src.layout().unsqueeze(0) : src.layout();
        Layout dstL = x.dim() == 0 ? ol.unsqueeze(0) : ol;
        K.scan(product, src.storage(), srcL, d, os, dstL);
        return Tensor.wrap(os, ol);
    }

    private static Tensor cumsumBackward(Tensor g, int d) {
        if (g.numel() <= 1 || g.size(d) == 1) return g;
        return reversedCumsum(g, d);
    }

    /** Σ_{j≥i} tⱼ along d. */
    private static Tensor reversedCumsum(Tensor t, int d) {
        return flip(flip(t, d).cumsum(d), d);
    }

    private static Tensor cumprodBackward(Tensor g, Tensor x, int d, Tensor y) {
        if (x.numel() <= 1 || x.size(d) == 1) return g;
        Tensor w = y.mul(g);
        Tensor isZero = x.eq(0.0);
        // no zeros: Π_{j≤i, j≠k} xⱼ = yᵢ/xₖ, so dL/dxₖ = Σ_{i≥k} gᵢyᵢ / xₖ
        if (isZero.any().item() == 0) return reversedCumsum(w, d).div(x);
        if (GradMode.isEnabled()) return cumprodBackwardOmitting(g, x, d);
        // With z₁ the first zero of a slice and z₂ the second (or the end):
        //   k < z₁: dL/dxₖ = Σ_{k≤i<z₁} gᵢyᵢ / xₖ;  k > z₁: every product holds x_{z₁} = 0, so 0;
        //   k = z₁: dL/dx_{z₁} = Π_{j<z₁} xⱼ · Σ_{z₁≤i<z₂} gᵢ·Π_{z₁<j≤i} xⱼ
        Tensor zerosSoFar = isZero.cumsum(d);
        Tensor beforeFirst = zerosSoFar.eq(0.0), fromFirst = zerosSoFar.eq(1.0);
        Tensor firstZero = isZero.logicalAnd(fromFirst);
        Tensor betweenZeros = fromFirst.logicalAnd(firstZero.logicalNot());
        Tensor beforeGrad = Ember.where(beforeFirst, reversedCumsum(Ember.where(beforeFirst, w, 0.0), d).div(x), 0.0);
        Tensor productBefore = Ember.where(beforeFirst, x, 1.0).prod(d, true);
        Tensor atFirstZero = Ember.where(betweenZeros, x, 1.0).cumprod(d)
                .mul(Ember.where(fromFirst, g, 0.0)).sum(d, true).mul(productBefore);
        return Ember.where(firstZero, atFirstZero, beforeGrad);
    }

    /**
     * The same gradient as sums of products that omit xₖ, O(n²) but made of differentiable ops, so that create_graph
     * gives correct second derivatives with zeros in the input (PyTorch's GradMode branch).
     */
    private static Tensor cumprodBackwardOmitting(Tensor g, Tensor x, int d) {
        int size = x.size(d);
        int[] onesShape = x.shape();
        onesShape[d] = 1;
        Tensor ones = Ember.ones(x.dtype(), onesShape);
        List<Tensor> columns = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            // omitted[i − k] = Π_{j≤i, j≠k} xⱼ for i ≥ k
            Tensor omitted;
            if (k == 0) {
                omitted = Ember.cat(d, ones, x.narrow(d, 1, size - 1).cumprod(d));
            } else {
                Tensor untilK = x.narrow(d, 0, k).prod(d, true);
                omitted = k == size - 1 ? untilK
                        : Ember.cat(d, untilK, untilK.mul(x.narrow(d, k + 1, size - k - 1).cumprod(d)));
            }
            columns.add(g.narrow(d, k, size - k).mul(omitted).sum(d, true));
        }
        return Ember.cat(columns, d);
    }

    /** x reversed along d, as a copy (torch.flip); reversed cumulative sums and products are built from it. */
    static Tensor flip(Tensor x, int d) {
        int[] stride = x.stride();
        int offset = x.storageOffset() + (x.size(d) > 0 ? (x.size(d) - 1) * stride[d] : 0);
        stride[d] = -stride[d];
        Layout reversed = new Layout(x.shape(), stride, offset);
        Layout ol = Layout.contiguous(x.shape());
        Storage os = Storage.allocate(x.dtype(), ol.numel());
        K.copy(x.storage(), reversed, os, ol);
        // yᵢ = x_{n−1−i};  dL/dx = g reversed
        return FunctionNode.record("FlipBackward0", Tensor.wrap(os, ol), inputs(x), null, (n, g) -> grads(flip(g, d)));
    }

    // ---------------------------------------------------------------------------------------------
    // logsumexp, softmax, logSoftmax
    // ---------------------------------------------------------------------------------------------

    /** log Σ eˣ over dims (null: all), stable: the max is subtracted first. Integral inputs give float32, as PyTorch. */
    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
        DType t = DType.toFloating(x.dtype());
        boolean[] mask = reducedMask(x, dims);
        Tensor y;
        try (var off = Ember.noGrad()) {
            Tensor xf = Elementwise.rawCast(x, t);
            if (x.numel() == 0) {
                y = reduceRaw(ReduceOp.SUM, xf, mask, keepdim, t).log(); // log 0 = −inf
            } else {
                Tensor max = reduceRaw(ReduceOp.MAX, xf, mask, true, t);
                // an infinite max would turn x − max into inf − inf = NaN; shifting by 0 keeps ±inf rows exact
                max = Ember.where(max.abs().eq(Double.POSITIVE_INFINITY), 0.0, max);
                Tensor sum = reduceRaw(ReduceOp.SUM, xf.sub(max).exp(), mask, keepdim, t);
                y = sum.log().add(keepdim ? max : max.reshape(reducedShape(x, mask, false)));
            }
        }
        // y = log Σ eˣ;  dy/dx = eˣ⁻ʸ
        return FunctionNode.record("LogsumexpBackward0", y, inputs(x), saved(x, y), (n, g) -> grads(
                unsqueezeReduced(g, mask, keepdim).mul(n.saved(0).sub(unsqueezeReduced(n.saved(1), mask, keepdim)).exp())));
    }

    /** eˣ / Σ eˣ along dim, computed as e^(x − max) / Σ e^(x − max) so that no exponential overflows. */
    public static Tensor softmax(Tensor x, int dim) {
        requireSoftmaxInput(x, "softmax");
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor y = softmaxRaw(false, x, d);
        // y = eˣ/Σeˣ;  dL/dx = y·(g − Σ g·y)
        return FunctionNode.record("SoftmaxBackward0", y, inputs(x), saved(y), (n, g) -> {
            Tensor s = n.saved(0);
            return grads(s.mul(g.sub(g.mul(s).sum(d, true))));
        });
    }

    /** x − log Σ eˣ along dim, computed as (x − max) − log Σ e^(x − max): logSoftmax of [1000, 0] is [0, −1000]. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        requireSoftmaxInput(x, "log_softmax");
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor y = softmaxRaw(true, x, d);
        // y = x − log Σeˣ;  dL/dx = g − eʸ·Σg
        return FunctionNode.record("LogSoftmaxBackward0", y, inputs(x), saved(y),
                (n, g) -> grads(g.sub(n.saved(0).exp().mul(g.sum(d, true)))));
    }

    /** The softmax kernel's result along d, contiguous, in x's dtype; a 0-d tensor counts as a one-element vector. */
    private static Tensor softmaxRaw(boolean log, Tensor x, int d) {
        Layout ol = Layout.contiguous(x.shape());
        Storage os = Storage.allocateForOverwrite(x.dtype(), ol.numel());
        Layout srcL = x.dim() == 0 ? x.layout().unsqueeze(0) : x.layout(), dstL = x.dim() == 0 ? ol.unsqueeze(0) : ol;
        K.softmax(log, x.storage(), srcL, d, os, dstL);
        return Tensor.wrap(os, ol);
    }

    /** PyTorch 1.13 refuses integral inputs to softmax (its kernels are defined for floating types only). */
    private static void requireSoftmaxInput(Tensor x, String op) {
        if (!x.dtype().isFloatingPoint())
            throw new IllegalArgumentException("\"" + op + "\" not implemented for '" + x.dtype().shortName() + "'. Hint: "
                    + op + " needs a floating tensor, e.g. x.toFloat()." + (op.equals("softmax") ? "softmax" : "logSoftmax")
                    + "(dim)");
    }

    // ---------------------------------------------------------------------------------------------
    // any, all, equal, allclose
    // ---------------------------------------------------------------------------------------------

    /** True where any element is non-zero; uint8 inputs give uint8, as PyTorch. */
    public static Tensor any(Tensor x, int[] dims, boolean keepdim) {
        return reduceRaw(ReduceOp.ANY, x, reducedMask(x, dims), keepdim, logicalType(x));
    }

    public static Tensor all(Tensor x, int[] dims, boolean keepdim) {
        return reduceRaw(ReduceOp.ALL, x, reducedMask(x, dims), keepdim, logicalType(x));
    }

    private static DType logicalType(Tensor x) { return x.dtype() == DType.UINT8 ? DType.UINT8 : DType.BOOL; }

    /** {@code torch.equal}: the same shape and equal values (compared after type promotion; NaN ≠ NaN). */
    public static boolean equal(Tensor a, Tensor b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) return false;
        try (var off = Ember.noGrad()) {
            return a.eq(b).all().item() != 0;
        }
    }

    /**
     * {@code torch.allclose}: |a − b| ≤ atol + rtol·|b| everywhere (b broadcast to a), or a = b (so inf matches inf);
     * NaN is never close. Both tensors must share a dtype, as in PyTorch.
     */
    public static boolean allclose(Tensor a, Tensor b, double rtol, double atol) {
        if (a.dtype() != b.dtype())
            throw new IllegalArgumentException(a.dtype().shortName() + " did not match " + b.dtype().shortName()
                    + ": allclose compares tensors of one dtype. Hint: convert one, e.g. a.allclose(b.to(a.dtype()))");
        try (var off = Ember.noGrad()) {
            Tensor x = a.dtype() == DType.BOOL ? a.to(DType.defaultFloat()) : a;
            Tensor y = b.dtype() == DType.BOOL ? b.to(DType.defaultFloat()) : b;
            Tensor allowed = y.mul(rtol).abs().add(atol);
            Tensor actual = x.sub(y).abs();
            Tensor close = a.eq(b).logicalOr(actual.isfinite().logicalAnd(actual.le(allowed)));
            return close.all().item() != 0;
        }
    }
}
