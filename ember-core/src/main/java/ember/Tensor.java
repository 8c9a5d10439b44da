package ember;

import ember.autograd.AccumulateGrad;
import ember.autograd.Autograd;
import ember.autograd.Edge;
import ember.autograd.InPlaceViews;
import ember.autograd.Node;
import ember.kernels.BinaryOp;
import ember.kernels.UnaryOp;
import ember.ops.Creation;
import ember.ops.Elementwise;
import ember.ops.Indexing;
import ember.ops.LinearAlgebra;
import ember.ops.Multinomial;
import ember.ops.Reductions;
import ember.ops.Shape;
import ember.storage.Layout;
import ember.storage.Shapes;
import ember.storage.Storage;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An n-dimensional array with PyTorch's semantics: a {@link Storage} seen through a {@link Layout}, plus the autograd
 * state of PyTorch's {@code Variable} (requires-grad flag, {@code .grad}, the node that produced it).
 *
 * <p>This class is the public face; the work happens in the op families of {@code ember.ops} (element-wise,
 * reductions, shape and views, indexing, linear algebra), each of which records its own backward beside its forward.
 * Methods are named after PyTorch's in camelCase; in-place variants keep the trailing underscore.
 */
public final class Tensor {
    private final Storage storage;
    private final Layout layout;

    // ---- autograd state (PyTorch's AutogradMeta) ----
    private boolean requiresGrad;
    private Node gradFn;
    private Tensor grad;
    private AccumulateGrad gradAccumulator;
    /** The last edge {@link #gradientEdge()} handed out, reused while it still points at the same node. */
    private Edge gradientEdge;
    private boolean retainsGrad;
    /** The tensor this one is a view of (null when it owns its data), for in-place checks on views. */
    private Tensor viewBase;
    /** For a view: the storage version its grad_fn was made for (see InPlaceViews' Note [In-place ops on views]). */
    private int viewVersion;
    /** A view made with grad mode on follows in-place writes to its storage; one made under noGrad() never does. */
    private boolean differentiableView;

    private Tensor(Storage storage, Layout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    /** A tensor over existing storage (no copy). Internal to Ember's layers; users create tensors with {@link Ember}. */
    public static Tensor wrap(Storage storage, Layout layout) {
        if (layout.extent() > storage.size())
            throw new IllegalArgumentException("layout " + layout + " reaches past the end of a storage of " + storage.size() + " elements");
        return new Tensor(storage, layout);
    }

    /** A view of {@code base}'s storage with another layout; remembers the base for in-place checks. */
    public static Tensor viewOf(Tensor base, Layout layout) {
        Tensor t = new Tensor(base.storage, layout);
        t.viewBase = base.viewBase != null ? base.viewBase : base;
        t.viewVersion = base.version();
        t.differentiableView = Ember.isGradEnabled();
        return t;
    }

    // =====================================================================================================
    // Metadata
    // =====================================================================================================

    /** The sizes of each dimension (a copy). */
    public int[] shape() { return layout.shape(); }

    /** Size of dimension {@code d}; negative {@code d} counts from the end. */
    public int size(int d) { return layout.size(Shapes.wrapDim(d, dim())); }

    public int dim() { return layout.dim(); }

    public int numel() { return layout.numel(); }

    public DType dtype() { return storage.dtype(); }

    public Device device() { return Device.CPU; }

    /** Strides in elements (a copy), as PyTorch's {@code stride()}. */
    public int[] stride() { return layout.strides(); }

    public int stride(int d) { return layout.stride(Shapes.wrapDim(d, dim())); }

    public int storageOffset() { return layout.offset(); }

    public boolean isContiguous() { return layout.isContiguous(); }

    /** The storage this tensor reads (shared with its views). */
    public Storage storage() { return storage; }

    public Layout layout() { return layout; }

    /** The storage's version counter; in-place ops bump it. */
    public int version() { return storage.version(); }

    /** The base tensor when this is a view, else null. */
    public Tensor viewBase() { return viewBase; }

    /** PyTorch's legacy type name used in autograd messages, e.g. {@code torch.FloatTensor}. */
    public String typeName() {
        return switch (dtype()) {
            case FLOAT32 -> "torch.FloatTensor";
            case FLOAT64 -> "torch.DoubleTensor";
            case INT64 -> "torch.LongTensor";
            case INT32 -> "torch.IntTensor";
            case UINT8 -> "torch.ByteTensor";
            case BOOL -> "torch.BoolTensor";
        };
    }

    // =====================================================================================================
    // Conversion and interop
    // =====================================================================================================

    /** The value of a one-element tensor as a double (exact for int64 up to 2^53). */
    public double item() { return Creation.item(this); }

    /** The value of a one-element integral tensor, exactly. */
    public long itemLong() { return Creation.itemLong(this); }

    /** The elements in row-major order as a new array (converted from the dtype). */
    public float[] toFloatArray() { return Creation.toFloatArray(this); }

    public double[] toDoubleArray() { return Creation.toDoubleArray(this); }

    public long[] toLongArray() { return Creation.toLongArray(this); }

    public boolean[] toBooleanArray() { return Creation.toBooleanArray(this); }

    /** A copy converted to {@code dtype}; this tensor itself when it already has it (as PyTorch's {@code to}). */
    public Tensor to(DType dtype) { return Elementwise.cast(this, dtype); }

    /** Moves to a device; only the CPU exists, so this returns the tensor itself. */
    public Tensor to(Device device) { Device.check(device); return this; }

    public Tensor toFloat() { return to(DType.FLOAT32); }

    public Tensor toDouble() { return to(DType.FLOAT64); }

    public Tensor toLong() { return to(DType.INT64); }

    public Tensor toInt() { return to(DType.INT32); }

    public Tensor toBool() { return to(DType.BOOL); }

    /** {@code torch.equal}: same shape and the same values. */
    public boolean equal(Tensor other) { return Reductions.equal(this, other); }

    /** {@code torch.allclose(self, other, rtol, atol)}: |a − b| ≤ atol + rtol·|b| everywhere (NaNs differ). */
    public boolean allclose(Tensor other, double rtol, double atol) { return Reductions.allclose(this, other, rtol, atol); }

    /** {@code torch.allclose} with PyTorch's defaults rtol=1e-5, atol=1e-8. */
    public boolean allclose(Tensor other) { return allclose(other, 1e-5, 1e-8); }

    // =====================================================================================================
    // Shape and views (share memory with this tensor)
    // =====================================================================================================

    /** A view with the new shape when the strides allow, else a copy; one size may be -1. */
    public Tensor reshape(int... shape) { return Shape.reshape(this, shape); }

    /** A view with the new shape; fails (with PyTorch's hint to use reshape) when the strides do not allow one. */
    public Tensor view(int... shape) { return Shape.view(this, shape); }

    public Tensor viewAs(Tensor other) { return view(other.shape()); }

    public Tensor reshapeAs(Tensor other) { return reshape(other.shape()); }

    public Tensor flatten() { return Shape.flatten(this, 0, -1); }

    public Tensor flatten(int startDim, int endDim) { return Shape.flatten(this, startDim, endDim); }

    /** Splits dimension {@code dim} into {@code sizes} (one may be -1). */
    public Tensor unflatten(int dim, int... sizes) { return Shape.unflatten(this, dim, sizes); }

    public Tensor transpose(int dim0, int dim1) { return Shape.transpose(this, dim0, dim1); }

    /** Transpose of a tensor of at most 2 dimensions. */
    public Tensor t() { return Shape.t(this); }

    /** {@code x.T}: all dimensions reversed. */
    public Tensor T() { return Shape.reverseDims(this); }

    /** {@code x.mT}: the last two dimensions swapped. */
    public Tensor mT() { return Shape.mT(this); }

    public Tensor permute(int... dims) { return Shape.permute(this, dims); }

    /** Broadcast view to a larger shape (stride 0); -1 keeps a size. */
    public Tensor expand(int... shape) { return Shape.expand(this, shape); }

    public Tensor expandAs(Tensor other) { return expand(other.shape()); }

    /** Removes all size-1 dimensions. */
    public Tensor squeeze() { return Shape.squeeze(this); }

    /** Removes dimension {@code dim} if it has size 1 (else returns a view of the same shape). */
    public Tensor squeeze(int dim) { return Shape.squeeze(this, dim); }

    public Tensor unsqueeze(int dim) { return Shape.unsqueeze(this, dim); }

    /** Elements {@code start .. start+length-1} of dimension {@code dim}, as a view. */
    public Tensor narrow(int dim, int start, int length) { return Shape.narrow(this, dim, start, length); }

    /** The slice at {@code index} of dimension {@code dim}, without that dimension, as a view. */
    public Tensor select(int dim, int index) { return Shape.select(this, dim, index); }

    /** {@code x[start:stop:step]} along {@code dim}, as a view (Python slice bounds: clamped, negatives count from the end). */
    public Tensor slice(int dim, Integer start, Integer stop, int step) { return Shape.slice(this, dim, start, stop, step); }

    /** This tensor if it is contiguous, else a row-major copy. */
    public Tensor contiguous() { return isContiguous() ? this : Shape.contiguousCopy(this); }

    /** A copy with its own storage (differentiable, as PyTorch's clone). */
    public Tensor clone() { return Shape.clone(this); }

    /** Sums dimensions so that the result has {@code shape} (the inverse of broadcasting to this tensor's shape). */
    public Tensor sumToSize(int... shape) { return Shape.sumToSize(this, shape); }

    /** Splits into chunks of {@code splitSize} along {@code dim} (views). */
    public List<Tensor> split(int splitSize, int dim) { return Shape.split(this, splitSize, dim); }

    /** {@code chunks} nearly equal views along {@code dim}. */
    public List<Tensor> chunk(int chunks, int dim) { return Shape.chunk(this, chunks, dim); }

    /** The slices along {@code dim}, each without that dimension. */
    public List<Tensor> unbind(int dim) { return Shape.unbind(this, dim); }

    /** Repeats the tensor along each dimension (a copy). */
    public Tensor repeat(int... repeats) { return Shape.repeat(this, repeats); }

    // =====================================================================================================
    // Indexing
    // =====================================================================================================

    /** {@code x[spec]} with PyTorch's syntax in a string: {@code "1:3, ::2"}, {@code "-1"}, {@code ":, 0"}, {@code "..., None"}. */
    public Tensor get(String spec) { return Indexing.get(this, Index.parse(spec)); }

    /** {@code x[i, j, ...]} with typed indices; basic indices give a view, tensor indices a copy. */
    public Tensor get(Index... indices) { return Indexing.get(this, indices); }

    /** Advanced indexing {@code x[idx0, idx1, ...]} with INT64 index tensors or a BOOL mask (a copy). */
    public Tensor get(Tensor... indices) { return Indexing.get(this, Index.of(indices)); }

    /** {@code x[i]} along the first dimension, as a view; negative {@code i} counts from the end. */
    public Tensor get(int i) { return select(0, i); }

    /** {@code x[spec] = value}. */
    public Tensor set(String spec, double value) { return Indexing.set(this, Index.parse(spec), Ember.scalar(value, dtype())); }

    /** {@code x[spec] = value}, broadcasting value to the indexed region. */
    public Tensor set(String spec, Tensor value) { return Indexing.set(this, Index.parse(spec), value); }

    public Tensor set(Index[] indices, Tensor value) { return Indexing.set(this, indices, value); }

    /** {@code x[mask] = value} or {@code x[idx] = value}. */
    public Tensor set(Tensor index, double value) { return Indexing.set(this, Index.of(index), Ember.scalar(value, dtype())); }

    public Tensor set(Tensor index, Tensor value) { return Indexing.set(this, Index.of(index), value); }

    /** {@code torch.gather(self, dim, index)}. */
    public Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }

    /** {@code index_select(dim, index)}: rows (or slices) picked by a 1-D INT64 index (a copy). */
    public Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelect(this, dim, index); }

    /** {@code masked_fill(mask, value)}: a copy with elements where {@code mask} is true set to {@code value}. */
    public Tensor maskedFill(Tensor mask, double value) { return Indexing.maskedFill(this, mask, value); }

    /** The elements where {@code mask} is true, as a 1-D copy. */
    public Tensor maskedSelect(Tensor mask) { return Indexing.maskedSelect(this, mask); }

    /** Indices of non-zero elements, shape [n, dim] (INT64). */
    public Tensor nonzero() { return Indexing.nonzero(this); }

    /** One-hot encoding of an INT64 tensor of class indices (INT64, PyTorch's {@code F.one_hot}). */
    public Tensor oneHot(int numClasses) { return Indexing.oneHot(this, numClasses); }

    // =====================================================================================================
    // Element-wise arithmetic (broadcasting, PyTorch's type promotion)
    // =====================================================================================================

    public Tensor add(Tensor other) { return Elementwise.binary(BinaryOp.ADD, this, other); }

    /** {@code self + alpha * other}. */
    public Tensor add(Tensor other, double alpha) { return alpha == 1 ? add(other) : add(other.mul(alpha)); }

    public Tensor add(double other) { return Elementwise.binaryScalar(BinaryOp.ADD, this, other, false); }

    public Tensor add(long other) { return Elementwise.binaryScalar(BinaryOp.ADD, this, other, true); }

    public Tensor sub(Tensor other) { return Elementwise.binary(BinaryOp.SUB, this, other); }

    public Tensor sub(Tensor other, double alpha) { return alpha == 1 ? sub(other) : sub(other.mul(alpha)); }

    public Tensor sub(double other) { return Elementwise.binaryScalar(BinaryOp.SUB, this, other, false); }

    public Tensor sub(long other) { return Elementwise.binaryScalar(BinaryOp.SUB, this, other, true); }

    public Tensor mul(Tensor other) { return Elementwise.binary(BinaryOp.MUL, this, other); }

    public Tensor mul(double other) { return Elementwise.binaryScalar(BinaryOp.MUL, this, other, false); }

    public Tensor mul(long other) { return Elementwise.binaryScalar(BinaryOp.MUL, this, other, true); }

    /** True division: integral operands give a floating result. */
    public Tensor div(Tensor other) { return Elementwise.binary(BinaryOp.DIV, this, other); }

    public Tensor div(double other) { return Elementwise.binaryScalar(BinaryOp.DIV, this, other, false); }

    public Tensor div(long other) { return Elementwise.binaryScalar(BinaryOp.DIV, this, other, true); }

    public Tensor pow(Tensor exponent) { return Elementwise.binary(BinaryOp.POW, this, exponent); }

    public Tensor pow(double exponent) { return Elementwise.binaryScalar(BinaryOp.POW, this, exponent, false); }

    public Tensor pow(long exponent) { return Elementwise.binaryScalar(BinaryOp.POW, this, exponent, true); }

    /** {@code other - self} ({@code 10 - y} in Python). */
    public Tensor rsub(double other) { return Elementwise.reverseScalar(BinaryOp.SUB, this, other, false); }

    public Tensor rsub(long other) { return Elementwise.reverseScalar(BinaryOp.SUB, this, other, true); }

    /** {@code other / self} ({@code 1 / y} in Python). */
    public Tensor rdiv(double other) { return Elementwise.reverseScalar(BinaryOp.DIV, this, other, false); }

    public Tensor rdiv(long other) { return Elementwise.reverseScalar(BinaryOp.DIV, this, other, true); }

    /** {@code base ** self}. */
    public Tensor rpow(double base) { return Elementwise.reverseScalar(BinaryOp.POW, this, base, false); }

    /** {@code 2 ** x}: an integral x stays integral (negative exponents give 0, as PyTorch). */
    public Tensor rpow(long base) { return Elementwise.reverseScalar(BinaryOp.POW, this, base, true); }

    /** Python's {@code %}: the result has the sign of the divisor. */
    public Tensor remainder(Tensor other) { return Elementwise.binary(BinaryOp.REMAINDER, this, other); }

    public Tensor remainder(double other) { return Elementwise.binaryScalar(BinaryOp.REMAINDER, this, other, false); }

    public Tensor remainder(long other) { return Elementwise.binaryScalar(BinaryOp.REMAINDER, this, other, true); }

    /** Python's {@code //}. */
    public Tensor floorDivide(Tensor other) { return Elementwise.binary(BinaryOp.FLOOR_DIVIDE, this, other); }

    public Tensor floorDivide(double other) { return Elementwise.binaryScalar(BinaryOp.FLOOR_DIVIDE, this, other, false); }

    public Tensor floorDivide(long other) { return Elementwise.binaryScalar(BinaryOp.FLOOR_DIVIDE, this, other, true); }

    public Tensor atan2(Tensor other) { return Elementwise.binary(BinaryOp.ATAN2, this, other); }

    public Tensor maximum(Tensor other) { return Elementwise.binary(BinaryOp.MAXIMUM, this, other); }

    public Tensor minimum(Tensor other) { return Elementwise.binary(BinaryOp.MINIMUM, this, other); }

    public Tensor neg() { return Elementwise.unary(UnaryOp.NEG, this); }

    public Tensor abs() { return Elementwise.unary(UnaryOp.ABS, this); }

    public Tensor exp() { return Elementwise.unary(UnaryOp.EXP, this); }

    public Tensor log() { return Elementwise.unary(UnaryOp.LOG, this); }

    public Tensor log2() { return Elementwise.unary(UnaryOp.LOG2, this); }

    public Tensor log10() { return Elementwise.unary(UnaryOp.LOG10, this); }

    public Tensor log1p() { return Elementwise.unary(UnaryOp.LOG1P, this); }

    public Tensor expm1() { return Elementwise.unary(UnaryOp.EXPM1, this); }

    public Tensor sqrt() { return Elementwise.unary(UnaryOp.SQRT, this); }

    public Tensor rsqrt() { return Elementwise.unary(UnaryOp.RSQRT, this); }

    public Tensor sin() { return Elementwise.unary(UnaryOp.SIN, this); }

    public Tensor cos() { return Elementwise.unary(UnaryOp.COS, this); }

    public Tensor tan() { return Elementwise.unary(UnaryOp.TAN, this); }

    public Tensor tanh() { return Elementwise.unary(UnaryOp.TANH, this); }

    public Tensor sigmoid() { return Elementwise.unary(UnaryOp.SIGMOID, this); }

    public Tensor relu() { return Elementwise.unary(UnaryOp.RELU, this); }

    public Tensor square() { return Elementwise.unary(UnaryOp.SQUARE, this); }

    public Tensor reciprocal() { return Elementwise.unary(UnaryOp.RECIPROCAL, this); }

    public Tensor sign() { return Elementwise.unary(UnaryOp.SIGN, this); }

    public Tensor floor() { return Elementwise.unary(UnaryOp.FLOOR, this); }

    public Tensor ceil() { return Elementwise.unary(UnaryOp.CEIL, this); }

    /** Rounds half to even, as {@code torch.round}. */
    public Tensor round() { return Elementwise.unary(UnaryOp.ROUND, this); }

    public Tensor trunc() { return Elementwise.unary(UnaryOp.TRUNC, this); }

    /** Clamps to [min, max]; pass {@code Double.NaN} for no bound on one side. */
    public Tensor clamp(double min, double max) { return Elementwise.clamp(this, min, max, false); }

    /** Integer bounds keep an integral tensor's dtype ({@code clamp(0, 2)}); double bounds promote it to float32. */
    public Tensor clamp(long min, long max) { return Elementwise.clamp(this, min, max, true); }

    public Tensor clampMin(double min) { return Elementwise.clamp(this, min, Double.NaN, false); }

    public Tensor clampMin(long min) { return Elementwise.clamp(this, min, Double.NaN, true); }

    public Tensor clampMax(double max) { return Elementwise.clamp(this, Double.NaN, max, false); }

    public Tensor clampMax(long max) { return Elementwise.clamp(this, Double.NaN, max, true); }

    /** {@code torch.where(condition, self, other)}. */
    public Tensor where(Tensor condition, Tensor other) { return Elementwise.where(condition, this, other); }

    public Tensor where(Tensor condition, double other) { return Elementwise.whereScalar(condition, this, other, false, false); }

    public Tensor where(Tensor condition, long other) { return Elementwise.whereScalar(condition, this, other, true, false); }

    /** {@code lerp}, {@code addcmul}-style helpers compose from the above; {@code isnan} marks NaN elements. */
    public Tensor isnan() { return Elementwise.binary(BinaryOp.NE, this, this); }

    public Tensor isinf() { return Elementwise.isinf(this); }

    public Tensor isfinite() { return Elementwise.isfinite(this); }

    // ---- comparisons and logic → BOOL ----

    public Tensor eq(Tensor other) { return Elementwise.binary(BinaryOp.EQ, this, other); }

    public Tensor eq(double other) { return Elementwise.binaryScalar(BinaryOp.EQ, this, other, false); }

    public Tensor ne(Tensor other) { return Elementwise.binary(BinaryOp.NE, this, other); }

    public Tensor ne(double other) { return Elementwise.binaryScalar(BinaryOp.NE, this, other, false); }

    public Tensor gt(Tensor other) { return Elementwise.binary(BinaryOp.GT, this, other); }

    public Tensor gt(double other) { return Elementwise.binaryScalar(BinaryOp.GT, this, other, false); }

    public Tensor ge(Tensor other) { return Elementwise.binary(BinaryOp.GE, this, other); }

    public Tensor ge(double other) { return Elementwise.binaryScalar(BinaryOp.GE, this, other, false); }

    public Tensor lt(Tensor other) { return Elementwise.binary(BinaryOp.LT, this, other); }

    public Tensor lt(double other) { return Elementwise.binaryScalar(BinaryOp.LT, this, other, false); }

    public Tensor le(Tensor other) { return Elementwise.binary(BinaryOp.LE, this, other); }

    public Tensor le(double other) { return Elementwise.binaryScalar(BinaryOp.LE, this, other, false); }

    public Tensor logicalNot() { return Elementwise.unary(UnaryOp.LOGICAL_NOT, this); }

    public Tensor logicalAnd(Tensor other) { return Elementwise.binary(BinaryOp.LOGICAL_AND, this, other); }

    public Tensor logicalOr(Tensor other) { return Elementwise.binary(BinaryOp.LOGICAL_OR, this, other); }

    public Tensor logicalXor(Tensor other) { return Elementwise.binary(BinaryOp.LOGICAL_XOR, this, other); }

    // ---- in place (refuse a broadcast that would change this tensor's shape) ----

    public Tensor add_(Tensor other) { return Elementwise.binaryInPlace(BinaryOp.ADD, this, other); }

    public Tensor add_(Tensor other, double alpha) { return alpha == 1 ? add_(other) : add_(other.mul(alpha)); }

    public Tensor add_(double other) { return Elementwise.binaryInPlaceScalar(BinaryOp.ADD, this, other, false); }

    public Tensor add_(long other) { return Elementwise.binaryInPlaceScalar(BinaryOp.ADD, this, other, true); }

    public Tensor sub_(Tensor other) { return Elementwise.binaryInPlace(BinaryOp.SUB, this, other); }

    public Tensor sub_(Tensor other, double alpha) { return alpha == 1 ? sub_(other) : sub_(other.mul(alpha)); }

    public Tensor sub_(double other) { return Elementwise.binaryInPlaceScalar(BinaryOp.SUB, this, other, false); }

    public Tensor sub_(long other) { return Elementwise.binaryInPlaceScalar(BinaryOp.SUB, this, other, true); }

    public Tensor mul_(Tensor other) { return Elementwise.binaryInPlace(BinaryOp.MUL, this, other); }

    public Tensor mul_(double other) { return Elementwise.binaryInPlaceScalar(BinaryOp.MUL, this, other, false); }

    public Tensor mul_(long other) { return Elementwise.binaryInPlaceScalar(BinaryOp.MUL, this, other, true); }

    public Tensor div_(Tensor other) { return Elementwise.binaryInPlace(BinaryOp.DIV, this, other); }

    public Tensor div_(double other) { return Elementwise.binaryInPlaceScalar(BinaryOp.DIV, this, other, false); }

    public Tensor div_(long other) { return Elementwise.binaryInPlaceScalar(BinaryOp.DIV, this, other, true); }

    public Tensor pow_(double exponent) { return Elementwise.binaryInPlaceScalar(BinaryOp.POW, this, exponent, false); }

    public Tensor pow_(long exponent) { return Elementwise.binaryInPlaceScalar(BinaryOp.POW, this, exponent, true); }

    public Tensor neg_() { return Elementwise.unaryInPlace(UnaryOp.NEG, this); }

    public Tensor exp_() { return Elementwise.unaryInPlace(UnaryOp.EXP, this); }

    public Tensor sqrt_() { return Elementwise.unaryInPlace(UnaryOp.SQRT, this); }

    public Tensor relu_() { return Elementwise.unaryInPlace(UnaryOp.RELU, this); }

    public Tensor sigmoid_() { return Elementwise.unaryInPlace(UnaryOp.SIGMOID, this); }

    public Tensor tanh_() { return Elementwise.unaryInPlace(UnaryOp.TANH, this); }

    public Tensor clamp_(double min, double max) { return Elementwise.clampInPlace(this, min, max, false); }

    public Tensor clamp_(long min, long max) { return Elementwise.clampInPlace(this, min, max, true); }

    public Tensor zero_() { return Elementwise.zero_(this); }

    public Tensor fill_(double value) { return Elementwise.fill_(this, value); }

    /** Copies {@code src} into this tensor (broadcasting src, converting dtype). */
    public Tensor copy_(Tensor src) { return Elementwise.copy_(this, src); }

    /** Fills with samples of N(mean, std²) from the global generator. */
    public Tensor normal_(double mean, double std) { return Creation.normal_(this, mean, std, null); }

    public Tensor normal_(double mean, double std, Generator generator) { return Creation.normal_(this, mean, std, generator); }

    /** Fills with samples of U[from, to) from the global generator. */
    public Tensor uniform_(double from, double to) { return Creation.uniform_(this, from, to, null); }

    public Tensor uniform_(double from, double to, Generator generator) { return Creation.uniform_(this, from, to, generator); }

    /** Fills with 1 with probability p, else 0. */
    public Tensor bernoulli_(double p) { return Creation.bernoulli_(this, p, null); }

    public Tensor bernoulli_(double p, Generator generator) { return Creation.bernoulli_(this, p, generator); }

    /** {@code x.multinomial(n, replacement)}: see {@link Ember#multinomial(Tensor, int, boolean)}. */
    public Tensor multinomial(int numSamples, boolean replacement) { return Multinomial.multinomial(this, numSamples, replacement, null); }

    // =====================================================================================================
    // Reductions
    // =====================================================================================================

    public Tensor sum() { return Reductions.sum(this, null, false); }

    public Tensor sum(int dim) { return Reductions.sum(this, new int[]{dim}, false); }

    public Tensor sum(int dim, boolean keepdim) { return Reductions.sum(this, new int[]{dim}, keepdim); }

    public Tensor sum(int[] dims, boolean keepdim) { return Reductions.sum(this, dims, keepdim); }

    public Tensor mean() { return Reductions.mean(this, null, false); }

    public Tensor mean(int dim) { return Reductions.mean(this, new int[]{dim}, false); }

    public Tensor mean(int dim, boolean keepdim) { return Reductions.mean(this, new int[]{dim}, keepdim); }

    public Tensor mean(int[] dims, boolean keepdim) { return Reductions.mean(this, dims, keepdim); }

    public Tensor prod() { return Reductions.prod(this, null, false); }

    public Tensor prod(int dim) { return Reductions.prod(this, new int[]{dim}, false); }

    public Tensor prod(int dim, boolean keepdim) { return Reductions.prod(this, new int[]{dim}, keepdim); }

    /** The largest element (0-d). */
    public Tensor max() { return Reductions.max(this); }

    /** Largest values along {@code dim} and their positions. */
    public ValuesIndices max(int dim) { return Reductions.max(this, dim, false); }

    public ValuesIndices max(int dim, boolean keepdim) { return Reductions.max(this, dim, keepdim); }

    public Tensor min() { return Reductions.min(this); }

    public ValuesIndices min(int dim) { return Reductions.min(this, dim, false); }

    public ValuesIndices min(int dim, boolean keepdim) { return Reductions.min(this, dim, keepdim); }

    /** Position of the largest element in the flattened tensor (INT64, 0-d). */
    public Tensor argmax() { return Reductions.argmax(this, null, false); }

    public Tensor argmax(int dim) { return Reductions.argmax(this, dim, false); }

    public Tensor argmax(int dim, boolean keepdim) { return Reductions.argmax(this, dim, keepdim); }

    public Tensor argmin() { return Reductions.argmin(this, null, false); }

    public Tensor argmin(int dim) { return Reductions.argmin(this, dim, false); }

    public Tensor argmin(int dim, boolean keepdim) { return Reductions.argmin(this, dim, keepdim); }

    /** Standard deviation with Bessel's correction (unbiased), as PyTorch's default. */
    public Tensor std() { return Reductions.std(this, null, 1, false); }

    public Tensor std(int dim) { return Reductions.std(this, new int[]{dim}, 1, false); }

    public Tensor std(int dim, boolean keepdim) { return Reductions.std(this, new int[]{dim}, 1, keepdim); }

    /** Standard deviation over {@code dims} dividing by N − correction. */
    public Tensor std(int[] dims, int correction, boolean keepdim) { return Reductions.std(this, dims, correction, keepdim); }

    public Tensor var() { return Reductions.var(this, null, 1, false); }

    public Tensor var(int dim) { return Reductions.var(this, new int[]{dim}, 1, false); }

    public Tensor var(int dim, boolean keepdim) { return Reductions.var(this, new int[]{dim}, 1, keepdim); }

    public Tensor var(int[] dims, int correction, boolean keepdim) { return Reductions.var(this, dims, correction, keepdim); }

    /** The 2-norm of all elements. */
    public Tensor norm() { return Reductions.norm(this, 2, null, false); }

    /** The p-norm of all elements (p may be infinite). */
    public Tensor norm(double p) { return Reductions.norm(this, p, null, false); }

    public Tensor norm(double p, int dim, boolean keepdim) { return Reductions.norm(this, p, new int[]{dim}, keepdim); }

    public Tensor norm(double p, int[] dims, boolean keepdim) { return Reductions.norm(this, p, dims, keepdim); }

    public Tensor cumsum(int dim) { return Reductions.cumsum(this, dim); }

    public Tensor cumprod(int dim) { return Reductions.cumprod(this, dim); }

    public Tensor logsumexp(int dim) { return Reductions.logsumexp(this, new int[]{dim}, false); }

    public Tensor logsumexp(int dim, boolean keepdim) { return Reductions.logsumexp(this, new int[]{dim}, keepdim); }

    public Tensor logsumexp(int[] dims, boolean keepdim) { return Reductions.logsumexp(this, dims, keepdim); }

    /** Numerically stable softmax along {@code dim}. */
    public Tensor softmax(int dim) { return Reductions.softmax(this, dim); }

    /** Numerically stable log-softmax along {@code dim}: logSoftmax of [1000, 0] is [0, −1000]. */
    public Tensor logSoftmax(int dim) { return Reductions.logSoftmax(this, dim); }

    /** True (BOOL 0-d) when any element is non-zero. */
    public Tensor any() { return Reductions.any(this, null, false); }

    public Tensor any(int dim) { return Reductions.any(this, new int[]{dim}, false); }

    public Tensor all() { return Reductions.all(this, null, false); }

    public Tensor all(int dim) { return Reductions.all(this, new int[]{dim}, false); }

    // =====================================================================================================
    // Linear algebra
    // =====================================================================================================

    /** {@code torch.matmul}: 1-D·1-D → 0-D, 2-D·1-D, 1-D·2-D, 2-D·2-D, and N-D with broadcast batch dimensions. */
    public Tensor matmul(Tensor other) { return LinearAlgebra.matmul(this, other); }

    /** Inner product of two 1-D tensors (any numeric dtype, as the seed's {@code torch.dot(arange(3), arange(3))}). */
    public Tensor dot(Tensor other) { return LinearAlgebra.dot(this, other); }

    /** Matrix product of two 2-D tensors. */
    public Tensor mm(Tensor other) { return LinearAlgebra.mm(this, other); }

    /** Matrix-vector product. */
    public Tensor mv(Tensor vec) { return LinearAlgebra.mv(this, vec); }

    /** Batched matrix product of two 3-D tensors. */
    /** {@code self.addmm(mat1, mat2)}: this + mat1·mat2 (this broadcast to the product's shape). */
    public Tensor addmm(Tensor mat1, Tensor mat2) { return LinearAlgebra.addmm(this, mat1, mat2); }

    public Tensor bmm(Tensor other) { return LinearAlgebra.bmm(this, other); }

    /** Outer product of two 1-D tensors. */
    public Tensor outer(Tensor other) { return LinearAlgebra.outer(this, other); }

    // =====================================================================================================
    // Autograd
    // =====================================================================================================

    /** True for leaves marked with {@link #requiresGrad_()} and for results of ops on such tensors. */
    public boolean requiresGrad() { return requiresGrad || gradFn() != null; }

    /** Marks a leaf as requiring grad (in place, returns this). */
    public Tensor requiresGrad_() { return requiresGrad_(true); }

    public Tensor requiresGrad_(boolean requires) {
        if (gradFn() != null) {
            if (!requires)
                throw new IllegalStateException("you can only change requires_grad flags of leaf variables. If you want to use"
                        + " a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
            return this; // already requires grad through its graph
        }
        if (requires && !dtype().isFloatingPoint())
            throw new IllegalArgumentException("only Tensors of floating point dtype can require gradients (got "
                    + dtype().torchName() + "). Hint: convert first, e.g. x.toFloat().requiresGrad_()");
        requiresGrad = requires;
        return this;
    }

    /**
     * The gradient accumulated by backward passes, or null. Reading it on a non-leaf that does not retain its grad
     * returns null and warns once, as PyTorch does.
     */
    public Tensor grad() {
        if (grad == null && gradFn() != null && !retainsGrad) Warnings.nonLeafGrad();
        return grad;
    }

    /** Replaces the gradient ({@code x.grad = g}); null clears it. */
    public void setGrad(Tensor g) {
        if (g != null && !java.util.Arrays.equals(g.shape(), shape()))
            throw new IllegalArgumentException("assigned grad has data of a different size: " + Shapes.formatSize(g.shape())
                    + " vs " + Shapes.formatSize(shape()));
        if (g != null && g.dtype() != dtype())
            throw new IllegalArgumentException("assigned grad has data of a different type: " + g.dtype().torchName()
                    + " vs " + dtype().torchName() + ". Hint: convert it with to(x.dtype())");
        grad = g;
    }

    /**
     * The node that computes this tensor's gradient inputs (null for leaves). A view whose storage was written in
     * place since its grad_fn was set reads its value afresh from its base: AsStridedBackward0 (as PyTorch).
     */
    public Node gradFn() {
        if (differentiableView && viewVersion != storage.version() && dtype().isFloatingPoint()
                && (gradFn != null || viewBase.requiresGrad())) {
            setGradFn(InPlaceViews.viewNode(viewBase, layout));
        }
        return gradFn;
    }

    /** Internal: ops and autograd attach the node that produced this tensor. */
    public void setGradFn(Node node) {
        if (retainsGrad && gradFn != null && node != gradFn) {
            // an in-place op gave this tensor a new node: .grad now follows the new value, as PyTorch's rebase
            gradFn.stopRetainingGrad();
            if (node != null) node.retainGradOf(this);
        }
        gradFn = node;
        viewVersion = storage.version();
        if (node != null) requiresGrad = false;
    }

    /** True for tensors not produced by a recorded op (user-created, or results computed without grad). */
    public boolean isLeaf() { return gradFn() == null; }

    /** Internal: where a gradient for this tensor flows (its grad_fn, or its leaf's AccumulateGrad). */
    public Edge gradientEdge() {
        Node target = gradFn();
        if (target == null) {
            if (!requiresGrad) return null;
            if (gradAccumulator == null) gradAccumulator = new AccumulateGrad(this);
            target = gradAccumulator;
        }
        Edge e = gradientEdge;
        if (e == null || e.node() != target) gradientEdge = e = new Edge(target, 0);
        return e;
    }

    /** Backward from a one-element tensor: accumulates d(this)/d(leaf) into each leaf's {@code .grad}. */
    public void backward() { Autograd.backward(List.of(this), null, false, false); }

    /** Backward with a gradient of this tensor's shape (a vector-Jacobian product). */
    public void backward(Tensor gradient) { backward(gradient, false); }

    public void backward(Tensor gradient, boolean retainGraph) { backward(gradient, retainGraph, false); }

    /** {@code createGraph}: record the backward pass itself, for second derivatives. */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(List.of(this), gradient == null ? null : java.util.Collections.singletonList(gradient), retainGraph, createGraph);
    }

    /**
     * Keeps {@code .grad} for this non-leaf after backward: the gradient after this tensor's hooks, accumulated over
     * backward passes. A no-op on leaves, which keep their grad anyway.
     */
    public Tensor retainGrad() {
        if (!requiresGrad())
            throw new IllegalStateException("can't retain_grad on Tensor that has requires_grad=False");
        if (gradFn() == null || retainsGrad) return this;
        retainsGrad = true;
        gradFn.retainGradOf(this);
        return this;
    }

    public boolean retainsGrad() { return retainsGrad; }

    /**
     * A new leaf that shares this tensor's storage (and version counter) but is cut from the graph; in-place updates
     * through it are allowed and show in this tensor.
     */
    public Tensor detach() { return new Tensor(storage, layout); }

    /** Cuts this tensor from the graph in place (it becomes a leaf that does not require grad). */
    public Tensor detach_() {
        if (viewBase != null)
            throw new IllegalStateException("Can't detach views in-place. Use detach() instead.");
        if (retainsGrad && gradFn != null) gradFn.stopRetainingGrad();
        retainsGrad = false;
        gradFn = null;
        requiresGrad = false;
        return this;
    }

    /**
     * Registers a function called with this tensor's gradient during backward (and by {@code Autograd.grad});
     * returning a tensor replaces the gradient, returning null keeps it. Hooks run in registration order.
     */
    public Tensor registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad())
            throw new IllegalStateException("cannot register a hook on a tensor that doesn't require gradient");
        gradientEdge().node().registerPreHook(hook);
        return this;
    }

    // =====================================================================================================
    // Printing
    // =====================================================================================================

    /** Exactly what PyTorch prints for the same tensor, e.g. {@code tensor([0., 1., 2., 3.], requires_grad=True)}. */
    @Override
    public String toString() { return TensorFormat.format(this); }
}
