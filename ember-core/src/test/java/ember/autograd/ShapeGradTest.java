package ember.autograd;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * GradCheck (float64) for every backward node recorded in {@code ops/Shape.java}, first and second derivatives;
 * the second derivatives exercise the backward formulas' own nodes ({@code SliceBackwardBackward0},
 * {@code SelectBackwardBackward0}). Names are PyTorch's ({@code type(y.grad_fn).__name__}).
 */
class ShapeGradTest {
    private static void check(String node, Function<Tensor[], Tensor> f, Tensor... inputs) {
        assertEquals(node, f.apply(inputs).gradFn().name());
        assertTrue(GradCheck.gradcheck(f, inputs), node);
        assertTrue(GradCheck.gradgradcheck(f, inputs), node + " second derivative");
    }

    private static Tensor leaf(int... shape) { return randn(DType.FLOAT64, shape).requiresGrad_(); }

    /** Makes the result depend non-linearly on the view, so second derivatives are not trivially zero. */
    private static Tensor squared(Tensor t) { return t.mul(t); }

    @Test
    void viewsThatKeepEveryElement() {
        Tensor a = leaf(2, 3, 4);
        check("ViewBackward0", in -> in[0].view(6, 4), a);
        check("ViewBackward0", in -> in[0].reshape(4, -1), a);
        check("ViewBackward0", in -> in[0].flatten(), a);
        check("ViewBackward0", in -> in[0].unflatten(2, 2, 2), a);
        check("TransposeBackward0", in -> in[0].transpose(0, 2), a);
        check("TransposeBackward0", in -> in[0].mT(), a);
        check("PermuteBackward0", in -> in[0].permute(2, 0, 1), a);
        check("PermuteBackward0", in -> in[0].T(), a);
        check("TBackward0", in -> in[0].t(), leaf(3, 4));
        check("TBackward0", in -> in[0].t(), leaf(3));
        check("SqueezeBackward0", in -> in[0].squeeze(), leaf(2, 1, 3, 1));
        check("SqueezeBackward1", in -> in[0].squeeze(1), leaf(2, 1, 3));
        check("SqueezeBackward1", in -> in[0].squeeze(0), leaf(2, 3)); // a size-2 dim stays
        check("UnsqueezeBackward0", in -> in[0].unsqueeze(-1), a);
        // views of views, and a view feeding a non-linear op
        check("MulBackward0", in -> squared(in[0].t().reshape(12).view(3, 4)), leaf(4, 3));
    }

    @Test
    void expandSumsTheGradientBack() {
        check("ExpandBackward0", in -> in[0].expand(4, 2, 3), leaf(2, 1));
        check("ExpandBackward0", in -> in[0].expandAs(zeros(3, 4)), leaf(4));
        check("MulBackward0", in -> squared(in[0].expand(3, 3)), leaf(3));
    }

    @Test
    void viewsThatKeepPartOfTheInput() {
        Tensor a = leaf(4, 5);
        check("SliceBackward0", in -> in[0].slice(1, 1, null, 2), a);
        check("SliceBackward0", in -> in[0].slice(0, -3, -1, 1), a);
        check("SliceBackward0", in -> in[0].narrow(1, 2, 3), a);
        check("SelectBackward0", in -> in[0].select(1, -2), a);
        check("SelectBackward0", in -> in[0].get(3), a);
        check("MulBackward0", in -> squared(in[0].select(0, 1).slice(0, 1, 4, 2)), a);
    }

    @Test
    void secondDerivativesOfSliceAndSelectBackward() {
        // the gradient of a slice is zeros with the incoming gradient written into the slice; with createGraph that
        // step is itself recorded (SliceBackwardBackward0), and its backward takes the same region back out
        Tensor a = leaf(4, 5);
        Tensor v = randn(DType.FLOAT64, 4, 2).requiresGrad_();
        Tensor gx = Autograd.grad(List.of(a.slice(1, 1, null, 2)), List.of(a), List.of(v), true, true).get(0);
        assertEquals("SliceBackwardBackward0", gx.gradFn().name());
        Tensor s = randn(DType.FLOAT64, 5).requiresGrad_();
        Tensor gs = Autograd.grad(List.of(a.select(0, 2)), List.of(a), List.of(s), true, true).get(0);
        assertEquals("SelectBackwardBackward0", gs.gradFn().name());
        // gradgradcheck differentiates exactly these gradients with respect to v (and a)
        assertTrue(GradCheck.gradgradcheck(in -> in[0].slice(1, 1, null, 2), a));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].select(0, 2), a));
    }

    @Test
    void copiesAndJoins() {
        Tensor a = leaf(2, 3), b = leaf(2, 3), c = leaf(1, 3);
        check("CloneBackward0", in -> in[0].clone(), a);
        check("CloneBackward0", in -> in[0].t().contiguous(), a);
        check("UnsafeViewBackward0", in -> in[0].t().reshape(6), a); // not viewable: a copy, as PyTorch's _unsafe_view
        check("CatBackward0", in -> cat(0, in[0], in[1], in[2]), a, b, c);
        check("CatBackward0", in -> cat(1, in[0], in[1]), a, b);
        check("StackBackward0", in -> stack(0, in[0], in[1]), a, b);
        check("StackBackward0", in -> stack(2, in[0], in[1]), a, b);
        check("CatBackward0", in -> cat(0, in[0], tensor(DType.FLOAT64, new double[0])), leaf(3)); // legacy empty 1-D
    }

    @Test
    void splitsAndRepeats() {
        // PyTorch records these as one multi-output node (SplitBackward0, UnbindBackward0, RepeatBackward0); Ember
        // builds them from slices, selects and expand, whose gradients are checked here
        Tensor a = leaf(5, 3);
        for (int i = 0; i < 3; i++) {
            int k = i;
            assertTrue(GradCheck.gradcheck(in -> in[0].split(2, 0).get(k), a));
            assertTrue(GradCheck.gradcheck(in -> in[0].chunk(3, 1).get(k), a));
            assertTrue(GradCheck.gradcheck(in -> in[0].unbind(1).get(k), a));
        }
        assertTrue(GradCheck.gradcheck(in -> in[0].repeat(2, 1, 2), leaf(2, 3)));
        assertTrue(GradCheck.gradgradcheck(in -> squared(in[0].repeat(2, 2)), leaf(2, 3)));
    }

    @Test
    void viewsOfAZeroDimTensor() {
        Tensor s = leaf();
        check("TransposeBackward0", in -> in[0].transpose(0, 0), s);
        check("SqueezeBackward1", in -> in[0].squeeze(0), s);
        check("UnsqueezeBackward0", in -> in[0].unsqueeze(0), s);
        check("ExpandBackward0", in -> in[0].expand(3), s);
    }
}
