package ember.book;

import ember.book.ch2.Chapter2;
import ember.book.ch3.Chapter3;
import ember.book.ch4.Chapter4;
import ember.book.ch5.Chapter5;
import java.util.ArrayList;
import java.util.List;

/** Every runnable section of the book, in the book's order (each chapter lists its own). */
public final class Programs {
    private static final List<Program> ALL = collect();

    private Programs() {}

    private static List<Program> collect() {
        List<Program> all = new ArrayList<>();
        all.addAll(Chapter2.programs());
        all.addAll(Chapter3.programs());
        all.addAll(Chapter4.programs());
        all.addAll(Chapter5.programs());
        return List.copyOf(all);
    }

    public static List<Program> all() { return ALL; }

    /** The program called {@code name}, with a list of the known names when there is none. */
    public static Program find(String name) {
        for (Program p : ALL) if (p.name().equals(name)) return p;
        StringBuilder known = new StringBuilder();
        for (Program p : ALL) known.append("\n  ").append(p.name());
        throw new IllegalArgumentException("no program named '" + name + "'. Known programs:" + known);
    }
}
