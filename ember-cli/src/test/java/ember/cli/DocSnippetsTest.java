package ember.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The docs cannot drift: every {@code ```java} block of README.md and docs/*.md runs, block after block, in one JShell
 * per file with the imports of {@code ember shell}. A statement whose line ends in {@code // → value} must produce
 * that value (JShell's display of it: a tensor's toString, {@code true}, {@code null}; a String without its quotes);
 * {@code // → throws IllegalArgumentException: message} expects that exception. A value that prints on several lines
 * continues on the following comment lines whose {@code //} stands in the same column. An expectation ending in
 * {@code …} is a prefix. Any other exception, or code that does not compile, fails the test.
 */
class DocSnippetsTest {
    private static final String ARROW = "// →";

    /** The repository root: the directory above this module that holds the launcher. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) if (Files.isRegularFile(p.resolve("ember")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        throw new IllegalStateException("no repository root above " + dir);
    }

    static List<Path> documents() {
        List<Path> docs = new ArrayList<>(List.of(root().resolve("README.md")));
        try (Stream<Path> files = Files.list(root().resolve("docs"))) {
            docs.addAll(files.filter(p -> p.toString().endsWith(".md")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** A fenced java block: its text and the line (1-based) of its first line in the file. */
    record Block(String text, int firstLine) {}

    static List<Block> javaBlocks(Path doc) {
        List<String> lines;
        try {
            lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) continue;
            int start = i + 1, end = start;
            while (end < lines.size() && !lines.get(end).strip().startsWith("```")) end++;
            if (end == lines.size()) throw new IllegalStateException(doc + ":" + (i + 1) + ": the ```java block is not closed");
            blocks.add(new Block(String.join("\n", lines.subList(start, end)), start + 1));
            i = end;
        }
        return blocks;
    }

    @Test
    void theTutorialsAndTheReadmeHaveJavaToRun() {
        List<Path> docs = documents();
        for (String name : new String[]{"README.md", "tutorial.md", "tutorial.zh.md"}) {
            Path doc = docs.stream().filter(p -> p.getFileName().toString().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " is missing"));
            assertTrue(javaBlocks(doc).size() >= 1, name + " has no ```java block");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetRunsAndPrintsWhatTheDocSays() {
        return documents().stream().map(doc -> DynamicTest.dynamicTest(root().relativize(doc).toString(), () -> run(doc)));
    }

    private static void run(Path doc) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (JShell shell = JShell.builder().executionEngine("local").out(stream).err(stream).build()) {
            shell.addToClasspath(ShellCommand.classPath());
            for (String line : ShellCommand.IMPORTS) evaluate(shell, line, doc + ": the shell's imports");
            List<Integer> checked = new ArrayList<>(), written = new ArrayList<>();
            for (Block block : javaBlocks(doc)) {
                checked.addAll(runBlock(shell, doc, block));
                String[] lines = block.text().split("\n", -1);
                for (int i = 0; i < lines.length; i++) if (lines[i].contains(ARROW)) written.add(block.firstLine() + i);
            }
            // an arrow inside a multi-line statement (a loop's body, say) would otherwise be skipped unseen
            assertEquals(written, checked, doc.getFileName() + ": lines whose `// →` is not at the end of a statement");
        }
    }

    /** Runs a block statement by statement; returns the lines (in the file) whose expectations it checked. */
    private static List<Integer> runBlock(JShell shell, Path doc, Block block) {
        String[] lines = block.text().split("\n", -1);
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = block.text();
        int offset = 0; // characters of the block already run
        List<Integer> checked = new ArrayList<>();
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) break;
            int consumed = remaining.length() - info.remaining().length();
            String text = remaining.substring(0, consumed).stripTrailing();
            int endLine = lineOf(block.text(), offset + text.length() - 1);
            // the last statement of a block takes the comments after it along: it ends on its last line of code
            while (endLine > 0 && lines[endLine].strip().startsWith("//")) endLine--;
            String where = doc.getFileName() + ":" + (block.firstLine() + endLine);
            if (!info.completeness().isComplete())
                fail(where + ": an incomplete statement: " + remaining.strip());
            String actual = evaluate(shell, info.source(), where);
            String expected = expectation(lines, endLine);
            if (expected != null) {
                check(where, lines[endLine].strip(), expected, actual);
                checked.add(block.firstLine() + endLine);
            } else if (actual.startsWith("throws ")) fail(where + ": " + lines[endLine].strip() + "\n" + actual);
            offset += consumed;
            remaining = info.remaining();
        }
        return checked;
    }

    /** Runs one snippet; returns JShell's display of its value ("" for none), or "throws Name: message". */
    private static String evaluate(JShell shell, String source, String where) {
        List<SnippetEvent> events = shell.eval(source);
        String value = "";
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) continue;
            if (e.status() != Snippet.Status.VALID) {
                String diagnostics = shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).collect(Collectors.joining("\n"));
                fail(where + ": does not compile (" + e.status() + "): " + source.strip() + "\n" + diagnostics);
            }
            if (e.exception() != null) {
                String name = e.exception() instanceof EvalException ee ? ee.getExceptionClassName() : e.exception().getClass().getName();
                return "throws " + name.substring(name.lastIndexOf('.') + 1) + ": " + e.exception().getMessage();
            }
            if (e.value() != null) value = e.value();
        }
        return value;
    }

    /** The {@code // → ...} expectation on line {@code index} and the comment lines that continue it, or null. */
    static String expectation(String[] lines, int index) {
        int at = lines[index].indexOf(ARROW);
        if (at < 0) return null;
        StringBuilder expected = new StringBuilder(lines[index].substring(at + ARROW.length()).strip());
        for (int i = index + 1; i < lines.length; i++) {
            String line = lines[i];
            boolean continues = line.length() > at + 2 && line.substring(0, at).isBlank() && line.startsWith("//", at)
                    && !line.startsWith(ARROW, at);
            if (!continues) break;
            expected.append('\n').append(line.substring(at + 2).strip());
        }
        return expected.toString();
    }

    static void check(String where, String source, String expected, String actual) {
        String shown = unquote(actual);
        String a = normalise(shown), e = normalise(expected);
        boolean matches = e.endsWith("…") ? a.startsWith(e.substring(0, e.length() - 1)) : a.equals(e);
        if (!matches) assertEquals(e, a, where + ": " + source.strip());
    }

    /** JShell shows a String as a Java literal; the docs show its content. */
    private static String unquote(String value) {
        if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) return value;
        return value.substring(1, value.length() - 1).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /** Each line without its surrounding spaces: a doc aligns continued lines under its comment marker. */
    private static String normalise(String s) {
        return s.lines().map(String::strip).collect(Collectors.joining("\n"));
    }

    private static int lineOf(String text, int index) {
        int line = 0;
        for (int i = 0; i < index && i < text.length(); i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    @Test
    void theHarnessChecksWhatItClaims() {
        String[] lines = {"var y = dot(x, x);   // → tensor(14., grad_fn=<DotBackward0>)", "x.T();  // → tensor([[0., 1.],",
                "        //          [2., 3.]])", "// an ordinary comment"};
        assertEquals("tensor(14., grad_fn=<DotBackward0>)", expectation(lines, 0));
        assertEquals("tensor([[0., 1.],\n[2., 3.]])", expectation(lines, 1));
        assertEquals(null, expectation(lines, 3));
        check("here", "x", "tensor([[0., 1.],\n[2., 3.]])", "tensor([[0., 1.],\n        [2., 3.]])");
        check("here", "x", "throws IllegalArgumentException: view size…", "throws IllegalArgumentException: view size is not compatible");
        check("here", "s", "[2, 3]", "\"[2, 3]\"");
        assertThrowsAssertion(() -> check("here", "x", "tensor(15.)", "tensor(14.)"));
    }

    private static void assertThrowsAssertion(Runnable r) {
        try {
            r.run();
        } catch (AssertionError expected) {
            return;
        }
        fail("a wrong value was not caught");
    }
}
