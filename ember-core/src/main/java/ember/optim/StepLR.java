package ember.optim;

/** Multiplies the lr by γ every {@code stepSize} epochs: lr = base·γ^⌊epoch/stepSize⌋. */
public class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize <= 0) throw new IllegalArgumentException("step_size must be positive, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    protected double lrAt(int i, int epoch) { return baseLrs[i] * Math.pow(gamma, epoch / stepSize); }
}
