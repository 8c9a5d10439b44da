package ember.cli;

import ember.Ember;
import ember.book.Program;
import ember.book.Programs;
import ember.book.Settings;
import ember.d2l.D2l;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ember run <program>}: one program of the book, with a progress bar per epoch and, on request, plots. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one of the book's programs (see `ember list`). Options left out keep the book's settings.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    private EmberCommand ember;

    @Parameters(paramLabel = "<program>", description = "A program's name, e.g. ch3/softmax-regression-concise.")
    private String program;

    @Option(names = "--epochs", paramLabel = "N", description = "Number of epochs.")
    private Integer epochs;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate.")
    private Double lr;

    @Option(names = "--batch-size", paramLabel = "B", description = "Minibatch size.")
    private Integer batchSize;

    @Option(names = "--data", paramLabel = "DIR", description = {"Where the Fashion-MNIST files are (or go).",
            "Default: $EMBER_DATA, ~/.cache/ember, /usr/share/datasets/fashion-mnist, else a download."})
    private Path data;

    @Option(names = "--plot", paramLabel = "FILE.png|.svg", description = {"Draw the training curves (loss, train acc, test acc",
            "per epoch) into FILE; for image classifiers also FILE-predictions.png (true and predicted labels)."})
    private Path plot;

    @Option(names = "--train-limit", paramLabel = "N", description = "Train on the first N examples only (test on N/5): a quick look.")
    private Integer trainLimit;

    @Option(names = "--seed", paramLabel = "S", description = "Seed the random numbers (manualSeed), for a repeatable run.")
    private Long seed;

    @Override
    public Integer call() {
        Program p = Programs.find(program);
        Settings settings = settings();
        if (seed != null) Ember.manualSeed(seed);
        TrainingView view = new TrainingView(ember.out, Terminals.isTerminal(), plot != null);
        D2l.withTrainingListener(view, () -> p.run(settings, ember.out));
        if (plot != null) drawPlots(p, view);
        return 0;
    }

    private Settings settings() {
        Settings s = Settings.defaults();
        if (epochs != null) s = s.withEpochs(positive("--epochs", epochs));
        if (lr != null) {
            if (!(lr > 0) || lr.isInfinite()) throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
            s = s.withLr(lr);
        }
        if (batchSize != null) s = s.withBatchSize(positive("--batch-size", batchSize));
        if (trainLimit != null) s = s.withTrainLimit(positive("--train-limit", trainLimit));
        if (data != null) s = s.withDataDir(data);
        if (plot != null) {
            Charts.formatOf(plot); // refuse a bad extension before training, not after
            s = s.withPlot(plot);
        }
        return s;
    }

    private static int positive(String option, int value) {
        if (value <= 0) throw new IllegalArgumentException(option + " must be positive, got " + value);
        return value;
    }

    private void drawPlots(Program p, TrainingView view) {
        if (view.history().isEmpty()) {
            ember.out.println("(" + p.name() + " reports no training epochs, so there are no curves to plot)");
            return;
        }
        Charts.saveTrainingCurves(view.history(), p.name(), plot);
        ember.out.println("training curves: " + plot);
        if (view.predictions() != null) {
            Path grid = Charts.siblingPng(plot, "-predictions");
            Charts.savePredictions(view.predictions(), grid);
            ember.out.println("predictions: " + grid);
        }
    }

}
