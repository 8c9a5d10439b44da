package ember.book.ch3;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.Program;
import ember.book.Settings;
import ember.d2l.D2l;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** d2l 3.2: linear regression from scratch — synthetic data, a hand-written data iterator, minibatch SGD. */
public final class LinearRegressionScratch implements Program {
    @Override public String name() { return "ch3/linear-regression-scratch"; }

    @Override public String description() { return "Linear regression from scratch: y = Xw + b fitted by minibatch SGD"; }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Tensor trueW = tensor(2, -3.4);
        double trueB = 4.2;
        Tensor[] data = D2l.syntheticData(trueW, trueB, 1000);
        Tensor features = data[0], labels = data[1];
        out.println("features: " + features.get(0) + "\nlabel: " + labels.get(0));

        Tensor w = normal(0, 0.01, 2, 1).requiresGrad_();
        Tensor b = zeros(1).requiresGrad_();
        double lr = s.lrOr(0.03);
        int epochs = s.epochsOr(3), batchSize = s.batchSizeOr(10);
        D2l.TrainingListener listener = D2l.trainingListener();
        for (int epoch = 0; epoch < epochs; epoch++) {
            listener.epochStarted(epoch + 1, epochs, Math.ceilDiv(features.size(0), batchSize));
            for (List<Tensor> batch : dataIter(batchSize, features, labels)) {
                Tensor l = D2l.squaredLoss(D2l.linreg(batch.get(0), w, b), batch.get(1));
                l.sum().backward();
                D2l.sgd(List.of(w, b), lr, batchSize);
                listener.batchFinished();
            }
            try (var g = noGrad()) {
                double trainL = D2l.squaredLoss(D2l.linreg(features, w, b), labels).mean().item();
                listener.epochFinished(new D2l.EpochMetrics(epoch + 1, trainL, Double.NaN, Double.NaN));
                out.printf("epoch %d, loss %f%n", epoch + 1, trainL);
            }
        }
        Tensor wError = trueW.sub(w.reshape(trueW.shape())).detach();
        Tensor bError = b.rsub(trueB).detach();
        out.println("error in estimating w: " + wError);
        out.println("error in estimating b: " + bError);
        return Map.of("wError", wError.abs().max().item(), "bError", bError.abs().max().item());
    }

    /** {@code l.sum()} of the first minibatch, before any update: w ~ N(0, 0.01²) of shape [2, 1], b = 0. */
    @Override
    public Optional<LossGraph> firstLoss(Settings s) {
        Tensor[] data = D2l.syntheticData(tensor(2, -3.4), 4.2, 1000);
        Tensor w = normal(0, 0.01, 2, 1).requiresGrad_();
        Tensor b = zeros(1).requiresGrad_();
        List<Tensor> batch = dataIter(s.batchSizeOr(10), data[0], data[1]).iterator().next();
        Tensor l = D2l.squaredLoss(D2l.linreg(batch.get(0), w, b), batch.get(1)).sum();
        return Optional.of(new LossGraph(l, Map.of("w", w, "b", b)));
    }

    /** The book's {@code data_iter}: shuffled minibatches of (features, labels) by random index. */
    static Iterable<List<Tensor>> dataIter(int batchSize, Tensor features, Tensor labels) {
        int n = features.size(0);
        Tensor order = randperm(n);
        return () -> new java.util.Iterator<>() {
            int i = 0;

            @Override public boolean hasNext() { return i < n; }

            @Override public List<Tensor> next() {
                Tensor idx = order.narrow(0, i, Math.min(batchSize, n - i));
                i += batchSize;
                return List.of(features.get(idx), labels.get(idx));
            }
        };
    }
}
