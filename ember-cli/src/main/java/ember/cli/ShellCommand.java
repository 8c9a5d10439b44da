package ember.cli;

import ember.Tensor;
import ember.book.Program;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import jdk.jshell.tool.JavaShellToolBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ember shell}: JShell with Ember on the class path and its names imported, so the notes can be typed line by
 * line ({@code var x = arange(4.0).requiresGrad_();}). Snippets run in a second JVM, as in plain jshell, started
 * with the Vector API module.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Start JShell with Ember loaded: `import static ember.Ember.*` and Ember's packages are imported.",
                "Type /exit to leave."})
final class ShellCommand implements Callable<Integer> {
    /** What is imported before the first line; single-type imports settle the names java.lang and java.util also have. */
    static final List<String> IMPORTS = List.of(
            "import static ember.Ember.*;",
            "import ember.*;",
            "import ember.autograd.*;",
            "import ember.nn.*;",
            "import ember.nn.Module;",
            "import ember.optim.*;",
            "import ember.data.*;",
            "import ember.io.*;",
            "import ember.d2l.*;",
            "import ember.d2l.Timer;");

    /**
     * The JVM that runs the snippets: the ember command's modules, exports, collector, young generation and TLABs (see
     * ./ember), not JShell's defaults: under G1, 600 steps of the book's MLP, each on a new 256×784 batch, took
     * 1.85-1.86 s against 1.67-1.75 (2-core Xeon; G1 would also refuse the TLAB flags).
     */
    static final List<String> REMOTE_JVM_OPTIONS = List.of("--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-XX:+UseParallelGC", "-XX:MaxNewSize=512m", "-XX:MinTLABSize=2m", "-XX:TLABRefillWasteFraction=2");

    @ParentCommand
    private EmberCommand ember;

    @Override
    public Integer call() throws Exception {
        Path startup = Files.createTempFile("ember-shell-", ".jsh");
        try {
            Files.writeString(startup, String.join("\n", IMPORTS) + "\n", StandardCharsets.UTF_8);
            boolean interactive = ember.in == System.in && Terminals.isTerminal();
            JavaShellToolBuilder shell = JavaShellToolBuilder.builder().in(ember.in, null).out(ember.out).err(ember.err)
                    .interactiveTerminal(interactive);
            // piped input (scripts, tests) must not read or write the user's JShell history and settings
            if (!interactive) shell.persistence(new HashMap<>());
            if (interactive) ember.out.println("Ember is loaded (import static ember.Ember.*). Try: var x = arange(4.0).requiresGrad_();");
            List<String> options = new ArrayList<>(List.of("--class-path", classPath(), "--startup", "DEFAULT",
                    "--startup", startup.toString()));
            for (String option : REMOTE_JVM_OPTIONS) options.add("-R" + option);
            options.add("-R-Djava.util.logging.config.file=" + quietLogging());
            return shell.start(options.toArray(String[]::new));
        } finally {
            Files.deleteIfExists(startup);
        }
    }

    /** ember-core and ember-book, wherever they were loaded from (jars, or class directories in a build). */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[]{Tensor.class, Program.class}) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from", e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** A logging configuration that keeps Ember's start-up note (which kernels run) out of the shell. */
    private static String quietLogging() throws IOException {
        Path config = Files.createTempFile("ember-shell-logging-", ".properties");
        config.toFile().deleteOnExit();
        Files.writeString(config, "handlers=java.util.logging.ConsoleHandler\nember.level=WARNING\n");
        return config.toString();
    }
}
