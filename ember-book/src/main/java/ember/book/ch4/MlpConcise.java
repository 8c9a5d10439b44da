package ember.book.ch4;

import ember.book.FashionData;
import ember.book.Program;
import ember.book.Settings;
import ember.d2l.D2l;
import ember.data.DataLoader;
import ember.nn.CrossEntropyLoss;
import ember.nn.Flatten;
import ember.nn.Init;
import ember.nn.Linear;
import ember.nn.ReLU;
import ember.nn.Reduction;
import ember.nn.Sequential;
import ember.optim.SGD;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** d2l 4.3: the same MLP with nn.Sequential(Flatten, Linear(784, 256), ReLU, Linear(256, 10)). */
public final class MlpConcise implements Program {
    @Override public String name() { return "ch4/mlp-concise"; }

    @Override public String description() { return "A one-hidden-layer MLP with nn.Sequential on Fashion-MNIST"; }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Sequential net = new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 10));
        net.apply(MlpConcise::initWeights);
        int batchSize = s.batchSizeOr(256), epochs = s.epochsOr(10);
        CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.NONE);
        SGD trainer = new SGD(net.parameters(), s.lrOr(0.1));
        DataLoader[] data = FashionData.loaders(s, batchSize);
        return lastEpoch(D2l.trainCh3(net, data[0], data[1], loss::forward, epochs, trainer, out));
    }

    /** The book's {@code init_weights}: N(0, 0.01²) weights for every Linear, default biases. */
    static void initWeights(ember.nn.Module m) {
        if (m instanceof Linear l) Init.normal_(l.weight(), 0, 0.01);
    }

    /** The key numbers of a training run: its last epoch's train loss, train accuracy and test accuracy. */
    static Map<String, Double> lastEpoch(List<D2l.EpochMetrics> history) {
        D2l.EpochMetrics last = history.get(history.size() - 1);
        return Map.of("trainLoss", last.trainLoss(), "trainAcc", last.trainAcc(), "testAcc", last.testAcc());
    }
}
