package ember.ops;

import ember.DType;
import ember.Tensor;
import ember.kernels.BinaryOp;
import ember.kernels.UnaryOp;
import ember.storage.DoubleStorage;
import ember.storage.FloatStorage;
import ember.storage.Layout;
import ember.storage.Storage;
import java.util.Arrays;

/**
 * Note [Tiny tensors]: for a few elements, dispatching to the kernels (merging dims, walking rows through lambdas)
 * costs far more than the arithmetic: a 4-element add would spend nearly all its time there. Dense float32/float64
 * operands of at most {@link #MAX} elements are therefore computed here with plain loops, element by element with
 * the kernels' own functions ({@link BinaryOp#apply}, {@link UnaryOp#apply}, rounded once to float32 as the scalar
 * kernels do), so the values are the scalar reference's. Filling dense floating data and copying dense data of any
 * dtype take the direct path at any size (one {@code Arrays.fill} or one {@code Storage.copyOf}). Each method returns
 * null (or false) when its case does not apply, and the caller takes the kernel path.
 */
final class Tiny {
    /** At most this many elements take the direct path (beyond it the kernels' dispatch cost is amortised). */
    static final int MAX = 64;

    /** The layout of every 0-d result (layouts are immutable, so one serves all). */
    static final Layout SCALAR = Layout.contiguous();

    private Tiny() {}

    /** Whether t is float32 or float64, dense, and small enough. */
    private static boolean fits(Tensor t, DType dtype) {
        return t.dtype() == dtype && t.numel() <= MAX && t.layout().isContiguous();
    }

    /** A row-major layout of {@code like}'s shape, reusing like's own layout when it already is exactly that. */
    private static Layout denseLayout(Tensor like) {
        Layout l = like.layout();
        if (l.dim() == 0) return SCALAR;
        return l.offset() == 0 && isRowMajor(l) ? l : Layout.contiguous(l.shapeRef());
    }

    /** Whether l has the strides {@code Layout.contiguous} gives its shape. */
    private static boolean isRowMajor(Layout l) {
        int expected = 1;
        for (int d = l.dim() - 1; d >= 0; d--) {
            if (l.stride(d) != expected) return false;
            expected *= Math.max(l.size(d), 1);
        }
        return true;
    }

    /**
     * {@code a op b} for operands of one floating dtype that have the same shape or where one is 0-d, as a new
     * tensor; null when the direct path does not apply.
     */
    static Tensor binary(BinaryOp op, Tensor a, Tensor b, DType dtype) {
        if (op.isPredicate() || !dtype.isFloatingPoint() || !fits(a, dtype) || !fits(b, dtype)) return null;
        Tensor shapeOf;
        if (Arrays.equals(a.layout().shapeRef(), b.layout().shapeRef())) shapeOf = a;
        else if (b.dim() == 0) shapeOf = a;
        else if (a.dim() == 0) shapeOf = b;
        else return null;
        Layout ol = denseLayout(shapeOf);
        Storage os = Storage.allocate(dtype, ol.numel());
        apply(op, a, b, os, 0, ol.numel());
        return Tensor.wrap(os, ol);
    }

    /** {@code a op value} for a Java number value (rounded to a's dtype first, as a 0-d operand would be); or null. */
    static Tensor binaryScalar(BinaryOp op, Tensor a, double value, DType dtype) {
        if (op.isPredicate() || !dtype.isFloatingPoint() || !fits(a, dtype)) return null;
        Layout ol = denseLayout(a);
        Storage os = Storage.allocate(dtype, ol.numel());
        int n = ol.numel(), ao = a.storageOffset();
        if (os instanceof FloatStorage o) {
            float[] x = ((FloatStorage) a.storage()).data, z = o.data;
            double v = (float) value;
            for (int i = 0; i < n; i++) z[i] = (float) op.apply(x[ao + i], v);
        } else {
            double[] x = ((DoubleStorage) a.storage()).data, z = ((DoubleStorage) os).data;
            for (int i = 0; i < n; i++) z[i] = op.apply(x[ao + i], value);
        }
        return Tensor.wrap(os, ol);
    }

    /** {@code self op= b} in place for a dense self and b of its shape or 0-d; false when the direct path does not apply. */
    static boolean binaryInPlace(BinaryOp op, Tensor self, Tensor b) {
        DType dtype = self.dtype();
        if (op.isPredicate() || !dtype.isFloatingPoint() || !fits(self, dtype) || !fits(b, dtype)) return false;
        if (b.dim() != 0 && !Arrays.equals(self.layout().shapeRef(), b.layout().shapeRef())) return false;
        apply(op, self, b, self.storage(), self.storageOffset(), self.numel());
        return true;
    }

    /** out[at + i] = a[i] op b[i] (b[0] when b is 0-d, a[0] when a is). */
    private static void apply(BinaryOp op, Tensor a, Tensor b, Storage out, int at, int n) {
        int ao = a.storageOffset(), bo = b.storageOffset();
        int as = a.dim() == 0 && n > 1 ? 0 : 1, bs = b.dim() == 0 && n > 1 ? 0 : 1;
        if (out instanceof FloatStorage o) {
            float[] x = ((FloatStorage) a.storage()).data, y = ((FloatStorage) b.storage()).data, z = o.data;
            for (int i = 0; i < n; i++) z[at + i] = (float) op.apply(x[ao + i * as], y[bo + i * bs]);
        } else {
            double[] x = ((DoubleStorage) a.storage()).data, y = ((DoubleStorage) b.storage()).data, z = ((DoubleStorage) out).data;
            for (int i = 0; i < n; i++) z[at + i] = op.apply(x[ao + i * as], y[bo + i * bs]);
        }
    }

    /** {@code op(a)} into a new tensor of a's (floating) dtype; null when the direct path does not apply. */
    static Tensor unary(UnaryOp op, Tensor a, double p0, double p1) {
        DType dtype = a.dtype();
        if (op == UnaryOp.LOGICAL_NOT || !dtype.isFloatingPoint() || !fits(a, dtype)) return null;
        // float32 exp/log/tanh/sigmoid: the vector provider computes them with its own polynomials (within 1-2 ulp of
        // the correctly rounded value this loop gives); the kernel keeps a result independent of the tensor's size
        if (dtype == DType.FLOAT32 && (op == UnaryOp.EXP || op == UnaryOp.LOG || op == UnaryOp.TANH || op == UnaryOp.SIGMOID))
            return null;
        Layout ol = denseLayout(a);
        Storage os = Storage.allocate(dtype, ol.numel());
        int n = ol.numel(), ao = a.storageOffset();
        if (os instanceof FloatStorage o) {
            float[] x = ((FloatStorage) a.storage()).data, z = o.data;
            for (int i = 0; i < n; i++) z[i] = op.applyFloat(x[ao + i], p0, p1);
        } else {
            double[] x = ((DoubleStorage) a.storage()).data, z = ((DoubleStorage) os).data;
            for (int i = 0; i < n; i++) z[i] = op.apply(x[ao + i], p0, p1);
        }
        return Tensor.wrap(os, ol);
    }

    /** Every element of a dense floating t set to value; false when the direct path does not apply. */
    static boolean fill(Tensor t, double value) {
        if (!t.dtype().isFloatingPoint() || !t.layout().isContiguous() || t.layout().hasInternalOverlap()) return false;
        if (t.numel() == 0) return true; // an empty view's offset may lie past its storage's end
        int from = t.storageOffset(), to = from + t.numel();
        switch (t.storage()) {
            case FloatStorage s -> Arrays.fill(s.data, from, to, (float) value);
            case DoubleStorage s -> Arrays.fill(s.data, from, to, value);
            default -> { return false; }
        }
        return true;
    }

    /**
     * A dense copy of a dense t (any size and dtype: one array copy, which also makes the array, never zero-filled, Note
     * [Large outputs made as copies of an operand] in Elementwise); null when the direct path does not apply.
     */
    static Tensor copy(Tensor t) {
        if (!t.layout().isContiguous() || t.layout().hasInternalOverlap()) return null;
        Layout ol = denseLayout(t);
        Storage os = ol.numel() == 0 ? Storage.allocate(t.dtype(), 0) // an empty view's offset may lie past its storage
                : Storage.copyOf(t.storage(), t.storageOffset(), ol.numel());
        return Tensor.wrap(os, ol);
    }

    /** Σ aᵢbᵢ of two 1-D tensors of one floating dtype (any strides), as a 0-d tensor; null when not applicable. */
    static Tensor dot(Tensor a, Tensor b) {
        DType dtype = a.dtype();
        int n = a.numel();
        if (!dtype.isFloatingPoint() || b.dtype() != dtype || n > MAX) return null;
        int ao = a.storageOffset(), bo = b.storageOffset(), as = a.stride(0), bs = b.stride(0);
        Storage os = Storage.allocate(dtype, 1);
        if (os instanceof FloatStorage o) {
            float[] x = ((FloatStorage) a.storage()).data, y = ((FloatStorage) b.storage()).data;
            float sum = 0;
            for (int i = 0; i < n; i++) sum += x[ao + i * as] * y[bo + i * bs];
            o.data[0] = sum;
        } else {
            double[] x = ((DoubleStorage) a.storage()).data, y = ((DoubleStorage) b.storage()).data;
            double sum = 0;
            for (int i = 0; i < n; i++) sum += x[ao + i * as] * y[bo + i * bs];
            ((DoubleStorage) os).data[0] = sum;
        }
        return Tensor.wrap(os, SCALAR);
    }
}
