package ember.ops;

import static ember.Ember.*;
import static ember.autograd.GradCheck.gradcheck;
import static ember.autograd.GradCheck.gradgradcheck;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import ember.autograd.Edge;
import ember.autograd.Node;
import ember.nn.F;
import ember.nn.Reduction;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fused ops give the composite's values, PyTorch's graph and correct gradients (finite differences in float64,
 * first and second order): AddmmBackward0 and MmBackward0 (linear), NllLossBackward0 over LogSoftmaxBackward0
 * (cross-entropy), ReluBackward0 as a mask, and the optimizers' one-pass updates.
 */
class FusedTest {
    @BeforeEach
    void seed() { manualSeed(11); }

    private static Tensor leaf(int... shape) { return randn(DType.FLOAT64, shape).requiresGrad_(); }

    private static List<String> next(Tensor t) { return names(t.gradFn()); }

    private static List<String> names(Node n) {
        return n.nextFunctions().stream().map(Edge::node).map(x -> x == null ? "None" : x.name()).toList();
    }

    // ---- linear ----

    @Test
    void linearWithBiasIsOneAddmmAsPyTorch() {
        Tensor x = leaf(2, 4), w = leaf(3, 4), b = leaf(3);
        Tensor y = F.linear(x, w, b);
        // torch: F.linear(x, W, b).grad_fn -> AddmmBackward0, next: (AccumulateGrad, AccumulateGrad, TBackward0)
        assertEquals("AddmmBackward0", y.gradFn().name());
        assertEquals(List.of("AccumulateGrad", "AccumulateGrad", "TBackward0"), next(y));
        assertTrue(y.allclose(x.matmul(w.t()).add(b), 1e-12, 1e-12));
        assertTrue(gradcheck(in -> F.linear(in[0], in[1], in[2]), x, w, b));
        assertTrue(gradgradcheck(in -> F.linear(in[0], in[1], in[2]), x, w, b));
    }

    @Test
    void linearWithoutBiasIsMm() {
        Tensor x = leaf(2, 4), w = leaf(3, 4);
        // torch: F.linear(x, W).grad_fn -> MmBackward0, next: (AccumulateGrad, TBackward0)
        Tensor y = F.linear(x, w, null);
        assertEquals("MmBackward0", y.gradFn().name());
        assertEquals(List.of("AccumulateGrad", "TBackward0"), next(y));
        assertTrue(gradcheck(in -> F.linear(in[0], in[1], null), x, w));
        assertTrue(gradgradcheck(in -> F.linear(in[0], in[1], null), x, w));
    }

    @Test
    void linearOnOtherRanksKeepsPyTorchsGraph() {
        Tensor w = leaf(3, 4), b = leaf(3);
        // torch: F.linear(x3d, W, b).grad_fn -> ViewBackward0 over AddmmBackward0(b, ViewBackward0, TBackward0)
        Tensor x3 = leaf(2, 5, 4);
        Tensor y3 = F.linear(x3, w, b);
        assertEquals("ViewBackward0", y3.gradFn().name());
        Node addmm = y3.gradFn().nextFunctions().get(0).node();
        assertEquals("AddmmBackward0", addmm.name());
        assertEquals(List.of("AccumulateGrad", "ViewBackward0", "TBackward0"), names(addmm));
        assertArrayEquals(new int[]{2, 5, 3}, y3.shape());
        assertTrue(gradcheck(in -> F.linear(in[0], in[1], in[2]), x3, w, b));
        // torch: F.linear(x1d, W, b).grad_fn -> AddBackward0 (matmul, then the bias)
        Tensor x1 = leaf(4);
        assertEquals("AddBackward0", F.linear(x1, w, b).gradFn().name());
        assertTrue(gradcheck(in -> F.linear(in[0], in[1], in[2]), x1, w, b));
    }

    @Test
    void linearWeightGradientKeepsTheWeightsLayout() {
        Tensor x = randn(5, 4), w = randn(3, 4).requiresGrad_(), b = randn(3).requiresGrad_();
        F.linear(x, w, b).sum().backward();
        // torch: W.grad.stride() == (4, 1): computed as (gᵀ·x), not transposed from xᵀ·g
        assertArrayEquals(new int[]{4, 1}, w.grad().stride());
        // dΣy/dW[o, i] = Σₙ x[n, i]; dΣy/db[o] = N
        assertTrue(w.grad().allclose(x.sum(0).expand(3, 4), 1e-5, 1e-5));
        assertArrayEquals(new float[]{5, 5, 5}, b.grad().toFloatArray());
    }

    @Test
    void linearRefusesMismatchedShapesWithPyTorchsWords() {
        var e = assertThrows(IllegalArgumentException.class, () -> F.linear(randn(2, 5), randn(3, 4), randn(3)));
        assertTrue(e.getMessage().contains("mat1 and mat2 shapes cannot be multiplied (2x5 and 4x3)"), e.getMessage());
    }

    // ---- cross-entropy ----

    @Test
    void crossEntropyValuesByHand() {
        Tensor logits = tensor(new double[][]{{1, 2, 3}, {1, 1, 1}});
        Tensor target = tensor(new long[]{2, 0});
        // row 0: log(e + e² + e³) − 3 = log(1 + e⁻¹ + e⁻²) = 0.4076059644; row 1: log 3 = 1.0986122887
        assertArrayEquals(new float[]{0.4076059644f, 1.0986122887f},
                F.crossEntropy(logits, target, Reduction.NONE, 0).toFloatArray(), 1e-6f);
        assertEquals(0.7531091266, F.crossEntropy(logits, target).item(), 1e-6);
        assertEquals(1.5062182531, F.crossEntropy(logits, target, Reduction.SUM, 0).item(), 1e-6);
    }

    @Test
    void crossEntropyIsStableForLargeLogits() {
        Tensor logits = tensor(new double[][]{{1000, 0}, {-1000, 0}});
        // −log softmax: row 0 picks the 1000 (loss −0, the negated log-probability 0), row 1 picks the −1000 (loss 1000)
        // torch: F.cross_entropy(tensor([[1000., 0.], [-1000., 0.]]), tensor([0, 0]), reduction='none') -> [-0., 1000.]
        assertArrayEquals(new float[]{-0f, 1000}, F.crossEntropy(logits, tensor(new long[]{0, 0}), Reduction.NONE, 0).toFloatArray());
        // torch: F.cross_entropy(tensor([[1000., 0.]]), tensor([0])) -> tensor(0.)
        assertEquals(0.0, F.crossEntropy(tensor(new double[][]{{1000, 0}}), tensor(new long[]{0})).item(), 0);
        // an infinite logit makes the row NaN, as torch.log_softmax(tensor([inf, 0.]), 0) -> [nan, nan]
        assertTrue(Double.isNaN(F.crossEntropy(tensor(new double[][]{{Double.POSITIVE_INFINITY, 0}}), tensor(new long[]{1})).item()));
    }

    @Test
    void crossEntropyGraphIsNllOverLogSoftmax() {
        Tensor x = leaf(4, 3);
        Tensor loss = F.crossEntropy(x, tensor(new long[]{0, 2, 1, 2}));
        // torch: F.cross_entropy(z, t).grad_fn -> NllLossBackward0, next: (LogSoftmaxBackward0,), then (AccumulateGrad,)
        assertEquals("NllLossBackward0", loss.gradFn().name());
        assertEquals(List.of("LogSoftmaxBackward0"), next(loss));
        assertEquals(List.of("AccumulateGrad"), names(loss.gradFn().nextFunctions().get(0).node()));
    }

    @Test
    void crossEntropyGradients() {
        Tensor target = tensor(new long[]{0, 2, 1, 2, 2});
        for (Reduction r : Reduction.values()) {
            Tensor x = leaf(5, 3);
            assertTrue(gradcheck(in -> F.crossEntropy(in[0], target, r, 0), x), r.name());
            assertTrue(gradgradcheck(in -> F.crossEntropy(in[0], target, r, 0), x), r.name());
        }
        // a transposed (non-contiguous) logits tensor
        assertTrue(gradcheck(in -> F.crossEntropy(in[0].t(), target, Reduction.MEAN, 0), leaf(3, 5)));
    }

    @Test
    void crossEntropyMatchesTheComposite() {
        Tensor x = randn(64, 10).mul(3.0).requiresGrad_();
        Tensor target = randint(0, 10, 64);
        Tensor fused = F.crossEntropy(x, target);
        fused.backward();
        Tensor fusedGrad = x.grad();
        x.setGrad(null);
        Tensor composite = F.nllLoss(x.logSoftmax(1), target);
        composite.backward();
        assertEquals(composite.item(), fused.item(), 1e-6);
        assertTrue(fusedGrad.allclose(x.grad(), 1e-5, 1e-7));
    }

    @Test
    void crossEntropyRefusesBadTargets() {
        Tensor x = randn(2, 3);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> F.crossEntropy(x, tensor(new long[]{0, 3})));
        assertTrue(e.getMessage().startsWith("Target 3 is out of bounds"), e.getMessage());
        var t = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(x, tensor(0, 1)));
        assertTrue(t.getMessage().startsWith("expected scalar type Long but found Float"), t.getMessage());
        var n = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(x, tensor(new long[]{0, 1, 2})));
        assertTrue(n.getMessage().startsWith("Expected input batch_size (2) to match target batch_size (3)"), n.getMessage());
    }

    // ---- ReLU backward ----

    @Test
    void reluBackwardIsAMask() {
        Tensor x = leaf(3, 4);
        assertEquals("ReluBackward0", x.relu().gradFn().name());
        assertTrue(gradcheck(in -> in[0].relu(), x));
        assertTrue(gradgradcheck(in -> in[0].relu(), x));
        // torch: q = tensor([nan, -1., 0., 2.], requires_grad=True); relu(q).sum().backward(); q.grad -> [1., 0., 0., 1.]
        Tensor q = tensor(Float.NaN, -1, 0, 2).requiresGrad_();
        q.relu().mul(tensor(1, 1, 1, 1)).sum().backward();
        assertArrayEquals(new float[]{1, 0, 0, 1}, q.grad().toFloatArray());
        // an expanded (stride-0) incoming gradient, as sum's backward hands over
        Tensor r = tensor(-1, 2).requiresGrad_();
        r.relu().sum().backward();
        assertArrayEquals(new float[]{0, 1}, r.grad().toFloatArray());
    }

    @Test
    void reluBackwardWritesOverAFreshGradientItAloneReceives() {
        // the MLP's shape: the next layer's input gradient g·W (a fresh product) reaches the ReLU and nothing else
        Tensor x = tensor(new double[][]{{-1, 2}, {3, -4}}).requiresGrad_();
        Tensor w = tensor(new double[][]{{1, 2}, {3, 4}});
        x.relu().mm(w).sum().backward();
        // d/dx sum(relu(x)·w) = (1·wᵀ) masked by x > 0; 1·wᵀ has rows [3, 7]
        assertArrayEquals(new float[]{0, 7, 3, 0}, x.grad().toFloatArray());
    }

    @Test
    void aFreshGradientHandedToTwoInputsIsNotOverwritten() {
        // u = relu(r) + s·t, then u·w: add's backward hands the fresh u-gradient g·wᵀ to both the ReLU and the
        // multiply. q is made first so that the ReLU's node (made later) runs first; written over in place, the
        // multiply would read the masked gradient and s.grad would get zeros where r ≤ 0.
        Tensor s = tensor(new double[][]{{1, 1}, {1, 1}}).requiresGrad_(), t = tensor(new double[][]{{2, 2}, {2, 2}});
        Tensor q = s.mul(t);
        Tensor r = tensor(new double[][]{{-1, 2}, {3, -4}}).requiresGrad_();
        Tensor u = r.relu().add(q);
        Tensor w = tensor(new double[][]{{1, 2}, {3, 4}});
        u.mm(w).sum().backward();
        // g_u = 1·wᵀ: rows [3, 7]; r.grad = g_u where r > 0; s.grad = g_u·t = 2·g_u everywhere
        assertArrayEquals(new float[]{0, 7, 3, 0}, r.grad().toFloatArray());
        assertArrayEquals(new float[]{6, 14, 6, 14}, s.grad().toFloatArray());
    }

    // ---- optimizer updates ----

    @Test
    void sgdMomentumByHand() {
        // the one-pass loops run under noGrad(), as Optimizer.step runs them
        try (var off = noGrad()) {
            Tensor p = tensor(1.0f), g = tensor(1.0f);
            // b₁ = g = 1, p₁ = 1 − 0.1·1 = 0.9; b₂ = 0.9·1 + 1 = 1.9, p₂ = 0.9 − 0.1·1.9 = 0.71
            Tensor buf = Fused.sgdUpdate_(p, g, null, 0.1, 0.9, 0, 0, false);
            assertEquals(0.9f, p.toFloatArray()[0], 1e-7f);
            buf = Fused.sgdUpdate_(p, g, buf, 0.1, 0.9, 0, 0, false);
            assertEquals(1.9f, buf.toFloatArray()[0], 1e-7f);
            assertEquals(0.71f, p.toFloatArray()[0], 1e-7f);
        }
    }

    @Test
    void updatesOfALeafThatRequiresGradNeedNoGrad() {
        Tensor w = randn(3).requiresGrad_(), g = randn(3);
        var e = assertThrows(IllegalStateException.class, () -> Fused.sgdUpdate_(w, g, null, 0.1, 0, 0, 0, false));
        assertTrue(e.getMessage().startsWith("a leaf Variable that requires grad is being used in an in-place operation"));
        int before = w.version();
        try (var off = noGrad()) {
            Fused.sgdUpdate_(w, g, null, 0.1, 0, 0, 0, false);
        }
        assertEquals(before + 1, w.version(), "one in-place update");
    }

    @Test
    void sgdFusedEqualsTheOpByOpUpdateBitForBit() {
        // the one-pass loops run under noGrad(), as Optimizer.step runs them
        try (var off = noGrad()) {
            double[][] settings = {{0, 0, 0, 0}, {0.9, 0, 0, 0}, {0.9, 0.1, 0.01, 0}, {0.9, 0, 0.01, 1}};
            for (double[] s : settings) {
                Tensor fused = randn(7, 5), reference = fused.clone();
                Tensor fusedBuf = null, referenceBuf = null;
                for (int step = 0; step < 3; step++) {
                    Tensor g = randn(7, 5);
                    fusedBuf = Fused.sgdUpdate_(fused, g, fusedBuf, 0.05, s[0], s[1], s[2], s[3] != 0);
                    referenceBuf = Fused.sgdComposite(reference, g, referenceBuf, 0.05, s[0], s[1], s[2], s[3] != 0);
                }
                assertArrayEquals(reference.toFloatArray(), fused.toFloatArray(), java.util.Arrays.toString(s));
                if (s[0] != 0) assertArrayEquals(referenceBuf.toFloatArray(), fusedBuf.toFloatArray());
            }
        }
    }

    @Test
    void sgdOnANonContiguousParameterTakesTheCompositePath() {
        // the one-pass loops run under noGrad(), as Optimizer.step runs them
        try (var off = noGrad()) {
            Tensor dense = randn(4, 3), g = randn(3, 4);
            Tensor transposed = dense.clone().t(); // a [3, 4] view with strides (1, 3)
            Tensor expected = transposed.contiguous();
            Fused.sgdUpdate_(transposed, g, null, 0.1, 0, 0, 0, false);
            Fused.sgdUpdate_(expected, g, null, 0.1, 0, 0, 0, false);
            assertArrayEquals(expected.toFloatArray(), transposed.toFloatArray());
        }
    }

    @Test
    void adamFusedEqualsTheOpByOpUpdateBitForBit() {
        // the one-pass loops run under noGrad(), as Optimizer.step runs them
        try (var off = noGrad()) {
            for (double wd : new double[]{0, 0.01})
                for (boolean decoupled : new boolean[]{false, true}) {
                    Tensor fused = randn(6, 4), reference = fused.clone();
                    Tensor m1 = zerosLike(fused), v1 = zerosLike(fused), m2 = zerosLike(fused), v2 = zerosLike(fused);
                    for (int step = 1; step <= 3; step++) {
                        Tensor g = randn(6, 4);
                        Fused.adamUpdate_(fused, g, m1, v1, step, 1e-2, 0.9, 0.999, 1e-8, wd, decoupled);
                        double bc1 = 1 - Math.pow(0.9, step), bc2 = 1 - Math.pow(0.999, step);
                        Fused.adamComposite(reference, g, m2, v2, 1e-2, 0.9, 0.999, 1e-8, wd, decoupled, 1e-2 / bc1, Math.sqrt(bc2));
                    }
                    String what = "wd " + wd + (decoupled ? " (AdamW)" : "");
                    assertArrayEquals(reference.toFloatArray(), fused.toFloatArray(), what);
                    assertArrayEquals(m2.toFloatArray(), m1.toFloatArray(), what);
                    assertArrayEquals(v2.toFloatArray(), v1.toFloatArray(), what);
                }
        }
    }

    @Test
    void adamFirstStepMovesEachWeightByTheLearningRate() {
        // the one-pass loops run under noGrad(), as Optimizer.step runs them
        try (var off = noGrad()) {
            Tensor p = tensor(1.0, 1.0).toDouble(), g = tensor(0.5, -2.0).toDouble();
            // m = 0.1g, v = 0.001g²; m/(1−0.9) = g, √(v/(1−0.999)) = |g|: p −= lr·g/(|g| + ε) ≈ lr·sign(g)
            int before = p.version();
            Fused.adamUpdate_(p, g, zerosLike(p), zerosLike(p), 1, 0.1, 0.9, 0.999, 1e-8, 0, false);
            assertArrayEquals(new double[]{0.9, 1.1}, p.toDoubleArray(), 1e-7);
            assertEquals(before + 1, p.version(), "the update bumps the parameter's version");
        }
    }

    // ---- gradient accumulation ----

    @Test
    void leafGradientsAccumulateInPlaceAfterTheFirstCopy() {
        Tensor x = tensor(1, 2).requiresGrad_();
        Tensor given = tensor(3, 4);
        x.mul(1.0).backward(given);
        Tensor first = x.grad();
        given.fill_(0);
        assertArrayEquals(new float[]{3, 4}, first.toFloatArray(), "the leaf owns a copy of the incoming gradient");
        x.mul(2.0).backward(tensor(1, 1));
        assertSame(first, x.grad(), "later gradients are added into the same tensor");
        assertArrayEquals(new float[]{5, 6}, first.toFloatArray());
    }
}
