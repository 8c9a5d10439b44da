package ember.storage;

import java.util.Arrays;

/**
 * Shape, strides (in elements) and offset: how a tensor reads its {@link Storage}.
 *
 * <p>Every view op (transpose, permute, narrow, select, slicing, expand, squeeze, unsqueeze, a view-compatible
 * reshape) is a new Layout over the same storage, so writes through a view reach the base, as in PyTorch. Layouts are
 * immutable; the arrays they hand out are copies unless a method says otherwise.
 */
public final class Layout {
    private final int[] shape;
    private final int[] stride;
    private final int offset;
    private final int numel;

    public Layout(int[] shape, int[] stride, int offset) {
        if (shape.length != stride.length)
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and stride " + Arrays.toString(stride) + " differ in length");
        this.shape = shape.clone();
        this.stride = stride.clone();
        this.offset = offset;
        this.numel = Shapes.numel(shape);
    }

    /** Row-major (C-contiguous) layout of the given shape at offset 0. */
    public static Layout contiguous(int... shape) {
        return new Layout(shape, Shapes.contiguousStrides(shape), 0);
    }

    public int dim() { return shape.length; }

    public int numel() { return numel; }

    public int offset() { return offset; }

    public int size(int d) { return shape[d]; }

    public int stride(int d) { return stride[d]; }

    /** A copy of the shape. */
    public int[] shape() { return shape.clone(); }

    /** A copy of the strides. */
    public int[] strides() { return stride.clone(); }

    /** The shape array itself, for kernels that promise not to modify it. */
    public int[] shapeRef() { return shape; }

    /** The stride array itself, for kernels that promise not to modify it. */
    public int[] strideRef() { return stride; }

    /** True when elements are laid out row-major without gaps (size-1 dims may have any stride), as PyTorch's is_contiguous. */
    public boolean isContiguous() {
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) continue;
            if (stride[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /** Storage index of the element at a multi-index. */
    public int indexOf(int... idx) {
        int p = offset;
        for (int d = 0; d < idx.length; d++) p += idx[d] * stride[d];
        return p;
    }

    /** Storage index of the {@code linear}-th element in row-major order. */
    public int indexOfLinear(int linear) {
        int p = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            int s = shape[d];
            if (s == 0) return offset;
            p += (linear % s) * stride[d];
            linear /= s;
        }
        return p;
    }

    /** Largest storage index this layout can touch plus one (0 when empty); used to validate layouts. */
    public int extent() {
        if (numel == 0) return 0;
        int max = offset;
        for (int d = 0; d < shape.length; d++) if (stride[d] > 0) max += (shape[d] - 1) * stride[d];
        return max + 1;
    }

    public Layout withOffset(int newOffset) { return new Layout(shape, stride, newOffset); }

    public Layout permute(int... dims) {
        int[] s = new int[dims.length], st = new int[dims.length];
        for (int i = 0; i < dims.length; i++) { s[i] = shape[dims[i]]; st[i] = stride[dims[i]]; }
        return new Layout(s, st, offset);
    }

    public Layout transpose(int d0, int d1) {
        int[] s = shape.clone(), st = stride.clone();
        s[d0] = shape[d1]; s[d1] = shape[d0];
        st[d0] = stride[d1]; st[d1] = stride[d0];
        return new Layout(s, st, offset);
    }

    /** Elements {@code start, start+step, ...} below {@code stop} along {@code d} (bounds already clamped). */
    public Layout slice(int d, int start, int stop, int step) {
        int[] s = shape.clone(), st = stride.clone();
        int len = stop > start ? (stop - start + step - 1) / step : 0;
        s[d] = len;
        st[d] = stride[d] * step;
        return new Layout(s, st, offset + (len > 0 ? start * stride[d] : 0));
    }

    /** Drops dimension {@code d}, fixing it at {@code index}. */
    public Layout select(int d, int index) {
        return new Layout(Shapes.remove(shape, d), Shapes.remove(stride, d), offset + index * stride[d]);
    }

    public Layout unsqueeze(int d) {
        int st = d < shape.length ? shape[d] * stride[d] : 1;
        return new Layout(Shapes.insert(shape, d, 1), Shapes.insert(stride, d, st), offset);
    }

    /** Removes dimension {@code d}, which must have size 1. */
    public Layout squeeze(int d) {
        return new Layout(Shapes.remove(shape, d), Shapes.remove(stride, d), offset);
    }

    /** Broadcast to {@code target} (right-aligned); new and size-1 dims get stride 0. Sizes must already agree. */
    public Layout expand(int[] target) {
        int[] st = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            int j = i - lead;
            st[i] = j < 0 ? 0 : (shape[j] == target[i] ? (shape[j] == 1 ? 0 : stride[j]) : 0);
        }
        return new Layout(target, st, offset);
    }

    /**
     * The layout of this data seen with a new shape without copying, or null when the strides do not allow it
     * (PyTorch's {@code computeStride}: dims are merged into chunks that are contiguous among themselves).
     */
    public Layout view(int[] newShape) {
        if (numel == 0 || shape.length == 0) return new Layout(newShape, Shapes.contiguousStrides(newShape), offset);
        int[] newStride = new int[newShape.length];
        int viewD = newShape.length - 1;
        int chunkBase = stride[stride.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            if (d == 0 || (shape[d - 1] != 1 && stride[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStride[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkBase = stride[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) return null;
        return new Layout(newShape, newStride, offset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && offset == l.offset && Arrays.equals(shape, l.shape) && Arrays.equals(stride, l.stride);
    }

    @Override
    public int hashCode() { return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(stride)) + offset; }

    @Override
    public String toString() {
        return "Layout(shape=" + Arrays.toString(shape) + ", stride=" + Arrays.toString(stride) + ", offset=" + offset + ")";
    }
}
