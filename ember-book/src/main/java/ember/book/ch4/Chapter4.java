package ember.book.ch4;

import ember.book.Program;
import java.util.List;

/** Chapter 4's programs, in the book's order. */
public final class Chapter4 {
    private Chapter4() {}

    public static List<Program> programs() {
        return List.of(
                new Mlp(),
                new MlpScratch(),
                new MlpConcise(),
                new UnderfitOverfit(),
                new WeightDecay(),
                new DropoutProgram(),
                new NumericalStabilityAndInit(),
                new KaggleHousePrice());
    }
}
