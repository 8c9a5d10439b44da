package ember.autograd;

import ember.Tensor;
import java.util.List;

/**
 * The node at a leaf that requires grad: it adds the incoming gradient into the leaf's {@code .grad}
 * (accumulating, never overwriting, as PyTorch does).
 */
public final class AccumulateGrad extends Node {
    private final Tensor variable;

    public AccumulateGrad(Tensor variable) { this.variable = variable; }

    public Tensor variable() { return variable; }

    @Override
    public String name() { return "AccumulateGrad"; }

    @Override
    public List<Edge> nextFunctions() { return List.of(); }

    @Override
    protected Tensor[] apply(Tensor grad) {
        for (var hook : variable.hooks()) {
            Tensor r = hook.apply(grad);
            if (r != null) grad = r;
        }
        Tensor old = variable.grad();
        if (!GradMode.isEnabled()) {
            if (old == null) {
                // Note [Owning the .grad]: the incoming gradient may be shared (a passthrough backward hands one
                // tensor to several inputs, or it is the user's own backward(gradient)), so the leaf gets its own copy;
                // later accumulations can then be in place, as PyTorch's.
                variable.setGrad(grad.detach().clone());
            } else {
                old.add_(grad);
            }
        } else {
            // create_graph: the gradient stays differentiable, so accumulate out of place.
            variable.setGrad(old == null ? grad : old.add(grad));
        }
        return new Tensor[0];
    }
}
