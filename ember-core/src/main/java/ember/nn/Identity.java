package ember.nn;

import ember.Tensor;

/** {@code nn.Identity}. */
public class Identity extends Module {
    @Override
    public Tensor forward(Tensor x) { return x; }
}
