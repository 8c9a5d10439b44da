package ember.d2l;

import static ember.Ember.*;

import ember.DType;
import ember.Tensor;
import ember.data.DataLoader;
import ember.data.FashionMNIST;
import ember.data.TensorDataset;
import ember.nn.Module;
import ember.optim.Optimizer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The helpers of d2l's chapters 2–4 ({@code d2l.torch}), with the book's names in camelCase. */
public final class D2l {
    private D2l() {}

    /** A scratch updater: d2l's {@code updater(batch_size)} for hand-written SGD. */
    @FunctionalInterface
    public interface Updater {
        void step(int batchSize);
    }

    /** y = Xw + b + noise, X ~ N(0, 1) of shape [numExamples, len(w)], noise ~ N(0, 0.01²); returns {X, y[n, 1]}. */
    public static Tensor[] syntheticData(Tensor w, double b, int numExamples) {
        Tensor x = normal(0, 1, numExamples, w.numel());
        Tensor y = x.matmul(w).add(b);
        y = y.add(normal(0, 0.01, y.shape()));
        return new Tensor[]{x, y.reshape(-1, 1)};
    }

    /** A data iterator over tensors (d2l's {@code load_array}): shuffled when training. */
    public static DataLoader loadArray(Tensor[] arrays, int batchSize, boolean isTrain) {
        return new DataLoader(new TensorDataset(arrays), batchSize, isTrain);
    }

    /** The linear regression model Xw + b. */
    public static Tensor linreg(Tensor x, Tensor w, Tensor b) { return x.matmul(w).add(b); }

    /** (ŷ − y)²/2, with y reshaped to ŷ's shape. */
    public static Tensor squaredLoss(Tensor yHat, Tensor y) { return yHat.sub(y.reshape(yHat.shape())).square().div(2.0); }

    /** Minibatch SGD on a list of leaves: p −= lr·p.grad/batchSize, then the gradient is zeroed. */
    public static void sgd(List<Tensor> params, double lr, int batchSize) {
        try (var g = noGrad()) {
            for (Tensor p : params) {
                p.sub_(p.grad().mul(lr / batchSize));
                p.grad().zero_();
            }
        }
    }

    /** The number of correct predictions (d2l's {@code accuracy} returns a count, not a ratio). */
    public static double accuracy(Tensor yHat, Tensor y) {
        Tensor predicted = yHat.dim() > 1 && yHat.size(1) > 1 ? yHat.argmax(1) : yHat;
        return predicted.to(y.dtype()).eq(y).toLong().sum().item();
    }

    /** Accuracy of a model on a dataset, in eval mode for modules. */
    public static double evaluateAccuracy(Function<Tensor, Tensor> net, Iterable<List<Tensor>> data) {
        if (net instanceof Module m) m.eval();
        Accumulator metric = new Accumulator(2);
        try (var g = noGrad()) {
            for (List<Tensor> batch : data) metric.add(accuracy(net.apply(batch.get(0)), batch.get(1)), batch.get(1).numel());
        }
        return metric.get(0) / metric.get(1);
    }

    /** Average loss of a model on a dataset (d2l's {@code evaluate_loss}). */
    public static double evaluateLoss(Function<Tensor, Tensor> net, Iterable<List<Tensor>> data,
                                      BiFunction<Tensor, Tensor, Tensor> loss) {
        Accumulator metric = new Accumulator(2);
        try (var g = noGrad()) {
            for (List<Tensor> batch : data) {
                Tensor out = net.apply(batch.get(0));
                Tensor y = batch.get(1).reshape(out.shape());
                Tensor l = loss.apply(out, y);
                metric.add(l.sum().item(), l.numel());
            }
        }
        return metric.get(0) / metric.get(1);
    }

    /** One epoch of chapter 3's loop with a torch optimizer; returns {train loss, train accuracy}. */
    public static double[] trainEpochCh3(Function<Tensor, Tensor> net, Iterable<List<Tensor>> trainIter,
                                         BiFunction<Tensor, Tensor, Tensor> loss, Optimizer updater) {
        return trainEpoch(net, trainIter, loss, l -> {
            updater.zeroGrad();
            l.mean().backward();
            updater.step();
        }, null);
    }

    /** One epoch with a scratch updater ({@code l.sum().backward(); updater(batchSize)}). */
    public static double[] trainEpochCh3(Function<Tensor, Tensor> net, Iterable<List<Tensor>> trainIter,
                                         BiFunction<Tensor, Tensor, Tensor> loss, Updater updater) {
        return trainEpoch(net, trainIter, loss, l -> l.sum().backward(), updater);
    }

    private static double[] trainEpoch(Function<Tensor, Tensor> net, Iterable<List<Tensor>> trainIter,
                                       BiFunction<Tensor, Tensor, Tensor> loss,
                                       java.util.function.Consumer<Tensor> backwardAndStep, Updater scratch) {
        if (net instanceof Module m) m.train();
        Accumulator metric = new Accumulator(3);
        for (List<Tensor> batch : trainIter) {
            Tensor x = batch.get(0), y = batch.get(1);
            Tensor yHat = net.apply(x);
            Tensor l = loss.apply(yHat, y);
            backwardAndStep.accept(l);
            if (scratch != null) scratch.step(x.size(0));
            trainingListener().batchFinished();
            double lossSum;
            try (var g = noGrad()) {
                lossSum = l.sum().item();
            }
            metric.add(lossSum, accuracy(yHat.detach(), y), y.numel());
        }
        return new double[]{metric.get(0) / metric.get(2), metric.get(1) / metric.get(2)};
    }

    /** Per-epoch metrics of {@link #trainCh3}: {epoch (1-based), train loss, train acc, test acc}; NaN when not measured. */
    public record EpochMetrics(int epoch, double trainLoss, double trainAcc, double testAcc) {}

    /**
     * Watches a training loop from outside the program: the {@code ember} command draws progress bars and the book's
     * Animator curves with it. {@link #trainCh3} reports everything; hand-written loops report to
     * {@link #trainingListener()}. Every method does nothing by default.
     */
    public interface TrainingListener {
        /** Epoch {@code epoch} (1-based) of {@code numEpochs} begins; {@code batches} is -1 when unknown. */
        default void epochStarted(int epoch, int numEpochs, int batches) {}

        /** One minibatch was trained on. */
        default void batchFinished() {}

        default void epochFinished(EpochMetrics metrics) {}

        /** Training ended: the trained model and the test data (for d2l's {@code predict_ch3} picture). */
        default void trainingFinished(Function<Tensor, Tensor> net, Iterable<List<Tensor>> testIter) {}
    }

    private static final TrainingListener SILENT = new TrainingListener() {};
    private static final ScopedValue<TrainingListener> LISTENER = ScopedValue.newInstance();

    /** Runs {@code body} with {@code listener} told about every training loop that {@code body} runs on this thread. */
    public static <T, X extends Throwable> T withTrainingListener(TrainingListener listener,
                                                                  ScopedValue.CallableOp<T, X> body) throws X {
        return ScopedValue.where(LISTENER, listener).call(body);
    }

    /** The listener in scope (one that ignores everything when none is): hand-written training loops report to it. */
    public static TrainingListener trainingListener() { return LISTENER.orElse(SILENT); }

    /** Chapter 3's training loop (with an optimizer), printing one line per epoch; returns the metrics of every epoch. */
    public static List<EpochMetrics> trainCh3(Function<Tensor, Tensor> net, Iterable<List<Tensor>> trainIter,
                                              Iterable<List<Tensor>> testIter, BiFunction<Tensor, Tensor, Tensor> loss,
                                              int numEpochs, Optimizer updater, PrintStream out) {
        return trainLoop(net, trainIter, testIter, numEpochs, out, () -> trainEpochCh3(net, trainIter, loss, updater));
    }

    /** Chapter 3's training loop with a scratch updater. */
    public static List<EpochMetrics> trainCh3(Function<Tensor, Tensor> net, Iterable<List<Tensor>> trainIter,
                                              Iterable<List<Tensor>> testIter, BiFunction<Tensor, Tensor, Tensor> loss,
                                              int numEpochs, Updater updater, PrintStream out) {
        return trainLoop(net, trainIter, testIter, numEpochs, out, () -> trainEpochCh3(net, trainIter, loss, updater));
    }

    private static List<EpochMetrics> trainLoop(Function<Tensor, Tensor> net, Iterable<List<Tensor>> trainIter,
                                                Iterable<List<Tensor>> testIter, int numEpochs, PrintStream out,
                                                java.util.function.Supplier<double[]> epoch) {
        List<EpochMetrics> history = new java.util.ArrayList<>();
        TrainingListener listener = trainingListener();
        int batches = trainIter instanceof DataLoader loader ? loader.size() : -1;
        for (int e = 0; e < numEpochs; e++) {
            listener.epochStarted(e + 1, numEpochs, batches);
            double[] train = epoch.get();
            double testAcc = evaluateAccuracy(net, testIter);
            EpochMetrics m = new EpochMetrics(e + 1, train[0], train[1], testAcc);
            history.add(m);
            listener.epochFinished(m);
            if (out != null)
                out.printf("epoch %d, loss %.3f, train acc %.3f, test acc %.3f%n", m.epoch(), m.trainLoss(), m.trainAcc(), m.testAcc());
        }
        listener.trainingFinished(net, testIter);
        return history;
    }

    /** Fashion-MNIST as two loaders (d2l's {@code load_data_fashion_mnist}); {@code dataDir} may be null. */
    public static DataLoader[] loadDataFashionMnist(int batchSize, Path dataDir) {
        FashionMNIST train = dataDir == null ? FashionMNIST.train() : FashionMNIST.train(dataDir);
        FashionMNIST test = dataDir == null ? FashionMNIST.test() : FashionMNIST.test(dataDir);
        return new DataLoader[]{new DataLoader(train, batchSize, true), new DataLoader(test, batchSize, false)};
    }

    /** Predicted and true text labels of the first n test images (d2l's {@code predict_ch3}, without the picture). */
    public static List<String[]> predictCh3(Function<Tensor, Tensor> net, Iterable<List<Tensor>> testIter, int n) {
        List<Tensor> batch = testIter.iterator().next();
        Tensor x = batch.get(0), y = batch.get(1);
        Tensor predicted;
        try (var g = noGrad()) {
            predicted = net.apply(x).argmax(1);
        }
        List<String> trues = FashionMNIST.textLabels(y), preds = FashionMNIST.textLabels(predicted);
        List<String[]> r = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(n, trues.size()); i++) r.add(new String[]{trues.get(i), preds.get(i)});
        return r;
    }

    /** Float32 zeros that require grad, for scratch parameters. */
    public static Tensor zerosParam(int... shape) { return zeros(DType.FLOAT32, shape).requiresGrad_(); }
}
