package ember.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.Ember;
import ember.Tensor;
import ember.nn.F;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Note [Adopting a fresh gradient]: a leaf takes the product a backward formula made for it as its first {@code .grad}
 * instead of copying it, and never when someone else may hold that storage.
 */
class AdoptGradientTest {
    private static float[] values(Tensor t) { return t.contiguous().toFloatArray(); }

    /** A linear layer's weight: the adopted gradient is gᵀ·x, and a second backward adds into it in place. */
    @Test
    void theWeightGradientIsAdoptedAndAccumulates() {
        Ember.manualSeed(0);
        Tensor x = Ember.randn(5, 4), w = Ember.randn(3, 4).requiresGrad_(), b = Ember.randn(3).requiresGrad_();
        F.linear(x, w, b).sum().backward();
        // d(Σ x·Wᵀ + b)/dW = 1ᵀ·x: every row of W's gradient is the column sums of x
        Tensor expected = Ember.ones(3, 5).mm(x);
        assertArrayEquals(values(expected), values(w.grad()), 1e-6f);
        F.linear(x, w, b).sum().backward();
        assertArrayEquals(values(expected.mul(2)), values(w.grad()), 1e-6f);
        assertTrue(w.grad().isContiguous());
    }

    /** One product handed to two leaves by a passthrough backward: the second leaf copies, so they do not alias. */
    @Test
    void twoLeavesGivenTheSameGradientDoNotShareIt() {
        Ember.manualSeed(0);
        Tensor x = Ember.randn(5, 4), w1 = Ember.randn(3, 4).requiresGrad_(), w2 = Ember.randn(3, 4).requiresGrad_();
        x.mm(w1.add(w2).t()).sum().backward();
        float[] before = values(w2.grad());
        assertArrayEquals(values(w1.grad()), before, 0f);
        try (var off = Ember.noGrad()) {
            w1.grad().add_(Ember.ones(3, 4));
        }
        assertArrayEquals(before, values(w2.grad()), 0f);
    }

    /** A hook that keeps the gradient it sees (on the leaf or upstream) keeps its own values through later passes. */
    @Test
    void aGradientAHookKeptIsNotAdopted() {
        Ember.manualSeed(0);
        Tensor x = Ember.randn(5, 4), w = Ember.randn(3, 4).requiresGrad_();
        Tensor w1 = Ember.randn(3, 4).requiresGrad_(), w2 = Ember.randn(3, 4).requiresGrad_();
        List<Tensor> kept = new ArrayList<>();
        w.registerHook(g -> { kept.add(g); return null; });
        Tensor s = w1.add(w2);
        s.registerHook(g -> { kept.add(g); return null; });
        for (int pass = 0; pass < 2; pass++) {
            x.mm(w.t()).sum().backward();
            x.mm(s.t()).sum().backward(); // s's graph is kept: w1 and w2 take the gradient s's hook saw
        }
        float[] once = values(Ember.ones(3, 5).mm(x));
        for (Tensor g : kept) assertArrayEquals(once, values(g), 1e-6f);
        assertArrayEquals(values(Ember.ones(3, 5).mm(x).mul(2)), values(w.grad()), 1e-6f);
        assertArrayEquals(values(Ember.ones(3, 5).mm(x).mul(2)), values(w1.grad()), 1e-6f);
    }

    /**
     * The mechanism on its own: a formula returns a gradient whose storage it marked; the leaf takes that storage, or
     * copies when it was not marked, and a second leaf handed the same storage copies.
     */
    @Test
    void aMarkedGradientIsTakenOnceAndAnUnmarkedOneCopied() {
        Tensor a = Ember.zeros(2, 3).requiresGrad_(), b = Ember.zeros(2, 3).requiresGrad_();
        Tensor marked = Ember.ones(2, 3), unmarked = Ember.ones(2, 3);
        marked.storage().markFreshGradient();
        FunctionNode.record("OneOut", Ember.zeros(2, 3), FunctionNode.inputs(a), null,
                (n, g) -> FunctionNode.grads(marked)).sum().backward();
        assertSame(marked.storage(), a.grad().storage());
        a.setGrad(null);
        FunctionNode.record("OneOut", Ember.zeros(2, 3), FunctionNode.inputs(a), null,
                (n, g) -> FunctionNode.grads(unmarked)).sum().backward();
        assertNotSame(unmarked.storage(), a.grad().storage());
        // one storage handed to two inputs (a passthrough) has two consumers: the engine spends the mark, both copy
        a.setGrad(null);
        Tensor shared = Ember.ones(2, 3);
        shared.storage().markFreshGradient();
        FunctionNode.record("TwoOut", Ember.zeros(2, 3), FunctionNode.inputs(a, b), null,
                (n, g) -> FunctionNode.grads(shared, shared.view(2, 3))).sum().backward();
        assertNotSame(shared.storage(), a.grad().storage());
        assertNotSame(shared.storage(), b.grad().storage());
    }

    /**
     * Ember's own view formulas hand a fresh gradient on and a leaf still adopts it (Note [Formulas that keep what they
     * are given] in FunctionNode): a linear layer's weight is W.t() in addmm, and its gradient reaches W through
     * TBackward0 as a view of the product the formula made. The formulas here are the test's, a user's: handing on what
     * they were given would spend the mark (the next test); these return a marked tensor they were not given.
     */
    @Test
    void aFreshGradientHandedOnByEmbersViewFormulasIsAdopted() {
        Tensor w = Ember.zeros(3, 2).requiresGrad_(), product = Ember.ones(3, 2);
        product.storage().markFreshGradient();
        FunctionNode.record("OneOut", Ember.zeros(2, 3), FunctionNode.inputs(w.t()), null,
                (n, g) -> FunctionNode.grads(product.t())).sum().backward();
        assertSame(product.storage(), w.grad().storage());
        Tensor v = Ember.zeros(6).requiresGrad_(), rows = Ember.ones(2, 3);
        rows.storage().markFreshGradient();
        FunctionNode.record("OneOut", Ember.zeros(3, 2), FunctionNode.inputs(v.view(2, 3).t()), null,
                (n, g) -> FunctionNode.grads(rows.t())).sum().backward();
        assertSame(rows.storage(), v.grad().storage());
        assertArrayEquals(new float[]{1, 1, 1, 1, 1, 1}, v.grad().toFloatArray());
    }

    @Test
    void aFormulaThatKeepsItsGradientSeesItUnchanged() {
        // a user's backward formula keeping the gradient it is given (fresh: mm's backward made it) and handing it on:
        // neither the ReLU behind it may write over it, nor a leaf adopt it (a second backward would add into it)
        List<Tensor> kept = new ArrayList<>();
        Tensor h = Ember.tensor(new double[][]{{-1, 2}, {3, -4}}).requiresGrad_();
        Tensor w = Ember.tensor(new double[][]{{1, 2}, {3, 4}});
        Tensor r = h.relu();
        Tensor p = FunctionNode.record("Probe", r.detach().clone(), FunctionNode.inputs(r), null,
                (n, g) -> { kept.add(g); return FunctionNode.grads(g); });
        p.mm(w).sum().backward();
        // 1·wᵀ has rows [3, 7]; torch (an autograd.Function keeping grad_output) keeps [[3, 7], [3, 7]]
        assertArrayEquals(new float[]{3, 7, 3, 7}, kept.get(0).toFloatArray());
        assertArrayEquals(new float[]{0, 7, 3, 0}, h.grad().toFloatArray());
        Tensor leaf = Ember.zeros(2, 2).requiresGrad_();
        Tensor q = FunctionNode.record("Probe", leaf.detach().clone(), FunctionNode.inputs(leaf), null,
                (n, g) -> { kept.add(g); return FunctionNode.grads(g); });
        Tensor y = q.mm(w).sum();
        y.backward(null, true);
        y.backward();
        assertArrayEquals(new float[]{3, 7, 3, 7}, kept.get(1).toFloatArray());
        assertArrayEquals(new float[]{6, 14, 6, 14}, leaf.grad().toFloatArray());
    }

    /**
     * A user's formula keeping the (fresh) gradient it is given while handing on another tensor: what it kept, passed
     * back later as the gradient of a backward, is neither written over by a ReLU's backward nor adopted by a leaf
     * behind Ember's own views (PyTorch never writes into, nor hands out, the gradient given to backward).
     */
    @Test
    void aGradientAFormulaKeptIsNeverTakenOverLater() {
        List<Tensor> kept = new ArrayList<>();
        Tensor leaf = Ember.zeros(2, 2).requiresGrad_(), w = Ember.tensor(new double[][]{{1, 2}, {3, 4}});
        for (int pass = 0; pass < 2; pass++) {
            Tensor q = FunctionNode.record("Keep", leaf.detach().clone(), FunctionNode.inputs(leaf), null,
                    (n, g) -> { kept.add(g); return FunctionNode.grads(g.mul(1.0)); });
            q.mm(w).sum().backward();
        }
        float[] once = {3, 7, 3, 7}; // 1·wᵀ
        Tensor h = Ember.tensor(new double[][]{{-1, 2}, {3, -4}}).requiresGrad_();
        h.relu().backward(kept.get(0));
        assertArrayEquals(once, kept.get(0).toFloatArray());
        assertArrayEquals(new float[]{0, 7, 3, 0}, h.grad().toFloatArray());
        Tensor other = Ember.zeros(2, 2).requiresGrad_();
        other.t().t().backward(kept.get(1));
        try (var off = Ember.noGrad()) {
            other.grad().zero_();
        }
        assertArrayEquals(once, kept.get(1).toFloatArray());
    }

    /** The gradient given to backward is the caller's, even one marked as a formula's product: no leaf takes it. */
    @Test
    void aGradientGivenToBackwardIsNotAdopted() {
        Tensor a = Ember.zeros(2, 3).requiresGrad_(), given = Ember.ones(2, 3);
        given.storage().markFreshGradient();
        a.t().t().backward(given);
        assertNotSame(given.storage(), a.grad().storage());
    }

    @Test
    void aHookSpendsTheMark() {
        Tensor a = Ember.zeros(2, 3).requiresGrad_(), marked = Ember.ones(2, 3);
        marked.storage().markFreshGradient();
        List<Tensor> kept = new ArrayList<>();
        a.registerHook(g -> { kept.add(g); return null; });
        FunctionNode.record("OneOut", Ember.zeros(2, 3), FunctionNode.inputs(a), null,
                (n, g) -> FunctionNode.grads(marked)).sum().backward();
        assertSame(marked, kept.get(0));
        assertNotSame(marked.storage(), a.grad().storage());
    }
}
