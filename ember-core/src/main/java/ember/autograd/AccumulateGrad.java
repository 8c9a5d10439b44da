package ember.autograd;

import ember.Ember;
import ember.Tensor;
import java.util.List;

/**
 * The node at a leaf that requires grad: it adds the incoming gradient into the leaf's {@code .grad}
 * (accumulating, never overwriting, as PyTorch does). The leaf's hooks run before it (see {@link Node}).
 */
public final class AccumulateGrad extends Node {
    private final Tensor variable;

    public AccumulateGrad(Tensor variable) { this.variable = variable; }

    /** The leaf this node accumulates into ({@code grad_fn.variable} in PyTorch). */
    public Tensor variable() { return variable; }

    @Override
    public String name() { return "AccumulateGrad"; }

    @Override
    public List<Edge> nextFunctions() { return List.of(); }

    @Override
    protected Tensor[] apply(Tensor grad) {
        // two threads may run backward passes that reach the same leaf
        synchronized (this) {
            Tensor old = variable.grad();
            if (!GradMode.isEnabled()) {
                if (old == null) {
                    // Note [Owning the .grad]: the incoming gradient may be shared (a passthrough backward hands one
                    // tensor to several inputs, or it is the user's own backward(gradient)), so the leaf gets its own
                    // copy; later accumulations can then be in place, as PyTorch's.
                    variable.setGrad(adoptable(grad) ? grad.detach() : grad.detach().clone());
                } else {
                    old.add_(grad);
                }
            } else {
                // createGraph: the gradient stays differentiable, so it is copied (PyTorch's new_empty_strided().copy_(),
                // hence CopyBackwards) and accumulated out of place
                variable.setGrad(old == null ? Ember.emptyLike(variable).copy_(grad) : old.add(grad));
            }
        }
        return new Tensor[0];
    }

    /**
     * Note [Adopting a fresh gradient]: PyTorch's AccumulateGrad takes the incoming gradient itself as the first
     * {@code .grad} when nothing else references it (its reference count says so), instead of copying it. Ember has no
     * reference counts; a backward formula marks the storage of a product it has just made for a gradient (the weight
     * gradient of {@code mm}, {@code addmm} and {@code linear}, 800 KB per step for the book's 784×256 layer), and the
     * first leaf to receive a tensor covering exactly that storage, densely and in the leaf's own layout, takes it; the
     * mark is spent then. A formula handing one storage to two inputs (a passthrough backward) spends it before any
     * consumer receives it ({@code Engine.spendSharedFreshMarks}); ReLU's backward spends it writing over the gradient
     * (Note [ReLU's backward in its fresh gradient] in ember.ops.Fused). Whatever the user may keep has its mark spent
     * before they see it: what a user's formula is given (Note [Formulas that keep what they are given] in
     * FunctionNode), what tensor hooks see, {@code Autograd.grad}'s results, the gradients passed to backward.
     */
    private boolean adoptable(Tensor grad) {
        if (!variable.isContiguous() || !grad.isContiguous() || grad.storageOffset() != 0
                || grad.storage().size() != grad.numel() || grad.dtype() != variable.dtype())
            return false;
        return grad.storage().takeFreshGradient();
    }
}
