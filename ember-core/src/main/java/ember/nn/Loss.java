package ember.nn;

import ember.Tensor;

/** Base of the loss modules: {@code loss.forward(input, target)}, with a {@link Reduction}. */
public abstract class Loss extends Module {
    protected final Reduction reduction;

    protected Loss(Reduction reduction) { this.reduction = reduction; }

    public Reduction reduction() { return reduction; }

    /** The loss of {@code input} against {@code target}. */
    public abstract Tensor forward(Tensor input, Tensor target);

    /** A loss needs a target: this single-argument form always fails, naming the right call. */
    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ".forward needs (input, target)");
    }

    @Override
    protected String extraRepr() { return ""; }
}
