package ember.optim;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Base of learning-rate schedulers ({@code torch.optim.lr_scheduler}): call {@link #step()} once per epoch, after
 * the optimizer's steps. As in PyTorch, each group's starting lr is kept in the group as {@code initialLr}, the
 * constructor performs step 0 (leaving the lrs as they are), and {@link #computeLr()} updates the lrs from their
 * current values (PyTorch's chainable form, so two schedulers on one optimizer compose).
 */
public abstract class LRScheduler {
    private static final AtomicBoolean WARNED_ORDER = new AtomicBoolean();

    protected final Optimizer optimizer;
    /** Each group's lr before any scheduling (its {@code initialLr}). */
    protected final double[] baseLrs;
    /** The epoch the current lrs belong to: 0 after construction, +1 per {@link #step()}. */
    protected int lastEpoch = -1;
    private int stepCount;
    private final int optimizerStepsAtStart;
    private double[] lastLr;

    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            ParamGroup g = groups.get(i);
            if (!g.has(Optimizer.INITIAL_LR)) g.option(Optimizer.INITIAL_LR, g.lr());
            baseLrs[i] = g.get(Optimizer.INITIAL_LR);
        }
        optimizerStepsAtStart = optimizer.stepCount();
        step();
    }

    /** The new lr of every group for epoch {@link #lastEpoch}, computed from the groups' current lrs. */
    protected abstract double[] computeLr();

    /** The groups' current lrs. */
    protected double[] groupLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) lrs[i] = groups.get(i).lr();
        return lrs;
    }

    /** Moves to the next epoch and sets each group's lr for it. */
    public void step() {
        if (stepCount == 1 && optimizer.stepCount() == optimizerStepsAtStart && WARNED_ORDER.compareAndSet(false, true))
            Logger.getLogger("ember").warning("Detected call of `lr_scheduler.step()` before `optimizer.step()`. You should"
                    + " call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`. Failure to do this"
                    + " will result in skipping the first value of the learning rate schedule.");
        stepCount++;
        lastEpoch++;
        double[] lrs = computeLr();
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < lrs.length; i++) groups.get(i).setLr(lrs[i]);
        lastLr = lrs.clone();
    }

    /** The lrs set by the last {@link #step()}, one per group ({@code get_last_lr()}). */
    public double[] getLastLr() { return lastLr.clone(); }

    public int lastEpoch() { return lastEpoch; }

    /** {@code last_epoch}, {@code _step_count}, {@code base_lrs} and {@code _last_lr}, as tensors (save it with the optimizer's). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("last_epoch", Ember.scalarLong(lastEpoch));
        out.put("_step_count", Ember.scalarLong(stepCount));
        out.put("base_lrs", Ember.fromArray(baseLrs.clone(), baseLrs.length));
        out.put("_last_lr", Ember.fromArray(lastLr.clone(), lastLr.length));
        return out;
    }

    /** Restores {@link #stateDict()}: the schedule continues where the saved one stopped. */
    public void loadStateDict(Map<String, Tensor> sd) {
        for (String k : List.of("last_epoch", "_step_count", "base_lrs", "_last_lr"))
            if (!sd.containsKey(k)) throw new IllegalArgumentException("scheduler state dict lacks '" + k + "'");
        double[] base = sd.get("base_lrs").to(DType.FLOAT64).toDoubleArray(), last = sd.get("_last_lr").to(DType.FLOAT64).toDoubleArray();
        if (base.length != baseLrs.length || last.length != baseLrs.length)
            throw new IllegalArgumentException("scheduler state dict is for " + base.length + " parameter groups, the optimizer has "
                    + baseLrs.length);
        lastEpoch = (int) sd.get("last_epoch").itemLong();
        stepCount = (int) sd.get("_step_count").itemLong();
        System.arraycopy(base, 0, baseLrs, 0, base.length);
        lastLr = last;
    }
}
