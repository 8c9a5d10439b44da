package ember.book.ch4;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.FashionData;
import ember.book.Program;
import ember.book.Settings;
import ember.d2l.D2l;
import ember.data.DataLoader;
import ember.nn.CrossEntropyLoss;
import ember.nn.Parameter;
import ember.nn.Reduction;
import ember.optim.SGD;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * d2l 4.2: a multilayer perceptron from scratch on Fashion-MNIST — 784 inputs, 256 hidden ReLU units, 10 outputs,
 * weights N(0, 0.01²), biases 0, CrossEntropyLoss and torch's SGD (lr 0.1, batch 256, 10 epochs).
 */
public final class MlpScratch implements Program {
    @Override public String name() { return "ch4/mlp-scratch"; }

    @Override public String description() { return "A one-hidden-layer MLP from scratch on Fashion-MNIST"; }

    /** The book's relu: max(X, 0) elementwise. */
    static Tensor relu(Tensor x) { return maximum(x, zerosLike(x)); }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        int batchSize = s.batchSizeOr(256), epochs = s.epochsOr(10);
        DataLoader[] data = FashionData.loaders(s, batchSize);
        int numInputs = 784, numOutputs = 10, numHiddens = 256;
        Tensor w1 = Parameter.of(randn(numInputs, numHiddens).mul(0.01));
        Tensor b1 = Parameter.of(zeros(numHiddens));
        Tensor w2 = Parameter.of(randn(numHiddens, numOutputs).mul(0.01));
        Tensor b2 = Parameter.of(zeros(numOutputs));
        List<Tensor> params = List.of(w1, b1, w2, b2);
        Function<Tensor, Tensor> net = x -> {
            Tensor h = relu(x.reshape(-1, numInputs).matmul(w1).add(b1));
            return h.matmul(w2).add(b2);
        };
        CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.NONE);
        SGD updater = new SGD(params, s.lrOr(0.1));
        List<D2l.EpochMetrics> history = D2l.trainCh3(net, data[0], data[1], loss::forward, epochs, updater, out);
        for (String[] p : D2l.predictCh3(net, data[1], 6)) out.println(p[0] + "\n" + p[1]);
        return MlpConcise.lastEpoch(history);
    }
}
