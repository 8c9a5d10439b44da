package ember.nn;

import ember.Tensor;

/** {@code nn.CrossEntropyLoss}: log-softmax of the logits and negative log-likelihood, with optional label smoothing. */
public class CrossEntropyLoss extends Loss {
    private final double labelSmoothing;

    public CrossEntropyLoss() { this(Reduction.MEAN, 0.0); }

    public CrossEntropyLoss(Reduction reduction) { this(reduction, 0.0); }

    public CrossEntropyLoss(Reduction reduction, double labelSmoothing) {
        super(reduction);
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor logits, Tensor target) { return F.crossEntropy(logits, target, reduction, labelSmoothing); }
}
