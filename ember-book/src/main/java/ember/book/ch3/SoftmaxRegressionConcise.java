package ember.book.ch3;

import ember.Tensor;
import ember.book.FashionData;
import ember.book.Program;
import ember.book.Settings;
import ember.d2l.D2l;
import ember.data.DataLoader;
import ember.nn.CrossEntropyLoss;
import ember.nn.Flatten;
import ember.nn.Init;
import ember.nn.Linear;
import ember.nn.Reduction;
import ember.nn.Sequential;
import ember.optim.SGD;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** d2l 3.7: softmax regression with nn.Sequential(Flatten, Linear(784, 10)) and CrossEntropyLoss. */
public final class SoftmaxRegressionConcise implements Program {
    @Override public String name() { return "ch3/softmax-regression-concise"; }

    @Override public String description() { return "Softmax regression with nn.Linear and CrossEntropyLoss on Fashion-MNIST"; }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        int batchSize = s.batchSizeOr(256), epochs = s.epochsOr(10);
        DataLoader[] data = FashionData.loaders(s, batchSize);
        Sequential net = model();
        CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.NONE);
        SGD trainer = new SGD(net.parameters(), s.lrOr(0.1));
        List<D2l.EpochMetrics> history = D2l.trainCh3(net, data[0], data[1], loss::forward, epochs, trainer, out);
        D2l.EpochMetrics last = history.get(history.size() - 1);
        return Map.of("trainLoss", last.trainLoss(), "trainAcc", last.trainAcc(), "testAcc", last.testAcc());
    }

    /** nn.Sequential(nn.Flatten(), nn.Linear(784, 10)) with weights ~ N(0, 0.01²). */
    private static Sequential model() {
        Sequential net = new Sequential(new Flatten(), new Linear(784, 10));
        net.apply(m -> {
            if (m instanceof Linear l) Init.normal_(l.weight(), 0, 0.01);
        });
        return net;
    }

    /** {@code l.mean()} of the first training minibatch (what the optimizer loop calls backward on). */
    @Override
    public Optional<LossGraph> firstLoss(Settings s) {
        List<Tensor> batch = FashionData.loaders(s, s.batchSizeOr(256))[0].iterator().next();
        Sequential net = model();
        Tensor l = new CrossEntropyLoss(Reduction.NONE).forward(net.forward(batch.get(0)), batch.get(1)).mean();
        return Optional.of(new LossGraph(l, net.namedParameters()));
    }
}
