package ember.nn;

import ember.DType;
import ember.Ember;
import ember.Tensor;
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

    /** Zeroes elements with probability p and scales the survivors by 1/(1−p) when training; identity otherwise. */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0.0);
        Tensor keep = Ember.emptyLike(x.dtype().isFloatingPoint() ? x : x.toFloat()).bernoulli_(1 - p);
        return x.mul(keep).div(1 - p);
    }

    // ---- losses ----

    public static Tensor mseLoss(Tensor input, Tensor target) { return mseLoss(input, target, Reduction.MEAN); }

    /** Mean squared error, (input − target)². */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        checkSameShape("mse_loss", input, target);
        return reduce(input.sub(target).square(), reduction);
    }

    public static Tensor l1Loss(Tensor input, Tensor target) { return l1Loss(input, target, Reduction.MEAN); }

    /** Mean absolute error, |input − target|. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        checkSameShape("l1_loss", input, target);
        return reduce(input.sub(target).abs(), reduction);
    }

    public static Tensor huberLoss(Tensor input, Tensor target) { return huberLoss(input, target, Reduction.MEAN, 1.0); }

    /** Huber loss: ½d² where |d| &lt; δ, else δ(|d| − ½δ). */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        checkSameShape("huber_loss", input, target);
        if (delta <= 0) throw new IllegalArgumentException("huber_loss does not support non-positive values for delta.");
        Tensor d = input.sub(target), ad = d.abs();
        Tensor quadratic = d.square().mul(0.5), linear = ad.sub(0.5 * delta).mul(delta);
        return reduce(Ember.where(ad.lt(delta), quadratic, linear), reduction);
    }

    public static Tensor crossEntropy(Tensor logits, Tensor target) { return crossEntropy(logits, target, Reduction.MEAN, 0.0); }

    /**
     * Cross-entropy of logits [N, C] (or [C]) against INT64 class indices [N] (or 0-d): −log softmax(x)[y], with
     * label smoothing ε mixing in the uniform distribution: −(1−ε)·log p[y] − ε/C·Σ_c log p[c].
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Reduction reduction, double labelSmoothing) {
        if (labelSmoothing < 0 || labelSmoothing > 1)
            throw new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: " + labelSmoothing);
        if (labelSmoothing == 0 && logits.dim() == 2) return Fused.crossEntropy(logits, target, Fused.Reduce.valueOf(reduction.name()));
        Tensor logp = logits.logSoftmax(logits.dim() == 1 ? 0 : 1);
        Tensor nll = nllLoss(logp, target, Reduction.NONE);
        if (labelSmoothing == 0) return reduce(nll, reduction);
        int classes = logits.size(logits.dim() == 1 ? 0 : 1);
        Tensor smooth = logp.sum(logits.dim() == 1 ? 0 : 1).neg().div(classes);
        return reduce(nll.mul(1 - labelSmoothing).add(smooth.mul(labelSmoothing)), reduction);
    }

    public static Tensor nllLoss(Tensor logProbs, Tensor target) { return nllLoss(logProbs, target, Reduction.MEAN); }

    /** Negative log-likelihood: −logProbs[i, target[i]]. */
    public static Tensor nllLoss(Tensor logProbs, Tensor target, Reduction reduction) {
        if (target.dtype() != DType.INT64)
            throw new IllegalArgumentException("expected scalar type Long but found " + target.dtype().shortName()
                    + " (class indices must be INT64; use target.toLong())");
        boolean single = logProbs.dim() == 1;
        Tensor lp = single ? logProbs.unsqueeze(0) : logProbs;
        Tensor t = single ? target.reshape(1) : target;
        if (lp.dim() != 2)
            throw new IllegalArgumentException("nll_loss: expected input of 1 or 2 dimensions (got " + logProbs.dim() + ")");
        if (t.dim() != 1 || t.size(0) != lp.size(0))
            throw new IllegalArgumentException("Expected input batch_size (" + lp.size(0) + ") to match target batch_size ("
                    + (t.dim() == 0 ? 1 : t.size(0)) + ").");
        int classes = lp.size(1);
        if (t.numel() > 0) {
            long lo = t.min().itemLong(), hi = t.max().itemLong();
            if (lo < 0 || hi >= classes)
                throw new IndexOutOfBoundsException("Target " + (lo < 0 ? lo : hi) + " is out of bounds (expected class indices"
                        + " in [0, " + (classes - 1) + "]).");
        }
        Tensor picked = lp.gather(1, t.unsqueeze(1)).squeeze(1).neg();
        return reduce(single ? picked.squeeze(0) : picked, reduction);
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return binaryCrossEntropyWithLogits(logits, target, Reduction.MEAN, null);
    }

    /**
     * Binary cross-entropy on logits, in the stable form max(x, 0) − x·y + log(1 + e^−|x|); {@code posWeight}
     * (may be null) weighs the positive term.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction, Tensor posWeight) {
        checkSameShape("binary_cross_entropy_with_logits", logits, target);
        Tensor softplusNeg = logits.abs().neg().exp().log1p().add(logits.neg().clampMin(0.0)); // log(1 + e^−x), stable
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

    private static void checkSameShape(String op, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape()))
            throw new IllegalArgumentException(op + ": target size " + ember.storage.Shapes.formatSize(target.shape())
                    + " is different from the input size " + ember.storage.Shapes.formatSize(input.shape())
                    + ". Broadcasting is not applied to losses here; reshape one side (e.g. y.reshape(yHat.shape())).");
    }
}
