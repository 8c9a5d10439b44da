package ember.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tour's numbers are the notes' numbers: x = [0, 1, 2, 3], y = xᵀx, loss = (10 − y)², lr = 0.01. */
class TourTest {
    private final Transcript transcript = new Transcript();
    private final Map<String, Double> numbers = new Tour().run(Settings.defaults(), transcript.out);

    @Test
    void theWorkedExampleHasTheNotesNumbers() {
        assertEquals(14, numbers.get("y"));     // 0 + 1 + 4 + 9
        assertEquals(16, numbers.get("loss"));  // (10 − 14)²
        // ∂loss/∂xₙ = 2(y − 10)·2xₙ = 16xₙ
        for (int i = 0; i < 4; i++) assertEquals(16 * i, numbers.get("grad" + i));
        // xₙ − 0.01·16xₙ = 0.84xₙ
        for (int i = 0; i < 4; i++) assertEquals(0.84 * i, numbers.get("xAfterStep" + i), 1e-6);
        // torch: torch.dot(x, x).item() -> 9.878400802612305; ((10 - y)**2).item() -> 0.014786364510655403
        assertEquals(9.878400802612305, numbers.get("yAfterStep"), 1e-6);
        assertEquals(0.014786364510655403, numbers.get("lossAfterStep"), 1e-6);
        assertTrue(transcript.printed().contains("// → tensor(16., grad_fn=<PowBackward0>)"), transcript.printed());
        assertTrue(transcript.printed().contains("// → tensor([ 0., 16., 32., 48.])"), transcript.printed());
        assertTrue(transcript.printed().contains("// → tensor([0.0000, 0.8400, 1.6800, 2.5200], grad_fn=<SubBackward0>)"), transcript.printed());
        assertTrue(transcript.printed().contains("// → tensor(9.8784, grad_fn=<DotBackward0>)"), transcript.printed());
        assertTrue(transcript.printed().contains("// → tensor(0.0148, grad_fn=<PowBackward0>)"), transcript.printed());
    }

    @Test
    void theCorrectedDescentDrivesTheLossToZero() {
        // the error e = 10 − y shrinks about 5× a step (e' ≈ e(1 − 8·lr·y) = 0.2e near y = 10): loss 16, 0.0148, ...
        assertTrue(transcript.printed().contains("step 2: loss 0.0147863"), transcript.printed());
        assertTrue(numbers.get("finalLoss") < 1e-8, "final loss " + numbers.get("finalLoss"));
    }

    @Test
    void linearRegressionFromScratchFindsTheTrueParameters() {
        assertTrue(numbers.get("wError") < 0.01, transcript.printed());
        assertTrue(numbers.get("bError") < 0.01, transcript.printed());
        assertTrue(transcript.printed().contains("   epoch 3, loss "), transcript.printed());
    }

    @Test
    void theSeedLossIsTheNotesLoss() {
        Program.LossGraph g = Tour.seedLoss();
        assertEquals("tensor(16., grad_fn=<PowBackward0>)", g.loss().toString());
        assertEquals("tensor([0., 1., 2., 3.], requires_grad=True)", g.parameters().get("x").toString());
    }
}
