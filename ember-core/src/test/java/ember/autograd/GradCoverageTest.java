package ember.autograd;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every backward node name written in the main sources (a string literal such as {@code "PowBackward0"},
 * {@code "CopySlices"} or {@code "CopyBackwards"}) must appear in a test source that calls {@code gradcheck}:
 * a new differentiable op without a gradient check fails the build.
 */
class GradCoverageTest {
    /** Node names as string literals; a name built at run time ({@code "SumBackward" + n}) is caught by its prefix. */
    private static final Pattern NODE_LITERAL = Pattern.compile("\"([A-Za-z0-9]+Backward[0-9]*|CopySlices|CopyBackwards)\"");

    private static Path moduleDir() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("src/main/java")) ? here : here.resolve("ember-core");
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code text} names {@code node} as a whole word ("SumBackward" also matches "SumBackward1"). */
    static boolean mentions(String text, String node) {
        String after = Character.isDigit(node.charAt(node.length() - 1)) ? "(?![A-Za-z0-9])" : "(?![A-Za-z])";
        return Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(node) + after).matcher(text).find();
    }

    @Test
    void everyRecordedNodeHasAGradientCheck() {
        Path module = moduleDir();
        Set<String> names = new TreeSet<>();
        for (Path p : javaFiles(module.resolve("src/main/java"))) {
            Matcher m = NODE_LITERAL.matcher(read(p));
            while (m.find()) names.add(m.group(1));
        }
        assertFalse(names.isEmpty(), "no node names found under " + module.resolve("src/main/java"));

        String self = GradCoverageTest.class.getSimpleName() + ".java";
        StringBuilder checkedSources = new StringBuilder();
        for (Path p : javaFiles(module.resolve("src/test/java"))) {
            String text = read(p);
            if (!p.getFileName().toString().equals(self) && text.contains("gradcheck(")) checkedSources.append(text).append('\n');
        }
        String tests = checkedSources.toString();
        List<String> missing = names.stream().filter(n -> !mentions(tests, n)).toList();
        assertTrue(missing.isEmpty(), "backward nodes without a GradCheck.gradcheck test (name the node in a test class"
                + " that calls gradcheck on the op in float64): " + missing);
    }

    @Test
    void namesMatchAsWholeWords() {
        assertTrue(mentions("check(\"SumBackward1\", ...)", "SumBackward"));
        assertTrue(mentions("\"PowBackward0\"", "PowBackward0"));
        assertFalse(mentions("PowBackward01", "PowBackward0"));
        assertFalse(mentions("RsubBackward1", "SubBackward1"));
        assertFalse(mentions("SumBackwards", "SumBackward"));
    }
}
