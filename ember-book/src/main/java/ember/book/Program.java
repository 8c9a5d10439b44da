package ember.book;

import ember.Tensor;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/** One section of the book as a program. */
public interface Program {
    /** {@code chN/<section>}, e.g. {@code ch3/softmax-regression-concise}. */
    String name();

    /** One line for {@code ember list}. */
    String description();

    /** Runs the section, printing what the book prints; returns its key numbers (for tests and benchmarks). */
    Map<String, Double> run(Settings settings, PrintStream out);

    /**
     * The loss the program calls {@code backward()} on at its first training step, with its graph, for
     * {@code ember graph <program>}; empty for a program that trains nothing (the default).
     */
    default Optional<LossGraph> firstLoss(Settings settings) { return Optional.empty(); }

    /** A scalar loss that still holds its backward graph, and the parameters in it by name (to label the picture). */
    record LossGraph(Tensor loss, Map<String, Tensor> parameters) {}
}
