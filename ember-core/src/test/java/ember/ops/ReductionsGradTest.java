package ember.ops;

import static ember.Ember.*;
import static ember.autograd.GradCheck.gradcheck;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import ember.autograd.Autograd;
import ember.autograd.GradMode;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backward formulas of the reductions: node names as PyTorch prints them, analytic Jacobians against central finite
 * differences in float64 (GradCheck), second derivatives through create_graph, and a few gradients from PyTorch.
 */
class ReductionsGradTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @BeforeEach
    void seed() { manualSeed(42); }

    private static Tensor randn64(int... shape) { return randn(DType.FLOAT64, shape).requiresGrad_(); }

    private static Tensor leaf64(double... values) { return tensor(DType.FLOAT64, values).requiresGrad_(); }

    private static String nodeName(Tensor t) { return t.gradFn().name(); }

    /** GradCheck on this branch seeds a 0-d output with a 1-D one-hot; a one-element vector is checked the same. */
    private static Tensor vec(Tensor t) { return t.reshape(1); }

    /**
     * The first derivative d(Σ w·f(x))/dx built with create_graph, as a function GradCheck can differentiate again: its
     * Jacobian is the Hessian of Σ w·f, compared against finite differences of this first derivative.
     */
    private static Function<Tensor[], Tensor> firstDerivative(Function<Tensor, Tensor> f, Tensor weights) {
        return in -> {
            try (var g = GradMode.set(true)) {
                Tensor out = f.apply(in[0]).mul(weights).sum();
                return Autograd.grad(List.of(out), List.of(in[0]), null, true, true).get(0);
            }
        };
    }

    // ---- sum, mean ----

    @Test
    void sumAndMean() {
        Tensor x = randn64(3, 4);
        assertEquals("SumBackward0", nodeName(x.sum()));
        assertEquals("SumBackward1", nodeName(x.sum(1)));
        assertEquals("MeanBackward0", nodeName(x.mean()));
        assertEquals("MeanBackward1", nodeName(x.mean(0, true)));
        assertTrue(gradcheck(in -> in[0].sum(new int[]{0, -1}, true), x));
        assertTrue(gradcheck(in -> in[0].mean(-1), x));
        assertTrue(gradcheck(in -> vec(in[0].mean()), x));
    }

    // ---- prod ----

    @Test
    void prodWithoutZeros() {
        Tensor x = randn64(3, 4);
        assertEquals("ProdBackward0", nodeName(x.prod()));
        assertEquals("ProdBackward1", nodeName(x.prod(1)));
        assertTrue(gradcheck(in -> vec(in[0].prod()), x));
        assertTrue(gradcheck(in -> in[0].prod(1), x));
        assertTrue(gradcheck(in -> in[0].prod(-2, true), x));
    }

    @Test
    void prodWithZeros() {
        // one zero: only the zero's own gradient survives; two zeros: every gradient is 0
        assertTrue(gradcheck(in -> vec(in[0].prod()), leaf64(2, 0, 3, -1.5)));
        assertTrue(gradcheck(in -> vec(in[0].prod()), leaf64(2, 0, 3, 0)));
        Tensor rows = tensor(DType.FLOAT64, new double[][]{{2, 0, 3}, {1, 2, 3}, {0, 0, 1}}).requiresGrad_();
        assertTrue(gradcheck(in -> in[0].prod(1), rows));
        assertTrue(gradcheck(in -> in[0].prod(0, true), rows));
    }

    @Test
    void prodWithZerosAgainstPyTorch() {
        // x = torch.tensor([[2., 0., 3.], [1, 2, 3], [0, 0, 1]], requires_grad=True); x.prod(1).backward(torch.tensor([1., 2, 3]))
        // x.grad.tolist() -> [[0.0, 6.0, 0.0], [12.0, 6.0, 4.0], [0.0, 0.0, 0.0]]
        Tensor x = tensor(new double[][]{{2, 0, 3}, {1, 2, 3}, {0, 0, 1}}).requiresGrad_();
        x.prod(1).backward(tensor(1.0, 2, 3));
        assertArrayEquals(new float[]{0, 6, 0, 12, 6, 4, 0, 0, 0}, x.grad().toFloatArray());
        // the full product of [2, 0, 3]: Π_{j≠1} xⱼ = 6 at the zero, 0 elsewhere
        Tensor v = tensor(2.0, 0, 3).requiresGrad_();
        v.prod().backward();
        assertArrayEquals(new float[]{0, 6, 0}, v.grad().toFloatArray());
    }

    @Test
    void prodSecondDerivativeWithZeros() {
        // create_graph takes the exclusive-product path even with two zeros, so the Hessian stays right:
        // ∂²(x₀x₁x₂x₃)/∂x₁∂x₃ = x₀x₂ ≠ 0 although the gradient itself is 0 there
        Tensor w = tensor(DType.FLOAT64, 1.0);
        assertTrue(gradcheck(firstDerivative(t -> t.prod(), w), leaf64(2, 0, 3, 0)));
        assertTrue(gradcheck(firstDerivative(t -> t.prod(), w), leaf64(2, 0, 3, -1.5)));
        Tensor rows = tensor(DType.FLOAT64, new double[][]{{2, 0, 3}, {1, 2, 3}, {0, 0, 1}}).requiresGrad_();
        assertTrue(gradcheck(firstDerivative(t -> t.prod(1), tensor(DType.FLOAT64, 1.0, -2, 0.5)), rows));
    }

    @Test
    void flipUsedByTheReversedScans() {
        Tensor x = randn64(3, 4);
        Tensor f = Reductions.flip(x, 1);
        assertEquals("FlipBackward0", nodeName(f));
        assertArrayEquals(new double[]{3, 2, 1, 0}, Reductions.flip(arange(DType.FLOAT64, 0, 4, 1), 0).toDoubleArray());
        assertArrayEquals(new double[]{4, 2, 0, 5, 3, 1},
                Reductions.flip(arange(DType.FLOAT64, 0, 6, 1).reshape(3, 2).t(), 1).toDoubleArray()); // a strided input
        assertTrue(gradcheck(in -> Reductions.flip(in[0], 0), x));
        assertTrue(gradcheck(in -> Reductions.flip(in[0].t(), 1), x));
    }

    // ---- max, min ----

    @Test
    void maxAndMinOfAll() {
        Tensor x = randn64(3, 4);
        assertEquals("MaxBackward1", nodeName(x.max()));
        assertEquals("MinBackward1", nodeName(x.min()));
        assertTrue(gradcheck(in -> vec(in[0].max()), x));
        assertTrue(gradcheck(in -> vec(in[0].min()), x));
    }

    @Test
    void maxAndMinOfAllSplitTiesEvenly() {
        // a = torch.tensor([1., 3., 3., 2.], requires_grad=True); a.max().backward(); a.grad -> [0.0, 0.5, 0.5, 0.0]
        Tensor a = tensor(1.0, 3, 3, 2).requiresGrad_();
        a.max().backward();
        assertArrayEquals(new float[]{0, 0.5f, 0.5f, 0}, a.grad().toFloatArray());
        // a = torch.tensor([1., .5, .5], requires_grad=True); a.min().backward(); a.grad -> [0.0, 0.5, 0.5]
        Tensor b = tensor(1.0, 0.5, 0.5).requiresGrad_();
        b.min().backward();
        assertArrayEquals(new float[]{0, 0.5f, 0.5f}, b.grad().toFloatArray());
        // NaN is the max: the NaNs share the gradient; torch gives [0.0, 0.5, 0.5] for [1, nan, nan]
        Tensor c = tensor(1.0, Double.NaN, Double.NaN).requiresGrad_();
        c.max().backward();
        assertArrayEquals(new float[]{0, 0.5f, 0.5f}, c.grad().toFloatArray());
    }

    @Test
    void maxAndMinAlongADim() {
        Tensor x = randn64(3, 4);
        assertEquals("MaxBackward0", nodeName(x.max(1).values()));
        assertEquals("MinBackward0", nodeName(x.min(0).values()));
        assertTrue(gradcheck(in -> in[0].max(1).values(), x));
        assertTrue(gradcheck(in -> in[0].max(-2, true).values(), x));
        assertTrue(gradcheck(in -> in[0].min(0).values(), x));
        assertTrue(gradcheck(in -> in[0].min(1, true).values(), x));
        assertTrue(gradcheck(in -> vec(in[0].max(0).values()), randn64(5)));
    }

    @Test
    void maxAlongADimSendsTiesToTheChosenIndex() {
        // a = torch.tensor([1., 3., 3., 2.], requires_grad=True); a.max(0).values.backward(); a.grad -> [0., 1., 0., 0.]
        Tensor a = tensor(1.0, 3, 3, 2).requiresGrad_();
        a.max(0).values().backward();
        assertArrayEquals(new float[]{0, 1, 0, 0}, a.grad().toFloatArray());
        Tensor m = tensor(new double[][]{{1, 5, 5}, {7, 7, 2}}).requiresGrad_();
        m.min(1, true).values().backward(tensor(new double[][]{{10}, {20}}));
        assertArrayEquals(new float[]{10, 0, 0, 0, 0, 20}, m.grad().toFloatArray());
    }

    @Test
    void maxOfAZeroDimTensor() {
        Tensor s = scalar(2.5, DType.FLOAT64).requiresGrad_();
        assertTrue(gradcheck(in -> vec(in[0].max(0).values()), s));
        assertTrue(gradcheck(in -> vec(in[0].max()), s));
    }

    // ---- std, var ----

    @Test
    void stdAndVar() {
        Tensor x = randn64(3, 4);
        assertEquals("StdBackward0", nodeName(x.std()));
        assertEquals("StdBackward0", nodeName(x.std(1)));
        assertEquals("VarBackward0", nodeName(x.var()));
        assertEquals("VarBackward0", nodeName(x.var(new int[]{0, 1}, 0, true)));
        assertTrue(gradcheck(in -> vec(in[0].std()), x));
        assertTrue(gradcheck(in -> in[0].std(1), x));
        assertTrue(gradcheck(in -> in[0].std(new int[]{-2}, 0, true), x));
        assertTrue(gradcheck(in -> vec(in[0].var()), x));
        assertTrue(gradcheck(in -> in[0].var(0), x));
        assertTrue(gradcheck(in -> vec(in[0].var(new int[]{1, 0}, 2, false)), x));
        assertTrue(gradcheck(in -> vec(in[0].var(1).std()), x)); // chained: VarBackward0 then StdBackward0
    }

    @Test
    void stdGradientAgainstPyTorch() {
        // x = torch.tensor([[1.5, 2.25, -3], [4, 0.1, 7]], requires_grad=True); x.std(1).sum().backward(); x.grad.tolist()
        Tensor x = tensor(new double[][]{{1.5, 2.25, -3}, {4, 0.1, 7}}).requiresGrad_();
        x.std(1).sum().backward();
        assertArrayEquals(new float[]{0.22011272609233856f, 0.3521803617477417f, -0.5722931027412415f,
                0.043355491012334824f, -0.5202659964561462f, 0.47691047191619873f}, x.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void stdOfAConstantHasZeroGradient() {
        // torch.tensor([2., 2., 2.], dtype=torch.float64, requires_grad=True).std().backward() -> grad [0., 0., 0.]
        Tensor x = leaf64(2, 2, 2);
        x.std().backward();
        assertArrayEquals(new double[]{0, 0, 0}, x.grad().toDoubleArray());
    }

    @Test
    void varSecondDerivative() {
        // v = Σ(x − x̄)²/(N − 1) is quadratic: its Hessian is 2(I − 1/N)/(N − 1)
        Tensor x = randn64(4);
        assertTrue(gradcheck(firstDerivative(t -> t.var(), tensor(DType.FLOAT64, 1.0)), x));
        Tensor g = Autograd.grad(List.of(x.var()), List.of(x), null, true, true).get(0);
        Tensor h0 = Autograd.grad(List.of(g.get(0)), List.of(x), null, false, false).get(0);
        assertArrayEquals(new double[]{2 * 0.75 / 3, -2 * 0.25 / 3, -2 * 0.25 / 3, -2 * 0.25 / 3}, h0.toDoubleArray(), 1e-12);
    }

    // ---- norm ----

    @Test
    void normOfEveryOrder() {
        Tensor x = randn64(3, 4);
        assertEquals("NormBackward1", nodeName(x.norm()));
        assertEquals("NormBackward1", nodeName(x.norm(1, 0, true)));
        for (double p : new double[]{2, 1, 3, 1.5, 0.5, -1, INF, Double.NEGATIVE_INFINITY}) {
            assertTrue(gradcheck(in -> vec(in[0].norm(p)), x), "p = " + p);
            assertTrue(gradcheck(in -> in[0].norm(p, 1, false), x), "p = " + p + " along dim 1");
            assertTrue(gradcheck(in -> in[0].norm(p, new int[]{0}, true), x), "p = " + p + " along dim 0, keepdim");
        }
    }

    @Test
    void normGradientsAtZeroAndAtTies() {
        // torch: the 2-norm of [0, 0] has gradient [0, 0] (the subgradient at the origin, not NaN)
        Tensor z = leaf64(0, 0);
        z.norm().backward();
        assertArrayEquals(new double[]{0, 0}, z.grad().toDoubleArray());
        // x.norm(3) and x.norm(1.5) at the origin: [0., 0.]; x.norm(0.5) of [0, 2]: [0., 1.]
        for (double p : new double[]{3, 1.5}) {
            Tensor o = leaf64(0, 0);
            o.norm(p).backward();
            assertArrayEquals(new double[]{0, 0}, o.grad().toDoubleArray(), "p = " + p);
        }
        Tensor h = leaf64(0, 2);
        h.norm(0.5).backward();
        assertArrayEquals(new double[]{0, 1}, h.grad().toDoubleArray(), 1e-15);
        // x.norm(inf) of [-3, 3, 1]: ties share with their sign -> [-0.5, 0.5, 0.]
        Tensor t = leaf64(-3, 3, 1);
        t.norm(INF).backward();
        assertArrayEquals(new double[]{-0.5, 0.5, 0}, t.grad().toDoubleArray());
        // the 0-"norm" counts non-zeros: PyTorch gives no gradient at all
        Tensor c = leaf64(-1, 3, 1);
        c.norm(0).backward();
        assertNull(c.grad());
    }

    @Test
    void normGradientAgainstPyTorch() {
        // x = torch.tensor([[1.5, 2.25, -3], [4, 0.1, 7]], requires_grad=True); x.norm(3).backward(); x.grad.tolist()
        Tensor x = tensor(new double[][]{{1.5, 2.25, -3}, {4, 0.1, 7}}).requiresGrad_();
        x.norm(3).backward();
        assertArrayEquals(new float[]{0.03838563710451126f, 0.08636768907308578f, -0.15354254841804504f,
                0.2729645371437073f, 0.00017060284153558314f, 0.8359538912773132f}, x.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void normSecondDerivative() {
        assertTrue(gradcheck(firstDerivative(t -> t.norm(), tensor(DType.FLOAT64, 1.0)), randn64(5)));
        assertTrue(gradcheck(firstDerivative(t -> t.norm(3, 1, false), tensor(DType.FLOAT64, 1.0, -2)), randn64(2, 3)));
    }

    // ---- cumsum, cumprod ----

    @Test
    void cumsum() {
        Tensor x = randn64(3, 4);
        assertEquals("CumsumBackward0", nodeName(x.cumsum(1)));
        assertTrue(gradcheck(in -> in[0].cumsum(1), x));
        assertTrue(gradcheck(in -> in[0].cumsum(-2), x));
        assertTrue(gradcheck(in -> in[0].t().cumsum(1), x));
        // Σ over the outputs of cumsum([a, b, c]) = 3a + 2b + c
        Tensor v = leaf64(5, -1, 2);
        v.cumsum(0).sum().backward();
        assertArrayEquals(new double[]{3, 2, 1}, v.grad().toDoubleArray());
    }

    @Test
    void cumprod() {
        Tensor x = randn64(3, 4);
        assertEquals("CumprodBackward0", nodeName(x.cumprod(1)));
        assertTrue(gradcheck(in -> in[0].cumprod(1), x));
        assertTrue(gradcheck(in -> in[0].cumprod(0), x));
        assertTrue(gradcheck(in -> in[0].cumprod(0), leaf64(2, 0, 3, 0, 5)));
        assertTrue(gradcheck(in -> in[0].cumprod(0), leaf64(0, 2, 3)));
        assertTrue(gradcheck(in -> in[0].cumprod(-1),
                tensor(DType.FLOAT64, new double[][]{{1.5, 0, -2, 0.5}, {0, 0, 3, 1}, {1, 2, 3, 4}}).requiresGrad_()));
    }

    @Test
    void cumprodWithZerosAgainstPyTorch() {
        // x = torch.tensor([2., 0., 3., 0., 5.], requires_grad=True); x.cumprod(0).backward(torch.tensor([1., -1, 2, .5, 3]))
        // x.grad.tolist() -> [1.0, 10.0, 0.0, 0.0, 0.0]
        Tensor x = tensor(2.0, 0, 3, 0, 5).requiresGrad_();
        x.cumprod(0).backward(tensor(1.0, -1, 2, 0.5, 3));
        assertArrayEquals(new float[]{1, 10, 0, 0, 0}, x.grad().toFloatArray());
    }

    @Test
    void cumprodSecondDerivative() {
        Tensor w = tensor(DType.FLOAT64, 1.0, -1, 2, 0.5, 3);
        assertTrue(gradcheck(firstDerivative(t -> t.cumprod(0), w), randn64(5)));
        // zeros under create_graph take the O(n²) path of omitted products
        assertTrue(gradcheck(firstDerivative(t -> t.cumprod(0), w), leaf64(2, 0, 3, 0, 5)));
        assertTrue(gradcheck(firstDerivative(t -> t.cumsum(0), w), randn64(5)));
    }

    // ---- logsumexp, softmax, logSoftmax ----

    @Test
    void logsumexp() {
        Tensor x = randn64(3, 4);
        assertEquals("LogsumexpBackward0", nodeName(x.logsumexp(1)));
        assertTrue(gradcheck(in -> in[0].logsumexp(1), x));
        assertTrue(gradcheck(in -> in[0].logsumexp(-2, true), x));
        assertTrue(gradcheck(in -> vec(in[0].logsumexp(new int[]{0, 1}, false)), x));
        assertTrue(gradcheck(in -> in[0].mul(1000.0).logsumexp(1), x)); // large inputs: eˣ⁻ʸ stays finite
        assertTrue(gradcheck(firstDerivative(t -> t.logsumexp(0), tensor(DType.FLOAT64, 1.0)), randn64(4)));
    }

    @Test
    void logsumexpGradientAgainstPyTorch() {
        // x = torch.tensor([[1.5, 2.25, -3], [4, 0.1, 7]], requires_grad=True); x.logsumexp(0).sum().backward(); x.grad.tolist()
        Tensor x = tensor(new double[][]{{1.5, 2.25, -3}, {4, 0.1, 7}}).requiresGrad_();
        x.logsumexp(0).sum().backward();
        assertArrayEquals(new float[]{0.07585816830396652f, 0.8956687450408936f, 4.5397850044537336e-05f,
                0.9241417050361633f, 0.10433121025562286f, 0.9999547004699707f}, x.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void softmaxAndLogSoftmax() {
        Tensor x = randn64(3, 4);
        assertEquals("SoftmaxBackward0", nodeName(x.softmax(1)));
        assertEquals("LogSoftmaxBackward0", nodeName(x.logSoftmax(1)));
        for (int dim : new int[]{0, 1, -1}) {
            assertTrue(gradcheck(in -> in[0].softmax(dim), x), "softmax dim " + dim);
            assertTrue(gradcheck(in -> in[0].logSoftmax(dim), x), "logSoftmax dim " + dim);
        }
        assertTrue(gradcheck(in -> in[0].t().softmax(1), x));
        assertTrue(gradcheck(in -> in[0].mul(100.0).logSoftmax(1), x));
    }

    @Test
    void softmaxGradientsAgainstPyTorch() {
        Tensor w = tensor(new double[][]{{1, 2, 3}, {-1, 0, 1}});
        // x = torch.tensor([[1.5, 2.25, -3], [4, 0.1, 7]], requires_grad=True)
        // x.softmax(1).mul(torch.tensor([[1., 2, 3], [-1, 0, 1]])).sum().backward(); x.grad.tolist()
        Tensor x = tensor(new double[][]{{1.5, 2.25, -3}, {4, 0.1, 7}}).requiresGrad_();
        x.softmax(1).mul(w).sum().backward();
        assertArrayEquals(new float[]{-0.21862071752548218f, 0.2139466106891632f, 0.004674034658819437f,
                -0.09022553265094757f, -0.0008672676049172878f, 0.09109277278184891f}, x.grad().toFloatArray(), 1e-6f);
        // the same with x.log_softmax(1)
        Tensor y = tensor(new double[][]{{1.5, 2.25, -3}, {4, 0.1, 7}}).requiresGrad_();
        y.logSoftmax(1).mul(w).sum().backward();
        assertArrayEquals(new float[]{-0.9180916547775269f, -2.0606002807617188f, 2.978691816329956f, -1, 0, 1},
                y.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void softmaxSecondDerivativeAgainstFiniteDifferences() {
        Tensor w = tensor(DType.FLOAT64, new double[][]{{1, 2, 3, -1}, {0.5, -2, 1, 0}, {3, 1, -1, 2}});
        for (int dim : new int[]{0, 1}) {
            assertTrue(gradcheck(firstDerivative(t -> t.softmax(dim), w), randn64(3, 4)), "softmax dim " + dim);
            assertTrue(gradcheck(firstDerivative(t -> t.logSoftmax(dim), w), randn64(3, 4)), "logSoftmax dim " + dim);
        }
    }

    @Test
    void softmaxHessianByHand() {
        // s = softmax([a, b]), f = s₀: ∂f/∂a = s₀s₁, and ∂²f/∂a² = s₀s₁(s₁ − s₀)
        Tensor x = leaf64(0.3, -0.8);
        Tensor first = Autograd.grad(List.of(x.softmax(0).get(0)), List.of(x), null, true, true).get(0);
        double s0 = 1 / (1 + Math.exp(-1.1)), s1 = 1 - s0;
        assertEquals(s0 * s1, first.toDoubleArray()[0], 1e-15);
        assertNotNull(first.gradFn(), "create_graph records the backward pass");
        Tensor second = Autograd.grad(List.of(first.get(0)), List.of(x), null, false, false).get(0);
        assertEquals(s0 * s1 * (s1 - s0), second.toDoubleArray()[0], 1e-15);
        assertEquals(-s0 * s1 * (s1 - s0), second.toDoubleArray()[1], 1e-15);
    }

    @Test
    void stableSoftmaxGradientsHaveNoNan() {
        Tensor x = tensor(new double[][]{{1e4, -1e4}, {-1e4, -1e4 + 1}}).requiresGrad_();
        x.logSoftmax(1).sum().add(x.softmax(0).mul(tensor(1.0, 2)).sum()).add(x.logsumexp(1).sum()).backward();
        assertEquals(0.0, x.grad().isfinite().logicalNot().sum().item(), x.grad().toString());
    }
}
