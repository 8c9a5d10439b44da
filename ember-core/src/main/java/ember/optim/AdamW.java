package ember.optim;

import ember.Tensor;
import java.util.List;

/** AdamW (Loshchilov &amp; Hutter): Adam with decoupled weight decay p = p·(1 − lr·λ); PyTorch's default λ = 0.01. */
public class AdamW extends Adam {
    public AdamW(List<Tensor> params, double lr) { this(options().lr(lr), single(params)); }

    public AdamW(List<Tensor> params, Options options) { this(options, single(params)); }

    /** Parameter groups with their own options: {@code new AdamW(AdamW.options().lr(0.1), ParamGroup.of(w).option("weightDecay", 3), ParamGroup.of(b))}. */
    public AdamW(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    private AdamW(Options options, List<ParamGroup> groups) { super(options, groups, true); }

    /** Adam's options with weight decay 0.01. */
    public static Options options() { return new Options(0.01); }
}
