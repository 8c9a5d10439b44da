package ember.book.ch4;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.Program;
import ember.book.Settings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * d2l 4.1: the activation functions ReLU, sigmoid and tanh on x ∈ [−8, 8) and their derivatives, each computed by
 * autograd as the book does ({@code y.backward(torch.ones_like(x))}). The book plots the six curves; this prints them
 * at a few points and, when a plot is requested, writes them as CSV next to it.
 */
public final class Mlp implements Program {
    @Override public String name() { return "ch4/mlp"; }

    @Override public String description() { return "ReLU, sigmoid and tanh and their derivatives by autograd"; }

    /** Points printed: x = −2, −1, 0, 1, 2 are elements 60, 70, 80, 90, 100 of arange(−8, 8, 0.1). */
    private static final int[] SHOWN = {60, 70, 80, 90, 100};

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Tensor x = arange(-8.0, 8.0, 0.1).requiresGrad_();
        List<String> names = List.of("relu", "sigmoid", "tanh");
        List<UnaryOperator<Tensor>> functions = List.of(Tensor::relu, Tensor::sigmoid, Tensor::tanh);
        List<Tensor> values = new ArrayList<>(), grads = new ArrayList<>();
        for (UnaryOperator<Tensor> f : functions) {
            Tensor y = f.apply(x);
            if (x.grad() != null) x.grad().zero_(); // the book's x.grad.data.zero_(): gradients accumulate otherwise
            y.backward(onesLike(x));
            values.add(y.detach());
            grads.add(x.grad().clone());
        }
        Tensor xs = x.detach();

        out.printf("%6s", "x");
        for (String n : names) out.printf(" %9s %9s", n, "grad");
        out.println();
        for (int i : SHOWN) {
            out.printf("%6.1f", xs.get(i).item());
            for (int f = 0; f < names.size(); f++) out.printf(" %9.4f %9.4f", values.get(f).get(i).item(), grads.get(f).get(i).item());
            out.println();
        }
        // sigmoid' = σ(1 − σ) peaks at x = 0 with 1/4; tanh' = 1 − tanh² peaks there with 1
        double sigmoidGradMax = grads.get(1).max().item(), tanhGradMax = grads.get(2).max().item();
        out.printf("max of sigmoid's gradient %.4f, of tanh's gradient %.4f%n", sigmoidGradMax, tanhGradMax);

        if (s.plot() != null) {
            List<String> header = new ArrayList<>(List.of("x"));
            for (String n : names) {
                header.add(n);
                header.add("grad of " + n);
            }
            List<double[]> rows = new ArrayList<>();
            double[] xv = xs.toDoubleArray();
            List<double[]> columns = new ArrayList<>();
            for (int f = 0; f < names.size(); f++) {
                columns.add(values.get(f).toDoubleArray());
                columns.add(grads.get(f).toDoubleArray());
            }
            for (int i = 0; i < xv.length; i++) {
                double[] row = new double[header.size()];
                row[0] = xv[i];
                for (int c = 0; c < columns.size(); c++) row[c + 1] = columns.get(c)[i];
                rows.add(row);
            }
            Path file = CurveCsv.write(s.plot(), header, rows);
            out.println("curves written to " + file);
        }
        return Map.of("reluGradAtMinus1", grads.get(0).get(70).item(), "reluGradAt1", grads.get(0).get(90).item(),
                "sigmoidGradMax", sigmoidGradMax, "tanhGradMax", tanhGradMax);
    }
}
