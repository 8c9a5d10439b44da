package ember.autograd;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** PyTorch's autograd semantics, one behaviour per test; expected values come from the Python line quoted beside. */
class AutogradSemanticsTest {
    private static Tensor leaf(double... values) { return tensor(DType.FLOAT64, values).requiresGrad_(); }

    private static void assertValues(double[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toDoubleArray(), 1e-12, actual::toString);
    }

    // ---- accumulation, VJP, retained graphs ----

    @Test
    void gradientsAccumulateAcrossBackwardPasses() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        // d/dx Σx² = 2x, twice: 4x
        assertValues(new double[]{4, 8, 12}, x.grad());
    }

    @Test
    void backwardWithGradientIsAVectorJacobianProduct() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x);
        y.backward(tensor(DType.FLOAT64, 1, 0.1, 0.01));
        // J = diag(2x), so vᵀJ = 2x·v
        assertValues(new double[]{2, 0.4, 0.06}, x.grad());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x).sum();
        y.backward(null, true);
        y.backward();
        assertValues(new double[]{4, 8, 12}, x.grad());
    }

    @Test
    void savedTensorsAreFreedAfterBackward() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x);
        FunctionNode mul = (FunctionNode) y.gradFn();
        assertEquals(2, mul.savedTensors().size());
        y.sum().backward();
        assertTrue(mul.savedTensors().isEmpty());
    }

    @Test
    void aNodeThatReceivesNoGradientStillReleasesItsInputs() {
        // x = torch.ones(3, requires_grad=True); u = x * 3; u.fill_(2); (u.sum() + x.sum()).backward(); x.grad
        // → tensor([1., 1., 1.]): FillBackward gives no gradient to MulBackward0, which must still let x's node run
        Tensor x = ones(DType.FLOAT64, 3).requiresGrad_();
        Tensor u = x.mul(3.0);
        u.fill_(2);
        u.sum().add(x.sum()).backward();
        assertValues(new double[]{1, 1, 1}, x.grad());
    }

    @Test
    void aRootGradientOfAnotherDtypeIsCastToTheRoot() {
        Tensor x = leaf(1, 2);
        x.mul(3.0).backward(ones(DType.FLOAT32, 2));
        assertEquals(DType.FLOAT64, x.grad().dtype());
        assertValues(new double[]{3, 3}, x.grad());
    }

    // ---- errors, in PyTorch's words ----

    @Test
    void backwardOnATensorThatDoesNotRequireGrad() {
        for (Tensor t : List.of(ones(3).sum(), ones(3))) {
            var e = assertThrows(IllegalStateException.class, t::backward);
            assertTrue(e.getMessage().startsWith("element 0 of tensors does not require grad and does not have a grad_fn"),
                    e.getMessage());
        }
    }

    @Test
    void nonScalarBackwardNeedsAGradient() {
        Tensor x = leaf(1, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> x.mul(2.0).backward());
        assertTrue(e.getMessage().startsWith("grad can be implicitly created only for scalar outputs"), e.getMessage());
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
        var wrongShape = assertThrows(IllegalArgumentException.class, () -> x.mul(2.0).backward(ones(DType.FLOAT64, 3)));
        assertTrue(wrongShape.getMessage().startsWith("Mismatch in shape"), wrongShape.getMessage());
    }

    @Test
    void backwardTwiceWithoutRetainGraph() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x).sum();
        y.backward();
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().startsWith("Trying to backward through the graph a second time"), e.getMessage());
        assertTrue(e.getMessage().contains("Specify retainGraph=true"), e.getMessage());
    }

    @Test
    void inPlaceOnALeafThatRequiresGrad() {
        Tensor x = leaf(1, 2);
        var e = assertThrows(IllegalStateException.class, () -> x.add_(1.0));
        assertTrue(e.getMessage().startsWith("a leaf Variable that requires grad is being used in an in-place operation."),
                e.getMessage());
        assertTrue(e.getMessage().contains("noGrad()"), e.getMessage());
        assertValues(new double[]{1, 2}, x); // nothing written
        try (var g = noGrad()) {
            x.add_(1.0);
        }
        assertValues(new double[]{2, 3}, x);
    }

    @Test
    void savedTensorModifiedInPlace() {
        // a = torch.ones(3, requires_grad=True); b = a*2; c = b.sin(); b.add_(1); c.sum().backward()
        Tensor a = ones(3).requiresGrad_();
        Tensor b = a.mul(2.0);
        Tensor c = b.sin();
        b.add_(1.0);
        var e = assertThrows(IllegalStateException.class, () -> c.sum().backward());
        assertTrue(e.getMessage().startsWith("one of the variables needed for gradient computation has been modified by an"
                + " inplace operation: [torch.FloatTensor [3]], which is output 0 of AddBackward0, is at version 1;"
                + " expected version 0 instead."), e.getMessage());
    }

    @Test
    void requiresGradFlagsChangeOnlyOnLeaves() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        var e = assertThrows(IllegalStateException.class, () -> y.requiresGrad_(false));
        assertTrue(e.getMessage().startsWith("you can only change requires_grad flags of leaf variables."), e.getMessage());
        assertTrue(e.getMessage().contains("var.detach()"), e.getMessage());
        assertSame(y, y.requiresGrad_()); // asking for what it already has is fine, as PyTorch
        x.requiresGrad_(false);
        assertFalse(x.requiresGrad());
        var integral = assertThrows(IllegalArgumentException.class, () -> arange(3).requiresGrad_());
        assertTrue(integral.getMessage().startsWith("only Tensors of floating point dtype can require gradients"),
                integral.getMessage());
    }

    @Test
    void gradOfANonLeafIsNullAndWarnsOnce() throws Exception {
        Field once = Class.forName("ember.Warnings").getDeclaredField("NON_LEAF_GRAD");
        once.setAccessible(true);
        ((AtomicBoolean) once.get(null)).set(false);
        List<String> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) { warnings.add(r.getMessage()); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        Logger log = Logger.getLogger("ember");
        log.addHandler(capture);
        try {
            Tensor x = leaf(1, 2);
            Tensor y = x.mul(2.0);
            y.sum().backward();
            assertNull(y.grad());
            assertNull(y.grad());
        } finally {
            log.removeHandler(capture);
        }
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).startsWith("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed."),
                warnings.get(0));
    }

    @Test
    void autogradGradErrors() {
        Tensor x = leaf(1, 2), w = leaf(3, 4);
        Tensor y = x.mul(x).sum();
        var notRequiring = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(List.of(y), List.of(ones(2)), null, true, false));
        assertEquals("One of the differentiated Tensors does not require grad", notRequiring.getMessage());
        var unused = assertThrows(IllegalStateException.class, () -> Autograd.grad(List.of(y), List.of(w), null, true, false));
        assertTrue(unused.getMessage().startsWith("One of the differentiated Tensors appears to not have been used in the graph."),
                unused.getMessage());
        assertNull(Autograd.grad(List.of(y), List.of(w), null, true, false, true).get(0));
    }

    // ---- higher derivatives and Autograd.grad ----

    @Test
    void createGraphGivesSecondDerivatives() {
        Tensor x = leaf(2);
        Tensor y = x.pow(3.0);
        Tensor dy = Autograd.grad(y.sum(), x, true);
        // d/dx x³ = 3x² = 12, d²/dx² x³ = 6x = 12 at x = 2
        assertValues(new double[]{12}, dy);
        assertTrue(dy.requiresGrad());
        assertValues(new double[]{12}, Autograd.grad(dy.sum(), x, false));

        Tensor z = leaf(3);
        z.pow(3.0).sum().backward(null, true, true);
        Tensor gz = z.grad();
        assertValues(new double[]{27}, gz); // 3z²
        assertTrue(gz.requiresGrad());
        z.setGrad(null);
        gz.sum().backward();
        assertValues(new double[]{18}, z.grad()); // 6z
    }

    @Test
    void autogradGradLeavesDotGradUntouchedAndRunsOnlyWhatLeadsToTheInputs() {
        Tensor x = leaf(1, 2), w = leaf(3, 4);
        AtomicInteger wHookCalls = new AtomicInteger();
        w.registerHook(g -> { wHookCalls.incrementAndGet(); return null; });
        Tensor e = w.exp();
        e.mul_(1.0); // ExpBackward0's saved result is now stale: running that node would throw
        Tensor loss = x.mul(x).sum().add(e.sum());
        Tensor gx = Autograd.grad(List.of(loss), List.of(x), null, false, false).get(0);
        assertValues(new double[]{2, 4}, gx);
        assertNull(x.grad());
        assertNull(w.grad());
        assertEquals(0, wHookCalls.get());
    }

    @Test
    void autogradGradOfANonLeafInput() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(2.0);
        Tensor z = y.mul(y).sum();
        // dz/dy = 2y
        assertValues(new double[]{4, 8, 12}, Autograd.grad(z, y, false));
        assertNull(x.grad());
    }

    // ---- retainGrad and hooks ----

    @Test
    void retainGradKeepsANonLeafsGradient() {
        // x = torch.tensor([1.,2.,3.], dtype=torch.float64, requires_grad=True)
        // y = x*2; y.retain_grad(); z = (y*y).sum(); z.backward(); y.grad, x.grad → [4, 8, 12], [8, 16, 24]
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(2.0).retainGrad();
        assertTrue(y.retainsGrad());
        Tensor z = y.mul(y).sum();
        z.backward(null, true);
        assertValues(new double[]{4, 8, 12}, y.grad());
        assertValues(new double[]{8, 16, 24}, x.grad());
        z.backward();
        assertValues(new double[]{8, 16, 24}, y.grad()); // accumulates, like a leaf's
        assertThrows(IllegalStateException.class, () -> ones(2).retainGrad());
    }

    @Test
    void retainGradStoresTheGradientAfterTheHooks() {
        // PyTorch ≥ 2.0 runs retain_grad's store after every tensor hook, whatever the registration order:
        // x = torch.tensor(1., requires_grad=True); y = x*2; y.retain_grad(); y.register_hook(lambda g: g*10)
        // (y*3).backward(); y.grad, x.grad → 30, 60
        Tensor x = leaf(1);
        Tensor y = x.mul(2.0).retainGrad();
        y.registerHook(g -> g.mul(10.0));
        y.mul(3.0).sum().backward();
        assertValues(new double[]{30}, y.grad());
        assertValues(new double[]{60}, x.grad());
    }

    @Test
    void retainGradFollowsAnInPlaceUpdate() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0).retainGrad();
        y.mul_(3.0); // y is now 6x, with a new grad_fn
        y.mul(y).sum().backward();
        // d/dy Σy² = 2y = 12x for the new value of y
        assertValues(new double[]{12, 24}, y.grad());
    }

    @Test
    void hooksReplaceOrObserveGradients() {
        Tensor x = leaf(1, 2);
        x.registerHook(g -> g.mul(2.0)); // leaf: replaces what is accumulated
        Tensor y = x.mul(3.0);
        List<double[]> seen = new ArrayList<>();
        y.registerHook(g -> { seen.add(g.toDoubleArray()); return null; }); // observes, keeps the gradient
        y.registerHook(g -> g.add(1.0)); // replaces: the next node sees g + 1
        y.sum().backward();
        assertEquals(1, seen.size());
        assertArrayEquals(new double[]{1, 1}, seen.get(0));
        // dy/dx = 3 applied to (1 + 1), then the leaf hook doubles it
        assertValues(new double[]{12, 12}, x.grad());
        // PyTorch ≥ 2.0 passes gradients returned by autograd.grad through the tensor's hooks too
        Tensor z = x.mul(x).sum();
        assertValues(new double[]{4, 8}, Autograd.grad(z, x, false));
        assertThrows(IllegalStateException.class, () -> ones(2).registerHook(g -> g));
    }

    // ---- detach and grad mode ----

    @Test
    void detachSharesStorageAndVersion() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x);
        Tensor d = x.detach();
        assertSame(x.storage(), d.storage());
        assertTrue(d.isLeaf());
        assertFalse(d.requiresGrad());
        d.mul_(2.0);
        assertValues(new double[]{2, 4}, x);
        // MulBackward0 saved x: the write through the detached alias is seen
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("is at version 1; expected version 0"), e.getMessage());
        // in-place through a detached view of a leaf is allowed, as in PyTorch
        x.select(0, 1).detach().fill_(7);
        assertValues(new double[]{2, 7}, x);
    }

    @Test
    void detachInPlace() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        assertSame(y, y.detach_());
        assertTrue(y.isLeaf());
        assertFalse(y.requiresGrad());
        Tensor view = x.mul(1.0).select(0, 0);
        var e = assertThrows(IllegalStateException.class, view::detach_);
        assertTrue(e.getMessage().startsWith("Can't detach views in-place. Use detach() instead."), e.getMessage());
    }

    @Test
    void noGradScopesNestAndAreThreadLocal() throws Exception {
        Tensor x = leaf(1, 2);
        assertTrue(isGradEnabled());
        try (var off = noGrad()) {
            assertFalse(isGradEnabled());
            assertFalse(x.mul(2.0).requiresGrad());
            try (var on = enableGrad()) {
                assertTrue(x.mul(2.0).requiresGrad());
                // another thread has its own mode: on by default
                ExecutorService other = Executors.newSingleThreadExecutor();
                try (var nested = noGrad()) {
                    assertTrue(other.submit(() -> isGradEnabled() && x.mul(2.0).requiresGrad()).get());
                } finally {
                    other.shutdown();
                }
                assertTrue(isGradEnabled());
            }
            assertFalse(isGradEnabled());
        }
        assertTrue(isGradEnabled());
    }

    @Test
    void aTenThousandOpChainDoesNotOverflowTheStack() {
        Tensor x = leaf(1, 2);
        Tensor y = x;
        for (int i = 0; i < 10_000; i++) y = y.mul(1.0);
        y.sum().backward();
        assertValues(new double[]{1, 1}, x.grad());
    }

    @Test
    void independentBackwardPassesOnTwoThreads() throws Exception {
        int threads = 2, rounds = 200;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                double scale = t + 1;
                results.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        Tensor x = tensor(DType.FLOAT64, 1, 2, 3).requiresGrad_();
                        Tensor loss = x.mul(x).mul(scale).sum();
                        loss.backward();
                        // d/dx Σ s·x² = 2s·x
                        double[] g = x.grad().toDoubleArray();
                        for (int i = 0; i < 3; i++) if (g[i] != 2 * scale * (i + 1)) return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) assertTrue(f.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void integralAndBoolResultsNeverRequireGrad() {
        Tensor x = leaf(-1, 2);
        assertFalse(x.gt(0.0).requiresGrad());
        assertFalse(x.toLong().requiresGrad());
        assertFalse(x.isnan().requiresGrad());
        assertTrue(x.floor().requiresGrad()); // float result of a piecewise-constant op: zero gradient, but recorded
        assertFalse(arange(3).mul(2L).requiresGrad());
    }

    // ---- the seed's graph, as PyTorch prints it ----

    @Test
    void seedGraphNamesAndNextFunctions() {
        // x = torch.arange(4.0, requires_grad=True); y = x.mul(x).sum(); loss = (10 - y) ** 2
        // loss.grad_fn → <PowBackward0>; .next_functions → ((<RsubBackward1>, 0),) → ((<SumBackward0>, 0),)
        // → ((<MulBackward0>, 0),) → ((<AccumulateGrad>, 0), (<AccumulateGrad>, 0))
        Tensor x = arange(4.0).requiresGrad_();
        Tensor loss = x.mul(x).sum().rsub(10).pow(2);
        Node pow = loss.gradFn();
        assertEquals("PowBackward0", pow.name());
        assertEquals("[(RsubBackward1, 0)]", pow.nextFunctions().toString());
        Node rsub = pow.nextFunctions().get(0).node();
        assertEquals("[(SumBackward0, 0)]", rsub.nextFunctions().toString());
        Node sum = rsub.nextFunctions().get(0).node();
        assertEquals("[(MulBackward0, 0)]", sum.nextFunctions().toString());
        Node mul = sum.nextFunctions().get(0).node();
        assertEquals("[(AccumulateGrad, 0), (AccumulateGrad, 0)]", mul.nextFunctions().toString());
        AccumulateGrad acc = (AccumulateGrad) mul.nextFunctions().get(0).node();
        assertSame(acc, mul.nextFunctions().get(1).node()); // one accumulator per leaf, as PyTorch
        assertSame(x, acc.variable());
        // a constant operand shows as (None, 0): (x * torch.ones(4)).grad_fn.next_functions
        assertEquals("[(AccumulateGrad, 0), (None, 0)]", x.mul(ones(4)).gradFn().nextFunctions().toString());
    }

    @Test
    void seedGraphWithDotAsPyTorchPrintsIt() {
        // x = torch.arange(4.0, requires_grad=True); y = torch.dot(x, x); loss = (10 - y) ** 2
        // y → tensor(14., grad_fn=<DotBackward0>); loss → tensor(16., grad_fn=<PowBackward0>)
        // loss.grad_fn.next_functions → ((RsubBackward1, 0),) → ((DotBackward0, 0),)
        // → ((AccumulateGrad, 0), (AccumulateGrad, 0)); loss.backward(); x.grad → tensor([ 0., 16., 32., 48.])
        Tensor x = arange(4.0).requiresGrad_();
        Tensor y = x.dot(x);
        Tensor loss = y.rsub(10).pow(2);
        assertEquals("tensor(14., grad_fn=<DotBackward0>)", y.toString());
        assertEquals("tensor(16., grad_fn=<PowBackward0>)", loss.toString());
        Node rsub = loss.gradFn().nextFunctions().get(0).node();
        assertEquals("[(DotBackward0, 0)]", rsub.nextFunctions().toString());
        assertEquals("[(AccumulateGrad, 0), (AccumulateGrad, 0)]",
                rsub.nextFunctions().get(0).node().nextFunctions().toString());
        loss.backward();
        assertEquals("tensor([ 0., 16., 32., 48.])", x.grad().toString());
    }

    @Test
    void seedGraphGradients() {
        // loss = (10 - Σx²)²;  dloss/dx = −2(10 − Σx²)·2x = −4(10 − 14)x = 16x at x = [0, 1, 2, 3]
        Tensor x = arange(DType.FLOAT64, 0, 4, 1).requiresGrad_();
        x.mul(x).sum().rsub(10).pow(2).backward();
        assertValues(new double[]{0, 16, 32, 48}, x.grad());
        // the reductions of the seed graph, SumBackward0/SumBackward1 and MeanBackward0/MeanBackward1, in float64
        Tensor a = randn(DType.FLOAT64, 2, 3).requiresGrad_();
        assertTrue(GradCheck.gradcheck(in -> in[0].sum().rsub(10).pow(2), a));
        assertTrue(GradCheck.gradcheck(in -> in[0].sum(1), a));
        assertTrue(GradCheck.gradcheck(in -> in[0].sum(0, true), a));
        assertTrue(GradCheck.gradcheck(in -> in[0].mean(), a));
        assertTrue(GradCheck.gradcheck(in -> in[0].mean(1, true), a));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].mean(0).mul(in[0].sum()), a));
    }

    // ---- anomaly mode ----

    @Test
    void anomalyModeNamesTheForwardOpThatProducedNaN() {
        Autograd.setDetectAnomaly(true);
        try {
            // x = torch.zeros(1, requires_grad=True); (x.sqrt() * 0).sum().backward() under detect_anomaly
            // → "Function 'SqrtBackward0' returned nan values in its 0th output."
            Tensor x = zeros(DType.FLOAT64, 1).requiresGrad_();
            Tensor loss = x.sqrt().mul(0.0).sum();
            var e = assertThrows(IllegalStateException.class, loss::backward);
            assertTrue(e.getMessage().startsWith("Function 'SqrtBackward0' returned nan values in its 0th output."),
                    e.getMessage());
            assertNotNull(e.getCause());
            boolean createdHere = false;
            for (StackTraceElement frame : e.getCause().getStackTrace())
                createdHere |= frame.getMethodName().equals("anomalyModeNamesTheForwardOpThatProducedNaN");
            assertTrue(createdHere, "the cause's stack trace should show the forward call");
        } finally {
            Autograd.setDetectAnomaly(false);
        }
        // without anomaly mode the NaN passes silently, as in PyTorch
        Tensor x = zeros(DType.FLOAT64, 1).requiresGrad_();
        x.sqrt().mul(0.0).sum().backward();
        assertTrue(Double.isNaN(x.grad().item()));
    }

    @Test
    void anomalyModeAttachesTheForwardTraceToOtherBackwardErrors() {
        Autograd.setDetectAnomaly(true);
        try {
            Tensor a = ones(3).requiresGrad_();
            Tensor b = a.mul(2.0);
            Tensor c = b.sin();
            b.add_(1.0);
            var e = assertThrows(IllegalStateException.class, () -> c.sum().backward());
            assertEquals(1, e.getSuppressed().length);
            assertTrue(e.getSuppressed()[0].getMessage().contains("SinBackward0"), e.getSuppressed()[0].getMessage());
        } finally {
            Autograd.setDetectAnomaly(false);
        }
    }
}
