package ember.cli;

import ember.book.Program;
import ember.book.Programs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code ember list}: every program of the book with its one-line description. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the book's programs.")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    private EmberCommand ember;

    @Override
    public Integer call() {
        int width = 0;
        for (Program p : Programs.all()) width = Math.max(width, p.name().length());
        for (Program p : Programs.all()) ember.out.printf("%-" + width + "s  %s%n", p.name(), p.description());
        ember.out.println();
        ember.out.println("Run one with: ember run <program> [--epochs N] [--lr X] [--batch-size B] [--data DIR] [--plot FILE.png]");
        return 0;
    }
}
