package ember.cli;

import static ember.Ember.noGrad;

import ember.Tensor;
import ember.d2l.D2l;
import ember.data.FashionMNIST;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What a learner sees while a program trains: on a terminal a progress bar per epoch (me.tongfei:progressbar), else
 * one plain line per epoch; and what the plots need, collected as training goes (the metrics of every epoch, and
 * d2l's {@code predict_ch3} on the first test images).
 */
final class TrainingView implements D2l.TrainingListener {
    /** d2l's predict_ch3 shows 6 images; a row of 8 fills the picture better and costs nothing. */
    static final int PREDICTIONS = 8;

    private final PrintStream out;
    private final boolean terminal;
    private final boolean collectPredictions;
    private final List<D2l.EpochMetrics> history = new ArrayList<>();
    private Predictions predictions;
    private ProgressBar bar;
    private String epochName;
    private int batchesDone;
    private long epochStart;

    /** The first test images with their true and predicted labels; {@code images} are 28×28 grey values in [0, 1]. */
    record Predictions(List<float[]> images, List<String> trueLabels, List<String> predictedLabels) {}

    TrainingView(PrintStream out, boolean terminal, boolean collectPredictions) {
        this.out = out;
        this.terminal = terminal;
        this.collectPredictions = collectPredictions;
    }

    List<D2l.EpochMetrics> history() { return history; }

    /** Null unless the program trained an image classifier on 28×28 images and plots were asked for. */
    Predictions predictions() { return predictions; }

    @Override
    public void epochStarted(int epoch, int numEpochs, int batches) {
        closeBar();
        epochName = "epoch " + epoch + "/" + numEpochs;
        batchesDone = 0;
        epochStart = System.nanoTime();
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(epochName).setInitialMax(Math.max(batches, 0))
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit(" batches", 1)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(100).build();
        }
    }

    @Override
    public void batchFinished() {
        batchesDone++;
        if (bar != null) bar.step();
    }

    @Override
    public void epochFinished(D2l.EpochMetrics metrics) {
        history.add(metrics);
        if (bar != null) {
            closeBar();
        } else if (epochName != null) {
            out.printf("%s: %d batches in %.1f s%n", epochName, batchesDone, (System.nanoTime() - epochStart) / 1e9);
        }
        epochName = null;
    }

    @Override
    public void trainingFinished(Function<Tensor, Tensor> net, Iterable<List<Tensor>> testIter) {
        closeBar();
        if (!collectPredictions) return;
        List<Tensor> batch = testIter.iterator().next();
        Tensor x = batch.get(0), y = batch.get(1);
        if (x.dim() != 4 || x.size(1) != 1 || x.size(2) != 28 || x.size(3) != 28) return; // not Fashion-MNIST-shaped
        int n = Math.min(PREDICTIONS, x.size(0));
        Tensor predicted;
        try (var g = noGrad()) {
            predicted = net.apply(x).argmax(1);
        }
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < n; i++) images.add(x.select(0, i).toFloatArray());
        predictions = new Predictions(images, FashionMNIST.textLabels(y.narrow(0, 0, n)),
                FashionMNIST.textLabels(predicted.narrow(0, 0, n)));
    }

    private void closeBar() {
        if (bar == null) return;
        bar.close();
        bar = null;
    }
}
