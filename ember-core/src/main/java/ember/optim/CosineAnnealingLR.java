package ember.optim;

/** Cosine annealing: lr = η_min + (base − η_min)·(1 + cos(π·epoch/T_max))/2 (PyTorch's closed form). */
public class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax) { this(optimizer, tMax, 0); }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax <= 0) throw new IllegalArgumentException("T_max must be positive, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    protected double lrAt(int i, int epoch) {
        return etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
