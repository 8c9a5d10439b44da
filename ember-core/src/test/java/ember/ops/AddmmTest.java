package ember.ops;

import static ember.Ember.*;
import static ember.autograd.GradCheck.gradcheck;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import ember.nn.Linear;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** addmm (input + mat1·mat2 as one AddmmBackward0 node) and nn.Linear's use of it, against PyTorch. */
class AddmmTest {
    @BeforeEach
    void seed() { manualSeed(11); }

    static Tensor leaf(int... shape) { return randn(DType.FLOAT64, shape).requiresGrad_(); }

    @Test
    void valueIsInputPlusProduct() {
        Tensor input = tensor(1, 2, 3), a = tensor(new double[][]{{1, 2}, {3, 4}}), b = tensor(new double[][]{{1, 0, 1}, {0, 1, 1}});
        // [[1, 2, 3], [3, 4, 7]] + [1, 2, 3] row-wise
        assertTrue(addmm(input, a, b).equal(tensor(new double[][]{{2, 4, 6}, {4, 6, 10}})));
        assertTrue(input.addmm(a, b).equal(a.mm(b).add(input)));
    }

    @Test
    void gradientsMatchFiniteDifferencesForEveryInputShape() {
        // a full [2, 3] input, a row [3] broadcast down, a 0-d one broadcast everywhere
        for (int[] inputShape : new int[][]{{2, 3}, {3}, {}}) {
            Tensor input = leaf(inputShape), a = leaf(2, 4), b = leaf(4, 3);
            assertEquals("AddmmBackward0", addmm(input, a, b).gradFn().name());
            assertTrue(gradcheck(in -> addmm(in[0], in[1], in[2]), input, a, b));
        }
    }

    @Test
    void linearRecordsAddmmForABatchAsPyTorchDoes() {
        Linear layer = new Linear(4, 3);
        // torch: nn.Linear(4, 3)(torch.ones(2, 4)).grad_fn -> AddmmBackward0; a 1-D input -> AddBackward0;
        // bias=False -> MmBackward0
        assertEquals("AddmmBackward0", layer.forward(ones(2, 4)).gradFn().name());
        assertEquals("AddBackward0", layer.forward(ones(4)).gradFn().name());
        assertEquals("MmBackward0", new Linear(4, 3, false).forward(ones(2, 4)).gradFn().name());
    }

    @Test
    void badInputIsRefusedInPyTorchsWords() {
        var e = assertThrows(IllegalArgumentException.class, () -> addmm(ones(DType.FLOAT64, 3), ones(2, 4), ones(4, 3)));
        assertTrue(e.getMessage().startsWith("self and mat2 must have the same dtype"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> addmm(ones(5), ones(2, 4), ones(4, 3)));
        assertTrue(e.getMessage().startsWith("The expanded size of the tensor (3) must match the existing size (5) at"
                + " non-singleton dimension 1.  Target sizes: [2, 3].  Tensor sizes: [5]"), e.getMessage());
    }
}
