package ember.book;

import java.io.PrintStream;
import java.util.Map;

/** One section of the book as a program. */
public interface Program {
    /** {@code chN/<section>}, e.g. {@code ch3/softmax-regression-concise}. */
    String name();

    /** One line for {@code ember list}. */
    String description();

    /** Runs the section, printing what the book prints; returns its key numbers (for tests and benchmarks). */
    Map<String, Double> run(Settings settings, PrintStream out);
}
