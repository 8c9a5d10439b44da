package ember.nn;

import static org.junit.jupiter.api.Assertions.*;

import ember.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Loss values and gradients against PyTorch (golden/nn.txt, loss.*): each case is the loss on recorded inputs, then
 * {@code (loss * w).sum().backward()}; values and the gradients of every floating input agree within 1e-6
 * (relative for large values). Cases include zero differences (L1), |d| = δ (Huber), logits of ±1000 (cross-entropy
 * stays finite), a single example with a 0-d target, class-probability targets, and logits of ±100 and 0 for BCE
 * with and without pos_weight.
 */
class LossGoldenTest {
    private static final NnGolden GOLDEN = NnGolden.get();
    private static final double TOLERANCE = 1e-6;

    /** Case name (without the loss. prefix) → the loss on the named inputs, mirroring loss_section in nn.py. */
    private static Function<Map<String, Tensor>, Tensor> lossFor(String name) {
        String[] p = name.split("\\.");
        Reduction r = Reduction.valueOf(p[p.length - 1].toUpperCase());
        return switch (p[0]) {
            case "mse" -> a -> F.mseLoss(a.get("x"), a.get("y"), r);
            case "l1" -> a -> F.l1Loss(a.get("x"), a.get("y"), r);
            case "huber" -> {
                double delta = Double.parseDouble(p[1] + "." + p[2]);
                yield a -> F.huberLoss(a.get("x"), a.get("y"), r, delta);
            }
            case "ce" -> {
                // ce[.huge|.single|.prob|.prob.single].<ls>.<red>: the smoothing is the two parts before red; the
                // target is class indices t or class probabilities q
                double ls = Double.parseDouble(p[p.length - 3] + "." + p[p.length - 2]);
                yield a -> F.crossEntropy(a.get("x"), a.containsKey("q") ? a.get("q") : a.get("t"), r, ls);
            }
            case "nll" -> a -> F.nllLoss(a.get("x"), a.get("t"), r);
            case "bce" -> a -> F.binaryCrossEntropyWithLogits(a.get("x"), a.get("y"), r, a.get("pw"));
            default -> throw new IllegalArgumentException(name);
        };
    }

    @TestFactory
    Stream<DynamicTest> lossesMatchTorch() {
        List<String> names = new ArrayList<>();
        for (String k : GOLDEN.keys("loss.")) {
            if (!k.endsWith(".out")) continue;
            names.add(k.substring("loss.".length(), k.length() - ".out".length()));
        }
        assertTrue(names.size() == 57, "cases " + names.size());
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
    }

    private static void check(String name) {
        String prefix = "loss." + name + ".";
        Map<String, Tensor> inputs = new HashMap<>();
        for (String k : GOLDEN.keys(prefix + "in.")) {
            String input = k.substring((prefix + "in.").length());
            Tensor t = GOLDEN.tensor(k);
            if (GOLDEN.has(prefix + "grad." + input)) t.requiresGrad_();
            inputs.put(input, t);
        }
        Tensor out = lossFor(name).apply(inputs);
        Tensor expected = GOLDEN.tensor(prefix + "out");
        assertArrayEquals(expected.shape(), out.shape(), name + " shape");
        assertClose(expected.toDoubleArray(), out.toDoubleArray(), name + " value");
        out.mul(GOLDEN.tensor(prefix + "w")).sum().backward();
        for (var e : inputs.entrySet()) {
            String gradKey = prefix + "grad." + e.getKey();
            if (!GOLDEN.has(gradKey)) continue;
            assertNotNull(e.getValue().grad(), name + ": no gradient for " + e.getKey());
            assertClose(GOLDEN.tensor(gradKey).toDoubleArray(), e.getValue().grad().toDoubleArray(), name + " grad " + e.getKey());
        }
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Double.isFinite(actual[i]), what + "[" + i + "] is " + actual[i]);
            double err = Math.abs(expected[i] - actual[i]);
            if (err > TOLERANCE * Math.max(1, Math.abs(expected[i])))
                fail(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]);
        }
    }
}
