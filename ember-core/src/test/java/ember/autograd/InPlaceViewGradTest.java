package ember.autograd;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import org.junit.jupiter.api.Test;

/** In-place writes into views: the base's history becomes CopySlices, views read afresh through AsStridedBackward0. */
class InPlaceViewGradTest {
    private static Tensor vec(double... v) { return tensor(DType.FLOAT64, v); }

    @Test
    void writingIntoAViewRebasesTheBase() {
        // x = torch.tensor([1., 2., 3.], dtype=torch.float64, requires_grad=True); u = x * 2; v = u[1:]; w = u[0]
        // v.mul_(x[:2]); u → [2., 4., 12.], grad_fn=<CopySlices>, next ((MulBackward0, 0), (SliceBackward0, 0));
        // v.grad_fn and w.grad_fn → <AsStridedBackward0>; ((u * u).sum() + w * 3).backward(); x.grad → [46., 160., 96.]
        Tensor x = vec(1, 2, 3).requiresGrad_();
        Tensor u = x.mul(2.0);
        Tensor v = u.slice(0, 1, null, 1);
        Tensor w = u.select(0, 0);
        v.mul_(x.slice(0, 0, 2, 1));
        assertArrayEquals(new double[]{2, 4, 12}, u.toDoubleArray());
        assertEquals("CopySlices", u.gradFn().name());
        assertEquals("[(MulBackward0, 0), (SliceBackward0, 0)]", u.gradFn().nextFunctions().toString());
        assertEquals("AsStridedBackward0", v.gradFn().name());
        assertSame(u.gradFn(), v.gradFn().nextFunctions().get(0).node());
        assertEquals("AsStridedBackward0", w.gradFn().name());
        u.mul(u).sum().add(w.mul(3.0)).backward();
        assertArrayEquals(new double[]{46, 160, 96}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void aTensorThatDidNotRequireGradStartsToThroughAView() {
        // z = torch.zeros(2, 3, dtype=torch.float64); a = torch.tensor([1., 2., 3.], ..., requires_grad=True)
        // z[1] = a * a; z.select(0, 0).copy_(a); z.grad_fn.next_functions → ((CopySlices, 0), (AccumulateGrad, 0))
        // (z * [[1, 2, 3], [4, 5, 6]]).sum().backward(); a.grad → [9., 22., 39.]
        Tensor z = zeros(DType.FLOAT64, 2, 3);
        Tensor a = vec(1, 2, 3).requiresGrad_();
        z.select(0, 1).copy_(a.mul(a));
        z.select(0, 0).copy_(a);
        assertEquals("CopySlices", z.gradFn().name());
        assertEquals("[(CopySlices, 0), (AccumulateGrad, 0)]", z.gradFn().nextFunctions().toString());
        z.mul(tensor(DType.FLOAT64, new double[][]{{1, 2, 3}, {4, 5, 6}})).sum().backward();
        assertArrayEquals(new double[]{9, 22, 39}, a.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void aViewOfALeafThatRequiresGradRefusesInPlaceWrites() {
        // l = torch.ones(3, requires_grad=True); l[0].mul_(2)
        Tensor l = ones(3).requiresGrad_();
        var e = assertThrows(IllegalStateException.class, () -> l.select(0, 0).mul_(2.0));
        assertTrue(e.getMessage().startsWith("a view of a leaf Variable that requires grad is being used in an in-place"
                + " operation."), e.getMessage());
        assertArrayEquals(new float[]{1, 1, 1}, l.toFloatArray());
        try (var g = noGrad()) {
            l.select(0, 0).mul_(2.0); // an optimizer-style update is fine
        }
        assertArrayEquals(new float[]{2, 1, 1}, l.toFloatArray());
    }

    @Test
    void aViewMadeUnderNoGradStaysOutOfTheGraph() {
        Tensor w = ones(3).requiresGrad_();
        Tensor u = w.mul(1.0);
        Tensor v;
        try (var g = noGrad()) {
            v = u.slice(0, 0, 2, 1);
        }
        u.mul_(2.0);
        assertFalse(v.requiresGrad());
        assertNull(v.gradFn());
    }

    @Test
    void gradcheckThroughInPlaceWritesIntoViews() {
        Tensor a = randn(DType.FLOAT64, 3, 4).requiresGrad_(), b = randn(DType.FLOAT64, 4).requiresGrad_();
        java.util.function.Function<Tensor[], Tensor> f = in -> {
            Tensor u = in[0].mul(1.0);
            u.select(0, 1).mul_(in[1]);                                // CopySlices around MulBackward0
            u.slice(1, 1, 3, 1).add_(in[1].slice(0, 0, 2, 1).sin());  // and around AddBackward0 (broadcast over rows)
            u.t().select(0, 3).exp_();                                 // through a transposed view
            u.select(0, 2).select(0, 0).fill_(5);                      // a view of a view: FillBackward2
            return u.mul(u.select(0, 0)); // reads an older view of u: its grad_fn is AsStridedBackward0 now
        };
        assertEquals("MulBackward0", f.apply(new Tensor[]{a, b}).gradFn().name());
        assertTrue(GradCheck.gradcheck(f, a, b), "CopySlices");
        // second derivatives run CopySlices' own backward: AsStridedBackward0 and AsStridedScatterBackward0
        assertTrue(GradCheck.gradgradcheck(f, a, b), "CopySlices second derivative");
    }

    @Test
    void theRegeneratedViewNodesAreDifferentiable() {
        Tensor a = randn(DType.FLOAT64, 2, 3).requiresGrad_();
        java.util.function.Function<Tensor[], Tensor> f = in -> {
            Tensor u = in[0].mul(2.0);
            Tensor row = u.select(0, 1);
            u.exp_(); // rewrites every view of u
            return row.mul(row);
        };
        Tensor out = f.apply(new Tensor[]{a});
        assertEquals("AsStridedBackward0", out.gradFn().nextFunctions().get(0).node().name());
        assertTrue(GradCheck.gradcheck(f, a), "AsStridedBackward0");
        assertTrue(GradCheck.gradgradcheck(f, a), "AsStridedScatterBackward0");
    }
}
