package ember.bench;

import static ember.Ember.*;

import ember.DType;
import ember.Tensor;
import ember.d2l.D2l;
import ember.data.DataLoader;
import ember.data.Dataset;
import ember.data.FashionMNIST;
import ember.data.Subset;
import ember.nn.CrossEntropyLoss;
import ember.nn.Flatten;
import ember.nn.Init;
import ember.nn.Linear;
import ember.nn.ReLU;
import ember.nn.Reduction;
import ember.nn.Sequential;
import ember.optim.SGD;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The workloads the benchmarks time, written once so that the JMH benchmarks, the tests that check them and
 * {@code bench/torch_bench.py} (which mirrors each one in PyTorch under the same name) measure the same thing.
 */
public final class Workloads {
    private Workloads() {}

    /**
     * The matrix products of the book's training loops (batch 256, Fashion-MNIST): C[m, n] = A[m, k]·B[k, n], an
     * operand flagged as transposed being the transposed view of a row-major matrix, as autograd hands it over.
     * Linear layers compute y = x·Wᵀ (forward), dW = gᵀ·x (weight gradient) and dx = g·W (input gradient).
     */
    public enum BookShape {
        SOFTMAX_FORWARD("softmax.forward", 256, 784, 10, false, true),
        SOFTMAX_WEIGHT_GRAD("softmax.weightGrad", 10, 256, 784, true, false),
        FC1_FORWARD("fc1.forward", 256, 784, 256, false, true),
        FC1_WEIGHT_GRAD("fc1.weightGrad", 256, 256, 784, true, false),
        FC2_FORWARD("fc2.forward", 256, 256, 10, false, true),
        FC2_WEIGHT_GRAD("fc2.weightGrad", 10, 256, 256, true, false),
        FC2_INPUT_GRAD("fc2.inputGrad", 256, 10, 256, false, false);

        public final String label;
        public final int m, k, n;
        public final boolean transposeA, transposeB;

        BookShape(String label, int m, int k, int n, boolean transposeA, boolean transposeB) {
            this.label = label;
            this.m = m;
            this.k = k;
            this.n = n;
            this.transposeA = transposeA;
            this.transposeB = transposeB;
        }

        public static BookShape of(String label) {
            for (BookShape s : values()) if (s.label.equals(label)) return s;
            throw new IllegalArgumentException("no book shape named '" + label + "'");
        }

        /** {A, B} filled with N(0, 1) samples, transposed views where the flags say so. */
        public Tensor[] operands(DType dtype) {
            Tensor a = transposeA ? randn(dtype, k, m).t() : randn(dtype, m, k);
            Tensor b = transposeB ? randn(dtype, n, k).t() : randn(dtype, k, n);
            return new Tensor[]{a, b};
        }
    }

    /**
     * The seed's gradient-descent step on a persistent leaf x (x = arange(4.0).requiresGrad_()): y = x·x;
     * loss = (10 − y)²; backward; x −= lr·x.grad under noGrad; x.grad zeroed in place.
     */
    public static final class SeedStep {
        private final Tensor x = arange(4.0).requiresGrad_();
        private final double lr;

        public SeedStep(double lr) { this.lr = lr; }

        public Tensor x() { return x; }

        /** One step; returns the loss (before the update). */
        public Tensor step() {
            Tensor y = x.dot(x);
            Tensor loss = y.rsub(10).pow(2);
            loss.backward();
            try (var g = noGrad()) {
                x.sub_(x.grad().mul(lr));
                x.grad().zero_();
            }
            return loss;
        }
    }

    /** The two concise chapter 3–4 models the targets name. */
    public enum Model { SOFTMAX, MLP }

    /**
     * One of the book's concise training setups (d2l 3.7 softmax regression: Flatten, Linear(784, 10); d2l 4.3 MLP:
     * Flatten, Linear(784, 256), ReLU, Linear(256, 10)), weights N(0, 0.01²), CrossEntropyLoss(reduction='none'),
     * SGD lr 0.1, batch 256, shuffled.
     */
    public static final class Training {
        private final Sequential net;
        private final CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.NONE);
        private final SGD trainer;
        private final DataLoader trainIter;

        public Training(Model model, Dataset train, int batchSize) {
            manualSeed(0);
            net = model == Model.SOFTMAX
                    ? new Sequential(new Flatten(), new Linear(784, 10))
                    : new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 10));
            net.apply(m -> {
                if (m instanceof Linear l) Init.normal_(l.weight(), 0, 0.01);
            });
            trainer = new SGD(net.parameters(), 0.1);
            trainIter = new DataLoader(train, batchSize, true);
        }

        /** One pass over the training set as d2l's train_epoch_ch3; returns {mean loss, accuracy}. */
        public double[] epoch() { return D2l.trainEpochCh3(net, trainIter, loss::forward, trainer); }
    }

    /** The Fashion-MNIST training split, or its first {@code limit} examples when limit is positive. */
    public static Dataset fashionTrain(int limit) {
        FashionMNIST all = FashionMNIST.train();
        if (limit <= 0 || limit >= all.size()) return all;
        return new Subset(all, IntStream.range(0, limit).toArray());
    }

    /** The size of the element-wise benchmarks' operands (the "≥ 1e6 floats"). */
    public static final int LARGE = 1_000_000;

    /** The operands of the element-wise benchmarks: U[0, 1) floats. */
    public static List<Tensor> largeOperands() { return operands(LARGE); }

    /** Two float32 vectors of n uniform values in [0, 1) (seeded): the element-wise ops' operands. */
    public static List<Tensor> operands(int n) {
        manualSeed(0);
        return List.of(rand(n), rand(n));
    }
}
