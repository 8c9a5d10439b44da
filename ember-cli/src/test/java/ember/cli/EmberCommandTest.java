package ember.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ember.autograd.GraphViz;
import ember.book.Program;
import ember.book.Programs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ember command as a learner uses it: every subcommand, the files it writes, and its answers to bad input. */
class EmberCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBuffer = new ByteArrayOutputStream(), errBuffer = new ByteArrayOutputStream();

    private int emberWithInput(String stdin, String... args) {
        return EmberCommand.execute(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(outBuffer, true, StandardCharsets.UTF_8), new PrintStream(errBuffer, true, StandardCharsets.UTF_8),
                args);
    }

    private int ember(String... args) { return emberWithInput("", args); }

    private String out() { return outBuffer.toString(StandardCharsets.UTF_8); }

    private String err() { return errBuffer.toString(StandardCharsets.UTF_8); }

    private String both() { return out() + "\n--- stderr ---\n" + err(); }

    @Test
    void listShowsEveryProgramWithItsDescription() {
        assertEquals(0, ember("list"), both());
        assertTrue(Programs.all().size() >= 6, "chapter 3 alone has six programs");
        for (Program p : Programs.all()) {
            assertTrue(out().lines().anyMatch(l -> l.startsWith(p.name() + " ") && l.endsWith(p.description())),
                    p.name() + " is missing from:\n" + out());
        }
    }

    @Test
    void noArgumentsIsTheTourWithTheNotesNumbers() {
        assertEquals(0, ember(), both());
        for (String expected : new String[]{
                "tensor(14., grad_fn=<DotBackward0>)",             // y = 0 + 1 + 4 + 9
                "tensor(16., grad_fn=<PowBackward0>)",             // (10 − 14)²
                "tensor([ 0., 16., 32., 48.])",                    // 16·x
                "tensor([0.0000, 0.8400, 1.6800, 2.5200], grad_fn=<SubBackward0>)",
                "tensor(9.8784, grad_fn=<DotBackward0>)",
                "tensor(0.0148, grad_fn=<PowBackward0>)",
                "x is still a leaf (true)",
                "3. Linear regression from scratch",
                "error in estimating b"}) {
            assertTrue(out().contains(expected), expected + " is missing from:\n" + out());
        }
    }

    @Test
    void runTrainsASmallProgramWithPlainProgressLines() {
        assertEquals(0, ember("run", "ch3/linear-regression-scratch", "--epochs", "2", "--seed", "0"), both());
        // not a terminal: one plain line per epoch (1000 examples in batches of 10), then the book's metrics line
        assertTrue(out().contains("epoch 1/2: 100 batches in "), out());
        assertTrue(out().contains("epoch 2, loss "), out());
        assertTrue(!out().contains("epoch 3"), out());
    }

    @Test
    void runDrawsTheTrainingCurvesAndThePredictionsAsPngFiles() throws IOException {
        Path curves = dir.resolve("plots/curves.png");
        assertEquals(0, ember("run", "ch3/softmax-regression-concise", "--epochs", "2", "--train-limit", "2000",
                "--batch-size", "128", "--seed", "1", "--plot", curves.toString()), both());
        assertTrue(out().contains("epoch 2, loss "), out());
        BufferedImage picture = ImageIO.read(curves.toFile());
        assertEquals(Charts.CURVES_WIDTH, picture.getWidth());
        assertEquals(Charts.CURVES_HEIGHT, picture.getHeight());

        Path predictions = dir.resolve("plots/curves-predictions.png");
        assertTrue(out().contains("predictions: " + predictions), out());
        BufferedImage grid = ImageIO.read(predictions.toFile());
        // 8 images of 28·4 = 112 pixels with 8-pixel gaps: 8·112 + 9·8 = 968 wide; 36 + 112 + 16 = 164 high
        assertEquals(968, grid.getWidth());
        assertEquals(164, grid.getHeight());
    }

    @Test
    void runDrawsSvgCurvesForAHandWrittenLoop() throws IOException {
        Path curves = dir.resolve("curves.svg");
        assertEquals(0, ember("run", "ch3/linear-regression-scratch", "--epochs", "2", "--plot", curves.toString()), both());
        String svg = Files.readString(curves);
        // XChart's SVG draws its text as outlines, so the size is what can be read back
        assertTrue(svg.contains("<svg") && svg.contains("viewBox=\"0 0 640 480\""), svg.substring(0, Math.min(400, svg.length())));
        assertTrue(!Files.exists(dir.resolve("curves-predictions.png")), "regression has no images to show");
    }

    @Test
    void runRefusesBadInputBeforeTraining() {
        assertEquals(1, ember("run", "ch3/no-such-program"));
        assertTrue(err().contains("no program named 'ch3/no-such-program'") && err().contains("ch3/softmax-regression-concise"), err());
        assertEquals(1, ember("run", "ch3/linear-regression-scratch", "--plot", dir.resolve("x.jpg").toString()));
        assertTrue(err().contains("name a .png or .svg file"), err());
        assertEquals(1, ember("run", "ch3/linear-regression-scratch", "--epochs", "0"));
        assertTrue(err().contains("--epochs must be positive, got 0"), err());
        assertTrue(!out().contains("epoch 1"), "nothing was trained: " + out());
        assertEquals(2, ember("run", "ch3/linear-regression-scratch", "--epochs", "many"), "picocli's usage error");
    }

    @Test
    void graphSeedWritesTheNotesLossAsDot() throws IOException {
        Path file = dir.resolve("seed.dot");
        assertEquals(0, ember("graph", "seed", "-o", file.toString()), both());
        String dot = Files.readString(file);
        for (String node : new String[]{"PowBackward0", "RsubBackward1", "DotBackward0", "AccumulateGrad", "x\\n (4)"})
            assertTrue(dot.contains(node), node + " is missing from:\n" + dot);
        // the text tree on the terminal: loss ← rsub ← dot(x, x), both of whose inputs are the leaf x
        assertTrue(out().contains("loss = tensor(16., grad_fn=<PowBackward0>)"), out());
        assertTrue(out().contains("      ├─ AccumulateGrad x (4)\n      └─ AccumulateGrad x (4)"), out());
    }

    @Test
    void graphSeedDrawsSvgWithGraphviz() throws IOException {
        assumeTrue(GraphViz.findDot().isPresent(), "Graphviz's dot is not installed");
        Path file = dir.resolve("seed.svg");
        assertEquals(0, ember("graph", "seed", "-o", file.toString()), both());
        String svg = Files.readString(file);
        assertTrue(svg.contains("<svg") && svg.contains("PowBackward0"), svg);
    }

    @Test
    void graphOfAProgramIsItsFirstStepLoss() throws IOException {
        Path file = dir.resolve("linreg.dot");
        assertEquals(0, ember("graph", "ch3/linear-regression-scratch", "-o", file.toString()), both());
        String dot = Files.readString(file);
        // l = ((X w + b) − y)²/2 summed: the parameters w [2, 1] and b [1] are named leaves
        for (String node : new String[]{"SumBackward0", "MmBackward0", "AddBackward0", "w\\n (2, 1)", "b\\n (1)"})
            assertTrue(dot.contains(node), node + " is missing from:\n" + dot);
        assertEquals(1, ember("graph", "ch3/linear-regression"));
        assertTrue(err().contains("trains nothing") && err().contains("ch3/softmax-regression-concise"), err());
    }

    @Test
    void shellEvaluatesAPipedLine() {
        String lines = "var x = arange(4.0).requiresGrad_();\ndot(x, x).rsub(10).pow(2)\n/exit\n";
        assertEquals(0, emberWithInput(lines, "shell"), both());
        assertTrue(out().contains("tensor(16., grad_fn=<PowBackward0>)"), both());
    }

    @Test
    void shellRunsSnippetsInAJvmSetUpAsTheEmberCommandsOwn() throws IOException {
        // the -XX options of the ember command's java line and of its tlab="..." (huge pages are asked for only where
        // the kernel gives them on request); the module's directory is ember-cli/
        String command = Files.readString(Path.of("..", "ember"));
        List<String> options = new ArrayList<>();
        for (String line : command.split("\n")) {
            if (!line.startsWith("tlab=") && !line.contains("/bin/java\" ")) continue;
            Matcher option = Pattern.compile("-XX:[+-]?\\w+(=\\w+)?").matcher(line);
            while (option.find()) options.add(option.group());
        }
        assertTrue(options.containsAll(List.of("-XX:+UseParallelGC", "-XX:MinTLABSize=2m")), "./ember's: " + options);
        List<String> shell = ShellCommand.REMOTE_JVM_OPTIONS;
        for (String option : options) assertTrue(shell.contains(option), option + " missing from " + shell);
    }

    @Test
    void helpNamesEveryCommand() {
        assertEquals(0, ember("--help"), both());
        for (String command : new String[]{"list", "run", "shell", "graph"}) assertTrue(out().contains("  " + command), out());
    }
}
