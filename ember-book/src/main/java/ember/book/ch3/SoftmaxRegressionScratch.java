package ember.book.ch3;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.FashionData;
import ember.book.Program;
import ember.book.Settings;
import ember.d2l.D2l;
import ember.data.DataLoader;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** d2l 3.6: softmax regression from scratch on Fashion-MNIST (batch 256, lr 0.1, 10 epochs). */
public final class SoftmaxRegressionScratch implements Program {
    @Override public String name() { return "ch3/softmax-regression-scratch"; }

    @Override public String description() { return "Softmax regression from scratch on Fashion-MNIST"; }

    /** The book's softmax: exp(X) / Σ exp(X) per row (not stabilised, as in the book; the concise version is). */
    static Tensor softmax(Tensor x) {
        Tensor e = x.exp();
        return e.div(e.sum(1, true));
    }

    /** −log ŷ[i, y_i], picked with advanced indexing as the book's {@code y_hat[range(len(y_hat)), y]}. */
    static Tensor crossEntropy(Tensor yHat, Tensor y) {
        return yHat.get(arange(yHat.size(0)), y).log().neg();
    }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        int batchSize = s.batchSizeOr(256), epochs = s.epochsOr(10);
        double lr = s.lrOr(0.1);
        DataLoader[] data = FashionData.loaders(s, batchSize);
        Tensor w = normal(0, 0.01, 784, 10).requiresGrad_();
        Tensor b = zeros(10).requiresGrad_();
        java.util.function.Function<Tensor, Tensor> net = x -> softmax(x.reshape(-1, w.size(0)).matmul(w).add(b));
        List<D2l.EpochMetrics> history = D2l.trainCh3(net, data[0], data[1], SoftmaxRegressionScratch::crossEntropy,
                epochs, (D2l.Updater) n -> D2l.sgd(List.of(w, b), lr, n), out);
        D2l.EpochMetrics last = history.get(history.size() - 1);
        for (String[] p : D2l.predictCh3(net, data[1], 6)) out.println(p[0] + "\n" + p[1]);
        return Map.of("trainLoss", last.trainLoss(), "trainAcc", last.trainAcc(), "testAcc", last.testAcc());
    }

    /** {@code l.sum()} of the first training minibatch, before any update. */
    @Override
    public Optional<LossGraph> firstLoss(Settings s) {
        List<Tensor> batch = FashionData.loaders(s, s.batchSizeOr(256))[0].iterator().next();
        Tensor w = normal(0, 0.01, 784, 10).requiresGrad_();
        Tensor b = zeros(10).requiresGrad_();
        Tensor yHat = softmax(batch.get(0).reshape(-1, w.size(0)).matmul(w).add(b));
        return Optional.of(new LossGraph(crossEntropy(yHat, batch.get(1)).sum(), Map.of("W", w, "b", b)));
    }
}
