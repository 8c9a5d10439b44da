package ember.book;

import java.nio.file.Path;

/**
 * What a run may change: epochs, learning rate, batch size, where the data is, where to draw the plot, and (for tests
 * and quick looks) how many training examples to use. A field left at its "unset" value keeps the program's default.
 */
public record Settings(int epochs, double lr, int batchSize, Path dataDir, Path plot, int trainLimit) {
    /** Nothing overridden. */
    public static Settings defaults() { return new Settings(0, Double.NaN, 0, null, null, 0); }

    public Settings withEpochs(int e) { return new Settings(e, lr, batchSize, dataDir, plot, trainLimit); }

    public Settings withLr(double v) { return new Settings(epochs, v, batchSize, dataDir, plot, trainLimit); }

    public Settings withBatchSize(int b) { return new Settings(epochs, lr, b, dataDir, plot, trainLimit); }

    public Settings withDataDir(Path d) { return new Settings(epochs, lr, batchSize, d, plot, trainLimit); }

    public Settings withPlot(Path p) { return new Settings(epochs, lr, batchSize, dataDir, p, trainLimit); }

    /** Train on the first n examples only (and test on the first n/5): for integration tests. */
    public Settings withTrainLimit(int n) { return new Settings(epochs, lr, batchSize, dataDir, plot, n); }

    public int epochsOr(int dflt) { return epochs > 0 ? epochs : dflt; }

    public double lrOr(double dflt) { return Double.isNaN(lr) ? dflt : lr; }

    public int batchSizeOr(int dflt) { return batchSize > 0 ? batchSize : dflt; }
}
