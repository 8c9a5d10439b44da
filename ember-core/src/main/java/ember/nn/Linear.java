package ember.nn;

import ember.Ember;
import ember.Tensor;

/** {@code nn.Linear}: y = x·Wᵀ + b, with W of shape [out, in] initialised as PyTorch does (U(±1/√in)). */
public class Linear extends Module {
    private final int inFeatures, outFeatures;
    private final Tensor weight, bias;

    public Linear(int inFeatures, int outFeatures) { this(inFeatures, outFeatures, true); }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures < 0 || outFeatures < 0)
            throw new IllegalArgumentException("Linear: feature sizes must be non-negative, got " + inFeatures + " and " + outFeatures);
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Ember.empty(outFeatures, inFeatures));
        this.bias = registerParameter("bias", bias ? Ember.empty(outFeatures) : null);
        resetParameters();
    }

    /** PyTorch's reset_parameters: kaiming_uniform_(a=√5) on W (= U(±1/√in)) and U(±1/√in) on b. */
    public void resetParameters() {
        Init.kaimingUniform_(weight, Math.sqrt(5), "fan_in", "leaky_relu");
        if (bias != null) {
            double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
            Init.uniform_(bias, -bound, bound);
        }
    }

    public Tensor weight() { return weight; }

    /** The bias, or null for {@code bias=false}. */
    public Tensor bias() { return bias; }

    public int inFeatures() { return inFeatures; }

    public int outFeatures() { return outFeatures; }

    @Override
    public Tensor forward(Tensor x) { return F.linear(x, weight, bias); }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }
}
