package ember.optim;

/**
 * Cosine annealing from each group's initial lr down to η_min over {@code tMax} epochs, then back up (a period of
 * 2·tMax): lr_t = η_min + (initial − η_min)·(1 + cos(π·t/T_max))/2, computed in PyTorch's recursive form.
 */
public class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax) { this(optimizer, tMax, 0); }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        if (tMax <= 0) throw new IllegalArgumentException("CosineAnnealingLR: T_max must be positive, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        super(optimizer);
    }

    /**
     * PyTorch's chainable get_lr: lr_t = η_min + (lr_{t−1} − η_min)·(1 + cos(πt/T))/(1 + cos(π(t−1)/T)); at the
     * bottom of a period (t − 1 − T divisible by 2T) that ratio is 0/0, so it adds (initial − η_min)(1 − cos(π/T))/2.
     */
    @Override
    protected double[] computeLr() {
        double[] lrs = groupLrs();
        if (lastEpoch == 0) return lrs;
        for (int i = 0; i < lrs.length; i++) {
            if ((lastEpoch - 1 - tMax) % (2 * tMax) == 0) {
                lrs[i] = lrs[i] + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            } else {
                lrs[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lrs[i] - etaMin) + etaMin;
            }
        }
        return lrs;
    }
}
