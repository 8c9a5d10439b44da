package ember.nn;

import ember.Tensor;

/** {@code nn.BCEWithLogitsLoss}: sigmoid and binary cross-entropy in one numerically stable expression. */
public class BCEWithLogitsLoss extends Loss {
    private final Tensor posWeight;

    public BCEWithLogitsLoss() { this(Reduction.MEAN, null); }

    public BCEWithLogitsLoss(Reduction reduction) { this(reduction, null); }

    public BCEWithLogitsLoss(Reduction reduction, Tensor posWeight) {
        super(reduction);
        this.posWeight = posWeight;
    }

    @Override
    public Tensor forward(Tensor logits, Tensor target) {
        return F.binaryCrossEntropyWithLogits(logits, target, reduction, posWeight);
    }
}
