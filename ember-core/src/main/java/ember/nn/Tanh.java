package ember.nn;

import ember.Tensor;

/** {@code nn.Tanh}. */
public class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.tanh(); }
}
