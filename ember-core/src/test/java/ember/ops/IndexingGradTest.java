package ember.ops;

import static ember.Ember.*;
import static ember.autograd.GradCheck.gradcheck;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Index;
import ember.Tensor;
import ember.autograd.Autograd;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gradients of indexing. Node names and values are PyTorch 1.13's ({@code /usr/bin/python3}, {@code T = torch.tensor});
 * every node Indexing records is checked against finite differences in float64, the scatter-like backward nodes
 * through a recorded vector-Jacobian product (create_graph).
 */
class IndexingGradTest {
    @BeforeEach
    void seed() { manualSeed(7); }

    private static Tensor rand64(int... shape) { return randn(DType.FLOAT64, shape).requiresGrad_(); }

    private static String nameOf(Tensor t) { return t.gradFn().name(); }

    private static String nextName(Tensor t, int i) { return t.gradFn().nextFunctions().get(i).node().name(); }

    /** g ↦ (d op(x)/dx)ᵀ·g computed with create_graph, so its own backward (a double-backward node) is recorded. */
    private static Tensor vjp(UnaryOperator<Tensor> op, Tensor x, Tensor g) {
        try (var on = enableGrad()) {
            Tensor leaf = x.detach().requiresGrad_();
            return Autograd.grad(List.of(op.apply(leaf)), List.of(leaf), List.of(g), true, true).get(0);
        }
    }

    // ---- x[...] ----

    @Test
    void advancedGetIsIndexBackward0() {
        Tensor a = rand64(3, 4);
        assertEquals("IndexBackward0", nameOf(a.get(tensor(new long[]{0L, 2L}))));
        assertEquals("IndexBackward0", nameOf(a.get(a.gt(0.0))));
        // a[0, T([1,2])].grad_fn.next_functions -> SelectBackward0
        Tensor r = a.get(Index.i(0), Index.tensor(tensor(new long[]{1L, 2L})));
        assertEquals("IndexBackward0", nameOf(r));
        assertEquals("SelectBackward0", nextName(r, 0));
        // a[...] -> AliasBackward0, a[:] -> SliceBackward0, a[None] -> UnsqueezeBackward0, a[T(1)] -> SelectBackward0
        assertEquals("AliasBackward0", nameOf(a.get("...")));
        assertEquals("SliceBackward0", nameOf(a.get(":")));
        assertEquals("UnsqueezeBackward0", nameOf(a.get("None")));
        assertEquals("SelectBackward0", nameOf(a.get(scalarLong(1))));
    }

    @Test
    void gradcheckIndexBackward0() {
        Tensor a = rand64(3, 4);
        // repeated (row, column) pairs: (0, 1) twice
        assertTrue(gradcheck(in -> in[0].get(tensor(new long[]{0L, 2L, 0L}), tensor(new long[]{1L, 3L, 1L})), a));
        assertTrue(gradcheck(in -> in[0].get(tensor(new long[][]{{2, 2}, {0, 1}})), a));
        assertTrue(gradcheck(in -> in[0].get(tensor(true, false, true, true).reshape(1, 4).expand(3, 4)), a));
        assertTrue(gradcheck(in -> in[0].get(Index.slice(1, null), Index.tensor(tensor(new long[]{3L, 0L, 3L}))), a));
        assertTrue(gradcheck(in -> in[0].get(Index.tensor(tensor(new long[]{-1L})), Index.newAxis(), Index.tensor(tensor(new long[]{1L, 2L}))), rand64(2, 3, 4)));
    }

    @Test
    void gradcheckBasicViewsAndAliasBackward0() {
        Tensor a = rand64(3, 4);
        assertTrue(gradcheck(in -> in[0].get("...").mul(in[0]), a));
        assertTrue(gradcheck(in -> in[0].get("1:, ::2"), a));
        assertTrue(gradcheck(in -> in[0].get("None, -1, 1:3"), a));
    }

    @Test
    void duplicateIndicesAccumulate() {
        // a = torch.arange(3., requires_grad=True); a[T([0,0,1,0])].sum().backward(); a.grad -> [3., 1., 0.]
        Tensor a = arange(3.0).requiresGrad_();
        a.get(tensor(new long[]{0L, 0L, 1L, 0L})).sum().backward();
        assertArrayEquals(new float[]{3, 1, 0}, a.grad().toFloatArray());
    }

    @Test
    void crossEntropyPickBackward() {
        // yh = T([[0.1,0.3,0.6],[0.3,0.2,0.5]], requires_grad=True); y = T([0,2])
        // l = -torch.log(yh[range(len(yh)), y]) -> [2.3025851249694824, 0.6931471824645996]
        // l.sum().backward(); yh.grad -> [[-10., 0., 0.], [0., 0., -2.]]
        Tensor yHat = tensor(new double[][]{{0.1, 0.3, 0.6}, {0.3, 0.2, 0.5}}).requiresGrad_();
        Tensor y = tensor(new long[]{0L, 2L});
        Tensor l = yHat.get(arange(yHat.size(0)), y).log().neg();
        assertArrayEquals(new float[]{2.3025851f, 0.6931472f}, l.toFloatArray(), 1e-6f);
        l.sum().backward();
        assertArrayEquals(new float[]{-10, 0, 0, 0, 0, -2}, yHat.grad().toFloatArray(), 1e-5f);
    }

    @Test
    void gradcheckIndexPutImplBackward0() {
        Tensor a = randn(DType.FLOAT64, 3, 4);
        UnaryOperator<Tensor> pick = x -> x.get(tensor(new long[]{0L, 2L, 0L}), tensor(new long[]{1L, 3L, 1L}));
        // torch.autograd.grad(a[idx], a, g, create_graph=True)[0].grad_fn -> IndexPutImplBackward0
        assertEquals("IndexPutImplBackward0", nameOf(vjp(pick, a, rand64(3))));
        assertTrue(gradcheck(in -> vjp(pick, a, in[0]), rand64(3)));
        // a second derivative through the pick: d²/da² Σ a[idx]³ = 6·a at picked places (counted per pick)
        assertTrue(gradcheck(in -> {
            try (var on = enableGrad()) {
                return Autograd.grad(in[0].get(tensor(new long[]{0L, 0L, 2L})).pow(3.0).sum(), in[0], true);
            }
        }, rand64(3, 4)));
    }

    // ---- gather, index_select, masked ops ----

    @Test
    void gatherBackward() {
        // a.gather(1, T([[0,0],[2,2]])) * T([[1.,2],[3,4]]), summed: a.grad -> [[3., 0., 0.], [0., 0., 7.]]
        Tensor a = arange(6.0).reshape(2, 3).detach().requiresGrad_();
        Tensor y = a.gather(1, tensor(new long[][]{{0, 0}, {2, 2}}));
        assertEquals("GatherBackward0", nameOf(y));
        y.mul(tensor(new double[][]{{1, 2}, {3, 4}})).sum().backward();
        assertArrayEquals(new float[]{3, 0, 0, 0, 0, 7}, a.grad().toFloatArray());
    }

    @Test
    void gradcheckGatherBackward0AndScatterAddBackward0() {
        Tensor index = tensor(new long[][]{{0, 3, 0}, {1, 1, 2}});
        assertTrue(gradcheck(in -> in[0].gather(1, index), rand64(3, 4)));
        assertTrue(gradcheck(in -> in[0].gather(0, tensor(new long[][]{{0, 2, 1, 0}, {2, 2, 1, 0}})), rand64(3, 4)));
        assertTrue(gradcheck(in -> in[0].T().gather(0, tensor(new long[][]{{2, 0, 1}})), rand64(3, 4)));
        Tensor a = randn(DType.FLOAT64, 3, 4);
        UnaryOperator<Tensor> gather = x -> x.gather(1, index);
        assertEquals("ScatterAddBackward0", nameOf(vjp(gather, a, rand64(2, 3))));
        assertTrue(gradcheck(in -> vjp(gather, a, in[0]), rand64(2, 3)));
    }

    @Test
    void indexSelectBackward() {
        // (a.index_select(1, T([2,2,0])) * T([[1.,2,3],[4,5,6]])).sum().backward(); a.grad -> [[3., 0., 3.], [6., 0., 9.]]
        Tensor a = arange(6.0).reshape(2, 3).detach().requiresGrad_();
        Tensor y = a.indexSelect(1, tensor(new long[]{2L, 2L, 0L}));
        assertEquals("IndexSelectBackward0", nameOf(y));
        y.mul(tensor(new double[][]{{1, 2, 3}, {4, 5, 6}})).sum().backward();
        assertArrayEquals(new float[]{3, 0, 3, 6, 0, 9}, a.grad().toFloatArray());
    }

    @Test
    void wideRowPicksAddTheirGradientBackWhole() {
        // rows of 20 picked twice and once: their gradients add up row by row
        Tensor a = arange(100.0).reshape(5, 20).detach().requiresGrad_();
        a.indexSelect(0, tensor(new long[]{3L, 1L, 3L})).sum().backward();
        double[] grad = a.grad().toDoubleArray();
        for (int i = 0; i < 100; i++) assertEquals(i / 20 == 3 ? 2 : i / 20 == 1 ? 1 : 0, grad[i], "at " + i);
        assertTrue(gradcheck(in -> in[0].get(tensor(new long[]{4L, 0L, 4L})), rand64(5, 20)));
        assertTrue(gradcheck(in -> in[0].get(tensor(true, false, true, true, false)), rand64(5, 20)));
        Tensor b = randn(DType.FLOAT64, 5, 20);
        UnaryOperator<Tensor> rows = x -> x.get(tensor(new long[]{2L, 2L, 0L}));
        assertTrue(gradcheck(in -> vjp(rows, b, in[0]), rand64(3, 20)));
    }

    @Test
    void gradcheckIndexSelectBackward0AndIndexAddBackward0() {
        assertTrue(gradcheck(in -> in[0].indexSelect(1, tensor(new long[]{2L, 2L, 0L})), rand64(3, 4)));
        assertTrue(gradcheck(in -> in[0].indexSelect(0, scalarLong(1)), rand64(3, 4)));
        Tensor a = randn(DType.FLOAT64, 3, 4);
        UnaryOperator<Tensor> select = x -> x.indexSelect(0, tensor(new long[]{2L, 0L, 2L}));
        assertEquals("IndexAddBackward0", nameOf(vjp(select, a, rand64(3, 4))));
        assertTrue(gradcheck(in -> vjp(select, a, in[0]), rand64(3, 4)));
    }

    @Test
    void gradcheckMaskedFillBackward0() {
        Tensor a = rand64(3, 4);
        assertEquals("MaskedFillBackward0", nameOf(a.maskedFill(a.gt(0.0), 1)));
        assertTrue(gradcheck(in -> in[0].maskedFill(tensor(true, false, false, true), -2), a));
        // the mask broadcasts x up to [2, 3, 4]: the gradient sums over the new dimension
        assertTrue(gradcheck(in -> in[0].maskedFill(tensor(true, false).reshape(2, 1, 1), 0), a));
        // MaskedFillBackward0's own backward is a masked_fill of the incoming gradient
        Tensor b = randn(DType.FLOAT64, 3, 4);
        assertTrue(gradcheck(in -> vjp(x -> x.maskedFill(b.gt(0.0), 3), b, in[0]), rand64(3, 4)));
    }

    @Test
    void gradcheckMaskedSelectBackward0AndMaskedScatterBackward0() {
        Tensor a = rand64(3, 4);
        Tensor mask = tensor(true, false, true, true, false, false, true, true, true, false, false, true).reshape(3, 4);
        assertEquals("MaskedSelectBackward0", nameOf(a.maskedSelect(mask)));
        assertTrue(gradcheck(in -> in[0].maskedSelect(mask), a));
        // x [3, 1] broadcast against a [3, 4] mask: each x element is picked several times
        assertTrue(gradcheck(in -> in[0].maskedSelect(mask), rand64(3, 1)));
        Tensor b = randn(DType.FLOAT64, 3, 4);
        UnaryOperator<Tensor> select = x -> x.maskedSelect(mask);
        assertEquals("MaskedScatterBackward0", nameOf(vjp(select, b, rand64(7))));
        assertTrue(gradcheck(in -> vjp(select, b, in[0]), rand64(7)));
    }

    // ---- x[...] = v ----

    @Test
    void assignmentNodeNames() {
        Tensor a = rand64(3, 4), v = rand64(4);
        // b = a*1; b[0] = v -> CopySlices, next_functions (MulBackward0, AccumulateGrad)
        Tensor b = a.mul(1.0);
        b.set("0", v);
        assertEquals("CopySlices", nameOf(b));
        assertEquals("MulBackward0", nextName(b, 0));
        assertEquals("AccumulateGrad", nextName(b, 1));
        // b[T([1])] = v and b[T([True,False,True])] = v -> IndexPutBackward0
        Tensor c = a.mul(1.0);
        c.set(tensor(new long[]{1L}), v);
        assertEquals("IndexPutBackward0", nameOf(c));
        Tensor d = a.mul(1.0);
        d.set(tensor(true, false, true), v);
        assertEquals("IndexPutBackward0", nameOf(d));
        // b[0, T([1])] = 1. and b[None, T([1])] = 1. -> CopySlices (index_put_ on a view)
        Tensor e = a.mul(1.0);
        e.set(new Index[]{Index.i(0), Index.tensor(tensor(new long[]{1L}))}, scalar(1.0, DType.FLOAT64));
        assertEquals("CopySlices", nameOf(e));
        // a copy_ into all of b (PyTorch: b[...] = t -> CopyBackwards)
        Tensor f = a.mul(1.0);
        f.set("...", v);
        assertEquals("CopyBackwards", nameOf(f));
    }

    @Test
    void basicAssignmentBackward() {
        // a = torch.arange(12.).reshape(3,4).requires_grad_(); v = T([10.,20,30,40], requires_grad=True)
        // b = a*2; b[1] = v; (b*torch.arange(12.).reshape(3,4)).sum().backward()
        // a.grad -> [[0,2,4,6],[0,0,0,0],[16,18,20,22]], v.grad -> [4,5,6,7]
        Tensor a = arange(12.0).reshape(3, 4).detach().requiresGrad_();
        Tensor v = tensor(10.0, 20.0, 30.0, 40.0).requiresGrad_();
        Tensor b = a.mul(2.0);
        b.set("1", v);
        b.mul(arange(12.0).reshape(3, 4)).sum().backward();
        assertArrayEquals(new float[]{0, 2, 4, 6, 0, 0, 0, 0, 16, 18, 20, 22}, a.grad().toFloatArray());
        assertArrayEquals(new float[]{4, 5, 6, 7}, v.grad().toFloatArray());
    }

    @Test
    void mixedAssignmentBackward() {
        // b = a*2; b[T([0,2]), 1:3] = v[:2]; (b*torch.arange(12.).reshape(3,4)).sum().backward()
        // b.grad_fn -> CopySlices; a.grad -> [[0,0,0,6],[8,10,12,14],[16,0,0,22]], v.grad -> [10,12,0,0]
        Tensor a = arange(12.0).reshape(3, 4).detach().requiresGrad_();
        Tensor v = tensor(10.0, 20.0, 30.0, 40.0).requiresGrad_();
        Tensor b = a.mul(2.0);
        b.set(new Index[]{Index.tensor(tensor(new long[]{0L, 2L})), Index.slice(1, 3)}, v.get(":2"));
        assertEquals("CopySlices", nameOf(b));
        b.mul(arange(12.0).reshape(3, 4)).sum().backward();
        assertArrayEquals(new float[]{0, 0, 0, 6, 8, 10, 12, 14, 16, 0, 0, 22}, a.grad().toFloatArray());
        assertArrayEquals(new float[]{10, 12, 0, 0}, v.grad().toFloatArray());
    }

    @Test
    void assigningIntoATensorWithoutGradMakesItPartOfTheGraph() {
        Tensor w = rand64(3);
        Tensor z = zeros(DType.FLOAT64, 2, 3);
        z.set(tensor(new long[]{1L}), w);
        assertEquals("IndexPutBackward0", nameOf(z));
        assertFalse(z.isLeaf());
        // d/dw Σ z·c = c's row 1
        z.mul(arange(6.0).reshape(2, 3).toDouble()).sum().backward();
        assertArrayEquals(new double[]{3, 4, 5}, w.grad().toDoubleArray());
    }

    @Test
    void gradcheckCopySlices() {
        Tensor a = rand64(3, 4);
        assertTrue(gradcheck(in -> {
            Tensor b = in[0].mul(1.0);
            b.set("0:2, 1", in[1]);
            return b;
        }, a, rand64(2)));
        // value [1, 4] with a leading 1 dropped, broadcast over rows 1 and 2
        assertTrue(gradcheck(in -> {
            Tensor b = in[0].mul(in[0]);
            b.set("1:", in[1]);
            return b.mul(in[0]);
        }, a, rand64(1, 4)));
        // advanced after a basic step
        assertTrue(gradcheck(in -> {
            Tensor b = in[0].mul(2.0);
            b.set(new Index[]{Index.all(), Index.tensor(tensor(new long[]{3L, 0L}))}, in[1]);
            return b;
        }, a, rand64(3, 1)));
    }

    @Test
    void gradcheckIndexPutBackward0() {
        Tensor a = rand64(3, 4);
        assertTrue(gradcheck(in -> {
            Tensor b = in[0].mul(1.0);
            b.set(tensor(new long[]{2L, 0L}), in[1]);
            return b;
        }, a, rand64(4)));
        assertTrue(gradcheck(in -> {
            Tensor b = in[0].square();
            b.set(tensor(true, false, true, false, false, true, true, false, false, false, false, true).reshape(3, 4), in[1]);
            return b;
        }, a, rand64(5)));
        // the node's own backward is differentiable: d/dg of the vector-Jacobian product
        Tensor v = randn(DType.FLOAT64, 4);
        assertTrue(gradcheck(in -> vjp(x -> {
            Tensor b = x.mul(1.0);
            b.set(tensor(new long[]{1L}), v.mul(x.get("0")));
            return b;
        }, randn(DType.FLOAT64, 3, 4), in[0]), rand64(3, 4)));
    }

    @Test
    void gradcheckCopyBackwards() {
        assertTrue(gradcheck(in -> {
            Tensor b = in[0].mul(1.0);
            b.set("...", in[1]);
            return b.add(in[0]);
        }, rand64(3, 4), rand64(4)));
    }
}
