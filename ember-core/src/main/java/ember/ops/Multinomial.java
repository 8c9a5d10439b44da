package ember.ops;

import ember.DType;
import ember.Generator;
import ember.Tensor;
import ember.storage.LongStorage;
import java.util.Arrays;
import java.util.Comparator;

/**
 * {@code torch.multinomial}: indices drawn from the categorical distributions in the rows of a weight tensor, with
 * PyTorch's two CPU algorithms, so a seeded generator gives PyTorch's indices.
 * <ul>
 * <li>Without replacement: an exponential race. q ~ Exp(1) is drawn for every weight (row-major,
 * each as {@code -log(1 - u)} from a float64 uniform, rounded to the weights' dtype); the winners are the largest
 * {@code p / q} of each row, in decreasing order (PyTorch's argmax for one draw, sorted top-k for several).</li>
 * <li>With replacement: per row, the cumulative sums of the weights in the weights' dtype, divided by
 * their total, the last one set to 1; each draw is a float64 uniform located by binary search (the first bucket whose
 * cumulative probability is not below it).</li>
 * </ul>
 * This is PyTorch 1.13's split (the reference here); later releases also race a single draw with replacement, so
 * their {@code multinomial(p, 1, true)} differs. Weights need not sum to 1; they must be finite and non-negative with
 * a positive sum in every row.
 */
public final class Multinomial {
    private Multinomial() {}

    /** Returns int64 indices of shape [numSamples] for a 1-D input, [rows, numSamples] for a 2-D one. */
    public static Tensor multinomial(Tensor probs, int numSamples, boolean replacement, Generator g) {
        if (probs.dim() < 1 || probs.dim() > 2)
            throw new IllegalArgumentException("prob_dist must be 1 or 2 dim (multinomial: got a tensor of shape "
                    + Arrays.toString(probs.shape()) + ")");
        if (!probs.dtype().isFloatingPoint())
            throw new IllegalArgumentException("multinomial only supports floating-point dtypes for input, got: "
                    + probs.dtype().shortName() + " (convert the weights with toFloat())");
        if (numSamples <= 0) throw new IllegalArgumentException("cannot sample n_sample <= 0 samples (multinomial: got " + numSamples + ")");
        int categories = probs.size(-1), rows = probs.dim() == 2 ? probs.size(0) : 1;
        if (!replacement && numSamples > categories)
            throw new IllegalArgumentException("cannot sample n_sample > prob_dist.size(-1) samples without replacement"
                    + " (multinomial: " + numSamples + " samples from " + categories + " categories; pass replacement=true)");
        if (categories > 1 << 24) throw new IllegalArgumentException("number of categories cannot exceed 2^24");

        boolean float32 = probs.dtype() == DType.FLOAT32;
        double[] weights = probs.toDoubleArray();
        Tensor result = Creation.empty(DType.INT64, probs.dim() == 2 ? new int[]{rows, numSamples} : new int[]{numSamples});
        long[] out = ((LongStorage) result.storage()).data;
        Generator r = g == null ? Generator.global() : g;
        synchronized (r) {
            if (!replacement) race(weights, rows, categories, numSamples, float32, r, out);
            else withReplacement(weights, rows, categories, numSamples, float32, r, out);
        }
        return result;
    }

    private static void race(double[] w, int rows, int categories, int numSamples, boolean float32, Generator r, long[] out) {
        for (int i = 0; i < w.length; i++)
            if (!(w[i] >= 0 && w[i] < Double.POSITIVE_INFINITY))
                throw new IllegalArgumentException("probability tensor contains either `inf`, `nan` or element < 0");
        for (int row = 0; row < rows; row++) {
            double sum = 0;
            for (int j = 0; j < categories; j++) sum += w[row * categories + j];
            if (sum == 0) throw new IllegalArgumentException("invalid multinomial distribution (sum of probabilities <= 0)");
        }
        double[] key = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double q = -Math.log(1.0 - r.nextDouble());
            key[i] = float32 ? (float) w[i] / (float) q : w[i] / q;
        }
        for (int row = 0; row < rows; row++) {
            int base = row * categories;
            Integer[] order = new Integer[categories];
            for (int j = 0; j < categories; j++) order[j] = j;
            // largest key first; NaN counts as the largest, as in PyTorch's argmax and topk; ties keep index order
            Arrays.sort(order, Comparator.comparingDouble((Integer j) -> key[base + j]).reversed());
            for (int s = 0; s < numSamples; s++) out[row * numSamples + s] = order[s];
        }
    }

    private static void withReplacement(double[] w, int rows, int categories, int numSamples, boolean float32,
                                        Generator r, long[] out) {
        double[] cumulative = new double[categories];
        for (int row = 0; row < rows; row++) {
            double sum = 0;
            for (int j = 0; j < categories; j++) {
                double v = w[row * categories + j];
                if (!(v >= 0))
                    throw new IllegalArgumentException("invalid multinomial distribution (encountering probability entry < 0)");
                if (v == Double.POSITIVE_INFINITY)
                    throw new IllegalArgumentException("invalid multinomial distribution (encountering probability entry = infinity or NaN)");
                sum = float32 ? (float) sum + (float) v : sum + v;
                cumulative[j] = sum;
            }
            if (!(sum > 0)) throw new IllegalArgumentException("invalid multinomial distribution (sum of probabilities <= 0)");
            for (int j = 0; j < categories; j++) cumulative[j] = float32 ? (float) cumulative[j] / (float) sum : cumulative[j] / sum;
            cumulative[categories - 1] = 1;
            for (int s = 0; s < numSamples; s++) {
                double u = r.nextDouble();
                int left = 0, right = categories;
                while (left < right) {
                    int mid = left + (right - left) / 2;
                    if (cumulative[mid] < u) left = mid + 1;
                    else right = mid;
                }
                out[row * numSamples + s] = left;
            }
        }
    }
}
