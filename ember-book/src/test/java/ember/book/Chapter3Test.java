package ember.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.Ember;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chapter 3's programs on small settings: each must really learn. The full settings (the book's numbers) are run
 * by the benchmark, not here. Fashion-MNIST comes from Debian's dataset-fashion-mnist (installed by .ci/run).
 */
class Chapter3Test {
    private final Transcript transcript = new Transcript();

    @BeforeEach
    void seed() { Ember.manualSeed(42); }

    @Test
    void linearRegressionScratchRecoversTheTrueParameters() {
        // the book's setting (1000 examples, batch 10, lr 0.03, 3 epochs) is cheap enough to run in full
        Map<String, Double> r = transcript.run("ch3/linear-regression-scratch", Settings.defaults());
        assertTrue(r.get("wError") < 0.01, transcript.printed());
        assertTrue(r.get("bError") < 0.01, transcript.printed());
        assertTrue(transcript.printed().contains("epoch 3, loss 0.0000"), transcript.printed());
    }

    @Test
    void linearRegressionConciseRecoversTheTrueParameters() {
        Map<String, Double> r = transcript.run("ch3/linear-regression-concise", Settings.defaults());
        assertTrue(r.get("wError") < 0.01, transcript.printed());
        assertTrue(r.get("bError") < 0.01, transcript.printed());
    }

    @Test
    void linearRegressionTimesTheLoopAndTheVectorisedAdd() {
        Map<String, Double> r = transcript.run("ch3/linear-regression", Settings.defaults());
        assertTrue(r.get("loopSeconds") > 0 && r.get("vectorisedSeconds") > 0);
        // the N(0, 1) density at its mean is 1/√(2π) = 0.3989
        assertTrue(transcript.printed().contains("mean 0, std 1: density at the mean 0.3989"), transcript.printed());
    }

    @Test
    void theDatasetHasTheBooksSizes() {
        Map<String, Double> r = transcript.run("ch3/image-classification-dataset", Settings.defaults());
        assertEquals(60000, r.get("trainSize"));
        assertEquals(10000, r.get("testSize"));
        assertEquals(235, r.get("batches")); // ⌈60000 / 256⌉
        assertTrue(transcript.printed().contains("(1, 28, 28)"), transcript.printed());
    }

    @Test
    void softmaxRegressionScratchLearns() {
        Map<String, Double> r = Programs.find("ch3/softmax-regression-scratch")
                .run(Settings.defaults().withTrainLimit(3000).withEpochs(2), transcript.out);
        // chance is 0.1 and the initial loss ln 10 = 2.30
        assertTrue(r.get("testAcc") > 0.6, transcript.printed());
        assertTrue(r.get("trainLoss") < 1.3, transcript.printed());
    }

    @Test
    void softmaxRegressionConciseLearns() {
        Map<String, Double> r = Programs.find("ch3/softmax-regression-concise")
                .run(Settings.defaults().withTrainLimit(3000).withEpochs(2), transcript.out);
        assertTrue(r.get("testAcc") > 0.6, transcript.printed());
        assertTrue(r.get("trainLoss") < 1.3, transcript.printed());
    }
}
