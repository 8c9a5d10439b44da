package ember.nn;

import ember.Tensor;

/** {@code nn.Dropout(p)}: in training, zeroes each element with probability p and scales the rest by 1/(1−p). */
public class Dropout extends Module {
    private final double p;

    /** {@code nn.Dropout()}: p = 0.5. */
    public Dropout() { this(0.5); }

    public Dropout(double p) {
        F.checkDropoutProbability(p);
        this.p = p;
    }

    public double p() { return p; }

    @Override
    public Tensor forward(Tensor x) { return F.dropout(x, p, isTraining()); }

    @Override
    protected String extraRepr() { return "p=" + PythonFloat.repr(p) + ", inplace=False"; }
}
