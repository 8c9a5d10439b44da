package ember.d2l;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.Tensor;
import ember.book.Programs;
import ember.book.Settings;
import ember.data.DataLoader;
import ember.data.TensorDataset;
import ember.nn.CrossEntropyLoss;
import ember.nn.Linear;
import ember.nn.Reduction;
import ember.optim.SGD;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** D2l's training listener: what trainCh3 and the hand-written loops report, and only inside its scope. */
class TrainingListenerTest {
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    static final class Recorder implements D2l.TrainingListener {
        final List<String> events = new ArrayList<>();
        final List<D2l.EpochMetrics> epochs = new ArrayList<>();
        int batches;
        Iterable<List<Tensor>> testIter;

        @Override public void epochStarted(int epoch, int numEpochs, int batches) { events.add("start " + epoch + "/" + numEpochs + " of " + batches); }

        @Override public void batchFinished() { batches++; }

        @Override public void epochFinished(D2l.EpochMetrics m) { epochs.add(m); }

        @Override public void trainingFinished(Function<Tensor, Tensor> net, Iterable<List<Tensor>> testIter) { this.testIter = testIter; }
    }

    @Test
    void trainCh3ReportsEpochsBatchesAndTheEnd() {
        manualSeed(0);
        // 10 examples of 3 features in 2 classes, batches of 4: ⌈10/4⌉ = 3 batches an epoch
        Tensor x = randn(10, 3), y = x.get(":, 0").gt(0).toLong();
        DataLoader train = new DataLoader(new TensorDataset(x, y), 4, true), test = new DataLoader(new TensorDataset(x, y), 4, false);
        Linear net = new Linear(3, 2);
        Recorder r = new Recorder();
        List<D2l.EpochMetrics> history = D2l.withTrainingListener(r, () -> D2l.trainCh3(net::forward, train, test,
                new CrossEntropyLoss(Reduction.NONE)::forward, 2, new SGD(net.parameters(), 0.1), NOWHERE));
        assertEquals(List.of("start 1/2 of 3", "start 2/2 of 3"), r.events);
        assertEquals(6, r.batches);
        assertEquals(history, r.epochs);
        assertSame(test, r.testIter);
    }

    @Test
    void aHandWrittenLoopReportsItsEpochsWithoutAccuracies() {
        manualSeed(0);
        Recorder r = new Recorder();
        D2l.withTrainingListener(r, () -> Programs.find("ch3/linear-regression-scratch").run(Settings.defaults(), NOWHERE));
        // 1000 examples in batches of 10, 3 epochs
        assertEquals(List.of("start 1/3 of 100", "start 2/3 of 100", "start 3/3 of 100"), r.events);
        assertEquals(300, r.batches);
        assertEquals(3, r.epochs.size());
        assertTrue(Double.isNaN(r.epochs.get(0).trainAcc()) && r.epochs.get(2).trainLoss() < 0.001, r.epochs.toString());
    }

    @Test
    void outsideItsScopeNothingIsReported() {
        Recorder r = new Recorder();
        D2l.withTrainingListener(r, () -> 0);
        Programs.find("ch3/linear-regression-scratch").run(Settings.defaults().withEpochs(1), NOWHERE);
        assertEquals(0, r.batches);
    }
}
