package ember.book.ch4;

import static ember.Ember.*;

import ember.DType;
import ember.Tensor;
import ember.book.FashionData;
import ember.book.Program;
import ember.book.Settings;
import ember.d2l.D2l;
import ember.data.DataLoader;
import ember.nn.CrossEntropyLoss;
import ember.nn.Dropout;
import ember.nn.Flatten;
import ember.nn.Linear;
import ember.nn.Module;
import ember.nn.ReLU;
import ember.nn.Reduction;
import ember.nn.Sequential;
import ember.optim.SGD;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * d2l 4.6: dropout. A scratch {@code dropout_layer} (shown on a 2×8 matrix with p = 0, 0.5 and 1), a two-hidden-layer
 * MLP (784-256-256-10) that applies it after each hidden layer while training (p 0.2, then 0.5), and the same network
 * with nn.Dropout; lr 0.5, batch 256, 10 epochs.
 */
public final class DropoutProgram implements Program {
    @Override public String name() { return "ch4/dropout"; }

    @Override public String description() { return "Dropout from scratch and with nn.Dropout in a two-hidden-layer MLP"; }

    static final double DROPOUT1 = 0.2, DROPOUT2 = 0.5;

    /**
     * The book's {@code dropout_layer}: zeroes each element with probability p and scales the others by 1/(1 − p), so
     * the expectation is unchanged; p = 1 drops everything, p = 0 returns X itself.
     */
    public static Tensor dropoutLayer(Tensor x, double dropout) {
        if (dropout < 0 || dropout > 1)
            throw new IllegalArgumentException("dropout_layer: the dropout probability must be in [0, 1], got " + dropout);
        if (dropout == 1) return zerosLike(x);
        if (dropout == 0) return x;
        Tensor mask = rand(x.shape()).gt(dropout).toFloat();
        return mask.mul(x).div(1.0 - dropout);
    }

    /** The book's scratch {@code Net}: dropout after each hidden layer, only while training. */
    static final class Net extends Module {
        private final int numInputs;
        private final Linear lin1, lin2, lin3;
        private final ReLU relu;

        Net(int numInputs, int numOutputs, int numHiddens1, int numHiddens2) {
            this.numInputs = numInputs;
            lin1 = registerModule("lin1", new Linear(numInputs, numHiddens1));
            lin2 = registerModule("lin2", new Linear(numHiddens1, numHiddens2));
            lin3 = registerModule("lin3", new Linear(numHiddens2, numOutputs));
            relu = registerModule("relu", new ReLU());
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h1 = relu.forward(lin1.forward(x.reshape(-1, numInputs)));
            if (isTraining()) h1 = dropoutLayer(h1, DROPOUT1);
            Tensor h2 = relu.forward(lin2.forward(h1));
            if (isTraining()) h2 = dropoutLayer(h2, DROPOUT2);
            return lin3.forward(h2);
        }
    }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Tensor x = arange(DType.FLOAT32, 0, 16, 1).reshape(2, 8);
        out.println(x);
        out.println(dropoutLayer(x, 0.0));
        out.println(dropoutLayer(x, 0.5));
        out.println(dropoutLayer(x, 1.0));

        int epochs = s.epochsOr(10), batchSize = s.batchSizeOr(256);
        double lr = s.lrOr(0.5);
        CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.NONE);
        DataLoader[] data = FashionData.loaders(s, batchSize);

        out.println("from scratch:");
        Net scratch = new Net(784, 10, 256, 256);
        Map<String, Double> r = new LinkedHashMap<>();
        D2l.EpochMetrics last = train(scratch, data, loss, epochs, lr, out);
        r.put("scratchTrainLoss", last.trainLoss());
        r.put("scratchTestAcc", last.testAcc());

        out.println("with nn.Dropout:");
        Sequential concise = new Sequential(new Flatten(),
                new Linear(784, 256), new ReLU(), new Dropout(DROPOUT1),
                new Linear(256, 256), new ReLU(), new Dropout(DROPOUT2),
                new Linear(256, 10));
        concise.apply(MlpConcise::initWeights);
        last = train(concise, data, loss, epochs, lr, out);
        r.put("conciseTrainLoss", last.trainLoss());
        r.put("conciseTestAcc", last.testAcc());
        return r;
    }

    private static D2l.EpochMetrics train(Module net, DataLoader[] data, CrossEntropyLoss loss, int epochs, double lr,
                                          PrintStream out) {
        SGD trainer = new SGD(net.parameters(), lr);
        var history = D2l.trainCh3(net, data[0], data[1], loss::forward, epochs, trainer, out);
        return history.get(history.size() - 1);
    }
}
