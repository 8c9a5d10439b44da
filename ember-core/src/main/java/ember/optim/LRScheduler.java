package ember.optim;

import java.util.List;

/** Base of learning-rate schedulers: {@link #step()} once per epoch sets each group's lr for the next epoch. */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected final double[] baseLrs;
    protected int lastEpoch;

    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<ParamGroup> gs = optimizer.paramGroups();
        baseLrs = new double[gs.size()];
        for (int i = 0; i < gs.size(); i++) baseLrs[i] = gs.get(i).lr();
    }

    /** The lr of group {@code i} at epoch {@code epoch}. */
    protected abstract double lrAt(int i, int epoch);

    public void step() {
        lastEpoch++;
        List<ParamGroup> gs = optimizer.paramGroups();
        for (int i = 0; i < gs.size(); i++) gs.get(i).setLr(lrAt(i, lastEpoch));
    }

    /** The current learning rates, one per group. */
    public double[] lastLr() {
        List<ParamGroup> gs = optimizer.paramGroups();
        double[] r = new double[gs.size()];
        for (int i = 0; i < r.length; i++) r[i] = gs.get(i).lr();
        return r;
    }
}
