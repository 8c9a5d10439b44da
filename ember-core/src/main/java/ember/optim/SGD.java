package ember.optim;

import ember.Tensor;
import ember.ops.Fused;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent as PyTorch computes it, per parameter with gradient g:
 * d = g (−g when maximizing); d = d + λ·p (weight decay); with momentum μ: b = d at the first step, else
 * b = μ·b + (1−τ)·d (dampening τ), and d = d + μ·b (Nesterov) or d = b; finally p = p − lr·d.
 */
public class SGD extends Optimizer {
    /** {@code torch.optim.SGD(params, lr=lr)}. */
    public SGD(List<Tensor> params, double lr) { this(options().lr(lr), single(params)); }

    /** {@code torch.optim.SGD(params, lr=0.1, momentum=0.9, ...)} as {@code new SGD(params, SGD.options().lr(0.1).momentum(0.9))}. */
    public SGD(List<Tensor> params, Options options) { this(options, single(params)); }

    /**
     * Parameter groups with their own options, e.g. the book's weight decay on the weight only:
     * {@code new SGD(SGD.options().lr(0.1), ParamGroup.of(w).option("weightDecay", 3), ParamGroup.of(b))}.
     */
    public SGD(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    private SGD(Options options, List<ParamGroup> groups) {
        super(groups, checked(options).values);
    }

    private static Options checked(Options o) {
        double momentum = o.values.get("momentum"), dampening = o.values.get("dampening");
        if (o.values.get("nesterov") != 0 && (momentum <= 0 || dampening != 0))
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        return o;
    }

    /** Options with PyTorch's defaults: lr (required), momentum 0, dampening 0, weight decay 0, no Nesterov. */
    public static Options options() { return new Options(); }

    /** {@code lr}, {@code momentum}, {@code dampening}, {@code weightDecay}, {@code nesterov}, {@code maximize}. */
    public static final class Options {
        final Map<String, Double> values = new LinkedHashMap<>();

        Options() {
            values.put("lr", REQUIRED);
            values.put("momentum", 0.0);
            values.put("dampening", 0.0);
            values.put("weightDecay", 0.0);
            values.put("nesterov", 0.0);
            values.put("maximize", 0.0);
        }

        public Options lr(double v) {
            setChecked(values, "lr", v, v >= 0, "Invalid learning rate: " + v);
            return this;
        }

        public Options momentum(double v) {
            setChecked(values, "momentum", v, v >= 0, "Invalid momentum value: " + v);
            return this;
        }

        public Options dampening(double v) {
            values.put("dampening", v);
            return this;
        }

        public Options weightDecay(double v) {
            setChecked(values, "weightDecay", v, v >= 0, "Invalid weight_decay value: " + v);
            return this;
        }

        public Options nesterov(boolean v) {
            values.put("nesterov", v ? 1.0 : 0.0);
            return this;
        }

        /** Ascend instead of descend (maximize the objective). */
        public Options maximize(boolean v) {
            values.put("maximize", v ? 1.0 : 0.0);
            return this;
        }
    }

    @Override
    protected void update(ParamGroup g) {
        double lr = g.lr(), momentum = g.get("momentum"), dampening = g.get("dampening"), wd = g.get("weightDecay");
        boolean nesterov = g.getBoolean("nesterov"), maximize = g.getBoolean("maximize");
        for (Tensor p : g.params()) {
            Tensor grad = p.grad();
            if (grad == null) continue;
            if (maximize) grad = grad.neg(); // PyTorch negates the gradient before weight decay and momentum
            if (momentum == 0) {
                Fused.sgdUpdate_(p, grad, null, lr, 0, dampening, wd, nesterov);
                continue;
            }
            Map<String, Tensor> s = state(p);
            s.put("momentum_buffer", Fused.sgdUpdate_(p, grad, s.get("momentum_buffer"), lr, momentum, dampening, wd, nesterov));
        }
    }
}
