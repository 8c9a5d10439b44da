package ember.ops;

import static ember.autograd.FunctionNode.grads;
import static ember.autograd.FunctionNode.inputs;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import ember.autograd.FunctionNode;
import ember.kernels.KernelProvider;
import ember.kernels.Kernels;
import ember.storage.Layout;
import ember.storage.Shapes;
import ember.storage.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Shape ops. Most are views: a new {@link Layout} over the same storage, so writes go both ways (the seed's
 * "索引出来的结果与原数据共享内存"). Copies are made only where PyTorch makes them (reshape of a non-viewable
 * layout, contiguous, clone, repeat, cat, stack).
 */
public final class Shape {
    private static final Kernels K = KernelProvider.get();

    private Shape() {}

    /** Resolves one -1 and checks the element count, with PyTorch's message. */
    static int[] inferShape(int[] shape, int numel) {
        int[] r = shape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < r.length; i++) {
            if (r[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("only one dimension can be inferred");
                infer = i;
            } else if (r[i] < 0) {
                throw new IllegalArgumentException("invalid shape dimension " + r[i]);
            } else known *= r[i];
        }
        if (infer >= 0) {
            if (known == 0 && numel == 0)
                throw new IllegalArgumentException("cannot reshape tensor of 0 elements into shape " + Shapes.format(shape)
                        + " because the unspecified dimension size -1 can be any value and is ambiguous");
            if (known == 0 || numel % known != 0)
                throw new IllegalArgumentException("shape '" + Shapes.format(shape) + "' is invalid for input of size " + numel);
            r[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException("shape '" + Shapes.format(shape) + "' is invalid for input of size " + numel);
        }
        return r;
    }

    /** Records a view op whose backward reshapes/permutes the gradient back. */
    private static Tensor viewResult(Tensor x, Layout l, String name, UnaryOperator<Tensor> backward) {
        Tensor out = Tensor.viewOf(x, l);
        return FunctionNode.record(name, out, inputs(x), null, (n, g) -> grads(backward.apply(g)));
    }

    public static Tensor view(Tensor x, int[] shape) {
        int[] s = inferShape(shape, x.numel());
        Layout l = x.layout().view(s);
        if (l == null)
            throw new IllegalArgumentException("view size is not compatible with input tensor's size and stride (at least one"
                    + " dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
        int[] in = x.shape();
        // a view changes only the shape: the gradient is reshaped back
        return viewResult(x, l, "ViewBackward0", g -> g.reshape(in));
    }

    public static Tensor reshape(Tensor x, int[] shape) {
        int[] s = inferShape(shape, x.numel());
        Layout l = x.layout().view(s);
        int[] in = x.shape();
        if (l != null) return viewResult(x, l, "ViewBackward0", g -> g.reshape(in));
        // PyTorch copies (clone → CloneBackward0) and then views the copy through _unsafe_view
        Tensor copy = clone(x);
        Tensor out = Tensor.wrap(copy.storage(), Layout.contiguous(s));
        return FunctionNode.record("UnsafeViewBackward0", out, inputs(copy), null, (n, g) -> grads(g.reshape(copy.shape())));
    }

    public static Tensor flatten(Tensor x, int start, int end) {
        if (x.dim() == 0) return reshape(x, new int[]{1});
        int s = Shapes.wrapDim(start, x.dim()), e = Shapes.wrapDim(end, x.dim());
        if (s > e) throw new IllegalArgumentException("flatten() has invalid args: start_dim cannot come after end_dim");
        if (s == e) return x;
        int[] shape = x.shape();
        int[] r = new int[shape.length - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) r[k++] = shape[i];
        int m = 1;
        for (int i = s; i <= e; i++) m *= shape[i];
        r[k++] = m;
        for (int i = e + 1; i < shape.length; i++) r[k++] = shape[i];
        return reshape(x, r);
    }

    public static Tensor unflatten(Tensor x, int dim, int[] sizes) {
        int d = Shapes.wrapDim(dim, x.dim());
        int[] inner;
        try {
            inner = inferShape(sizes, x.size(d));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unflatten: Provided sizes " + Shapes.format(sizes) + " don't multiply up to the"
                    + " size of dim " + d + " (" + x.size(d) + ") in the input tensor", e);
        }
        int[] shape = x.shape();
        int[] r = new int[shape.length - 1 + inner.length];
        System.arraycopy(shape, 0, r, 0, d);
        System.arraycopy(inner, 0, r, d, inner.length);
        System.arraycopy(shape, d + 1, r, d + inner.length, shape.length - d - 1);
        return view(x, r);
    }

    public static Tensor transpose(Tensor x, int dim0, int dim1) {
        int a = Shapes.wrapDim(dim0, x.dim()), b = Shapes.wrapDim(dim1, x.dim());
        if (x.dim() == 0) return viewResult(x, x.layout(), "TransposeBackward0", g -> g);
        return viewResult(x, x.layout().transpose(a, b), "TransposeBackward0", g -> g.transpose(a, b));
    }

    public static Tensor t(Tensor x) {
        if (x.dim() > 2)
            throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + x.dim() + "D");
        Layout l = x.dim() < 2 ? x.layout() : x.layout().transpose(0, 1);
        return viewResult(x, l, "TBackward0", Tensor::t);
    }

    /** {@code x.mT}: the last two dims swapped; only for matrices and batches of them, as PyTorch. */
    public static Tensor mT(Tensor x) {
        if (x.dim() < 2)
            throw new IllegalArgumentException("tensor.mT is only supported on matrices or batches of matrices. Got " + x.dim()
                    + "-D tensor.");
        return transpose(x, -2, -1);
    }

    public static Tensor reverseDims(Tensor x) {
        int[] p = new int[x.dim()];
        for (int i = 0; i < p.length; i++) p[i] = p.length - 1 - i;
        return permute(x, p);
    }

    public static Tensor permute(Tensor x, int[] dims) {
        if (dims.length != x.dim())
            throw new IllegalArgumentException("permute(sparse_coo): number of dimensions in the tensor input does not match the"
                    + " length of the desired ordering of dimensions i.e. input.dim() = " + x.dim() + " is not equal to"
                    + " len(dims) = " + dims.length);
        int[] p = new int[dims.length];
        boolean[] seen = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            p[i] = Shapes.wrapDim(dims[i], x.dim());
            if (seen[p[i]]) throw new IllegalArgumentException("permute(): duplicate dims are not allowed.");
            seen[p[i]] = true;
        }
        int[] inverse = new int[p.length];
        for (int i = 0; i < p.length; i++) inverse[p[i]] = i;
        return viewResult(x, x.layout().permute(p), "PermuteBackward0", g -> g.permute(inverse));
    }

    public static Tensor expand(Tensor x, int[] shape) {
        if (shape.length < x.dim())
            throw new IllegalArgumentException("expand(" + x.typeName() + "{" + Shapes.format(x.shape()) + "}, size="
                    + Shapes.format(shape) + "): the number of sizes provided (" + shape.length + ") must be greater or"
                    + " equal to the number of dimensions in the tensor (" + x.dim() + ")");
        int[] target = shape.clone();
        int lead = shape.length - x.dim();
        for (int i = 0; i < target.length; i++) {
            int j = i - lead;
            if (target[i] == -1) {
                if (j < 0)
                    throw new IllegalArgumentException("The expanded size of the tensor (-1) isn't allowed in a leading,"
                            + " non-existing dimension " + i);
                target[i] = x.size(j);
            } else if ((j >= 0 && x.size(j) != target[i] && x.size(j) != 1) || target[i] < 0) {
                throw new IllegalArgumentException("The expanded size of the tensor (" + target[i] + ") must match the existing"
                        + " size (" + (j >= 0 ? x.size(j) : 1) + ") at non-singleton dimension " + i + ".  Target sizes: "
                        + Shapes.format(shape) + ".  Tensor sizes: " + Shapes.format(x.shape()));
            }
        }
        int[] in = x.shape();
        return viewResult(x, x.layout().expand(target), "ExpandBackward0", g -> g.sumToSize(in));
    }

    public static Tensor squeeze(Tensor x) {
        Layout l = x.layout();
        for (int d = l.dim() - 1; d >= 0; d--) if (l.size(d) == 1) l = l.squeeze(d);
        int[] in = x.shape();
        return viewResult(x, l, "SqueezeBackward0", g -> g.reshape(in));
    }

    public static Tensor squeeze(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        if (x.dim() == 0) return viewResult(x, x.layout(), "SqueezeBackward1", g -> g);
        Layout l = x.size(d) == 1 ? x.layout().squeeze(d) : x.layout();
        int[] in = x.shape();
        return viewResult(x, l, "SqueezeBackward1", g -> g.reshape(in));
    }

    public static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim() + 1);
        return viewResult(x, x.layout().unsqueeze(d), "UnsqueezeBackward0", g -> g.squeeze(d));
    }

    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        if (x.dim() == 0) throw new IllegalArgumentException("narrow() cannot be applied to a 0-dim tensor.");
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.size(d);
        int s = start < 0 ? start + size : start;
        if (s < 0 || s > size)
            throw new IndexOutOfBoundsException("start (" + start + ") is out of bounds for dimension " + d + " with size " + size);
        if (length < 0 || s + length > size)
            throw new IllegalArgumentException("start (" + s + ") + length (" + length + ") exceeds dimension size (" + size + ").");
        return sliceView(x, d, s, s + length, 1);
    }

    /** Python slice semantics: clamped bounds, negatives from the end, null for open ends. */
    public static Tensor slice(Tensor x, int dim, Integer start, Integer stop, int step) {
        if (x.dim() == 0) throw new IllegalArgumentException("slice() cannot be applied to a 0-dim tensor.");
        if (step <= 0) throw new IllegalArgumentException("slice step must be positive");
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.size(d);
        int s = clampBound(start == null ? 0 : start, size);
        int e = clampBound(stop == null ? size : stop, size);
        if (e < s) e = s;
        return sliceView(x, d, s, e, step);
    }

    private static int clampBound(int v, int size) {
        if (v < 0) v += size;
        return Math.max(0, Math.min(v, size));
    }

    private static Tensor sliceView(Tensor x, int d, int s, int e, int step) {
        int[] in = x.shape();
        // the slice's gradient lands in its place inside a zero tensor of the input's shape
        return viewResult(x, x.layout().slice(d, s, e, step), "SliceBackward0",
                g -> scatterIntoZeros(g, in, t -> t.slice(d, s, e, step), "SliceBackwardBackward0"));
    }

    public static Tensor select(Tensor x, int dim, int index) {
        if (x.dim() == 0) throw new IllegalArgumentException("select() cannot be applied to a 0-dim tensor.");
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.size(d);
        if (index < -size || index >= size)
            throw new IndexOutOfBoundsException("index " + index + " is out of bounds for dimension " + d + " with size " + size);
        int i = index < 0 ? index + size : index;
        int[] in = x.shape();
        return viewResult(x, x.layout().select(d, i), "SelectBackward0",
                g -> scatterIntoZeros(g, in, t -> t.select(d, i), "SelectBackwardBackward0"));
    }

    /**
     * zeros(shape) with {@code region(zeros) = g}: the backward of a view that keeps only part of its input. It is
     * itself differentiable: its backward takes the same region of the incoming gradient.
     */
    static Tensor scatterIntoZeros(Tensor g, int[] shape, UnaryOperator<Tensor> region, String name) {
        Layout l = Layout.contiguous(shape);
        Tensor z = Tensor.wrap(Storage.allocate(g.dtype(), l.numel()), l);
        Tensor target;
        try (var off = Ember.noGrad()) {
            target = region.apply(z);
        }
        K.copy(g.storage(), g.layout(), target.storage(), target.layout());
        return FunctionNode.record(name, z, inputs(g), null, (n, gg) -> grads(region.apply(gg)));
    }

    public static Tensor contiguousCopy(Tensor x) {
        return clone(x);
    }

    public static Tensor clone(Tensor x) {
        Tensor y = Tiny.copy(x);
        if (y == null) {
            Layout l = Layout.contiguous(x.shape());
            // a non-dense x (dense ones took Tiny.copy): x's storage only lends an unzeroed array (Note [Large outputs
            // made as copies of an operand] in Elementwise)
            Storage s = Storage.allocateForOverwrite(x.dtype(), l.numel(), x.storage());
            K.copy(x.storage(), x.layout(), s, l);
            y = Tensor.wrap(s, l);
        }
        // y = x;  dy/dx = 1
        return FunctionNode.record("CloneBackward0", y, inputs(x), null, (n, g) -> grads(g));
    }

    /** Sums over broadcast dimensions so the result has {@code shape}. */
    public static Tensor sumToSize(Tensor x, int[] shape) {
        int[] from = x.layout().shapeRef();
        if (Arrays.equals(from, shape)) return x;
        if (!Shapes.broadcastsTo(shape, from))
            throw new IllegalArgumentException("size {" + Shapes.format(shape) + "} is not expandable to size {"
                    + Shapes.format(from) + "}.");
        int lead = from.length - shape.length;
        int[] dims = new int[from.length];
        int summed = 0;
        for (int i = 0; i < from.length; i++) if (i < lead || (shape[i - lead] == 1 && from[i] != 1)) dims[summed++] = i;
        Tensor r = summed == 0 ? x : x.sum(Arrays.copyOf(dims, summed), true);
        return Arrays.equals(r.layout().shapeRef(), shape) ? r : r.view(shape);
    }

    public static List<Tensor> split(Tensor x, int splitSize, int dim) {
        if (x.dim() == 0) throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.size(d);
        if (splitSize < 0) throw new IllegalArgumentException("split expects split_size be non-negative, but got split_size=" + splitSize);
        if (splitSize == 0 && size != 0)
            throw new IllegalArgumentException("split_size can only be 0 if dimension size is 0, but got dimension size of " + size);
        // an empty dim still gives one (empty) piece
        int pieces = size == 0 ? 1 : (size + splitSize - 1) / splitSize;
        List<Tensor> r = new ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            int s = i * splitSize;
            r.add(narrow(x, d, s, Math.min(splitSize, size - s)));
        }
        return r;
    }

    public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        if (chunks <= 0) throw new IllegalArgumentException("chunk expects `chunks` to be greater than 0, got: " + chunks);
        if (x.dim() == 0) throw new IllegalArgumentException("chunk expects at least a 1-dimensional tensor");
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.size(d);
        if (size == 0) {
            // PyTorch gives `chunks` empty pieces of an empty dim
            List<Tensor> r = new ArrayList<>();
            for (int i = 0; i < chunks; i++) r.add(narrow(x, d, 0, 0));
            return r;
        }
        return split(x, (size + chunks - 1) / chunks, d);
    }

    public static List<Tensor> unbind(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        List<Tensor> r = new ArrayList<>();
        for (int i = 0; i < x.size(d); i++) r.add(select(x, d, i));
        return r;
    }

    public static Tensor repeat(Tensor x, int[] repeats) {
        if (repeats.length < x.dim())
            throw new IllegalArgumentException("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
        int lead = repeats.length - x.dim();
        int[] padded = new int[repeats.length];
        for (int i = 0; i < padded.length; i++) padded[i] = i < lead ? 1 : x.size(i - lead);
        // view as [1, s0, 1, s1, ...], expand to [r0, s0, r1, s1, ...], copy, reshape to [r0*s0, ...]
        int[] inter = new int[2 * padded.length], expanded = new int[2 * padded.length], out = new int[padded.length];
        for (int i = 0; i < padded.length; i++) {
            inter[2 * i] = 1;
            inter[2 * i + 1] = padded[i];
            expanded[2 * i] = repeats[i];
            expanded[2 * i + 1] = padded[i];
            out[i] = repeats[i] * padded[i];
        }
        Layout src = x.layout().view(padded).view(inter).expand(expanded);
        Layout ol = Layout.contiguous(out);
        Storage os = Storage.allocateForOverwrite(x.dtype(), ol.numel());
        K.copy(x.storage(), src, os, Layout.contiguous(expanded));
        Tensor y = Tensor.wrap(os, ol);
        int[] in = x.shape();
        // y = x tiled r_i times along dim i;  dx = g seen as [r0, s0, r1, s1, ...] summed over every r_i
        return FunctionNode.record("RepeatBackward0", y, inputs(x), null, (n, g) -> {
            int[] evenDims = new int[padded.length];
            for (int i = 0; i < padded.length; i++) evenDims[i] = 2 * i;
            Tensor tiles = g.reshape(expanded);
            return grads(evenDims.length == 0 ? tiles : tiles.sum(evenDims, false).reshape(in));
        });
    }

    public static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("torch.cat(): expected a non-empty list of Tensors");
        Tensor first = null;
        for (Tensor t : tensors) if (!(t.dim() == 1 && t.numel() == 0)) { first = t; break; } // legacy: 1-D empty tensors are skipped
        if (first == null) first = tensors.get(0);
        for (int i = 0; i < tensors.size(); i++)
            if (tensors.get(i).dim() == 0)
                throw new IllegalArgumentException("zero-dimensional tensor (at position " + i + ") cannot be concatenated");
        int d = Shapes.wrapDim(dim, first.dim());
        DType dtype = tensors.get(0).dtype();
        for (Tensor t : tensors) dtype = DType.promote(dtype, t.dtype());
        int[] shape = first.shape();
        int total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.dim() == 1 && t.numel() == 0 && first.dim() != 1) continue;
            if (t.dim() != shape.length)
                throw new IllegalArgumentException("Tensors must have same number of dimensions: got " + shape.length + " and " + t.dim());
            for (int k = 0; k < shape.length; k++)
                if (k != d && t.size(k) != shape[k])
                    throw new IllegalArgumentException("Sizes of tensors must match except in dimension " + d + ". Expected size "
                            + shape[k] + " but got size " + t.size(k) + " for tensor number " + i + " in the list.");
            total += t.size(d);
        }
        shape[d] = total;
        Layout l = Layout.contiguous(shape);
        Storage s = Storage.allocateForOverwrite(dtype, l.numel()); // every input is copied into its part
        Tensor out = Tensor.wrap(s, l);
        int offset = 0;
        int[] starts = new int[tensors.size()], lengths = new int[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.dim() == 1 && t.numel() == 0 && first.dim() != 1) { starts[i] = offset; continue; }
            Layout part = l.slice(d, offset, offset + t.size(d), 1);
            K.copy(t.storage(), t.layout(), s, part);
            starts[i] = offset;
            lengths[i] = t.size(d);
            offset += t.size(d);
        }
        Tensor[] ins = tensors.toArray(new Tensor[0]);
        // y = [x₀, x₁, ...] along d;  dy/dxᵢ picks xᵢ's block of the gradient
        return FunctionNode.record("CatBackward0", out, ins, null, (n, g) -> {
            Tensor[] gs = new Tensor[ins.length];
            for (int i = 0; i < ins.length; i++)
                if (n.needsInputGrad(i)) gs[i] = lengths[i] == 0 && ins[i].dim() != g.dim() ? null : g.narrow(d, starts[i], lengths[i]);
            return gs;
        });
    }

    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack expects a non-empty TensorList");
        int[] s0 = tensors.get(0).shape();
        for (int i = 1; i < tensors.size(); i++)
            if (!Arrays.equals(s0, tensors.get(i).shape()))
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got " + Shapes.format(s0)
                        + " at entry 0 and " + Shapes.format(tensors.get(i).shape()) + " at entry " + i);
        int d = Shapes.wrapDim(dim, s0.length + 1);
        List<Tensor> parts = new ArrayList<>();
        try (var off = Ember.noGrad()) {
            for (Tensor t : tensors) parts.add(Tensor.viewOf(t, t.layout().unsqueeze(d)));
        }
        Tensor out;
        try (var off = Ember.noGrad()) {
            out = cat(parts, d);
        }
        Tensor[] ins = tensors.toArray(new Tensor[0]);
        // y = stack(xᵢ) along d;  dy/dxᵢ = the gradient's i-th slice along d
        return FunctionNode.record("StackBackward0", out, ins, null, (n, g) -> {
            Tensor[] gs = new Tensor[ins.length];
            for (int i = 0; i < ins.length; i++) if (n.needsInputGrad(i)) gs[i] = g.select(d, i);
            return gs;
        });
    }
}
