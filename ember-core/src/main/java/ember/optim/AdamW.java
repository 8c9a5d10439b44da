package ember.optim;

import ember.Tensor;
import java.util.List;

/**
 * AdamW (Loshchilov &amp; Hutter): Adam with decoupled weight decay, p = p·(1 − lr·λ) before the Adam step;
 * PyTorch's default λ is 0.01.
 */
public class AdamW extends Adam {
    /** {@code torch.optim.AdamW(params, lr=lr)}. */
    public AdamW(List<Tensor> params, double lr) { this(options().lr(lr), single(params)); }

    public AdamW(List<Tensor> params, Options options) { this(options, single(params)); }

    /** Parameter groups with their own options: {@code new AdamW(AdamW.options().lr(0.1), ParamGroup.of(w), ParamGroup.of(b).option("weightDecay", 0))}. */
    public AdamW(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    private AdamW(Options options, List<ParamGroup> groups) { super(options, groups, true); }

    /** Adam's options with weight decay 0.01. */
    public static Options options() { return new Options(0.01); }
}
