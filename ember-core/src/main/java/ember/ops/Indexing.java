package ember.ops;

import static ember.autograd.FunctionNode.grads;
import static ember.autograd.FunctionNode.inputs;
import static ember.autograd.FunctionNode.saved;

import ember.DType;
import ember.Ember;
import ember.Index;
import ember.Tensor;
import ember.autograd.FunctionNode;
import ember.kernels.KernelProvider;
import ember.kernels.Kernels;
import ember.storage.DoubleStorage;
import ember.storage.FloatStorage;
import ember.storage.Layout;
import ember.storage.Shapes;
import ember.storage.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * Indexing: basic (views) and advanced (copies) {@code x[...]}, assignment {@code x[...] = v}, gather and friends.
 *
 * <p>Note [How x[...] is evaluated] (PyTorch's {@code applySlicing} then {@code index}): integers, slices and
 * {@code None} are applied left to right as select / slice / unsqueeze views; index tensors (and masks, as their
 * nonzero() positions) are remembered with the view dimension they apply to. If there are any, they are broadcast
 * together and pick elements of the view: when they index adjacent dimensions the broadcast dimensions replace those
 * in place, otherwise they go first. A 0-d integer tensor counts as an integer (a view), as in PyTorch.
 *
 * <p>Every gather-like op here is described by {@link Picks}: runs of {@code run} consecutive source elements (in
 * row-major order), one run starting at each of {@code starts}, read in turn into the result (single elements when
 * run is 1). Its backward adds the gradient back at those positions in zeros of the source's
 * shape (repeated positions accumulate), and that scatter's backward reads the same positions again, so gradients
 * of any order are recorded ops.
 */
public final class Indexing {
    private static final Kernels K = KernelProvider.get();

    private Indexing() {}

    // ---------------------------------------------------------------------------------------------
    // x[...] and x[...] = v
    // ---------------------------------------------------------------------------------------------

    public static Tensor get(Tensor x, Index[] indices) {
        Plan plan = plan(x, indices);
        if (plan.steps.isEmpty() && plan.advanced == null) {
            // y = x (x[...] or x[()]: a new view of all of x);  dy/dx = 1
            return FunctionNode.record("AliasBackward0", Tensor.viewOf(x, x.layout()), inputs(x), null, (n, g) -> grads(g));
        }
        Tensor view = plan.view(x);
        if (plan.advanced == null) return view;
        return take(view, view.layout(), plan.advanced, "IndexBackward0", "IndexPutImplBackward0");
    }

    /**
     * {@code x[indices] = value} in place: value (cast to x's dtype) is broadcast to the indexed region. Basic indices
     * copy through the view; index tensors scatter, the last write winning at repeated positions. Every check runs
     * before the first write.
     */
    public static Tensor set(Tensor x, Index[] indices, Tensor value) {
        Plan plan = plan(x, indices);
        Tensor region;
        try (var off = Ember.noGrad()) {
            region = plan.view(x);
        }
        int[] regionShape = plan.advanced == null ? region.shape() : plan.advanced.resultShape();
        Layout valueLayout = dropLeadingOnes(value.layout(), regionShape.length);
        if (!Shapes.broadcastsTo(valueLayout.shapeRef(), regionShape))
            throw new IllegalArgumentException("shape mismatch: value tensor of shape " + Shapes.format(value.shape())
                    + " cannot be broadcast to indexing result of shape " + Shapes.format(regionShape) + " (in "
                    + describe(indices) + " = value)");
        Elementwise.checkInPlace(x);

        Tensor holder = null;
        if (FunctionNode.needsGrad(x, value)) holder = recordAssignment(x, plan, value, valueLayout.shape());

        Layout source = valueLayout.expand(regionShape);
        if (plan.advanced == null && value.storage() != x.storage()) {
            K.copy(value.storage(), source, x.storage(), region.layout());
        } else {
            // a dense copy in x's dtype: the scatter needs it, and it keeps a value that reads x from seeing its own writes
            Layout dense = Layout.contiguous(regionShape);
            Storage values = Storage.allocateForOverwrite(x.dtype(), dense.numel());
            K.copy(value.storage(), source, values, dense);
            if (plan.advanced == null) K.copy(values, dense, x.storage(), region.layout());
            else put(x.storage(), plan.advanced.positions(region.layout()), values);
        }
        x.storage().bumpVersion();
        if (holder != null && holder.gradFn() != null) x.setGradFn(holder.gradFn());
        return x;
    }

    /**
     * Records the node of {@code x[indices] = value} on an empty holder, before x's old node is replaced; x then
     * takes the node over (see Elementwise's note on in-place ops).
     */
    private static Tensor recordAssignment(Tensor x, Plan plan, Tensor value, int[] valueCoreShape) {
        int[] valueShape = value.shape();
        Tensor holder = Tensor.wrap(Storage.allocate(x.dtype(), 0), Layout.contiguous(0));
        // PyTorch's names: index_put_ on x itself, copy_ on x itself (x[...] = v), or an in-place op on a view
        String name = !plan.steps.isEmpty() ? "CopySlices" : plan.advanced != null ? "IndexPutBackward0" : "CopyBackwards";
        // x[r] = v;  d/d(old x) = g with the region r zeroed, d/dv = g[r] summed back to v's shape
        return FunctionNode.record(name, holder, inputs(x, value), null, (n, g) -> {
            Tensor gx = n.needsInputGrad(0) ? g.maskedFill(regionMask(plan), 0) : null;
            Tensor gv = null;
            if (n.needsInputGrad(1)) {
                Tensor r = plan.view(g);
                if (plan.advanced != null) r = take(r, r.layout(), plan.advanced, "IndexBackward0", "IndexPutImplBackward0");
                gv = r.sumToSize(valueCoreShape);
                if (!Arrays.equals(valueCoreShape, valueShape)) gv = gv.view(valueShape);
            }
            return grads(gx, gv);
        });
    }

    /** A BOOL tensor of the indexed tensor's shape, true on the elements {@code plan} reaches. */
    private static Tensor regionMask(Plan plan) {
        Tensor mask = Ember.zeros(DType.BOOL, plan.inputShape);
        Tensor region = plan.view(mask);
        if (plan.advanced == null) K.fill(region.storage(), region.layout(), 1);
        else for (int p : plan.advanced.positions(region.layout())) mask.storage().setLong(p, 1);
        return mask;
    }

    /** Leading size-1 dims of a value beyond the region's rank are ignored, as PyTorch's assignment does. */
    private static Layout dropLeadingOnes(Layout l, int rank) {
        int drop = 0;
        while (l.dim() - drop > rank && l.size(drop) == 1) drop++;
        if (drop == 0) return l;
        int[] shape = l.shape(), stride = l.strides();
        return new Layout(Arrays.copyOfRange(shape, drop, shape.length), Arrays.copyOfRange(stride, drop, stride.length), l.offset());
    }

    // ---------------------------------------------------------------------------------------------
    // Planning an index expression
    // ---------------------------------------------------------------------------------------------

    /** One basic-indexing view, replayable on any tensor of the indexed shape (x, its gradient, a mask). */
    private sealed interface Step permits SelectStep, SliceStep, UnsqueezeStep {
        Tensor apply(Tensor t);
    }

    private record SelectStep(int dim, int index) implements Step {
        public Tensor apply(Tensor t) { return Shape.select(t, dim, index); }
    }

    /** Bounds already resolved by Python's rules (non-negative, clamped). */
    private record SliceStep(int dim, int start, int stop, int step) implements Step {
        public Tensor apply(Tensor t) { return Shape.slice(t, dim, start, stop, step); }
    }

    private record UnsqueezeStep(int dim) implements Step {
        public Tensor apply(Tensor t) { return Shape.unsqueeze(t, dim); }
    }

    /** Basic steps giving a view, then (when index tensors were given) the elements picked from that view. */
    private record Plan(int[] inputShape, List<Step> steps, Picks advanced) {
        Tensor view(Tensor t) {
            for (Step s : steps) t = s.apply(t);
            return t;
        }
    }

    /**
     * An index tensor and the view dimension it indexes, or a mask and the {@code span} dimensions it covers from
     * {@code viewDim} on. A mask's values are the row-major positions of its true elements within those dimensions,
     * which pick the same elements as the coordinates of its nonzero() would, one index tensor per dimension.
     */
    private record TensorAt(int viewDim, int span, int[] shape, int[] values) {
        TensorAt(int viewDim, int[] shape, int[] values) { this(viewDim, 1, shape, values); }
    }

    private static Plan plan(Tensor x, Index[] indices) {
        int rank = x.dim();
        int specified = 0, ellipses = 0;
        for (int k = 0; k < indices.length; k++) {
            switch (indices[k]) {
                case Index.Int i -> specified++;
                case Index.Slice s -> specified++;
                case Index.Ellipsis e -> ellipses++;
                case Index.NewAxis n -> { }
                case Index.TensorIndex t -> specified += isMask(checkIndexTensor(t.tensor(), k, indices)) ? t.tensor().dim() : 1;
            }
        }
        if (ellipses > 1)
            throw new IllegalArgumentException("an index can only have a single ellipsis ('...'), got " + describe(indices));
        if (specified > rank) {
            if (rank == 0 && indices.length == 1 && indices[0] instanceof Index.Int)
                throw new IndexOutOfBoundsException("invalid index of a 0-dim tensor. Use item() to convert a 0-dim tensor to a number");
            throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + rank + " (" + describe(indices)
                    + " indexes " + specified + " dimensions of a tensor of shape " + Shapes.format(x.shape()) + ")");
        }

        List<Step> steps = new ArrayList<>();
        List<Integer> viewShape = new ArrayList<>();
        for (int s : x.shape()) viewShape.add(s);
        List<TensorAt> tensors = new ArrayList<>();
        int dim = 0, sourceDim = 0;
        for (Index index : indices) {
            switch (index) {
                case Index.Int i -> {
                    steps.add(new SelectStep(dim, (int) checkBound(i.index(), x, sourceDim, indices)));
                    viewShape.remove(dim);
                    sourceDim++;
                }
                case Index.Slice s -> {
                    int size = viewShape.get(dim);
                    int start = clampBound(s.start() == null ? 0 : s.start(), size);
                    int stop = Math.max(start, clampBound(s.stop() == null ? size : s.stop(), size));
                    steps.add(new SliceStep(dim, start, stop, s.step()));
                    viewShape.set(dim, (stop - start + s.step() - 1) / s.step());
                    dim++;
                    sourceDim++;
                }
                case Index.NewAxis n -> {
                    steps.add(new UnsqueezeStep(dim));
                    viewShape.add(dim, 1);
                    dim++;
                }
                case Index.Ellipsis e -> {
                    dim += rank - specified;
                    sourceDim += rank - specified;
                }
                case Index.TensorIndex ti -> {
                    Tensor t = ti.tensor();
                    if (!isMask(t) && t.dim() == 0) {
                        steps.add(new SelectStep(dim, (int) checkBound(t.itemLong(), x, sourceDim, indices)));
                        viewShape.remove(dim);
                        sourceDim++;
                    } else if (!isMask(t)) {
                        long[] values = t.toLongArray();
                        int[] wrapped = new int[values.length];
                        for (int i = 0; i < values.length; i++) wrapped[i] = (int) checkBound(values[i], x, sourceDim, indices);
                        tensors.add(new TensorAt(dim, t.shape(), wrapped));
                        dim++;
                        sourceDim++;
                    } else if (t.dim() == 0) {
                        // x[True] adds a dimension of size 1 and keeps it (or none of it, for False)
                        steps.add(new UnsqueezeStep(dim));
                        viewShape.add(dim, 1);
                        boolean keep = t.item() != 0;
                        tensors.add(new TensorAt(dim, new int[]{keep ? 1 : 0}, keep ? new int[]{0} : new int[0]));
                        dim++;
                    } else {
                        int[] maskShape = t.shape();
                        for (int j = 0; j < maskShape.length; j++)
                            if (maskShape[j] != x.size(sourceDim + j))
                                throw new IllegalArgumentException("The shape of the mask " + Shapes.format(maskShape) + " at index " + j
                                        + " does not match the shape of the indexed tensor " + Shapes.format(x.shape()) + " at index "
                                        + (sourceDim + j) + " (in " + describe(indices) + "; a mask must have the sizes of the"
                                        + " dimensions it covers)");
                        int[] hits = K.nonzero(t.storage(), t.layout());
                        tensors.add(new TensorAt(dim, maskShape.length, new int[]{hits.length}, hits));
                        dim += maskShape.length;
                        sourceDim += maskShape.length;
                    }
                }
            }
        }
        int[] shape = viewShape.stream().mapToInt(Integer::intValue).toArray();
        return new Plan(x.shape(), steps, tensors.isEmpty() ? null : advancedPicks(shape, tensors, describe(indices)));
    }

    private static boolean isMask(Tensor t) { return t.dtype() == DType.BOOL || t.dtype() == DType.UINT8; }

    private static Tensor checkIndexTensor(Tensor t, int position, Index[] indices) {
        if (t.dtype() != DType.INT64 && t.dtype() != DType.INT32 && !isMask(t))
            throw new IllegalArgumentException("tensors used as indices must be long, int, byte or bool tensors (got "
                    + t.dtype() + " at position " + position + " of " + describe(indices) + "; convert positions with"
                    + " toLong(), or compare values to get a bool mask)");
        return t;
    }

    /** Wraps a negative index, with PyTorch's message when it is out of range for {@code x}'s dimension. */
    private static long checkBound(long index, Tensor x, int sourceDim, Index[] indices) {
        int size = x.size(sourceDim);
        if (index < -size || index >= size)
            throw new IndexOutOfBoundsException("index " + index + " is out of bounds for dimension " + sourceDim + " with size "
                    + size + " (in " + describe(indices) + " of a tensor of shape " + Shapes.format(x.shape())
                    + "; valid indices are " + (-size) + ".." + (size - 1) + ")");
        return index < 0 ? index + size : index;
    }

    /** Python slice bounds: negatives count from the end, then clamp to [0, size]. */
    private static int clampBound(int v, int size) {
        if (v < 0) v += size;
        return Math.max(0, Math.min(v, size));
    }

    /**
     * The picks of broadcast index tensors on a view of shape {@code viewShape}: adjacent indexed dimensions are
     * replaced in place by the broadcast shape, separated ones put it first.
     */
    private static Picks advancedPicks(int[] viewShape, List<TensorAt> tensors, String expression) {
        int[] broadcast = new int[0];
        try {
            for (TensorAt t : tensors) broadcast = Shapes.broadcast(broadcast, t.shape);
        } catch (IllegalArgumentException e) {
            StringJoiner shapes = new StringJoiner(", ");
            for (TensorAt t : tensors) shapes.add(Shapes.format(t.shape));
            throw new IllegalArgumentException("shape mismatch: indexing tensors could not be broadcast together with shapes "
                    + shapes + " (in " + expression + ")");
        }
        boolean adjacent = true;
        for (int k = 1; k < tensors.size(); k++) {
            TensorAt previous = tensors.get(k - 1);
            adjacent &= tensors.get(k).viewDim == previous.viewDim + previous.span;
        }
        boolean[] indexed = new boolean[viewShape.length];
        for (TensorAt t : tensors) Arrays.fill(indexed, t.viewDim, t.viewDim + t.span, true);
        int firstIndexed = tensors.get(0).viewDim;
        List<Integer> outer = new ArrayList<>(), inner = new ArrayList<>();
        for (int d = 0; d < viewShape.length; d++)
            if (!indexed[d]) (adjacent && d < firstIndexed ? outer : inner).add(d);

        int[] strides = Shapes.contiguousStrides(viewShape);
        int nb = Shapes.numel(broadcast);
        int[] base = new int[nb];
        for (TensorAt t : tensors) {
            // a mask's positions step by the stride of the last dimension it covers (see TensorAt)
            int stride = strides[t.viewDim + t.span - 1];
            if (Arrays.equals(t.shape, broadcast)) {
                for (int b = 0; b < nb; b++) base[b] += t.values[b] * stride;
            } else {
                Layout expanded = Layout.contiguous(t.shape).expand(broadcast);
                for (int b = 0; b < nb; b++) base[b] += t.values[expanded.indexOfLinear(b)] * stride;
            }
        }
        int[] outerOffsets = offsets(viewShape, strides, outer), innerOffsets = offsets(viewShape, strides, inner);
        // inner offsets 0, 1, 2, …: each pick is a run of consecutive elements (the rows of x[idx])
        boolean consecutive = true;
        for (int i = 0; i < innerOffsets.length && consecutive; i++) consecutive = innerOffsets[i] == i;
        int run = consecutive ? innerOffsets.length : 1;
        int[] starts = new int[outerOffsets.length * nb * (consecutive ? 1 : innerOffsets.length)];
        int k = 0;
        for (int o : outerOffsets)
            for (int b : base) {
                if (consecutive) starts[k++] = o + b;
                else for (int i : innerOffsets) starts[k++] = o + b + i;
            }

        int[] result = new int[outer.size() + broadcast.length + inner.size()];
        int r = 0;
        for (int d : outer) result[r++] = viewShape[d];
        for (int s : broadcast) result[r++] = s;
        for (int d : inner) result[r++] = viewShape[d];
        return new Picks(viewShape, result, starts, run);
    }

    /** Row-major offsets of every position of the sub-grid spanned by {@code dims}. */
    private static int[] offsets(int[] shape, int[] strides, List<Integer> dims) {
        int[] sizes = new int[dims.size()], st = new int[dims.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = shape[dims.get(i)];
            st[i] = strides[dims.get(i)];
        }
        Layout sub = new Layout(sizes, st, 0);
        int[] r = new int[sub.numel()];
        for (int i = 0; i < r.length; i++) r[i] = sub.indexOfLinear(i);
        return r;
    }

    /** {@code x[0, ::2, <torch.int64 [3]>]}: an index expression as the user wrote it, for messages. */
    private static String describe(Index[] indices) {
        StringJoiner j = new StringJoiner(", ", "x[", "]");
        for (Index i : indices) j.add(i.toString());
        return j.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Picks: gather-like reads and their scatter-add backward
    // ---------------------------------------------------------------------------------------------

    /**
     * Result element {@code i} reads source element {@code starts[i / run] + i % run} (row-major in
     * {@code sourceShape}): runs of {@code run} consecutive elements, whole rows when x[idx] picks rows of a matrix.
     */
    private record Picks(int[] sourceShape, int[] resultShape, int[] starts, int run) {
        /** Picks of single elements: result element i reads {@code linear[i]}. */
        Picks(int[] sourceShape, int[] resultShape, int[] linear) { this(sourceShape, resultShape, linear, 1); }

        /** Storage positions of the picked elements in a source with this layout (of shape sourceShape). */
        int[] positions(Layout source) {
            int[] p = new int[starts.length * run];
            if (source.isContiguous()) {
                int offset = source.offset();
                for (int k = 0, i = 0; k < starts.length; k++)
                    for (int j = 0; j < run; j++) p[i++] = offset + starts[k] + j;
            } else {
                for (int k = 0, i = 0; k < starts.length; k++)
                    for (int j = 0; j < run; j++) p[i++] = source.indexOfLinear(starts[k] + j);
            }
            return p;
        }
    }

    /** Runs at least this long are copied with {@code System.arraycopy}; shorter ones element by element. */
    private static final int COPIED_RUN = 16;

    /**
     * The picked elements of {@code input} (read through {@code read}, which may broadcast it) as a new tensor. The
     * backward adds g into zeros at the picked positions; {@code name} / {@code scatterName} are PyTorch's nodes.
     */
    private static Tensor take(Tensor input, Layout read, Picks picks, String name, String scatterName) {
        Tensor out = Creation.emptyForOverwrite(input.dtype(), picks.resultShape());
        Storage src = input.storage(), dst = out.storage();
        int[] starts = picks.starts();
        int run = picks.run();
        if (read.isContiguous() && run >= COPIED_RUN) {
            Object a = src.array(), o = dst.array();
            for (int k = 0; k < starts.length; k++) System.arraycopy(a, read.offset() + starts[k], o, k * run, run);
        } else if (read.isContiguous() && run == 1 && src instanceof FloatStorage s) {
            // single elements of a dense float32 source (a mask's picks, gather): read where they are
            float[] a = s.data, o = ((FloatStorage) dst).data;
            for (int i = 0, offset = read.offset(); i < starts.length; i++) o[i] = a[offset + starts[i]];
        } else {
            int[] positions = picks.positions(read);
            switch (src) {
                case FloatStorage s -> {
                    float[] a = s.data, o = ((FloatStorage) dst).data;
                    for (int i = 0; i < positions.length; i++) o[i] = a[positions[i]];
                }
                case DoubleStorage s -> {
                    double[] a = s.data, o = ((DoubleStorage) dst).data;
                    for (int i = 0; i < positions.length; i++) o[i] = a[positions[i]];
                }
                default -> {
                    for (int i = 0; i < positions.length; i++) dst.setLong(i, src.getLong(positions[i]));
                }
            }
        }
        // y = x[p];  dy/dx = zeros with g added at p (repeated picks accumulate)
        return FunctionNode.record(name, out, inputs(input), null,
                (n, g) -> grads(scatterIntoZeros(g, picks, scatterName, name)));
    }

    /** zeros(sourceShape) with {@code g} added at the picked positions; its backward picks from the gradient again. */
    private static Tensor scatterIntoZeros(Tensor g, Picks picks, String name, String takeName) {
        Tensor out = Ember.zeros(g.dtype(), picks.sourceShape());
        Tensor dense = g;
        if (!g.isContiguous()) {
            dense = Creation.empty(g.dtype(), g.shape());
            K.copy(g.storage(), g.layout(), dense.storage(), dense.layout());
        }
        addAtPicks(out.storage(), picks, dense.storage(), dense.storageOffset());
        // y = 0 with y[p] += g;  dy/dg = the gradient read back at p
        return FunctionNode.record(name, out, inputs(g), null, (n, gg) -> grads(take(gg, gg.layout(), picks, takeName, name)));
    }

    /** {@code dst[p] += values[from + i]} for every pick i of p (row-major in a dst at offset 0); same dtypes. */
    private static void addAtPicks(Storage dst, Picks picks, Storage values, int from) {
        int[] starts = picks.starts();
        int run = picks.run();
        switch (dst) {
            case FloatStorage d -> {
                float[] o = d.data, v = ((FloatStorage) values).data;
                for (int k = 0, i = from; k < starts.length; k++, i += run)
                    for (int j = 0, p = starts[k]; j < run; j++) o[p + j] += v[i + j];
            }
            case DoubleStorage d -> {
                double[] o = d.data, v = ((DoubleStorage) values).data;
                for (int k = 0, i = from; k < starts.length; k++, i += run)
                    for (int j = 0, p = starts[k]; j < run; j++) o[p + j] += v[i + j];
            }
            default -> {
                for (int k = 0, i = from; k < starts.length; k++)
                    for (int j = 0, p = starts[k]; j < run; j++, i++) dst.setLong(p + j, dst.getLong(p + j) + values.getLong(i));
            }
        }
    }

    /** {@code dst[positions[i]] = values[i]} (the last write winning at a repeated position); same dtypes. */
    private static void put(Storage dst, int[] positions, Storage values) {
        switch (dst) {
            case FloatStorage d -> {
                float[] o = d.data, v = ((FloatStorage) values).data;
                for (int i = 0; i < positions.length; i++) o[positions[i]] = v[i];
            }
            case DoubleStorage d -> {
                double[] o = d.data, v = ((DoubleStorage) values).data;
                for (int i = 0; i < positions.length; i++) o[positions[i]] = v[i];
            }
            default -> {
                for (int i = 0; i < positions.length; i++) dst.setLong(positions[i], values.getLong(i));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // gather, index_select, masked ops
    // ---------------------------------------------------------------------------------------------

    /** {@code out[i][j][k] = x[index[i][j][k]][j][k]} for dim 0 (likewise for other dims). */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = Shapes.wrapDim(dim, x.dim());
        if (index.dtype() != DType.INT64)
            throw new IllegalArgumentException("gather(): Expected dtype int64 for index (got " + index.dtype()
                    + "; convert it with toLong())");
        int[] xShape = x.dim() == 0 ? new int[]{1} : x.shape();
        int[] indexShape = index.dim() == 0 ? new int[]{1} : index.shape();
        if (indexShape.length != xShape.length)
            throw new IllegalArgumentException("Index tensor must have the same number of dimensions as input tensor (gather on "
                    + Shapes.format(x.shape()) + " with an index of shape " + Shapes.format(index.shape()) + ")");
        for (int k = 0; k < xShape.length; k++)
            if (k != d && indexShape[k] > xShape[k])
                throw new IllegalArgumentException("Size does not match at dimension " + k + " expected index "
                        + Shapes.format(index.shape()) + " to be smaller than self " + Shapes.format(x.shape())
                        + " apart from dimension " + d);
        long[] values = index.toLongArray();
        int size = xShape[d];
        for (long v : values)
            if (v < 0 || v >= size)
                throw new IndexOutOfBoundsException("index " + v + " is out of bounds for dimension " + d + " with size " + size
                        + " (gather along dimension " + d + " of a tensor of shape " + Shapes.format(x.shape())
                        + "; negative indices are not allowed here)");
        int[] strides = Shapes.contiguousStrides(xShape);
        int[] gatherStrides = strides.clone();
        gatherStrides[d] = 0;
        Layout position = new Layout(indexShape, gatherStrides, 0);
        int[] linear = new int[values.length];
        for (int i = 0; i < linear.length; i++) linear[i] = position.indexOfLinear(i) + (int) values[i] * strides[d];
        return take(x, x.layout(), new Picks(x.shape(), index.shape(), linear), "GatherBackward0", "ScatterAddBackward0");
    }

    /** Slices of {@code x} along {@code dim} at the positions of a 1-D (or 0-d) index, as a copy. */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        int d = Shapes.wrapDim(dim, x.dim());
        if (index.dtype() != DType.INT64 && index.dtype() != DType.INT32)
            throw new IllegalArgumentException("index_select(): Expected dtype int32 or int64 for index (got " + index.dtype() + ")");
        if (index.dim() > 1)
            throw new IllegalArgumentException("index_select(): Index is supposed to be a vector (got shape "
                    + Shapes.format(index.shape()) + "; flatten() it, or use x.get(index) for multi-dimensional indices)");
        long[] values = index.toLongArray();
        int size = x.dim() == 0 ? 1 : x.size(d);
        int[] positions = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            long v = values[i];
            if (v < 0 || v >= size)
                throw new IndexOutOfBoundsException("index out of range in self (index_select(): index " + v
                        + " is out of bounds for dimension " + d + " with size " + size + "; negative indices are not allowed)");
            positions[i] = (int) v;
        }
        if (x.dim() == 0) {
            // PyTorch: a 0-d tensor gives itself, whatever the (in-range) index
            return take(x, x.layout(), new Picks(new int[0], new int[0], new int[]{0}), "IndexSelectBackward0", "IndexAddBackward0");
        }
        Picks picks = advancedPicks(x.shape(), List.of(new TensorAt(d, new int[]{positions.length}, positions)), "index_select");
        return take(x, x.layout(), picks, "IndexSelectBackward0", "IndexAddBackward0");
    }

    /** A copy of x (broadcast with mask) with {@code value} where mask is true. */
    public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        if (mask.dtype() != DType.BOOL)
            throw new IllegalArgumentException("masked_fill_ only supports boolean masks, but got mask with dtype "
                    + mask.dtype() + " (make one with a comparison such as x.gt(0), or toBool())");
        int[] shape = Shapes.broadcast(mask.shape(), x.shape());
        Tensor fill = Ember.scalar(value, x.dtype());
        Layout ol = Layout.contiguous(shape);
        // x's array lends its memory to a large output (Note [Large outputs made as copies of an operand] in Elementwise)
        Storage out = Storage.allocateForOverwrite(x.dtype(), ol.numel(), x.storage());
        K.where(mask.storage(), mask.layout().expand(shape), fill.storage(), fill.layout().expand(shape),
                x.storage(), x.layout().expand(shape), out, ol);
        // y = mask ? c : x;  dy/dx = g where the mask is false
        return FunctionNode.record("MaskedFillBackward0", Tensor.wrap(out, ol), inputs(x), saved(mask),
                (n, g) -> grads(g.maskedFill(n.saved(0), 0)));
    }

    /** The elements of x (broadcast with mask) where mask is true, as a 1-D copy. */
    public static Tensor maskedSelect(Tensor x, Tensor mask) {
        if (!isMask(mask))
            throw new IllegalArgumentException("masked_select: expected BoolTensor or ByteTensor for mask (got " + mask.dtype() + ")");
        int[] shape = Shapes.broadcast(mask.shape(), x.shape());
        int[] picked = K.nonzero(mask.storage(), mask.layout().expand(shape));
        Picks picks = new Picks(shape, new int[]{picked.length}, picked);
        return take(x, x.layout().expand(shape), picks, "MaskedSelectBackward0", "MaskedScatterBackward0");
    }

    /** Coordinates of the non-zero elements, one row each in row-major order: INT64 of shape [n, x.dim()]. */
    public static Tensor nonzero(Tensor x) {
        int rank = x.dim();
        int[] hits = K.nonzero(x.storage(), x.layout());
        int count = hits.length;
        int[] shape = x.shape();
        long[] coords = new long[count * rank];
        for (int k = 0; k < count; k++) {
            int rest = hits[k];
            for (int d = rank - 1; d >= 0; d--) {
                coords[k * rank + d] = rest % shape[d];
                rest /= shape[d];
            }
        }
        return Creation.fromLongs(DType.INT64, coords, count, rank);
    }

    /**
     * {@code F.one_hot}: INT64 of shape x.shape + [numClasses] with a 1 at each class; {@code numClasses = -1} uses
     * max(x) + 1.
     */
    public static Tensor oneHot(Tensor x, int numClasses) {
        if (x.dtype() != DType.INT64)
            throw new IllegalArgumentException("one_hot is only applicable to index tensor. (got " + x.dtype()
                    + "; class labels must be int64, e.g. labels.toLong())");
        long[] classes = x.toLongArray();
        int k = numClasses;
        if (k == -1) {
            if (classes.length == 0) throw new IllegalArgumentException("Can not infer total number of classes from empty tensor.");
            long max = Arrays.stream(classes).max().getAsLong();
            if (max >= Integer.MAX_VALUE) throw new IllegalArgumentException("one_hot: class value " + max + " is too large");
            k = (int) max + 1;
        }
        for (long c : classes) {
            if (c < 0) throw new IllegalArgumentException("Class values must be non-negative. (got " + c + ")");
            if (c >= k) throw new IllegalArgumentException("Class values must be smaller than num_classes. (got " + c
                    + " with num_classes = " + numClasses + ")");
        }
        if (k < 0) throw new IllegalArgumentException("one_hot: num_classes must be -1 or non-negative, got " + numClasses);
        Tensor out = Creation.empty(DType.INT64, Shapes.insert(x.shape(), x.dim(), k));
        for (int i = 0; i < classes.length; i++) out.storage().setLong(i * k + (int) classes[i], 1);
        return out;
    }
}
