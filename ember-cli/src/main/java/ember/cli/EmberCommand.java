package ember.cli;

import ember.book.Settings;
import ember.book.Tour;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ember}: with no arguments, the tour; else one of the subcommands. */
@Command(name = "ember", mixinStandardHelpOptions = true, version = "Ember 0.1.0",
        description = {"PyTorch's tensors and autograd in Java, and the book Dive into Deep Learning as programs.",
                "Without a command: a short tour (the notes' gradient-descent example, then linear regression)."},
        subcommands = {ListCommand.class, RunCommand.class, ShellCommand.class, GraphCommand.class},
        footer = {"", "Examples:", "  ember", "  ember list", "  ember run ch3/softmax-regression-concise --epochs 3 --plot curves.png",
                "  ember shell", "  ember graph seed -o seed.svg"})
public final class EmberCommand implements Callable<Integer> {
    /** Kept so its level sticks: java.util.logging holds loggers weakly. */
    private static final Logger EMBER_LOG = Logger.getLogger("ember");

    final InputStream in;
    final PrintStream out;
    final PrintStream err;

    EmberCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        new Tour().run(Settings.defaults(), out);
        return 0;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        showWarningsAsPythonDoes(out);
        System.exit(execute(System.in, out, System.err, args));
    }

    /**
     * Ember's log carries PyTorch's user warnings (e.g. reading .grad of a non-leaf): shown as Python shows a
     * UserWarning, one line without a timestamp, on {@code out} so it lands next to the output that caused it. Its INFO
     * lines (which kernels run) are for developers.
     */
    private static void showWarningsAsPythonDoes(PrintStream out) {
        EMBER_LOG.setLevel(Level.WARNING);
        EMBER_LOG.setUseParentHandlers(false);
        EMBER_LOG.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) out.println("UserWarning: " + r.getMessage());
            }

            @Override public void flush() { out.flush(); }

            @Override public void close() {}
        });
    }

    /** Runs the command line {@code args} with the given streams; returns the exit code. */
    public static int execute(InputStream in, PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new EmberCommand(in, out, err));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            // bad input gets its message, as Ember words it; anything else is a bug and keeps its stack trace
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("ember: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl.execute(args);
    }
}
