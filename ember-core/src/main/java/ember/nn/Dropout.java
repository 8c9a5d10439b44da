package ember.nn;

import ember.Tensor;

/** {@code nn.Dropout(p)}: in training, zeroes each element with probability p and scales the rest by 1/(1−p). */
public class Dropout extends Module {
    private final double p;

    public Dropout(double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        this.p = p;
    }

    @Override
    public Tensor forward(Tensor x) { return F.dropout(x, p, isTraining()); }

    @Override
    protected String extraRepr() { return "p=" + p + ", inplace=False"; }
}
