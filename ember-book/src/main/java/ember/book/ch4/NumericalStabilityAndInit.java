package ember.book.ch4;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.Program;
import ember.book.Settings;
import ember.nn.Init;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * d2l 4.8: numerical stability. The sigmoid's gradient vanishes away from 0 (computed by autograd on x ∈ [−8, 8));
 * the product of 100 random 4×4 matrices explodes; Xavier initialisation keeps a layer's output variance near its
 * input's by drawing weights with variance 2 / (n_in + n_out).
 */
public final class NumericalStabilityAndInit implements Program {
    @Override public String name() { return "ch4/numerical-stability-and-init"; }

    @Override public String description() { return "Vanishing sigmoid gradients, exploding matrix products, Xavier init"; }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Tensor x = arange(-8.0, 8.0, 0.1).requiresGrad_();
        Tensor y = x.sigmoid();
        y.backward(onesLike(x));
        Tensor grad = x.grad();
        // σ'(x) = σ(x)(1 − σ(x)): 1/4 at 0, about 3.4·10⁻⁴ at ±8
        out.printf("sigmoid's gradient: %.4f at x = 0, %.6f at x = -8, %.6f at x = 7.9%n",
                grad.get(80).item(), grad.get(0).item(), grad.get(159).item());
        if (s.plot() != null) {
            double[] xs = x.detach().toDoubleArray(), ys = y.detach().toDoubleArray(), gs = grad.toDoubleArray();
            List<double[]> rows = new ArrayList<>();
            for (int i = 0; i < xs.length; i++) rows.add(new double[]{xs[i], ys[i], gs[i]});
            Path file = CurveCsv.write(s.plot(), List.of("x", "sigmoid", "gradient"), rows);
            out.println("curves written to " + file);
        }

        Tensor m = normal(0, 1, 4, 4);
        out.println("a single matrix \n " + m); // print(a, b) puts a space between them
        for (int i = 0; i < 100; i++) m = m.mm(normal(0, 1, 4, 4));
        out.println("after multiplying 100 matrices\n " + m);

        int fanIn = 784, fanOut = 256;
        Tensor w = Init.xavierUniform_(empty(fanOut, fanIn));
        double expectedStd = Math.sqrt(2.0 / (fanIn + fanOut));
        out.printf("Xavier init of a %d -> %d layer: weight std %.4f, sqrt(2 / (n_in + n_out)) = %.4f%n", fanIn, fanOut,
                w.std().item(), expectedStd);
        return Map.of("sigmoidGradAt0", grad.get(80).item(), "sigmoidGradAtMinus8", grad.get(0).item(),
                "productMaxAbs", m.abs().max().item(), "xavierStd", w.std().item(), "xavierExpectedStd", expectedStd);
    }
}
