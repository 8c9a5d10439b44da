package ember.book;

import ember.book.ch3.ImageClassificationDataset;
import ember.book.ch3.LinearRegression;
import ember.book.ch3.LinearRegressionConcise;
import ember.book.ch3.LinearRegressionScratch;
import ember.book.ch3.SoftmaxRegressionConcise;
import ember.book.ch3.SoftmaxRegressionScratch;
import java.util.List;

/** Every runnable section of the book, in the book's order. */
public final class Programs {
    private static final List<Program> ALL = List.of(
            new LinearRegression(),
            new LinearRegressionScratch(),
            new LinearRegressionConcise(),
            new ImageClassificationDataset(),
            new SoftmaxRegressionScratch(),
            new SoftmaxRegressionConcise());

    private Programs() {}

    public static List<Program> all() { return ALL; }

    /** The program called {@code name}, with a list of the known names when there is none. */
    public static Program find(String name) {
        for (Program p : ALL) if (p.name().equals(name)) return p;
        StringBuilder known = new StringBuilder();
        for (Program p : ALL) known.append("\n  ").append(p.name());
        throw new IllegalArgumentException("no program named '" + name + "'. Known programs:" + known);
    }
}
