package ember.optim;

import ember.Tensor;
import ember.ops.Fused;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with PyTorch's momentum rule: d = g + λp; b = μb + (1−τ)d (b = d at the first step);
 * d = d + μb (Nesterov) or b; p = p − lr·d.
 */
public class SGD extends Optimizer {
    public SGD(List<Tensor> params, double lr) { this(options().lr(lr), single(params)); }

    public SGD(List<Tensor> params, Options options) { this(options, single(params)); }

    /** Parameter groups with their own options: {@code new SGD(SGD.options().lr(0.1), ParamGroup.of(w).option("weightDecay", 3), ParamGroup.of(b))}. */
    public SGD(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    private SGD(Options options, List<ParamGroup> groups) {
        super(groups, options.values);
        if (options.values.get("nesterov") != 0 && (options.values.get("momentum") <= 0 || options.values.get("dampening") != 0))
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
    }

    /** Options with PyTorch's defaults (lr required). */
    public static Options options() { return new Options(); }

    /** {@code lr}, {@code momentum}, {@code dampening}, {@code weightDecay}, {@code nesterov}. */
    public static final class Options {
        final Map<String, Double> values = new LinkedHashMap<>(Map.of("lr", Double.NaN, "momentum", 0.0, "dampening", 0.0,
                "weightDecay", 0.0, "nesterov", 0.0));

        public Options lr(double v) { return set("lr", v, v >= 0); }

        public Options momentum(double v) { return set("momentum", v, v >= 0); }

        public Options dampening(double v) { return set("dampening", v, true); }

        public Options weightDecay(double v) { return set("weightDecay", v, v >= 0); }

        public Options nesterov(boolean v) { return set("nesterov", v ? 1 : 0, true); }

        private Options set(String k, double v, boolean ok) {
            if (!ok) throw new IllegalArgumentException("Invalid " + k + " value: " + v);
            values.put(k, v);
            return this;
        }
    }

    @Override
    protected void update(ParamGroup g) {
        double lr = g.lr(), momentum = g.get("momentum"), dampening = g.get("dampening"), wd = g.get("weightDecay");
        if (Double.isNaN(lr)) throw new IllegalArgumentException("SGD needs a learning rate: SGD.options().lr(0.1)");
        boolean nesterov = g.get("nesterov") != 0;
        for (Tensor p : g.params()) {
            Tensor grad = p.grad();
            if (grad == null) continue;
            if (momentum == 0) {
                Fused.sgdUpdate_(p, grad, null, lr, 0, dampening, wd, nesterov);
                continue;
            }
            Map<String, Tensor> s = state(p);
            s.put("momentum_buffer", Fused.sgdUpdate_(p, grad, s.get("momentum_buffer"), lr, momentum, dampening, wd, nesterov));
        }
    }
}
