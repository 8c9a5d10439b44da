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
        if (numel == 0) return true; // PyTorch: an empty tensor is contiguous whatever its strides
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
        // PyTorch moves the offset to start even for an empty slice (x[7:3].storage_offset() == 7)
        return new Layout(s, st, offset + start * stride[d]);
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

    /**
     * Broadcast to {@code target} (right-aligned), with PyTorch's {@code inferExpandGeometry} strides: a dim whose size
     * changes gets stride 0; a new leading dim of size 1 gets the stride a contiguous tensor would give it; dims that
     * keep their size keep their stride; a 0-d tensor expands with stride 0 everywhere. Sizes must already agree.
     */
    public Layout expand(int[] target) {
        int[] st = new int[target.length];
        if (shape.length == 0) return new Layout(target, st, offset);
        int lead = target.length - shape.length;
        for (int i = target.length - 1; i >= 0; i--) {
            int j = i - lead;
            int size = j >= 0 ? shape[j] : 1;
            int s = j >= 0 ? stride[j] : (i == target.length - 1 ? 1 : target[i + 1] * st[i + 1]);
            st[i] = size == target[i] ? s : 0;
        }
        return new Layout(target, st, offset);
    }

    /** True when some element is reached by two indices: a stride-0 dim of size above 1 (PyTorch's internal overlap). */
    public boolean hasInternalOverlap() {
        for (int d = 0; d < shape.length; d++) if (stride[d] == 0 && shape[d] > 1) return true;
        return false;
    }

    /**
     * True when the elements fill {@code [offset, offset + numel)} exactly once in some dim order (PyTorch's
     * {@code is_non_overlapping_and_dense}): the strides, sorted, are those of a contiguous tensor of the permuted shape.
     */
    public boolean isNonOverlappingAndDense() {
        if (numel == 0) return true;
        Integer[] order = new Integer[shape.length];
        for (int d = 0; d < order.length; d++) order[d] = d;
        // innermost first: by stride, size-1 dims last (their stride does not matter)
        Arrays.sort(order, java.util.Comparator.<Integer>comparingInt(d -> shape[d] == 1 ? 1 : 0)
                .thenComparingInt(d -> shape[d] == 1 ? 0 : stride[d]));
        int expected = 1;
        for (int d : order) {
            if (shape[d] == 1) continue;
            if (stride[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /**
     * How this layout's elements meet {@code other}'s in one storage (PyTorch's {@code get_overlap_status}): SAME when
     * both read the same elements in the same order, PARTIAL when dense ranges intersect otherwise, NONE when they are
     * disjoint, UNKNOWN when a layout has gaps or repeats and the answer would need an element-by-element search.
     */
    public Overlap overlapWith(Layout other) {
        if (equals(other)) return Overlap.SAME;
        if (numel == 0 || other.numel == 0) return Overlap.NONE;
        if (!isNonOverlappingAndDense() || !other.isNonOverlappingAndDense()) return Overlap.UNKNOWN;
        int aBegin = offset, aEnd = offset + numel, bBegin = other.offset, bEnd = other.offset + other.numel;
        return aBegin < bEnd && bBegin < aEnd ? Overlap.PARTIAL : Overlap.NONE;
    }

    /** See {@link #overlapWith(Layout)}. */
    public enum Overlap { SAME, PARTIAL, NONE, UNKNOWN }

    /**
     * The layout of this data seen with a new shape without copying, or null when the strides do not allow it
     * (PyTorch's {@code computeStride}: dims are merged into chunks that are contiguous among themselves).
     */
    public Layout view(int[] newShape) {
        // PyTorch's computeStride: an empty tensor keeps its strides when the shape is unchanged, else gets
        // contiguous ones; a 0-d tensor's view is contiguous.
        if (numel == 0 && Arrays.equals(shape, newShape)) return this;
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
