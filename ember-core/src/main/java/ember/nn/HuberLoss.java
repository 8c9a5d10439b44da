package ember.nn;

import ember.Tensor;

/** {@code nn.HuberLoss(delta)}: quadratic near zero, linear beyond δ. */
public class HuberLoss extends Loss {
    private final double delta;

    public HuberLoss() { this(Reduction.MEAN, 1.0); }

    public HuberLoss(double delta) { this(Reduction.MEAN, delta); }

    public HuberLoss(Reduction reduction, double delta) {
        super(reduction);
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.huberLoss(input, target, reduction, delta); }
}
