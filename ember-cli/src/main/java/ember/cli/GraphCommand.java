package ember.cli;

import ember.autograd.GraphViz;
import ember.book.Program;
import ember.book.Programs;
import ember.book.Settings;
import ember.book.Tour;
import ember.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ember graph seed|<program> [-o FILE]}: the backward graph of a loss — the notes' (10 − xᵀx)², or a
 * program's loss at its first step — as a text tree on the terminal and, with {@code -o}, as Graphviz DOT (or SVG,
 * PNG, PDF when Graphviz's {@code dot} is installed), drawn as torchviz's make_dot draws it.
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Draw the computation graph of the notes' loss (seed) or of a program's loss at its first step.")
final class GraphCommand implements Callable<Integer> {
    @ParentCommand
    private EmberCommand ember;

    @Parameters(paramLabel = "seed|<program>", description = "`seed` for the notes' loss (10 - dot(x, x))^2, or a program's name.")
    private String target;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = {"Write the graph: FILE.dot (Graphviz source),",
            "or FILE.svg/.png/.pdf (needs Graphviz's dot program; without it FILE.dot is written instead)."})
    private Path output;

    @Option(names = "--data", paramLabel = "DIR", description = "Where the Fashion-MNIST files are, for the image programs.")
    private Path data;

    @Override
    public Integer call() {
        Program.LossGraph graph = lossGraph();
        ember.out.println("loss = " + graph.loss());
        ember.out.print(GraphViz.textTree(graph.loss(), graph.parameters()));
        if (output == null) {
            ember.out.println("(write a picture with -o graph.svg, or the Graphviz source with -o graph.dot)");
            return 0;
        }
        GraphViz.Dot dot = GraphViz.makeDot(graph.loss(), graph.parameters());
        String format = extension(output);
        if (format.equals("dot") || format.equals("gv")) {
            writeSource(dot, output);
            ember.out.println("graph: " + output);
        } else if (GraphViz.findDot().isPresent()) {
            createParent(output);
            dot.render(output, format);
            ember.out.println("graph: " + output);
        } else {
            Path source = output.resolveSibling(output.getFileName() + ".dot");
            writeSource(dot, source);
            ember.out.println("Graphviz's `dot` program is not installed, so " + output + " cannot be drawn here; wrote the"
                    + " source to " + source + " instead (apt-get install graphviz, then: dot -T" + format + " -o " + output
                    + " " + source + ")");
        }
        return 0;
    }

    private Program.LossGraph lossGraph() {
        if (target.equals("seed")) return Tour.seedLoss();
        Program p = Programs.find(target);
        Settings s = data == null ? Settings.defaults() : Settings.defaults().withDataDir(data);
        return p.firstLoss(s).orElseThrow(() -> {
            StringBuilder known = new StringBuilder();
            for (Program q : Programs.all()) if (!q.name().equals(p.name()) && hasLoss(q)) known.append(' ').append(q.name());
            return new IllegalArgumentException(p.name() + " trains nothing, so it has no loss to draw. Try `seed`"
                    + (known.isEmpty() ? "" : " or one of:" + known));
        });
    }

    /** Whether {@code p} overrides Program's default (asking it would build its model and read its data). */
    private static boolean hasLoss(Program p) {
        try {
            return p.getClass().getMethod("firstLoss", Settings.class).getDeclaringClass() != Program.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot < 0) throw new IllegalArgumentException("-o " + file + ": name the file with an extension: .dot, .svg, .png or .pdf");
        return name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static void writeSource(GraphViz.Dot dot, Path file) {
        createParent(file);
        try {
            AtomicFiles.write(file, out -> out.write(dot.source().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createParent(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + parent + ": " + e.getMessage(), e);
        }
    }
}
