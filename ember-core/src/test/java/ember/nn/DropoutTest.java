package ember.nn;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Dropout masks after a seed are PyTorch's (golden/nn.txt, dropout.*): Debian's torch (no MKL) fills a noise tensor
 * with bernoulli_(1 − p), one 53-bit uniform per element compared with 1 − p, divides it by 1 − p in float32 and
 * multiplies; Ember does the same steps, so outputs and gradients agree bit for bit.
 */
class DropoutTest {
    private static final NnGolden GOLDEN = NnGolden.get();

    @Test
    void functionalDropoutMatchesTorch() {
        // torch.manual_seed(seed); y = F.dropout(x, p, training=True); (y * w).sum().backward()
        double[] ps = {0.5, 0.2, 0.9, 0.3, 0.1};
        for (int seed = 0; seed < ps.length; seed++) {
            String key = "dropout." + seed;
            Tensor x = GOLDEN.tensor(key + ".x").requiresGrad_();
            manualSeed(seed);
            Tensor y = F.dropout(x, ps[seed], true);
            y.mul(GOLDEN.tensor(key + ".w")).sum().backward();
            assertArrayEquals(GOLDEN.tensor(key + ".y").toFloatArray(), y.toFloatArray(), key + " output");
            assertArrayEquals(GOLDEN.tensor(key + ".grad").toFloatArray(), x.grad().toFloatArray(), key + " gradient");
            assertEquals("MulBackward0", y.gradFn().name());
        }
    }

    @Test
    void transposedInputGetsARowMajorMask() {
        // torch.manual_seed(6); y = F.dropout(base.t(), 0.4, training=True); (y * w).sum().backward()
        Tensor base = GOLDEN.tensor("dropout.t.base").requiresGrad_();
        manualSeed(6);
        Tensor y = F.dropout(base.t(), 0.4, true);
        y.mul(GOLDEN.tensor("dropout.t.w")).sum().backward();
        assertArrayEquals(GOLDEN.tensor("dropout.t.y").toFloatArray(), y.toFloatArray());
        assertArrayEquals(GOLDEN.tensor("dropout.t.grad").toFloatArray(), base.grad().toFloatArray());
    }

    @Test
    void moduleInTrainingModeContinuesTheStream() {
        // torch.manual_seed(5); drop = nn.Dropout(0.5); drop(x); drop(x)  with x = torch.ones(2, 8)
        manualSeed(5);
        Dropout drop = new Dropout(0.5);
        Tensor x = ones(2, 8);
        assertArrayEquals(GOLDEN.tensor("dropout.module.first").toFloatArray(), drop.forward(x).toFloatArray());
        assertArrayEquals(GOLDEN.tensor("dropout.module.second").toFloatArray(), drop.forward(x).toFloatArray());
    }

    @Test
    void evalModeAndZeroProbabilityAreIdentity() {
        Tensor x = rand(3, 4);
        Dropout drop = new Dropout(0.5);
        drop.eval();
        assertSame(x, drop.forward(x));
        assertSame(x, F.dropout(x, 0.0, true));
        assertSame(x, F.dropout(x, 0.7, false));
        manualSeed(3);
        Tensor trained = F.dropout(x, 0.7, true);
        manualSeed(3);
        assertTrue(trained.equal(F.dropout(x, 0.7)), "F.dropout(x, p) trains by default");
    }

    @Test
    void probabilityOneZeroesEverything() {
        // F.dropout(x, 1.0) = x * zeros(()): every element 0 (keeping the sign of x: -0.0 for negative x)
        Tensor x = tensor(-1, 2, 3);
        Tensor y = F.dropout(x, 1.0, true);
        assertArrayEquals(new float[]{-0f, 0f, 0f}, y.toFloatArray());
    }

    @Test
    void survivorsAreScaledByTheInverseKeepProbability() {
        // p = 0.25: each kept element of ones is 1 / 0.75f; about 3/4 of 4000 elements survive
        manualSeed(0);
        Tensor y = F.dropout(ones(4000), 0.25, true);
        float scale = 1f / 0.75f;
        int kept = 0;
        for (float v : y.toFloatArray()) {
            assertTrue(v == 0f || v == scale, "value " + v);
            if (v != 0) kept++;
        }
        assertTrue(kept > 2850 && kept < 3150, "kept " + kept);
    }

    @Test
    void badProbabilityIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertEquals("dropout probability has to be between 0 and 1, but got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> F.dropout(ones(2), -0.1, true));
        assertThrows(IllegalArgumentException.class, () -> F.dropout(arange(4), 0.5, true));
    }
}
