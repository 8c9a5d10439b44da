package ember.optim;

import ember.Ember;
import ember.Tensor;
import ember.ops.Fused;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba), as PyTorch computes it: m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²;
 * p = p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε). Weight decay adds λp to g (L2); {@link AdamW} decouples it.
 */
public class Adam extends Optimizer {
    private final boolean decoupled;

    public Adam(List<Tensor> params, double lr) { this(options().lr(lr), single(params)); }

    public Adam(List<Tensor> params, Options options) { this(options, single(params)); }

    /** Parameter groups with their own options: {@code new Adam(Adam.options().lr(0.1), ParamGroup.of(w).option("weightDecay", 3), ParamGroup.of(b))}. */
    public Adam(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    private Adam(Options options, List<ParamGroup> groups) { this(options, groups, false); }

    Adam(Options options, List<ParamGroup> groups, boolean decoupled) {
        super(groups, options.values);
        this.decoupled = decoupled;
    }

    /** Options with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0. */
    public static Options options() { return new Options(0.0); }

    /** {@code lr}, {@code beta1}, {@code beta2}, {@code eps}, {@code weightDecay}. */
    public static final class Options {
        final Map<String, Double> values;

        Options(double weightDecay) {
            values = new LinkedHashMap<>(Map.of("lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weightDecay", weightDecay));
        }

        public Options lr(double v) { return set("lr", v, v >= 0); }

        public Options betas(double b1, double b2) {
            set("beta1", b1, b1 >= 0 && b1 < 1);
            return set("beta2", b2, b2 >= 0 && b2 < 1);
        }

        public Options eps(double v) { return set("eps", v, v >= 0); }

        public Options weightDecay(double v) { return set("weightDecay", v, v >= 0); }

        private Options set(String k, double v, boolean ok) {
            if (!ok) throw new IllegalArgumentException("Invalid " + k + " value: " + v);
            values.put(k, v);
            return this;
        }
    }

    @Override
    protected void update(ParamGroup g) {
        double lr = g.lr(), b1 = g.get("beta1"), b2 = g.get("beta2"), eps = g.get("eps"), wd = g.get("weightDecay");
        for (Tensor p : g.params()) {
            Tensor grad = p.grad();
            if (grad == null) continue;
            Map<String, Tensor> s = state(p);
            Tensor step = s.computeIfAbsent("step", k -> Ember.scalar(0.0, ember.DType.FLOAT64));
            Tensor m = s.computeIfAbsent("exp_avg", k -> Ember.zerosLike(p));
            Tensor v = s.computeIfAbsent("exp_avg_sq", k -> Ember.zerosLike(p));
            step.add_(1.0);
            Fused.adamUpdate_(p, grad, m, v, step.item(), lr, b1, b2, eps, wd, decoupled);
        }
    }
}
