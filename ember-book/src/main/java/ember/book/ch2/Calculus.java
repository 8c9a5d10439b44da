package ember.book.ch2;

import ember.book.Program;
import ember.book.Repr;
import ember.book.Settings;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * d2l 2.4, calculus: the difference quotient (f(x+h) - f(x)) / h of f(x) = 3x² - 4x at x = 1 approaches the
 * derivative f'(1) = 6·1 - 4 = 2 as h shrinks by tenths. In double precision, as the book's Python floats.
 */
public final class Calculus implements Program {
    @Override public String name() { return "ch2/calculus"; }

    @Override public String description() { return "Calculus: the numerical limit of (f(x+h) - f(x))/h for f = 3x² - 4x"; }

    static double f(double x) { return 3 * x * x - 4 * x; }

    static double numericalLim(DoubleUnaryOperator f, double x, double h) {
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x)) / h;
    }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        double h = 0.1, limit = Double.NaN;
        for (int i = 0; i < 5; i++) {
            limit = numericalLim(Calculus::f, 1, h);
            out.println("h=" + Repr.fixed(h, 5) + ", numerical limit=" + Repr.fixed(limit, 5));
            h *= 0.1;
        }
        return Map.of("limit", limit, "derivative", 6.0 * 1 - 4);
    }
}
