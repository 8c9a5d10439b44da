package ember.book.ch3;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.Program;
import ember.book.Settings;
import ember.d2l.Timer;
import java.io.PrintStream;
import java.util.Map;

/**
 * d2l 3.1: why vectorise — adding two 10,000-element vectors one element at a time versus one tensor add — and the
 * normal distribution's density for a few (μ, σ).
 */
public final class LinearRegression implements Program {
    @Override public String name() { return "ch3/linear-regression"; }

    @Override public String description() { return "Vectorisation timing (loop vs tensor add) and normal densities"; }

    /** p(x) = exp(−(x−μ)²/(2σ²)) / √(2πσ²). */
    static Tensor normalDensity(Tensor x, double mu, double sigma) {
        double p = 1 / Math.sqrt(2 * Math.PI * sigma * sigma);
        return x.sub(mu).square().mul(-0.5 / (sigma * sigma)).exp().mul(p);
    }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        int n = 10000;
        Tensor a = ones(n), b = ones(n);
        Tensor c = zeros(n);
        Timer timer = new Timer();
        for (int i = 0; i < n; i++) c.set(Integer.toString(i), a.get(i).add(b.get(i)));
        double loop = timer.stop();
        out.printf("%.5f sec%n", loop);
        timer.start();
        Tensor d = a.add(b);
        double vectorised = timer.stop();
        out.printf("%.5f sec%n", vectorised);
        if (!c.equal(d)) throw new IllegalStateException("the loop and the tensor add disagree");

        Tensor x = arange(-7.0, 7.0, 0.01);
        double[][] params = {{0, 1}, {0, 2}, {3, 1}};
        for (double[] p : params) {
            Tensor y = normalDensity(x, p[0], p[1]);
            out.printf("mean %s, std %s: density at the mean %.4f, max %.4f%n", fmt(p[0]), fmt(p[1]),
                    normalDensity(scalar(p[0]), p[0], p[1]).item(), y.max().item());
        }
        return Map.of("loopSeconds", loop, "vectorisedSeconds", vectorised);
    }

    private static String fmt(double v) { return v == Math.rint(v) ? Integer.toString((int) v) : Double.toString(v); }
}
