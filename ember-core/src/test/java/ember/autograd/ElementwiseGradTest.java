package ember.autograd;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * GradCheck (float64, central differences) for every backward node recorded in {@code ops/Elementwise.java}, plus
 * second derivatives (gradgradcheck) where the formula is smooth. Each check first asserts the node's name, which
 * is PyTorch's (from {@code type(y.grad_fn).__name__} in torch 1.13, e.g. {@code (t % t)} → RemainderBackward1).
 */
class ElementwiseGradTest {
    /** Asserts that {@code f} records {@code node} on its output, then checks first and second derivatives. */
    private static void check(String node, Function<Tensor[], Tensor> f, Tensor... inputs) {
        checkFirstOnly(node, f, inputs);
        assertTrue(GradCheck.gradgradcheck(f, inputs), node + " second derivative");
    }

    private static void checkFirstOnly(String node, Function<Tensor[], Tensor> f, Tensor... inputs) {
        assertEquals(node, f.apply(inputs).gradFn().name());
        assertTrue(GradCheck.gradcheck(f, inputs), node);
    }

    private static Tensor leaf(int... shape) { return randn(DType.FLOAT64, shape).requiresGrad_(); }

    /** Values in [0.5, 1.5): away from the edges of log, sqrt, reciprocal and friends. */
    private static Tensor positive(int... shape) { return rand(DType.FLOAT64, shape).add(0.5).requiresGrad_(); }

    @Test
    void binaryArithmeticWithBroadcasting() {
        Tensor a = leaf(3, 1), b = leaf(4), c = positive(3, 4);
        check("AddBackward0", in -> in[0].add(in[1]), a, b);
        check("SubBackward0", in -> in[0].sub(in[1]), a, b);
        check("MulBackward0", in -> in[0].mul(in[1]), a, b);
        check("DivBackward0", in -> in[0].div(in[1]), a, c);
        check("Atan2Backward0", in -> in[0].atan2(in[1]), a, c);
    }

    @Test
    void scalarOperands() {
        Tensor a = leaf(2, 3), s = leaf(); // s is 0-d: broadcast forward, summed back to 0-d
        check("AddBackward0", in -> in[0].add(2.5), a);
        check("SubBackward0", in -> in[0].sub(2.5), a);
        check("MulBackward0", in -> in[0].mul(2.5), a);
        check("DivBackward0", in -> in[0].div(2.5), a);
        check("MulBackward0", in -> in[0].mul(in[1]), a, s);
        check("RsubBackward1", in -> in[0].rsub(10.0), a);
        // 2 / x is computed as reciprocal(x) * 2, as PyTorch: (2 / t).grad_fn → MulBackward0 over ReciprocalBackward0
        check("MulBackward0", in -> in[0].rdiv(2.0), positive(2, 3));
        assertEquals("ReciprocalBackward0", positive(2).rdiv(2.0).gradFn().nextFunctions().get(0).node().name());
    }

    @Test
    void powers() {
        Tensor a = leaf(2, 3), p = positive(2, 3), e = leaf(3);
        check("PowBackward0", in -> in[0].pow(3.0), a);
        check("PowBackward0", in -> in[0].pow(0.0), a); // dy/dx = 0, not 0·x⁻¹
        check("PowBackward0", in -> in[0].square(), a);
        check("PowBackward1", in -> in[0].pow(in[1]), p, e); // tensor exponent, broadcast
        check("PowBackward1", in -> in[0].rpow(2.0), a);
    }

    @Test
    void powerWithZeroBase() {
        // x = torch.tensor([0., 0.], dtype=torch.float64, requires_grad=True); e = torch.tensor([2., 0.], ...)
        // (x ** e).sum().backward() → x.grad = [0., 0.], e.grad = [0., 0.] (0·ln 0 taken as 0 where e ≥ 0)
        Tensor x = zeros(DType.FLOAT64, 2).requiresGrad_(), e = tensor(DType.FLOAT64, 2, 0).requiresGrad_();
        x.pow(e).sum().backward();
        assertArrayEquals(new double[]{0, 0}, x.grad().toDoubleArray());
        assertArrayEquals(new double[]{0, 0}, e.grad().toDoubleArray());
    }

    @Test
    void maximumAndMinimumSplitTiesInHalf() {
        Tensor a = leaf(2, 3), b = leaf(3);
        check("MaximumBackward0", in -> in[0].maximum(in[1]), a, b);
        check("MinimumBackward0", in -> in[0].minimum(in[1]), a, b);
        // at a tie the central difference is ½ for each side, which is what PyTorch's formula gives
        Tensor t = tensor(DType.FLOAT64, 1, 2, 3).requiresGrad_(), u = tensor(DType.FLOAT64, 1, 0, 3).requiresGrad_();
        checkFirstOnly("MaximumBackward0", in -> in[0].maximum(in[1]), t, u);
        checkFirstOnly("MinimumBackward0", in -> in[0].minimum(in[1]), t, u);
        t.maximum(u).sum().backward();
        // torch.maximum(t, u).sum().backward(): t.grad = [0.5, 1, 0.5], u.grad = [0.5, 0, 0.5]
        assertArrayEquals(new double[]{0.5, 1, 0.5}, t.grad().toDoubleArray());
        assertArrayEquals(new double[]{0.5, 0, 0.5}, u.grad().toDoubleArray());
    }

    @Test
    void remainderAndFloorDivide() {
        // keep a/b away from integers, where both functions jump
        Tensor a = tensor(DType.FLOAT64, 5.3, -2.7, 7.9).requiresGrad_(), b = tensor(DType.FLOAT64, 2.1, 1.9, -3.3).requiresGrad_();
        check("RemainderBackward1", in -> in[0].remainder(in[1]), a, b);
        check("RemainderBackward0", in -> in[0].remainder(2.1), a);
        check("FloorDivideBackward0", in -> in[0].floorDivide(in[1]), a, b);
    }

    @Test
    void smoothUnaryFunctions() {
        Tensor a = leaf(2, 3), p = positive(2, 3);
        check("NegBackward0", in -> in[0].neg(), a);
        check("ExpBackward0", in -> in[0].exp(), a);
        check("Expm1Backward0", in -> in[0].expm1(), a);
        check("LogBackward0", in -> in[0].log(), p);
        check("Log2Backward0", in -> in[0].log2(), p);
        check("Log10Backward0", in -> in[0].log10(), p);
        check("Log1PBackward0", in -> in[0].log1p(), p);
        check("SqrtBackward0", in -> in[0].sqrt(), p);
        check("RsqrtBackward0", in -> in[0].rsqrt(), p);
        check("SinBackward0", in -> in[0].sin(), a);
        check("CosBackward0", in -> in[0].cos(), a);
        check("TanBackward0", in -> in[0].tan(), p.mul(0.5).detach().requiresGrad_());
        check("TanhBackward0", in -> in[0].tanh(), a);
        check("SigmoidBackward0", in -> in[0].sigmoid(), a);
        check("ReciprocalBackward0", in -> in[0].reciprocal(), p);
    }

    @Test
    void piecewiseFunctions() {
        // away from the kinks (0 for abs and relu, the bounds for clamp), where the one-sided derivatives differ
        Tensor a = tensor(DType.FLOAT64, -1.5, -0.3, 0.4, 2.2).requiresGrad_();
        check("AbsBackward0", in -> in[0].abs(), a);
        check("ReluBackward0", in -> in[0].relu(), a);
        check("ClampBackward1", in -> in[0].clamp(-1.0, 1.0), a);
        check("ClampMinBackward0", in -> in[0].clampMin(0.0), a);
        check("ClampMaxBackward0", in -> in[0].clampMax(0.0), a);
        Tensor r = tensor(DType.FLOAT64, -1.3, -0.2, 0.3, 2.7).requiresGrad_();
        check("SignBackward0", in -> in[0].sign(), r);
        check("FloorBackward0", in -> in[0].floor(), r);
        check("CeilBackward0", in -> in[0].ceil(), r);
        check("RoundBackward0", in -> in[0].round(), r);
        check("TruncBackward0", in -> in[0].trunc(), r);
    }

    @Test
    void clampPassesTheGradientAtItsBounds() {
        // x = torch.tensor([-1., 0., 1., 2.], requires_grad=True); x.clamp(-1, 1).sum().backward() → [1., 1., 1., 0.]
        Tensor x = tensor(DType.FLOAT64, -1, 0, 1, 2).requiresGrad_();
        x.clamp(-1.0, 1.0).sum().backward();
        assertArrayEquals(new double[]{1, 1, 1, 0}, x.grad().toDoubleArray());
    }

    @Test
    void whereRoutesTheGradientByTheCondition() {
        Tensor a = leaf(2, 3), b = leaf(3);
        Tensor cond = tensor(true, false, true);
        check("WhereBackward0", in -> where(cond, in[0], in[1]), a, b);
        check("WhereBackward0", in -> in[0].where(cond, 0.5), a);
    }

    @Test
    void castPassesTheGradientThroughInTheInputsDtype() {
        Tensor a = leaf(3);
        // float32 rounding (≈1e-7) needs a coarser step than gradcheck's default
        Function<Tensor[], Tensor> f = in -> in[0].to(DType.FLOAT32).mul(3.0).to(DType.FLOAT64);
        assertEquals("ToCopyBackward0", f.apply(new Tensor[]{a}).gradFn().name());
        assertTrue(GradCheck.gradcheck(f, 1e-2, 1e-4, 1e-3, a));
        a.to(DType.FLOAT32).sum().backward();
        assertEquals(DType.FLOAT64, a.grad().dtype());
        assertSame(a, a.to(DType.FLOAT64)); // no copy, no node
    }

    @Test
    void inPlaceOpsOnNonLeaves() {
        Tensor a = positive(2, 3), b = positive(3);
        check("AddBackward0", in -> in[0].mul(1.0).add_(in[1]), a, b);
        check("SubBackward0", in -> in[0].mul(1.0).sub_(in[1]), a, b);
        check("MulBackward0", in -> in[0].mul(1.0).mul_(in[1]), a, b);
        check("DivBackward0", in -> in[0].mul(1.0).div_(in[1]), a, b);
        check("PowBackward0", in -> in[0].mul(1.0).pow_(2.0), a);
        check("ExpBackward0", in -> in[0].mul(1.0).exp_(), a);
        check("SqrtBackward0", in -> in[0].mul(1.0).sqrt_(), a);
        check("NegBackward0", in -> in[0].mul(1.0).neg_(), a);
        check("TanhBackward0", in -> in[0].mul(1.0).tanh_(), a);
        check("SigmoidBackward0", in -> in[0].mul(1.0).sigmoid_(), a);
        check("ReluBackward0", in -> in[0].sub(1.0).relu_(), a);
        check("ClampBackward1", in -> in[0].mul(1.0).clamp_(0.7, 1.2), a);
    }

    @Test
    void fillZeroAndCopyReplaceTheOldValue() {
        Tensor a = leaf(2, 3), b = leaf(3);
        // u := 3 (or 0) forgets u's history, so only the direct use of a carries a gradient
        check("FillBackward2", in -> { Tensor u = in[0].mul(2.0); u.fill_(3); return u; }, a);
        check("AddBackward0", in -> { Tensor u = in[0].mul(2.0); u.fill_(3); return u.add(in[0]); }, a);
        check("ZeroBackward0", in -> { Tensor u = in[0].mul(2.0); u.zero_(); return u; }, a);
        // u := b broadcast over u's rows: d/db sums the rows, nothing flows to u's old value
        check("CopyBackwards", in -> { Tensor u = in[0].mul(2.0); u.copy_(in[1]); return u; }, a, b);
        check("MulBackward0", in -> { Tensor u = in[0].mul(2.0); u.copy_(in[1]); return u.mul(in[0]); }, a, b);
    }
}
