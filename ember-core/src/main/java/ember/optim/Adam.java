package ember.optim;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import ember.ops.Fused;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba) as PyTorch computes it, per parameter with gradient g at step t:
 * g = g + λ·p (L2 weight decay; {@link AdamW} decays p itself instead); m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²;
 * p = p − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε). AMSGrad uses the running maximum of v.
 */
public class Adam extends Optimizer {
    private final boolean decoupledWeightDecay;

    /** {@code torch.optim.Adam(params, lr=lr)}. */
    public Adam(List<Tensor> params, double lr) { this(options().lr(lr), single(params)); }

    /** {@code torch.optim.Adam(params, lr=..., betas=..., ...)} as {@code new Adam(params, Adam.options().lr(0.01).betas(0.8, 0.99))}. */
    public Adam(List<Tensor> params, Options options) { this(options, single(params)); }

    /** Parameter groups with their own options: {@code new Adam(Adam.options().lr(0.1), ParamGroup.of(w).option("weightDecay", 3), ParamGroup.of(b))}. */
    public Adam(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    private Adam(Options options, List<ParamGroup> groups) { this(options, groups, false); }

    Adam(Options options, List<ParamGroup> groups, boolean decoupledWeightDecay) {
        super(groups, options.values);
        this.decoupledWeightDecay = decoupledWeightDecay;
    }

    /** Options with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0, no AMSGrad. */
    public static Options options() { return new Options(0.0); }

    /** {@code lr}, {@code beta1}, {@code beta2}, {@code eps}, {@code weightDecay}, {@code amsgrad}, {@code maximize}. */
    public static final class Options {
        final Map<String, Double> values = new LinkedHashMap<>();

        Options(double weightDecay) {
            values.put("lr", 1e-3);
            values.put("beta1", 0.9);
            values.put("beta2", 0.999);
            values.put("eps", 1e-8);
            values.put("weightDecay", weightDecay);
            values.put("amsgrad", 0.0);
            values.put("maximize", 0.0);
        }

        public Options lr(double v) {
            setChecked(values, "lr", v, v >= 0, "Invalid learning rate: " + v);
            return this;
        }

        /** The decay rates of the running averages of the gradient and of its square. */
        public Options betas(double beta1, double beta2) {
            setChecked(values, "beta1", beta1, beta1 >= 0 && beta1 < 1, "Invalid beta parameter at index 0: " + beta1);
            setChecked(values, "beta2", beta2, beta2 >= 0 && beta2 < 1, "Invalid beta parameter at index 1: " + beta2);
            return this;
        }

        public Options eps(double v) {
            setChecked(values, "eps", v, v >= 0, "Invalid epsilon value: " + v);
            return this;
        }

        public Options weightDecay(double v) {
            setChecked(values, "weightDecay", v, v >= 0, "Invalid weight_decay value: " + v);
            return this;
        }

        /** Normalize by the largest second moment seen so far (Reddi et al.). */
        public Options amsgrad(boolean v) {
            values.put("amsgrad", v ? 1.0 : 0.0);
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
        double lr = g.lr(), beta1 = g.get("beta1"), beta2 = g.get("beta2"), eps = g.get("eps"), wd = g.get("weightDecay");
        boolean amsgrad = g.getBoolean("amsgrad"), maximize = g.getBoolean("maximize");
        for (Tensor p : g.params()) {
            Tensor grad = p.grad();
            if (grad == null) continue;
            if (maximize) grad = grad.neg();
            Map<String, Tensor> s = state(p);
            if (s.isEmpty()) {
                s.put("step", Ember.scalar(0.0)); // a float32 0-d tensor, as PyTorch keeps it
                s.put("exp_avg", Ember.zerosLike(p));
                s.put("exp_avg_sq", Ember.zerosLike(p));
                if (amsgrad) s.put("max_exp_avg_sq", Ember.zerosLike(p));
            }
            Tensor step = s.get("step"), expAvg = s.get("exp_avg"), expAvgSq = s.get("exp_avg_sq");
            step.add_(1.0);
            if (!amsgrad) {
                Fused.adamUpdate_(p, grad, expAvg, expAvgSq, step.item(), lr, beta1, beta2, eps, wd, decoupledWeightDecay);
                continue;
            }
            // amsgrad keeps the running maximum of the second moment: the op-by-op path
            if (wd != 0) {
                if (decoupledWeightDecay) p.mul_(1 - lr * wd);
                else grad = grad.add(p, wd);
            }
            expAvg.mul_(beta1).add_(grad, 1 - beta1);
            expAvgSq.mul_(beta2).add_(grad.mul(1 - beta2).mul(grad)); // addcmul_(grad, grad, value=1 − β₂)
            double t = step.item();
            double biasCorrection1 = 1 - Math.pow(beta1, t), biasCorrection2 = 1 - Math.pow(beta2, t);
            double stepSize = lr / biasCorrection1;
            Tensor max = s.get("max_exp_avg_sq");
            Tensor second = max.copy_(Ember.maximum(max, expAvgSq));
            Tensor denom = second.sqrt().div(Math.sqrt(biasCorrection2)).add_(eps);
            p.add_(expAvg.mul(-stepSize).div(denom)); // addcdiv_(exp_avg, denom, value=−step_size)
        }
    }
}
