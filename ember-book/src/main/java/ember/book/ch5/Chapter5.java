package ember.book.ch5;

import ember.book.Program;
import java.util.List;

/** Chapter 5's programs, in the book's order. */
public final class Chapter5 {
    private Chapter5() {}

    public static List<Program> programs() {
        return List.of(new ModelConstruction(), new Parameters(), new CustomLayer(), new ReadWrite(), new UseGpu());
    }
}
