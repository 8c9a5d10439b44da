package ember.book;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The week-1 notes' worked example as a program. Hand-derived values carry their arithmetic; float32 values are
 * PyTorch's (torch 1.13): x = torch.arange(4.0, requires_grad=True); loss = (10 - torch.dot(x, x))**2; ...
 */
class SeedExampleTest {
    private final Transcript transcript = new Transcript();
    private final Map<String, Double> numbers = SeedExample.run(transcript.out);
    private final String printed = transcript.printed();

    private double[] values(String key, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = numbers.get(key + i);
        return v;
    }

    @Test
    void theNotesFirstStep() {
        // y = 0 + 1 + 4 + 9 = 14; loss = (10 − 14)² = 16; x.grad = 2(y − 10)·2x = 16x
        assertEquals(14, numbers.get("y"));
        assertEquals(16, numbers.get("loss"));
        assertArrayEquals(new double[]{0, 16, 32, 48}, values("grad", 4));
        // x − 0.01·x.grad = x − 0.16x = 0.84x
        assertArrayEquals(new double[]{0, 0.84, 1.68, 2.52}, values("updatedX", 4), 1e-6);
        // 0.84²·14 = 9.8784; (10 − 9.8784)² = 0.01478656 (float32, torch: 9.878400802612305 and 0.014786364510655403)
        assertEquals(9.878400802612305, numbers.get("updatedY"), 1e-6);
        assertEquals(0.014786364510655403, numbers.get("updatedLoss"), 1e-8);
        assertTrue(printed.contains("loss = (10 - y)^2 = tensor(16., grad_fn=<PowBackward0>)"), printed);
        assertTrue(printed.contains("x.grad = tensor([ 0., 16., 32., 48.])"), printed);
        assertTrue(printed.contains("x = tensor([0.0000, 0.8400, 1.6800, 2.5200], grad_fn=<SubBackward0>)"), printed);
        assertTrue(printed.contains("y = tensor(9.8784, grad_fn=<DotBackward0>)"), printed);
        assertTrue(printed.contains("loss = tensor(0.0148, grad_fn=<PowBackward0>)"), printed);
        assertTrue(printed.contains("""
                  PowBackward0
                  └─ RsubBackward1
                     └─ DotBackward0
                        ├─ AccumulateGrad x (4)
                        └─ AccumulateGrad x (4)
                """), printed);
    }

    @Test
    void theRebindingPitfall() {
        assertTrue(printed.contains("x.isLeaf() = false, so after backward x.grad() = null"), printed);
        // the second backward reaches the original leaf through SubBackward0 and adds to its first gradient:
        // 16x + 4(y' − 10)·x' with x' = 0.84x, y' = 9.8784 → x·(16 − 0.4864·0.84); torch: [0, 15.5914, 31.1829, 46.7743]
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) expected[i] = i * (16 + 4 * (9.878400802612305 - 10) * 0.84);
        assertArrayEquals(expected, values("leafGrad", 4), 1e-4);
    }

    @Test
    void allThreeWaysDescendToZero() {
        for (String way : new String[]{"inPlace", "rebind", "sgd"}) {
            assertEquals(16, numbers.get(way + "FirstLoss"), way);
            assertEquals(0.014786364510655403, numbers.get(way + "SecondLoss"), 1e-8, way);
            // in float32 the loss is exactly 0 at the 10th step (torch too)
            assertEquals(0, numbers.get(way + "FinalLoss"), way);
        }
        String losses = """
                tensor([1.6000e+01, 1.4786e-02, 6.3860e-04, 2.5954e-05, 1.0393e-06, 4.1651e-08,
                        1.6043e-09, 7.3669e-11, 9.0949e-13, 0.0000e+00])""";
        assertEquals(3, printed.split(java.util.regex.Pattern.quote(losses), -1).length - 1, printed);
    }
}
