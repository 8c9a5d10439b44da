package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ember.Ember;
import ember.Tensor;
import ember.data.DataLoader;
import ember.data.TensorDataset;
import ember.nn.CrossEntropyLoss;
import ember.nn.Linear;
import ember.nn.Reduction;
import ember.optim.SGD;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * Lane sums in one order in every JIT tier (Note [Lane sums in a fixed order]), so that a run with a fixed seed repeats
 * bit for bit.
 */
class LaneSumsTest {
    /** Values whose sum depends on the order of the additions: magnitudes from 2⁻²⁰ to 2²⁰, both signs. */
    private static double[] spread(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = (random.nextBoolean() ? 1 : -1) * Math.scalb(1 + random.nextDouble(), random.nextInt(-20, 21));
        return x;
    }

    @Test
    void floatLanesAreAddedHalvesFirst() {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        for (long seed = 0; seed < 200; seed++) {
            double[] values = spread(lanes, seed);
            float[] v = new float[lanes];
            for (int i = 0; i < lanes; i++) v[i] = (float) values[i];
            float sum = LaneSums.sum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, v, 0));
            // lane i + lane i ^ h for h = lanes / 2 … 1, then lane 0
            for (int h = lanes / 2; h >= 1; h /= 2) {
                float[] next = new float[lanes];
                for (int i = 0; i < lanes; i++) next[i] = v[i] + v[i ^ h];
                v = next;
            }
            assertEquals(Float.floatToIntBits(v[0]), Float.floatToIntBits(sum), "seed " + seed);
        }
    }

    @Test
    void doubleLanesAreAddedHalvesFirst() {
        int lanes = DoubleVector.SPECIES_PREFERRED.length();
        for (long seed = 0; seed < 200; seed++) {
            double[] v = spread(lanes, seed);
            double sum = LaneSums.sum(DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, v, 0));
            for (int h = lanes / 2; h >= 1; h /= 2) {
                double[] next = new double[lanes];
                for (int i = 0; i < lanes; i++) next[i] = v[i] + v[i ^ h];
                v = next;
            }
            assertEquals(Double.doubleToLongBits(v[0]), Double.doubleToLongBits(sum), "seed " + seed);
        }
    }

    /*
     * Bits that depend on the JIT tier show only in a JVM whose kernels are not compiled yet, and the other tests of
     * this JVM may have compiled them already: so a fresh JVM runs the checks (RepeatsBitForBit), with this one's
     * module flags and vector-width flags.
     */
    @Test
    void resultsRepeatBitForBitAcrossJitTiers() throws Exception {
        ChildJvm.run(RepeatsBitForBit.class, true, "-Xmx512m");
    }

    /**
     * Run in a fresh JVM: the dot-product path (a transposed B of few columns, as a linear layer's x·Wᵀ) called until
     * the JIT has compiled its kernels, every call compared with the first; then softmax regression trained twice from
     * one seed, the first time from a cold JVM, and its parameters compared. 5 rows × 6 columns run the 4×5 kernel, the
     * 4×1 kernel and one row's single dot products; k = 787 adds a scalar tail. With reduceLanes, calls made after C2
     * compiled the kernels differed from the first in the last bits. Exits 1 with the first difference.
     */
    public static final class RepeatsBitForBit {
        private static final int M = 5, N = 6, K = 787, CALLS = 20_000;

        public static void main(String[] args) {
            float[] a = new float[M * K], w = new float[N * K];
            double[] x = spread(a.length + w.length, 7);
            for (int i = 0; i < a.length; i++) a[i] = (float) x[i];
            for (int i = 0; i < w.length; i++) w[i] = (float) x[a.length + i];
            float[] first = null;
            for (int call = 0; call < CALLS; call++) {
                float[] c = new float[M * N];
                Gemm.sgemm(M, N, K, a, 0, K, 1, w, 0, 1, K, c, 0, N, 1, false);
                if (first == null) first = c;
                else if (!Arrays.equals(first, c))
                    differ("float32 dot products, call " + call, Arrays.toString(c), Arrays.toString(first));
            }
            double[] ad = spread(M * K, 8), wd = spread(N * K, 9), firstD = null;
            for (int call = 0; call < CALLS; call++) {
                double[] c = new double[M * N];
                Gemm.dgemm(M, N, K, ad, 0, K, 1, wd, 0, 1, K, c, 0, N, 1, false);
                if (firstD == null) firstD = c;
                else if (!Arrays.equals(firstD, c))
                    differ("float64 dot products, call " + call, Arrays.toString(c), Arrays.toString(firstD));
            }
            String cold = train(), warm = train();
            if (!cold.equals(warm)) differ("softmax regression trained twice", warm, cold);
            System.out.println("ok");
        }

        /** Softmax regression, three epochs of 1024 random examples: its parameters' and loss sums' bits. */
        private static String train() {
            Ember.manualSeed(0);
            Tensor features = Ember.randn(1024, 784), labels = Ember.randint(0, 10, 1024);
            Linear net = new Linear(784, 10);
            SGD trainer = new SGD(net.parameters(), 0.1);
            CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.NONE);
            StringBuilder bits = new StringBuilder();
            for (int epoch = 0; epoch < 3; epoch++) {
                double total = 0;
                for (List<Tensor> batch : new DataLoader(new TensorDataset(features, labels), 256, true)) {
                    Tensor l = loss.forward(net.forward(batch.get(0)), batch.get(1));
                    trainer.zeroGrad();
                    l.mean().backward();
                    trainer.step();
                    try (var g = Ember.noGrad()) {
                        total += l.sum().item();
                    }
                }
                bits.append(Double.toHexString(total)).append(' ');
            }
            for (float v : net.weight().toFloatArray()) bits.append(Integer.toHexString(Float.floatToRawIntBits(v)));
            for (float v : net.bias().toFloatArray()) bits.append(Integer.toHexString(Float.floatToRawIntBits(v)));
            return bits.toString();
        }

        private static void differ(String what, String now, String before) {
            System.out.println(what + ": " + now + " differs from " + before);
            System.exit(1);
        }
    }
}
