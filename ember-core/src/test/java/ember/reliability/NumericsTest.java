package ember.reliability;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.Tensor;
import ember.nn.F;
import ember.nn.Reduction;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Float32 inputs up to ±1e4 give no NaN or infinity from softmax, logSoftmax, cross-entropy, logsumexp, sigmoid (and
 * binary cross-entropy on logits), neither in values nor in gradients: a fixed matrix of extremes compared with
 * PyTorch, and a seeded sweep of random matrices checked for finiteness and the identities the functions obey.
 */
class NumericsTest {
    /** Rows: opposite extremes with a zero, three equal maxima, three equal minima, two near-equal large values. */
    static Tensor extremes() {
        return tensor(new double[][]{{1e4, -1e4, 0}, {1e4, 1e4, 1e4}, {-1e4, -1e4, -1e4}, {-1e4, 9999, 1e4}});
    }

    static final Tensor TARGETS = tensor(new long[]{1, 0, 2, 0});

    static void assertValues(double[] expected, Tensor actual, String what) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, what);
        for (int i = 0; i < a.length; i++) {
            assertTrue(Double.isFinite(a[i]), what + ": element " + i + " is " + a[i]);
            assertEquals(expected[i], a[i], 1e-6 + 1e-6 * Math.abs(expected[i]), what + ": element " + i);
        }
    }

    @Test
    void extremesMatchPyTorch() {
        Tensor x = extremes();
        // x.softmax(1).tolist()
        assertValues(new double[]{1, 0, 0, 1 / 3., 1 / 3., 1 / 3., 1 / 3., 1 / 3., 1 / 3., 0, 0.2689414322376251, 0.7310585975646973},
                x.softmax(1), "softmax");
        // x.log_softmax(1).tolist()
        assertValues(new double[]{0, -20000, -10000, -1.0986123085021973, -1.0986123085021973, -1.0986123085021973,
                -1.0986123085021973, -1.0986123085021973, -1.0986123085021973, -20000.3125, -1.31326162815094, -0.31326165795326233},
                x.logSoftmax(1), "logSoftmax");
        // x.logsumexp(1).tolist()
        assertValues(new double[]{10000.0, 10001.0986328125, -9998.9013671875, 10000.3134765625}, x.logsumexp(1), "logsumexp");
        // x.sigmoid().tolist()
        assertValues(new double[]{1, 0, 0.5, 1, 1, 1, 0, 0, 0, 0, 1, 1}, x.sigmoid(), "sigmoid");
        // F.cross_entropy(x, t, reduction='none').tolist() with t = [1, 0, 2, 0]
        assertValues(new double[]{20000, 1.0986123085021973, 1.0986123085021973, 20000.3125},
                F.crossEntropy(x, TARGETS, Reduction.NONE, 0), "crossEntropy");
        // F.cross_entropy(x, t, reduction='none', label_smoothing=0.1).tolist()
        assertValues(new double[]{19000, 1.0986123085021973, 1.0986123085021973, 18667.01171875},
                F.crossEntropy(x, TARGETS, Reduction.NONE, 0.1), "crossEntropy with label smoothing");
        // xr = x.clone().requires_grad_(); F.cross_entropy(xr, t).backward(); xr.grad.tolist()
        Tensor xr = extremes().requiresGrad_();
        F.crossEntropy(xr, TARGETS).backward();
        assertValues(new double[]{0.25, -0.25, 0, -0.1666666716337204, 0.0833333283662796, 0.0833333283662796,
                0.0833333283662796, 0.0833333283662796, -0.1666666716337204, -0.25, 0.06723535805940628, 0.18276464939117432},
                xr.grad(), "crossEntropy gradient");
        // y = [[0, 1, .5], [1, 0, 1], [0, 0, 1], [1, 1, 0]]; F.binary_cross_entropy_with_logits(x, y, reduction='none')
        Tensor y = tensor(new double[][]{{0, 1, .5}, {1, 0, 1}, {0, 0, 1}, {1, 1, 0}});
        assertValues(new double[]{10000, 10000, 0.6931471824645996, 0, 10000, 0, 0, 0, 10000, 10000, 0, 10000},
                F.binaryCrossEntropyWithLogits(x, y, Reduction.NONE, null), "BCE with logits");
        xr = extremes().requiresGrad_();
        F.binaryCrossEntropyWithLogits(xr, y, Reduction.SUM, null).backward();
        assertValues(new double[]{1, -1, 0, 0, 1, 0, 0, 0, -1, -1, 0, 1}, xr.grad(), "BCE with logits gradient");
    }

    /** The bug the differential test found: at logit 0 the gradient was −y where PyTorch gives sigmoid(0) − y. */
    @Test
    void bceWithLogitsGradientAtZeroLogits() {
        // x = torch.tensor([0., 1., -2.], requires_grad=True); y = torch.tensor([0.25, 1., 0.])
        // F.binary_cross_entropy_with_logits(x, y, reduction='sum').backward(); x.grad.tolist()
        Tensor x = tensor(0, 1, -2).requiresGrad_(), y = tensor(0.25, 1, 0);
        F.binaryCrossEntropyWithLogits(x, y, Reduction.SUM, null).backward();
        assertValues(new double[]{0.25, -0.26894140243530273, 0.11920291930437088}, x.grad(), "gradient");
        // ... pos_weight=torch.tensor([2., 2., 2.])
        x.setGrad(null);
        F.binaryCrossEntropyWithLogits(x, y, Reduction.SUM, tensor(2, 2, 2)).backward();
        assertValues(new double[]{0.125, -0.5378828048706055, 0.11920291930437088}, x.grad(), "gradient with pos_weight");
    }

    /** Random float32 matrices reaching ±1e4 (uniform, exact extremes, large near-ties, zeros). */
    static Tensor randomExtremes(Random rng, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (rng.nextInt(5)) {
                case 0 -> (float) (rng.nextDouble() * 2e4 - 1e4);
                case 1 -> rng.nextBoolean() ? 1e4f : -1e4f;
                case 2 -> (rng.nextBoolean() ? 1 : -1) * (1e4f - rng.nextInt(4));
                case 3 -> 0f;
                default -> (float) rng.nextGaussian();
            };
        }
        return fromArray(v, rows, cols);
    }

    static void assertFinite(Tensor t, String what, Tensor input) {
        for (double v : t.toDoubleArray()) if (!Double.isFinite(v)) fail(what + " has " + v + " in " + t + " for input " + input);
    }

    /** Value and gradient of sum(f(x)·w) are finite; returns f(x). */
    static Tensor finiteWithGradient(Tensor x, Function<Tensor, Tensor> f, String what) {
        Tensor leaf = x.clone().requiresGrad_();
        Tensor out = f.apply(leaf);
        assertFinite(out, what, x);
        Tensor w = fromArray(new float[out.numel()], out.shape().length == 0 ? new int[]{1} : out.shape()).reshape(out.shape());
        w.uniform_(-1, 1);
        out.mul(w).sum().backward();
        assertFinite(leaf.grad(), what + " gradient", x);
        return out.detach();
    }

    @Test
    void randomExtremesStayFinite() {
        Random rng = new Random(20261127);
        manualSeed(1);
        for (int trial = 0; trial < 2_000; trial++) {
            int rows = 1 + rng.nextInt(6), cols = 1 + rng.nextInt(8);
            Tensor x = randomExtremes(rng, rows, cols);
            Tensor target = randint(0, cols, rows);
            Tensor probabilities = tensor(new double[rows * cols]).reshape(rows, cols).uniform_(0, 1);
            String where = "trial " + trial;
            Tensor softmax = finiteWithGradient(x, t -> t.softmax(1), "softmax, " + where);
            Tensor logSoftmax = finiteWithGradient(x, t -> t.logSoftmax(1), "logSoftmax, " + where);
            Tensor lse = finiteWithGradient(x, t -> t.logsumexp(1), "logsumexp, " + where);
            Tensor sigmoid = finiteWithGradient(x, Tensor::sigmoid, "sigmoid, " + where);
            double smoothing = trial % 2 == 0 ? 0 : 0.1;
            finiteWithGradient(x, t -> F.crossEntropy(t, target, Reduction.NONE, smoothing), "crossEntropy, " + where);
            finiteWithGradient(x, t -> F.crossEntropy(t, target), "crossEntropy (mean), " + where);
            finiteWithGradient(x, t -> F.binaryCrossEntropyWithLogits(t, probabilities, Reduction.NONE, null), "BCE, " + where);

            // the identities: rows of softmax sum to 1, log-probabilities are ≤ 0, logsumexp lies in [max, max + log n]
            double[] p = softmax.toDoubleArray(), lp = logSoftmax.toDoubleArray(), l = lse.toDoubleArray(), xs = x.toDoubleArray();
            for (int r = 0; r < rows; r++) {
                double sum = 0, max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < cols; c++) {
                    sum += p[r * cols + c];
                    max = Math.max(max, xs[r * cols + c]);
                    assertTrue(lp[r * cols + c] <= 1e-6, where + ": logSoftmax " + lp[r * cols + c] + " > 0");
                }
                assertEquals(1, sum, 1e-5, where + ": softmax row " + r + " sums to " + sum);
                assertTrue(l[r] >= max - 1e-3 && l[r] <= max + Math.log(cols) + 1e-3, where + ": logsumexp " + l[r] + " vs max " + max);
            }
            for (double s : sigmoid.toDoubleArray()) assertTrue(s >= 0 && s <= 1, where + ": sigmoid " + s);
        }
    }
}
