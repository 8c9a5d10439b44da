package ember.book;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.ch3.LinearRegressionScratch;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ember} with no arguments shows, in seconds and without a download: the worked example of the user's
 * week-1 notes (x = [0, 1, 2, 3], y = xᵀx, loss = (10 − y)², one step of gradient descent with lr = 0.01), the answer
 * to the notes' question ("after x = x − lr·x.grad, x's gradient is gone: how do I keep descending?"), and linear
 * regression from scratch (d2l 3.2).
 */
public final class Tour implements Program {
    /** The notes' learning rate and target. */
    static final double LR = 0.01;
    static final int Y_TARGET = 10;
    /** Steps of the corrected descent: the error 10 − y shrinks about 5× per step, so the loss reaches float32's floor. */
    static final int STEPS = 8;

    @Override public String name() { return "tour"; }

    @Override public String description() { return "The notes' gradient-descent example, its question answered, then linear regression"; }

    /** The notes' loss (10 − xᵀx)² at x = [0, 1, 2, 3], with its graph: {@code tensor(16., grad_fn=<PowBackward0>)}. */
    public static LossGraph seedLoss() {
        Tensor x = arange(4.0).requiresGrad_();
        Tensor loss = dot(x, x).rsub(Y_TARGET).pow(2);
        return new LossGraph(loss, Map.of("x", x));
    }

    @Override
    public Optional<LossGraph> firstLoss(Settings settings) { return Optional.of(seedLoss()); }

    @Override
    public Map<String, Double> run(Settings settings, PrintStream out) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        out.println("Ember: PyTorch's tensors and autograd in Java. A tour of the week-1 notes, in seconds.");
        out.println();
        workedExample(out, numbers);
        keepDescending(out, numbers);
        out.println();
        out.println("3. Linear regression from scratch (d2l 3.2): fit y = Xw + b, true w = [2, -3.4], b = 4.2");
        manualSeed(0);
        Map<String, Double> fit = new LinearRegressionScratch().run(settings, indented(out));
        numbers.put("wError", fit.get("wError"));
        numbers.put("bError", fit.get("bError"));
        out.println();
        out.println("Next: ./ember list · ./ember run ch3/softmax-regression-concise · ./ember shell · ./ember graph seed -o seed.svg");
        return numbers;
    }

    private static void workedExample(PrintStream out, Map<String, Double> numbers) {
        out.println("1. The notes' worked example: x = [0, 1, 2, 3], y = xᵀx, loss = (10 − y)², lr = 0.01");
        Tensor x = arange(4.0).requiresGrad_();
        show(out, "var x = arange(4.0).requiresGrad_();", x);
        Tensor y = dot(x, x);
        show(out, "var y = dot(x, x);", y);
        Tensor loss = y.rsub(Y_TARGET).pow(2);
        show(out, "var loss = y.rsub(10).pow(2);", loss);
        loss.backward();
        show(out, "loss.backward(); x.grad()", x.grad());
        numbers.put("y", y.item());
        numbers.put("loss", loss.item());
        for (int i = 0; i < 4; i++) numbers.put("grad" + i, x.grad().get(Integer.toString(i)).item());

        x = x.sub(x.grad().mul(LR));
        show(out, "x = x.sub(x.grad().mul(0.01));", x);
        y = dot(x, x);
        show(out, "y = dot(x, x);", y);
        loss = y.rsub(Y_TARGET).pow(2);
        show(out, "loss = y.rsub(10).pow(2);", loss);
        numbers.put("yAfterStep", y.item());
        numbers.put("lossAfterStep", loss.item());
        for (int i = 0; i < 4; i++) numbers.put("xAfterStep" + i, x.get(Integer.toString(i)).item());

        out.println();
        out.println("2. The notes' question: after x = x − lr·x.grad, x's gradient is gone. How do I keep descending?");
        show(out, "x.isLeaf()", x.isLeaf());
        show(out, "x.grad()", x.grad());
        out.print("""
                `x = x.sub(...)` made a new tensor, computed from the leaf, and gave it the old name. backward() fills
                .grad only for leaves, so the new x has none. Keep the leaf and change its values instead: update it
                in place without recording (noGrad()), then zero its gradient, which backward() adds to.
                """.indent(3));
    }

    private static void keepDescending(PrintStream out, Map<String, Double> numbers) {
        out.println();
        out.print("""
                var x = arange(4.0).requiresGrad_();
                for (int step = 1; step <= 8; step++) {
                    var loss = dot(x, x).rsub(10).pow(2);
                    loss.backward();
                    try (var g = noGrad()) { x.sub_(x.grad().mul(0.01)); }
                    x.grad().zero_();
                }
                """.indent(3));
        Tensor x = arange(4.0).requiresGrad_();
        double loss = Double.NaN;
        for (int step = 1; step <= STEPS; step++) {
            Tensor l = dot(x, x).rsub(Y_TARGET).pow(2);
            loss = l.item();
            l.backward();
            try (var g = noGrad()) {
                x.sub_(x.grad().mul(LR));
            }
            x.grad().zero_();
            out.printf("   step %d: loss %.10f, then x = %s%n", step, loss, x.detach());
        }
        try (var g = noGrad()) {
            loss = dot(x, x).rsub(Y_TARGET).pow(2).item();
        }
        out.printf("   after %d steps: loss %.3g, x is still a leaf (%s) and y = xᵀx = %.4f%n", STEPS, loss, x.isLeaf(),
                dot(x, x).item());
        numbers.put("finalLoss", loss);
    }

    private static void show(PrintStream out, String code, Object value) {
        out.printf("   %-40s // → %s%n", code, value);
    }

    /** {@code out} with every line indented, so a program's output reads as part of the tour. */
    private static PrintStream indented(PrintStream out) {
        return new PrintStream(new java.io.OutputStream() {
            private boolean lineStart = true;

            @Override
            public void write(int b) {
                if (lineStart) out.print("   ");
                out.write(b);
                lineStart = b == '\n';
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
    }
}
