package ember.book.ch3;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.Program;
import ember.book.Settings;
import ember.d2l.D2l;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

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
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (List<Tensor> batch : dataIter(batchSize, features, labels)) {
                Tensor l = D2l.squaredLoss(D2l.linreg(batch.get(0), w, b), batch.get(1));
                l.sum().backward();
                D2l.sgd(List.of(w, b), lr, batchSize);
            }
            try (var g = noGrad()) {
                Tensor trainL = D2l.squaredLoss(D2l.linreg(features, w, b), labels);
                out.printf("epoch %d, loss %f%n", epoch + 1, trainL.mean().item());
            }
        }
        Tensor wError = trueW.sub(w.reshape(trueW.shape())).detach();
        Tensor bError = b.rsub(trueB).detach();
        out.println("error in estimating w: " + wError);
        out.println("error in estimating b: " + bError);
        return Map.of("wError", wError.abs().max().item(), "bError", bError.abs().max().item());
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
