package ember.cli;

import java.io.Console;

/** Whether a person is watching: progress bars redraw one line, which only a terminal shows well. */
final class Terminals {
    private Terminals() {}

    static boolean isTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
