package ember.nn;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.Tensor;
import org.junit.jupiter.api.Test;

/** Loss modules on hand-derived values, numerical stability at extreme logits, and PyTorch's messages for bad input. */
class LossTest {
    @Test
    void crossEntropyOfEqualLogitsIsLogC() {
        // logits all 0 over C = 2 classes: −log(1/2) = ln 2 for every example
        Tensor loss = new CrossEntropyLoss(Reduction.NONE).forward(zeros(3, 2), tensor(new long[]{0, 1, 1}));
        assertArrayEquals(new float[]{(float) Math.log(2), (float) Math.log(2), (float) Math.log(2)}, loss.toFloatArray(), 1e-7f);
        assertEquals(Math.log(2), new CrossEntropyLoss().forward(zeros(3, 2), tensor(new long[]{0, 1, 1})).item(), 1e-7);
        assertEquals(3 * Math.log(2), new CrossEntropyLoss(Reduction.SUM).forward(zeros(3, 2), tensor(new long[]{0, 1, 1})).item(), 1e-6);
    }

    @Test
    void crossEntropyIsFiniteForHugeLogits() {
        // logits [1000, −1000], class 1: −log softmax = 2000 exactly (log Σ = 1000 + log(1 + e^−2000) = 1000);
        // gradient softmax − onehot = [1, −1]
        Tensor logits = tensor(new double[][]{{1000, -1000}}).requiresGrad_();
        Tensor loss = F.crossEntropy(logits, tensor(new long[]{1}));
        assertEquals(2000, loss.item());
        loss.backward();
        assertArrayEquals(new float[]{1, -1}, logits.grad().toFloatArray());
    }

    @Test
    void labelSmoothingMixesInTheUniformDistribution() {
        // C = 2, logits 0: log p = −ln 2 everywhere, so (1−ε)·ln 2 + ε/2·(2 ln 2) = ln 2 for any ε
        assertEquals(Math.log(2), new CrossEntropyLoss(Reduction.MEAN, 0.3).forward(zeros(2, 2), tensor(new long[]{0, 1})).item(), 1e-7);
        // logits [0, ln 3] → p = [1/4, 3/4], class 1, ε = 0.2: 0.8·(−ln ¾) + 0.1·(−ln ¼ − ln ¾)
        double expected = 0.8 * -Math.log(0.75) + 0.1 * (-Math.log(0.25) - Math.log(0.75));
        Tensor logits = tensor(0, Math.log(3));
        assertEquals(expected, F.crossEntropy(logits, scalarLong(1), Reduction.MEAN, 0.2).item(), 1e-6);
    }

    @Test
    void singleExampleTakesAZeroDimTarget() {
        // logits [C] with a 0-d target gives a 0-d loss, as torch.nn.functional.cross_entropy(x[0], torch.tensor(3))
        Tensor loss = F.crossEntropy(tensor(0, 0, 0), scalarLong(2), Reduction.NONE, 0);
        assertEquals(0, loss.dim());
        assertEquals(Math.log(3), loss.item(), 1e-6);
    }

    @Test
    void nllLossPicksTheTargetColumn() {
        // −[logp[0, 2], logp[1, 0]] = [3, 1]
        Tensor logp = tensor(new double[][]{{-9, -8, -3}, {-1, -2, -4}});
        assertArrayEquals(new float[]{3, 1}, new NLLLoss(Reduction.NONE).forward(logp, tensor(new long[]{2, 0})).toFloatArray());
        assertEquals(2, new NLLLoss().forward(logp, tensor(new long[]{2, 0})).item());
    }

    @Test
    void classIndexErrorsAreTorchs() {
        Tensor x = zeros(4, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(x, tensor(new long[]{1, 2, 3})));
        assertEquals("Expected input batch_size (4) to match target batch_size (3).", e.getMessage());
        var oob = assertThrows(IndexOutOfBoundsException.class, () -> F.crossEntropy(x, tensor(new long[]{1, 2, 3, 7})));
        assertTrue(oob.getMessage().startsWith("Target 7 is out of bounds."), oob.getMessage());
        oob = assertThrows(IndexOutOfBoundsException.class, () -> F.crossEntropy(x, tensor(new long[]{1, 2, 3, -1})));
        assertTrue(oob.getMessage().startsWith("Target -1 is out of bounds."), oob.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(x, tensor(1, 2, 3, 1)));
        assertTrue(e.getMessage().startsWith("expected scalar type Long but found Float"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(zeros(5), tensor(new long[]{1})));
        assertTrue(e.getMessage().startsWith("size mismatch (got input: [5], target: [1])"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(x, tensor(new long[]{1, 2, 3, 1}), Reduction.MEAN, 1.5));
        assertEquals("label_smoothing must be between 0.0 and 1.0. Got: 1.5", e.getMessage());
    }

    @Test
    void bceWithLogitsIsStableAndItsGradientIsSigmoidMinusTarget() {
        // d/dx [BCE(σ(x), y)] = σ(x) − y: at x = 0 that is 0.5 − y; at ±1000 it is 1 − y or −y, and the loss is finite
        Tensor x = tensor(0, 0, 1000, -1000).requiresGrad_();
        Tensor y = tensor(0, 1, 1, 1);
        Tensor loss = new BCEWithLogitsLoss(Reduction.SUM).forward(x, y);
        // ln 2 + ln 2 + 0 + 1000
        assertEquals(2 * Math.log(2) + 1000, loss.item(), 1e-4);
        loss.backward();
        assertArrayEquals(new float[]{0.5f, -0.5f, 0f, -1f}, x.grad().toFloatArray(), 1e-7f);
    }

    @Test
    void bcePosWeightScalesThePositiveTerm() {
        // y = 1, x = 0, pos_weight 3: 3·log(1 + e^0) = 3 ln 2
        Tensor loss = new BCEWithLogitsLoss(Reduction.MEAN, tensor(3)).forward(zeros(1), ones(1));
        assertEquals(3 * Math.log(2), loss.item(), 1e-6);
        var e = assertThrows(IllegalArgumentException.class, () -> F.binaryCrossEntropyWithLogits(zeros(4, 5), zeros(4)));
        assertEquals("Target size (torch.Size([4])) must be the same as input size (torch.Size([4, 5]))", e.getMessage());
    }

    @Test
    void regressionLossesOnHandValues() {
        Tensor input = tensor(1, 2, 5), target = tensor(1, 4, 2); // d = [0, −2, 3]
        assertEquals(13.0 / 3, new MSELoss().forward(input, target).item(), 1e-6); // (0 + 4 + 9)/3
        assertEquals(5.0 / 3, new L1Loss().forward(input, target).item(), 1e-6); // (0 + 2 + 3)/3
        // Huber δ=1: [0, 1·(2 − ½), 1·(3 − ½)] = [0, 1.5, 2.5]
        assertArrayEquals(new float[]{0, 1.5f, 2.5f}, new HuberLoss(Reduction.NONE, 1.0).forward(input, target).toFloatArray());
        // Huber δ=4: all quadratic, ½d² = [0, 2, 4.5]
        assertEquals(6.5, new HuberLoss(Reduction.SUM, 4.0).forward(input, target).item(), 1e-6);
        assertEquals(2.0, new HuberLoss(2.0).forward(input, target).item(), 1e-6); // [0, 2·(2 − 1), 2·(3 − 1)] / 3 (|d| = δ is linear)
    }

    @Test
    void mismatchedShapesAreRefusedInsteadOfBroadcast() {
        // PyTorch warns and broadcasts [3] against [3, 1] into a [3, 3] loss; Ember refuses with the fix
        var e = assertThrows(IllegalArgumentException.class, () -> F.mseLoss(zeros(3), zeros(3, 1)));
        assertTrue(e.getMessage().contains("y.reshape(yHat.shape())"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.huberLoss(zeros(2), zeros(2), Reduction.MEAN, 0));
        assertEquals("huber_loss does not support non-positive values for delta.", e.getMessage());
    }

    @Test
    void lossesNeedATarget() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MSELoss().forward(zeros(2)));
        assertTrue(e.getMessage().contains("(input, target)"), e.getMessage());
    }
}
