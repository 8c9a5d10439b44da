package ember.nn;

import ember.Tensor;

/**
 * {@code nn.Parameter}: a leaf tensor that requires grad. Ember's parameters are ordinary {@link Tensor}s; this class
 * only makes one from a value.
 */
public final class Parameter {
    private Parameter() {}

    /** A leaf requiring grad with {@code value}'s data (shared storage when {@code value} is already a leaf). */
    public static Tensor of(Tensor value) {
        if (!value.dtype().isFloatingPoint())
            throw new IllegalArgumentException("Only Tensors of floating point dtype can require gradients (got "
                    + value.dtype().torchName() + ")");
        Tensor leaf = value.isLeaf() ? value : value.detach();
        if (!leaf.requiresGrad()) leaf.requiresGrad_();
        return leaf;
    }
}
