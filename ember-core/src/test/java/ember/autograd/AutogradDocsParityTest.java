package ember.autograd;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Details docs/autograd.md shows in PyTorch's words that the rest of the autograd tests do not pin down; each
 * expected string is what torch 1.13 prints for the Python line beside it.
 */
class AutogradDocsParityTest {

    @Test
    void aModifiedSavedOutputIsNamedAfterTheNodeThatSavedIt() {
        // a = torch.tensor([1., 2.], requires_grad=True); b = a.exp(); b.mul_(2); b.sum().backward()
        // → "... [torch.FloatTensor [2]], which is output 0 of ExpBackward0, is at version 1; expected version 0 ..."
        // (b's own grad_fn is MulBackward0 by then, but exp saved b as its output, so PyTorch names ExpBackward0)
        Tensor a = tensor(1., 2.).requiresGrad_();
        Tensor b = a.exp();
        b.mul_(2);
        assertEquals("MulBackward0", b.gradFn().name());
        var e = assertThrows(IllegalStateException.class, () -> b.sum().backward());
        assertTrue(e.getMessage().startsWith("one of the variables needed for gradient computation has been modified by an"
                + " inplace operation: [torch.FloatTensor [2]], which is output 0 of ExpBackward0, is at version 1;"
                + " expected version 0 instead."), e.getMessage());
    }

    @Test
    void aModifiedSavedInputIsNamedAfterItsCurrentNode() {
        // a = torch.tensor([1., 2.], requires_grad=True); y = a * 2; z = y * y; y.add_(1); z.sum().backward()
        // → "... which is output 0 of AddBackward0, is at version 1; expected version 0 instead. ..."
        Tensor a = tensor(1., 2.).requiresGrad_();
        Tensor y = a.mul(2);
        Tensor z = y.mul(y);
        y.add_(1);
        var e = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertTrue(e.getMessage().contains("which is output 0 of AddBackward0, is at version 1; expected version 0"),
                e.getMessage());
    }

    @Test
    void createGraphLeavesACopyBackwardsGradient() {
        // t = torch.tensor(1., requires_grad=True); (t**3).backward(create_graph=True); t.grad
        // → tensor(3., grad_fn=<CopyBackwards>)   (AccumulateGrad copies with new_empty_strided(...).copy_(grad))
        Tensor t = scalar(1.).requiresGrad_();
        t.pow(3).backward(null, false, true);
        Tensor dt = t.grad();
        assertEquals("tensor(3., grad_fn=<CopyBackwards>)", dt.toString());
        // t.grad = None; dt.backward(); t.grad → tensor(6.)   (d/dt 3t² = 6t)
        t.setGrad(null);
        dt.backward();
        assertEquals("tensor(6.)", t.grad().toString());
    }
}
