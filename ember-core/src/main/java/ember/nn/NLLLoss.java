package ember.nn;

import ember.Tensor;

/** {@code nn.NLLLoss}: negative log-likelihood of log-probabilities against INT64 class indices. */
public class NLLLoss extends Loss {
    public NLLLoss() { this(Reduction.MEAN); }

    public NLLLoss(Reduction reduction) { super(reduction); }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.nllLoss(input, target, reduction); }
}
