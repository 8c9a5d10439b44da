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
                    variable.setGrad(grad.detach().clone());
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
}
