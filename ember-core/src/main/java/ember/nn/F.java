package ember.nn;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import ember.storage.Shapes;
import ember.ops.Fused;
import java.util.Arrays;

/** {@code torch.nn.functional}: the stateless forms of layers and losses. */
public final class F {
    private F() {}

    public static Tensor relu(Tensor x) { return x.relu(); }

    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }

    public static Tensor tanh(Tensor x) { return x.tanh(); }

    public static Tensor softmax(Tensor x, int dim) { return x.softmax(dim); }

    public static Tensor logSoftmax(Tensor x, int dim) { return x.logSoftmax(dim); }

    public static Tensor flatten(Tensor x) { return x.flatten(1, -1); }

    /** y = x·Wᵀ + b for W of shape [out, in]; b may be null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (x.size(-1) != weight.size(1))
            throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (" + matrixShape(x) + " and "
                    + weight.size(1) + "x" + weight.size(0) + ")");
        return Fused.linear(x, weight, bias);
    }

    private static String matrixShape(Tensor x) {
        int rows = x.dim() < 2 ? 1 : x.numel() / Math.max(1, x.size(-1));
        return rows + "x" + x.size(-1);
    }

    /** {@code F.dropout(x, p)}: training defaults to true, as in PyTorch. */
    public static Tensor dropout(Tensor x, double p) { return dropout(x, p, true); }

    /**
     * Zeroes elements with probability p and scales the survivors by 1/(1−p) when training; identity otherwise. The
     * mask is drawn as PyTorch's CPU dropout draws it, so it is the same after the same {@code manualSeed}: a noise
     * tensor filled by {@code bernoulli_(1 − p)} (one draw per element, in order), divided by 1 − p, times x.
     */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        checkDropoutProbability(p);
        if (!x.dtype().isFloatingPoint())
            throw new IllegalArgumentException("dropout: expected a floating point tensor, got " + x.dtype().torchName()
                    + ". Hint: x.toFloat()");
        if (!training || p == 0 || x.numel() == 0) return x;
        if (p == 1) return x.mul(Ember.zeros(x.dtype()));
        Tensor noise = Ember.emptyLike(x).bernoulli_(1 - p).div_(1 - p);
        return x.mul(noise);
    }

    static void checkDropoutProbability(double p) {
        if (!(p >= 0 && p <= 1))
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + PythonFloat.repr(p));
    }

    // ---- losses ----

    public static Tensor mseLoss(Tensor input, Tensor target) { return mseLoss(input, target, Reduction.MEAN); }

    /** Mean squared error, (input − target)². */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        checkSameShape("mse_loss", input, target);
        return reduce(input.sub(target).square(), reduction);
    }

    public static Tensor l1Loss(Tensor input, Tensor target) { return l1Loss(input, target, Reduction.MEAN); }

    /** Mean absolute error, |input − target| (its gradient at a zero difference is 0, as PyTorch's). */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        checkSameShape("l1_loss", input, target);
        return reduce(input.sub(target).abs(), reduction);
    }

    public static Tensor huberLoss(Tensor input, Tensor target) { return huberLoss(input, target, Reduction.MEAN, 1.0); }

    /** Huber loss of d = input − target: ½d² where |d| &lt; δ, else δ(|d| − ½δ). */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        checkSameShape("huber_loss", input, target);
        if (!(delta > 0)) throw new IllegalArgumentException("huber_loss does not support non-positive values for delta.");
        // ½d² where |d| ≤ δ (and where d is NaN), δ(|d| − ½δ) elsewhere, each piece fed only its own elements: then the
        // gradient is PyTorch's clamp(d, −δ, δ)·g term for term -- finite at an infinite d, NaN at a NaN one, and no
        // 0·∞ or ∞ − ∞ from the unused piece even when g itself is infinite
        Tensor d = input.sub(target);
        Tensor quadratic = d.abs().gt(delta).logicalNot();
        Tensor inner = Ember.where(quadratic, d, 0.0), outer = Ember.where(quadratic, delta, d);
        return reduce(Ember.where(quadratic, inner.square().mul(0.5), outer.abs().sub(0.5 * delta).mul(delta)), reduction);
    }

    public static Tensor crossEntropy(Tensor logits, Tensor target) { return crossEntropy(logits, target, Reduction.MEAN, 0.0); }

    public static Tensor crossEntropy(Tensor logits, Tensor target, Reduction reduction) {
        return crossEntropy(logits, target, reduction, 0.0);
    }

    /**
     * Cross-entropy of logits [N, C] (or [C]) against INT64 class indices [N] (or 0-d): −log softmax(x)[y], computed
     * as log-softmax (x − max − log Σe^(x−max): finite for logits of any size) and negative log-likelihood. Label
     * smoothing ε mixes in the uniform distribution, in PyTorch's order: (1−ε)·nll + reduce(−Σ_c log p[c])·ε/C.
     * A floating target of the logits' shape holds class probabilities instead: −Σ_c q[c]·log p[c] per example
     * (smoothed to q·(1−ε) + ε/C), the mean dividing by the number of examples.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Reduction reduction, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: " + PythonFloat.repr(labelSmoothing));
        if (logits.dim() == 0)
            throw new IllegalArgumentException("cross_entropy: expected logits of shape [C] or [N, C], got a 0-d tensor");
        int classDim = logits.dim() == 1 ? 0 : 1;
        int classes = logits.size(classDim);
        if (labelSmoothing == 0 && logits.dim() == 2 && target.dtype() == DType.INT64)
            return Fused.crossEntropy(logits, target, Fused.Reduce.valueOf(reduction.name()));
        Tensor logp = logits.logSoftmax(classDim);
        if (target.dtype().isFloatingPoint() && Arrays.equals(target.shape(), logits.shape())) {
            Tensor q = labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / classes) : target;
            Tensor product = logp.mul(q);
            return switch (reduction) {
                case NONE -> product.sum(classDim).neg();
                case SUM -> product.sum().neg();
                case MEAN -> product.sum().neg().div(logits.numel() / classes);
            };
        }
        Tensor nll = nllLoss(logp, target, reduction);
        if (labelSmoothing == 0) return nll;
        Tensor smooth = reduce(logp.sum(classDim).neg(), reduction);
        return nll.mul(1 - labelSmoothing).add(smooth.mul(labelSmoothing / classes));
    }

    public static Tensor nllLoss(Tensor logProbs, Tensor target) { return nllLoss(logProbs, target, Reduction.MEAN); }

    /** Negative log-likelihood of log-probabilities [N, C] (or [C]) at INT64 class indices [N] (or 0-d). */
    public static Tensor nllLoss(Tensor logProbs, Tensor target, Reduction reduction) {
        if (target.dtype() != DType.INT64)
            throw new IllegalArgumentException("expected scalar type Long but found " + target.dtype().shortName()
                    + " (class indices must be INT64; use target.toLong())");
        if (logProbs.dim() == 0 || logProbs.dim() > 2)
            throw new IllegalArgumentException("nll_loss: input tensor should be 1D or 2D (got " + logProbs.dim()
                    + " dimensions: " + Shapes.formatSize(logProbs.shape()) + ")");
        if (target.dim() > 1)
            throw new IllegalArgumentException("0D or 1D target tensor expected, multi-target not supported (got target of shape "
                    + Shapes.formatSize(target.shape()) + ")");
        boolean single = logProbs.dim() == 1;
        if (!single && (target.dim() == 0 || target.size(0) != logProbs.size(0)))
            throw new IllegalArgumentException("Expected input batch_size (" + logProbs.size(0) + ") to match target batch_size ("
                    + (target.dim() == 0 ? 1 : target.size(0)) + ").");
        if (single && target.dim() != 0)
            throw new IllegalArgumentException("size mismatch (got input: " + Arrays.toString(logProbs.shape()) + ", target: "
                    + Arrays.toString(target.shape()) + "). Hint: a single example's class index is a 0-d tensor, scalarLong(c)");
        int classes = logProbs.size(-1);
        if (target.numel() > 0) {
            long lo = target.min().itemLong(), hi = target.max().itemLong();
            if (lo < 0 || hi >= classes)
                throw new IndexOutOfBoundsException("Target " + (lo < 0 ? lo : hi) + " is out of bounds. (class indices must be"
                        + " in [0, " + (classes - 1) + "])");
        }
        Tensor picked = single
                ? logProbs.gather(0, target.reshape(1)).reshape().neg()
                : logProbs.gather(1, target.unsqueeze(1)).squeeze(1).neg();
        return reduce(picked, reduction);
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return binaryCrossEntropyWithLogits(logits, target, Reduction.MEAN, null);
    }

    /**
     * Binary cross-entropy on logits, as (1 − y)·x + log(1 + e^−x) with the softplus computed stably; {@code posWeight}
     * (may be null) weighs the positive term.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction, Tensor posWeight) {
        if (!Arrays.equals(logits.shape(), target.shape()))
            throw new IllegalArgumentException("Target size (" + Shapes.formatSize(target.shape())
                    + ") must be the same as input size (" + Shapes.formatSize(logits.shape()) + ")");
        // log(1 + e^−x): log1p(e^−x) for x ≥ 0 and −x + log1p(eˣ) otherwise, each branch fed only its own side of x (0
        // elsewhere) so that neither meets an overflow or an infinity. The gradient is −sigmoid(−x) everywhere, as
        // PyTorch's: ½ at x = 0 (where max(−x, 0) + log1p(e^−|x|) has kinks whose subgradients add up to 1), finite
        // at ±∞, and NaN at a NaN logit, which the second branch receives.
        Tensor nonNegative = logits.ge(0.0);
        Tensor positive = Ember.where(nonNegative, logits, 0.0), negative = Ember.where(nonNegative, 0.0, logits);
        Tensor softplusNeg = Ember.where(nonNegative, positive.neg().exp().log1p(), negative.exp().log1p().sub(negative));
        Tensor loss;
        if (posWeight == null) {
            loss = logits.mul(target.rsub(1.0)).add(softplusNeg);
        } else {
            Tensor w = posWeight.sub(1.0).mul(target).add(1.0);
            loss = logits.mul(target.rsub(1.0)).add(w.mul(softplusNeg));
        }
        return reduce(loss, reduction);
    }

    static Tensor reduce(Tensor perElement, Reduction reduction) {
        return switch (reduction) {
            case NONE -> perElement;
            case SUM -> perElement.sum();
            case MEAN -> perElement.mean();
        };
    }

    /**
     * PyTorch only warns here and broadcasts, which silently computes a different loss (the classic [N, 1] vs [N]
     * mistake gives an [N, N] matrix); Ember refuses instead.
     */
    private static void checkSameShape(String op, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape()))
            throw new IllegalArgumentException(op + ": Using a target size (" + Shapes.formatSize(target.shape())
                    + ") that is different to the input size (" + Shapes.formatSize(input.shape()) + ") would lead to"
                    + " incorrect results due to broadcasting. Please ensure they have the same size, e.g."
                    + " y.reshape(yHat.shape()).");
    }
}
