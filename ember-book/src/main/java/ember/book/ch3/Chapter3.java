package ember.book.ch3;

import ember.book.Program;
import java.util.List;

/** Chapter 3's programs, in the book's order. */
public final class Chapter3 {
    private Chapter3() {}

    public static List<Program> programs() {
        return List.of(
                new LinearRegression(),
                new LinearRegressionScratch(),
                new LinearRegressionConcise(),
                new ImageClassificationDataset(),
                new SoftmaxRegressionScratch(),
                new SoftmaxRegressionConcise());
    }
}
