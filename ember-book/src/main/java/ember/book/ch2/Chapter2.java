package ember.book.ch2;

import ember.book.Program;
import java.util.List;

/** Chapter 2's programs, in the book's order. */
public final class Chapter2 {
    private Chapter2() {}

    public static List<Program> programs() {
        return List.of(new Ndarray(), new Pandas(), new LinearAlgebra(), new Calculus(), new Autograd(), new Probability());
    }
}
