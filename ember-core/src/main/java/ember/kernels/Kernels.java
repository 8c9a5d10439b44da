package ember.kernels;

import ember.storage.Layout;
import ember.storage.Storage;

/**
 * The math of Ember on (storage, layout) pairs. Kernels know nothing of tensors or gradients; the tensor layer
 * allocates outputs, broadcasts layouts (stride 0) and promotes dtypes before calling in.
 *
 * <p>Contract shared by all methods: layouts of operands that are combined element-wise have the destination's shape;
 * a destination never overlaps a source unless it is the same element in both (in-place ops). Two providers exist:
 * {@link ScalarKernels}, the readable reference, and a Vector API one picked by {@link KernelProvider}.
 */
public interface Kernels {
    /** Provider name for the start-up log line and benchmarks. */
    String name();

    /** dst[i] = src[i], converting dtype (bool: non-zero is true; float to integer truncates toward zero). */
    void copy(Storage src, Layout srcL, Storage dst, Layout dstL);

    /**
     * dst[d + i] = src[s + i] / 255 for i &lt; n, from a UINT8 src to a FLOAT32 dst, both contiguous over those elements:
     * 8-bit pixels to [0, 1] as torchvision's {@code ToTensor()} makes them, the float32 division (not a product by 1/255,
     * which rounds some pixels differently).
     */
    void pixelsToUnit(Storage src, int s, Storage dst, int d, int n);

    /** Every element of dst set to value (converted to dst's dtype). */
    void fill(Storage dst, Layout dstL, double value);

    /** Every element of an integral dst set to an exact 64-bit value. */
    void fillLong(Storage dst, Layout dstL, long value);

    /** dst[i] = op(src[i]) computed in src's dtype; p0/p1 are op parameters (clamp bounds), NaN when unused. */
    void unary(UnaryOp op, double p0, double p1, Storage src, Layout srcL, Storage dst, Layout dstL);

    /** dst[i] = op(a[i], b[i]); a and b share one dtype; dst has it too, or BOOL for predicates. */
    void binary(BinaryOp op, Storage a, Layout aL, Storage b, Layout bL, Storage dst, Layout dstL);

    /** dst[i] = cond[i] ? a[i] : b[i]; a, b and dst share one dtype. */
    void where(Storage cond, Layout condL, Storage a, Layout aL, Storage b, Layout bL, Storage dst, Layout dstL);

    /**
     * Reduces the trailing {@code reducedDims} dimensions of src. dst has src's leading shape (any strides) and src's
     * dtype, except: ARGMAX/ARGMIN write INT64; SUM of a BOOL, UINT8, INT32 or INT64 src may write INT64 (sum's type,
     * without a converted copy of src). SUM, SUM_OF_SQUARES and PROD of float32 accumulate in double; MAX/MIN propagate
     * NaN.
     */
    void reduce(ReduceOp op, Storage src, Layout srcL, int reducedDims, Storage dst, Layout dstL);

    /**
     * Σ(x − x̄)² / divisor over the trailing {@code reducedDims} dimensions of a floating src (its square root when
     * {@code sqrt}), two passes in double (the mean, then the squared deviations from it), rounded once to dst's dtype,
     * which is src's. dst has src's leading shape (any strides); no elements give 0 / divisor.
     */
    void variance(Storage src, Layout srcL, int reducedDims, double divisor, boolean sqrt, Storage dst, Layout dstL);

    /**
     * Softmax along {@code dim} of a floating src, or log-softmax when {@code log}; dst has src's shape and dtype. Each
     * line is shifted by its maximum m so that no exponential overflows, step by step in src's dtype: e = exp(x − m),
     * s = Σe accumulated in double and rounded to the dtype, then y = e · (1 / s) (as PyTorch's CPU kernel: a
     * multiplication per element is cheaper than a division), or y = (x − m) − log s.
     */
    void softmax(boolean log, Storage src, Layout srcL, int dim, Storage dst, Layout dstL);

    /** Row-major positions, within srcL's shape, of src's non-zero (true) elements, in order. */
    int[] nonzero(Storage src, Layout srcL);

    /**
     * Inclusive prefix sum (or product when {@code product}) along {@code dim}; dst has src's shape and dtype (floating
     * or INT64). A float32 running value is kept in double and each output rounded once.
     */
    void scan(boolean product, Storage src, Layout srcL, int dim, Storage dst, Layout dstL);

    /**
     * y[i] = y[i] + alpha·x[i] in place (BLAS's axpy) for floating x and y of one dtype: the product is rounded to that
     * dtype before the sum, as in the two ops it replaces (the plain SGD update p − lr·g).
     */
    void axpy(double alpha, Storage x, Layout xL, Storage y, Layout yL);

    /**
     * C = A·B, or C += A·B when {@code accumulate}, for 2-D layouts of any strides ([m,k]·[k,n] → [m,n]); A, B and C
     * share one dtype (floating or INT64).
     */
    void gemm(Storage a, Layout aL, Storage b, Layout bL, Storage c, Layout cL, boolean accumulate);

    /**
     * C = bias + A·B for 2-D layouts as {@link #gemm}, biasL of C's shape (a bias broadcast to it; a linear layer's
     * x·Wᵀ + b has one value per column, stride 0 down the rows) and C's dtype. By default the bias is copied into C and
     * the product added onto it; a provider may write it as it goes.
     */
    default void gemmBias(Storage a, Layout aL, Storage b, Layout bL, Storage bias, Layout biasL, Storage c, Layout cL) {
        copy(bias, biasL, c, cL);
        gemm(a, aL, b, bL, c, cL, true);
    }

    /**
     * A·B for 2-D layouts of any strides ([m,k]·[k,n]) of one dtype (floating or INT64) as a new contiguous [m,n]
     * storage: {@link #gemm} into a new output, which a provider may make while other threads start on the product.
     */
    default Storage product(Storage a, Layout aL, Storage b, Layout bL) {
        int m = aL.size(0), n = bL.size(1);
        Storage c = Storage.allocateForOverwrite(a.dtype(), Math.multiplyExact(m, n));
        gemm(a, aL, b, bL, c, Layout.contiguous(m, n), false);
        return c;
    }
}
