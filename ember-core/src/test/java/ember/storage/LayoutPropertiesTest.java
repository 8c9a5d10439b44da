package ember.storage;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Properties of {@link Layout} and the view ops built on it, checked on random shapes and random chains of views
 * against a deliberately naive reference ({@link Model}: a row-major array where every op is written as "which input
 * element does output element i read").
 */
class LayoutPropertiesTest {

    // =============================================================================================================
    // The reference model
    // =============================================================================================================

    /** Values in row-major order and a shape; nothing about strides. */
    record Model(int[] shape, double[] values) {
        static Model of(Tensor t) { return new Model(t.shape(), t.toDoubleArray()); }

        /** The model of shape {@code out} whose element at index i is this model's element at {@code source(i)}. */
        Model gather(int[] out, UnaryOperator<int[]> source) {
            int n = Shapes.numel(out);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = values[ravel(source.apply(unravel(i, out)), shape)];
            return new Model(out, v);
        }
    }

    static int[] unravel(int linear, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = linear % shape[d];
            linear /= shape[d];
        }
        return idx;
    }

    static int ravel(int[] idx, int[] shape) {
        int r = 0;
        for (int d = 0; d < shape.length; d++) r = r * shape[d] + idx[d];
        return r;
    }

    /** One step of a chain: the view op on a tensor, and the same op on the model. */
    record Step(String name, UnaryOperator<Tensor> onTensor, UnaryOperator<Model> onModel, boolean alwaysView) {
        @Override public String toString() { return name; }
    }

    /** A random view op valid for {@code shape}. */
    static Step randomStep(int[] shape, Random r) {
        int rank = shape.length;
        int kind = r.nextInt(rank == 0 ? 2 : 11);
        if (rank == 0) kind = kind == 0 ? 5 : 9; // a 0-d tensor can only be unsqueezed or reshaped
        switch (kind) {
            case 0 -> { // transpose(d0, d1)
                int a = r.nextInt(rank), b = r.nextInt(rank);
                int[] out = shape.clone();
                out[a] = shape[b];
                out[b] = shape[a];
                return new Step("transpose(" + a + ", " + b + ")", t -> t.transpose(a, b),
                        m -> m.gather(out, i -> { int[] s = i.clone(); s[a] = i[b]; s[b] = i[a]; return s; }), true);
            }
            case 1 -> { // permute(p): out dim i is in dim p[i]
                int[] p = permutation(rank, r);
                int[] out = new int[rank];
                for (int i = 0; i < rank; i++) out[i] = shape[p[i]];
                return new Step("permute" + Arrays.toString(p), t -> t.permute(p),
                        m -> m.gather(out, i -> { int[] s = new int[rank]; for (int k = 0; k < rank; k++) s[p[k]] = i[k]; return s; }), true);
            }
            case 2 -> { // narrow(d, start, length)
                int d = r.nextInt(rank);
                int start = r.nextInt(shape[d] + 1), length = r.nextInt(shape[d] - start + 1);
                int[] out = shape.clone();
                out[d] = length;
                return new Step("narrow(" + d + ", " + start + ", " + length + ")", t -> t.narrow(d, start, length),
                        m -> m.gather(out, i -> { int[] s = i.clone(); s[d] += start; return s; }), true);
            }
            case 3 -> { // select(d, index), index possibly negative
                int d = r.nextInt(rank);
                if (shape[d] == 0) return randomStep(shape, r);
                int index = r.nextInt(shape[d]);
                int given = r.nextBoolean() ? index : index - shape[d];
                return new Step("select(" + d + ", " + given + ")", t -> t.select(d, given),
                        m -> m.gather(Shapes.remove(shape, d), i -> Shapes.insert(i, d, index)), true);
            }
            case 4 -> { // slice(d, start, stop, step) with Python's bounds: None, negative, past the end
                int d = r.nextInt(rank);
                Integer start = r.nextInt(4) == 0 ? null : r.nextInt(2 * shape[d] + 3) - shape[d] - 1;
                Integer stop = r.nextInt(4) == 0 ? null : r.nextInt(2 * shape[d] + 3) - shape[d] - 1;
                int step = 1 + r.nextInt(3);
                int[] bounds = pythonSliceBounds(start, stop, step, shape[d]);
                int[] out = shape.clone();
                out[d] = bounds[2];
                return new Step("slice(" + d + ", " + start + ", " + stop + ", " + step + ")", t -> t.slice(d, start, stop, step),
                        m -> m.gather(out, i -> { int[] s = i.clone(); s[d] = bounds[0] + i[d] * step; return s; }), true);
            }
            case 5 -> { // unsqueeze(d)
                int d = r.nextInt(rank + 1);
                return new Step("unsqueeze(" + d + ")", t -> t.unsqueeze(d),
                        m -> m.gather(Shapes.insert(shape, d, 1), i -> Shapes.remove(i, d)), true);
            }
            case 6 -> { // squeeze(d): removes d only when its size is 1
                int d = r.nextInt(rank);
                if (shape[d] != 1) return new Step("squeeze(" + d + ")", t -> t.squeeze(d), m -> m, true);
                return new Step("squeeze(" + d + ")", t -> t.squeeze(d),
                        m -> m.gather(Shapes.remove(shape, d), i -> Shapes.insert(i, d, 0)), true);
            }
            case 7 -> { // expand: size-1 dims grow, maybe one new leading dim
                int lead = r.nextInt(2);
                int[] out = new int[rank + lead];
                if (lead == 1) out[0] = 1 + r.nextInt(3);
                for (int k = 0; k < rank; k++) out[k + lead] = shape[k] == 1 ? 1 + r.nextInt(3) : shape[k];
                int[] given = out.clone();
                for (int k = lead; k < out.length; k++) if (r.nextInt(3) == 0) given[k] = -1; // -1 keeps the size
                for (int k = lead; k < out.length; k++) if (given[k] == -1) out[k] = shape[k - lead];
                return new Step("expand" + Arrays.toString(given), t -> t.expand(given),
                        m -> m.gather(out, i -> {
                            int[] s = new int[rank];
                            for (int k = 0; k < rank; k++) s[k] = shape[k] == 1 ? 0 : i[k + lead];
                            return s;
                        }), true);
            }
            case 8 -> { // T or mT
                if (rank >= 2 && r.nextBoolean()) {
                    int a = rank - 2, b = rank - 1;
                    int[] out = shape.clone();
                    out[a] = shape[b];
                    out[b] = shape[a];
                    return new Step("mT", Tensor::mT, m -> m.gather(out, i -> { int[] s = i.clone(); s[a] = i[b]; s[b] = i[a]; return s; }), true);
                }
                int[] out = new int[rank];
                for (int i = 0; i < rank; i++) out[i] = shape[rank - 1 - i];
                return new Step("T", Tensor::T, m -> m.gather(out, i -> { int[] s = new int[rank]; for (int k = 0; k < rank; k++) s[rank - 1 - k] = i[k]; return s; }), true);
            }
            case 9 -> { // reshape to a random factorisation (a view when possible, else a copy)
                int[] out = randomShapeOfSize(Shapes.numel(shape), r);
                int[] given = out.clone();
                if (given.length > 0 && r.nextBoolean() && Shapes.numel(out) > 0) given[r.nextInt(given.length)] = -1;
                return new Step("reshape" + Arrays.toString(given), t -> t.reshape(given), m -> new Model(out, m.values()), false);
            }
            default -> { // flatten(start, end)
                int a = r.nextInt(rank), b = a + r.nextInt(rank - a);
                int[] out = new int[rank - (b - a)];
                int k = 0, merged = 1;
                for (int i = 0; i < a; i++) out[k++] = shape[i];
                for (int i = a; i <= b; i++) merged *= shape[i];
                out[k++] = merged;
                for (int i = b + 1; i < rank; i++) out[k++] = shape[i];
                return new Step("flatten(" + a + ", " + b + ")", t -> t.flatten(a, b), m -> new Model(out, m.values()), false);
            }
        }
    }

    /** Python's slice(start, stop, step).indices(size) for a positive step: {start, stop, length}. */
    static int[] pythonSliceBounds(Integer start, Integer stop, int step, int size) {
        int s = start == null ? 0 : start < 0 ? Math.max(start + size, 0) : Math.min(start, size);
        int e = stop == null ? size : stop < 0 ? Math.max(stop + size, 0) : Math.min(stop, size);
        int length = e > s ? (e - s + step - 1) / step : 0;
        return new int[]{s, e, length};
    }

    static int[] permutation(int n, Random r) {
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < n; i++) p.add(i);
        java.util.Collections.shuffle(p, r);
        return p.stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] randomShape(Random r, int minSize) {
        int[] s = new int[1 + r.nextInt(4)];
        for (int i = 0; i < s.length; i++) s[i] = minSize + r.nextInt(5 - minSize);
        return s;
    }

    /** A random ordered factorisation of n (rank 0 to 4; size-1 dims sprinkled in). */
    static int[] randomShapeOfSize(int n, Random r) {
        List<Integer> dims = new ArrayList<>();
        int left = n;
        if (n == 0) {
            dims.add(0);
            for (int k = r.nextInt(3); k > 0; k--) dims.add(r.nextInt(dims.size() + 1), 1 + r.nextInt(3));
        } else {
            for (int p = 2; left > 1; ) {
                if (left % p == 0) { dims.add(p); left /= p; } else p++;
            }
            // merge random neighbours, shuffle the order, add some 1s
            while (dims.size() > 3 || (dims.size() > 1 && r.nextBoolean())) {
                int i = r.nextInt(dims.size() - 1);
                dims.set(i, dims.get(i) * dims.remove(i + 1));
            }
            java.util.Collections.shuffle(dims, r);
            if (dims.size() < 4 && r.nextInt(3) == 0) dims.add(r.nextInt(dims.size() + 1), 1);
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** arange over a random shape, seen through a random permutation so that the start is strided too. */
    static Tensor randomBase(Random r, int minSize) {
        int[] shape = randomShape(r, minSize);
        Tensor t = arange((double) Shapes.numel(shape)).reshape(shape);
        return t.permute(permutation(shape.length, r));
    }

    // =============================================================================================================
    // Properties
    // =============================================================================================================

    @Property(tries = 400)
    void aChainOfViewsThenContiguousEqualsTheChainOnAContiguousCopy(@ForAll Random r) {
        Tensor x = randomBase(r, 0), copy = x.contiguous();
        Model model = Model.of(x);
        Tensor onX = x, onCopy = copy;
        List<Step> chain = new ArrayList<>();
        boolean allViews = true;
        for (int k = 1 + r.nextInt(6); k > 0; k--) {
            Step step = randomStep(onX.shape(), r);
            chain.add(step);
            onX = step.onTensor().apply(onX);
            onCopy = step.onTensor().apply(onCopy);
            model = step.onModel().apply(model);
            allViews &= step.alwaysView();
        }
        String where = "base " + Arrays.toString(x.shape()) + " stride " + Arrays.toString(x.stride()) + ", chain " + chain;
        assertArrayEquals(model.shape(), onX.shape(), where);
        assertArrayEquals(model.values(), onX.contiguous().toDoubleArray(), where);
        assertArrayEquals(model.values(), onCopy.toDoubleArray(), where);
        assertTrue(onX.contiguous().isContiguous(), where);
        if (allViews) assertSame(x.storage(), onX.storage(), "view ops never copy: " + where);
        assertTrue(onX.layout().extent() <= onX.storage().size(), where);
    }

    @Property(tries = 300)
    void writesThroughAChainOfViewsReachExactlyTheViewedElements(@ForAll Random r) {
        Tensor x = randomBase(r, 1);
        Tensor v = x;
        Model model = Model.of(x);
        for (int k = 1 + r.nextInt(5); k > 0; k--) {
            Step step = randomStep(v.shape(), r);
            if (!step.alwaysView()) continue;
            v = step.onTensor().apply(v);
            model = step.onModel().apply(model);
        }
        if (v.layout().hasInternalOverlap()) return; // writing an expanded view is refused, tested elsewhere
        v.fill_(-1);
        // x's storage held arange: storage element p had value p, so the viewed elements are the model's values
        Set<Integer> viewed = new HashSet<>();
        for (double value : model.values()) viewed.add((int) value);
        Storage s = x.storage();
        for (int p = 0; p < s.size(); p++)
            assertEquals(viewed.contains(p) ? -1 : p, s.getDouble(p), "storage element " + p);
    }

    @Property(tries = 400)
    void reshapeRoundTripsAndSharesMemoryExactlyWhenAViewExists(@ForAll Random r) {
        Tensor x = randomBase(r, 0);
        for (int k = r.nextInt(3); k > 0; k--) {
            Step step = randomStep(x.shape(), r);
            if (step.alwaysView()) x = step.onTensor().apply(x);
        }
        Tensor x0 = x;
        int[] target = randomShapeOfSize(x.numel(), r);
        Tensor y = x.reshape(target);
        String where = Arrays.toString(x.shape()) + " stride " + Arrays.toString(x.stride()) + " → " + Arrays.toString(target);
        assertArrayEquals(target, y.shape(), where);
        assertArrayEquals(x.toDoubleArray(), y.toDoubleArray(), where);
        assertArrayEquals(x.toDoubleArray(), y.reshape(x.shape()).toDoubleArray(), where);
        boolean viewable = x.layout().view(target) != null;
        assertEquals(viewable, y.storage() == x.storage(), where);
        if (viewable) assertSame(x.storage(), x.view(target).storage(), where);
        else assertThrows(IllegalArgumentException.class, () -> x0.view(target), where);
    }

    @Property(tries = 500)
    void layoutViewSucceedsExactlyWhenTheElementsAreAnAffineFunctionOfTheNewIndex(@ForAll Random r) {
        // a strided layout: random shape, permuted, then maybe stepped or narrowed along some dims
        int[] shape = randomShape(r, 1);
        Layout l = Layout.contiguous(shape).permute(permutation(shape.length, r));
        for (int d = 0; d < l.dim(); d++) {
            int size = l.size(d);
            switch (r.nextInt(4)) {
                case 0 -> l = l.slice(d, 0, size, 2);
                case 1 -> { if (size > 1) l = l.slice(d, 1, size, 1); }
                default -> { }
            }
        }
        if (r.nextInt(4) == 0) l = l.expand(Shapes.insert(l.shape(), 0, 2)); // a stride-0 dim
        int[] target = randomShapeOfSize(l.numel(), r);
        Layout view = l.view(target);
        String where = l + " → " + Arrays.toString(target);
        assertEquals(affineStrides(l, target) != null, view != null, where);
        if (view != null) {
            assertArrayEquals(target, view.shape(), where);
            for (int i = 0; i < l.numel(); i++) assertEquals(l.indexOfLinear(i), view.indexOfLinear(i), where + " element " + i);
        }
    }

    /**
     * PyTorch's rule in its own terms: a view of shape {@code target} exists iff the storage position of the i-th
     * element (row-major) is {@code offset + Σ index_d·stride_d} for some strides. The candidate stride of d is the
     * step from element 0 to the element with index 1 in d; the answer is yes iff those strides reproduce every position.
     */
    static int[] affineStrides(Layout l, int[] target) {
        int n = l.numel();
        int[] stride = new int[target.length];
        int base = l.indexOfLinear(0);
        int[] unit = Shapes.contiguousStrides(target);
        for (int d = 0; d < target.length; d++) if (target[d] > 1) stride[d] = l.indexOfLinear(unit[d]) - base;
        for (int i = 0; i < n; i++) {
            int[] idx = unravel(i, target);
            int p = base;
            for (int d = 0; d < target.length; d++) p += idx[d] * stride[d];
            if (p != l.indexOfLinear(i)) return null;
        }
        return stride;
    }

    @Property(tries = 400)
    void broadcastingAgreesWithExplicitExpand(@ForAll Random r) {
        // a result shape, and two operands made from it by dropping leading dims and shrinking dims to 1
        int[] out = new int[r.nextInt(5)];
        for (int i = 0; i < out.length; i++) out[i] = r.nextInt(4);
        int[] a = operandShape(out, r), b = operandShape(out, r);
        int[] expected = expectedBroadcast(a, b);
        assertArrayEquals(expected, Shapes.broadcast(a, b));
        assertArrayEquals(expected, Shapes.broadcast(b, a));
        assertTrue(Shapes.broadcastsTo(a, expected) && Shapes.broadcastsTo(b, expected));
        Tensor ta = strided(a, r, 1), tb = strided(b, r, 100);
        Tensor sum = ta.add(tb), product = ta.mul(tb);
        Tensor ea = ta.expand(expected).contiguous(), eb = tb.expand(expected).contiguous();
        assertArrayEquals(expected, sum.shape());
        assertArrayEquals(ea.add(eb).toDoubleArray(), sum.toDoubleArray());
        assertArrayEquals(ea.mul(eb).toDoubleArray(), product.toDoubleArray());
        assertArrayEquals(ea.gt(eb).toBooleanArray(), ta.gt(tb).toBooleanArray());
    }

    @Property(tries = 200)
    void incompatibleShapesNameTheRightmostMismatch(@ForAll Random r) {
        int[] a = randomShape(r, 2), b = a.clone();
        int d = r.nextInt(b.length);
        b[d] = a[d] + 1 + r.nextInt(2); // both ≥ 2 and different: not broadcastable at d
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shapes.broadcast(a, b));
        assertEquals("The size of tensor a (" + a[d] + ") must match the size of tensor b (" + b[d]
                + ") at non-singleton dimension " + d, e.getMessage());
    }

    static int[] operandShape(int[] out, Random r) {
        int drop = r.nextInt(out.length + 1);
        int[] s = Arrays.copyOfRange(out, drop, out.length);
        for (int i = 0; i < s.length; i++) if (r.nextInt(3) == 0) s[i] = 1;
        return s;
    }

    /** Right-aligned: equal sizes stay, a 1 takes the other's size. */
    static int[] expectedBroadcast(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            int x = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
            int y = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
            r[i] = x == 1 ? y : x;
        }
        return r;
    }

    /** Distinct values (start, start+1, ...) of the given shape, stored transposed when that makes it strided. */
    static Tensor strided(int[] shape, Random r, int start) {
        int n = Shapes.numel(shape);
        Tensor t = arange((double) start, (double) (start + n));
        if (shape.length < 2 || r.nextBoolean()) return t.reshape(shape);
        int[] p = permutation(shape.length, r), inverse = new int[p.length], permuted = new int[p.length];
        for (int i = 0; i < p.length; i++) { inverse[p[i]] = i; permuted[i] = shape[p[i]]; }
        return t.reshape(permuted).contiguous().permute(inverse); // same shape, permuted strides
    }
}
