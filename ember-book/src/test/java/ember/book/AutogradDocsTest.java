package ember.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every {@code ```java} snippet of docs/autograd.md and docs/autograd.zh.md in JShell and checks the outputs the
 * documents show, so the docs cannot drift from what Ember prints.
 *
 * <p>How a document is read (see {@link DocSnippets}): its java blocks run in order in one JShell session (later
 * snippets use earlier variables, as in a notebook), with {@link DocSnippets#IMPORTS} already imported. A comment
 * {@code // → text}, at the end of a code line or on its own line under the code, states what the code since the
 * previous such comment gives: the exception it throws ({@code IllegalStateException: message}), else what it
 * printed, else the value of its last expression or declaration as JShell shows it ({@code "text"} for a String).
 * Further lines of the same text continue as {@code //   text}, with {@code //} under the {@code //} of the marker.
 * {@code // stderr: text} states that the code wrote text to standard error (a warning). In either, {@code …} stands
 * for any text, so long messages can be shortened. A snippet that fails to compile, or throws where no output is
 * stated, fails the test.
 */
class AutogradDocsTest {

    @ParameterizedTest
    @ValueSource(strings = {"docs/autograd.md", "docs/autograd.zh.md"})
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everySnippetRunsAndPrintsWhatTheDocumentShows(String document) throws IOException {
        Path doc = DocSnippets.repositoryFile(document);
        List<String> failures = DocSnippets.run(document, Files.readString(doc), DocSnippets.classPathOf(Tensor.class, SeedExample.class));
        assertTrue(failures.isEmpty(), failures.size() + " snippet(s) of " + document + " do not do what it says:\n\n"
                + String.join("\n\n", failures));
    }

    /** The Chinese document shows the same code results as the English one (its prose and comments are its own). */
    @Test
    void bothLanguagesShowTheSameResults() throws IOException {
        List<DocSnippets.Expectation> english = DocSnippets.expectations(Files.readString(DocSnippets.repositoryFile("docs/autograd.md")));
        List<DocSnippets.Expectation> chinese = DocSnippets.expectations(Files.readString(DocSnippets.repositoryFile("docs/autograd.zh.md")));
        assertFalse(english.isEmpty());
        assertEquals(english.stream().map(DocSnippets.Expectation::shown).toList(),
                chinese.stream().map(DocSnippets.Expectation::shown).toList());
    }

    /** The harness catches wrong outputs, wrong exceptions, missing warnings, code that does not compile. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theHarnessReportsEveryKindOfMismatch() {
        String markdown = """
                Some prose.

                ```java
                var x = arange(4.0).requiresGrad_();   // → tensor([0., 1., 2., 3.], requires_grad=True)
                x.sum()                                // → tensor(7., grad_fn=<SumBackward0>)
                System.out.println(x.reshape(2, 2));
                // → tensor([[0., 1.],
                //           [2., 3.]], grad_fn=<ViewBackward0>)
                x.sub_(1)   // → IllegalStateException: a leaf Variable that requires grad is being used in an in-place …
                x.sub_(2)   // → IllegalArgumentException: …
                ```

                ```python
                this is not run
                ```

                ```java
                var y = x.mul(2);
                y.sum().backward();
                y.grad()      // → null
                // stderr: The .grad attribute of a Tensor that is not a leaf … retainGrad() …
                x.grad()      // → null
                // stderr: no such warning
                undefinedName.foo()
                x.sum().backward();   // "→" in a plain comment is not a marker
                ```
                """;
        List<String> failures = DocSnippets.run("inline.md", markdown, DocSnippets.classPathOf(Tensor.class));
        // the sum is 6, not 7; reshape gives ViewBackward0 in the right place; sub_ on the leaf throws
        // IllegalStateException, not IllegalArgumentException; x.grad() is [2, 2, 2, 2] and warns about nothing
        assertEquals(5, failures.size(), String.join("\n\n", failures));
        assertTrue(failures.get(0).startsWith("inline.md:5:") && failures.get(0).contains("tensor(6., grad_fn=<SumBackward0>)"),
                failures.get(0));
        assertTrue(failures.get(1).startsWith("inline.md:10:") && failures.get(1).contains("IllegalStateException: a leaf"),
                failures.get(1));
        assertTrue(failures.get(2).startsWith("inline.md:22:") && failures.get(2).contains("tensor([2., 2., 2., 2.])"),
                failures.get(2));
        assertTrue(failures.get(3).startsWith("inline.md:23:") && failures.get(3).contains("no such warning"), failures.get(3));
        assertTrue(failures.get(4).startsWith("inline.md:24:") && failures.get(4).contains("does not compile"), failures.get(4));
    }

    /**
     * The snippet runner: reads a Markdown document's java blocks and their stated outputs, runs them in a JShell
     * whose remote VM has the given class path, and lists the differences (empty when the document is right).
     */
    static final class DocSnippets {
        /** What every snippet may use without importing it (the documents say so). */
        static final List<String> IMPORTS = List.of("import static ember.Ember.*;", "import ember.*;",
                "import ember.autograd.*;", "import ember.optim.*;", "import java.util.*;");

        private static final String RESULT = "// →";
        private static final String STDERR = "// stderr:";
        private static final String CONTINUATION = "//   ";

        private DocSnippets() {}

        /** A stated output: {@code stderr} or the result of the code above it, at a line of the document (1-based). */
        record Expectation(boolean stderr, String text, int line) {
            String shown() { return (stderr ? STDERR + " " : RESULT + " ") + text; }
        }

        /** Code that runs as one unit (a few statements) with what the document says it gives. */
        record Chunk(String code, int firstLine, List<Expectation> expectations) {}

        /** Finds {@code relative} (e.g. docs/autograd.md) in the working directory or a parent (Maven runs modules in theirs). */
        static Path repositoryFile(String relative) {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(relative);
                if (Files.isRegularFile(candidate)) return candidate;
            }
            throw new IllegalStateException(relative + " was not found in " + Path.of("").toAbsolutePath() + " or its parents");
        }

        /** The jars or class folders the given classes were loaded from. */
        static List<Path> classPathOf(Class<?>... classes) {
            Set<Path> paths = new LinkedHashSet<>();
            for (Class<?> c : classes) {
                try {
                    paths.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
                } catch (URISyntaxException e) {
                    throw new IllegalStateException("cannot locate the classes of " + c.getName(), e);
                }
            }
            return List.copyOf(paths);
        }

        static List<Expectation> expectations(String markdown) {
            return chunks(markdown).stream().flatMap(c -> c.expectations().stream()).toList();
        }

        /** The java blocks cut into chunks, each ending where a stated output ends. */
        static List<Chunk> chunks(String markdown) {
            List<Chunk> chunks = new ArrayList<>();
            String[] lines = markdown.split("\r?\n", -1);
            boolean inJava = false, inOtherFence = false;
            StringBuilder code = new StringBuilder();
            int codeStart = -1;
            List<Expectation> stated = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                String trimmed = line.strip();
                if (!inJava && !inOtherFence) {
                    if (trimmed.equals("```java")) inJava = true;
                    else if (trimmed.startsWith("```")) inOtherFence = true;
                    continue;
                }
                if (inOtherFence) {
                    if (trimmed.equals("```")) inOtherFence = false;
                    continue;
                }
                if (trimmed.equals("```")) {
                    inJava = false;
                    continue;
                }
                int marker = markerColumn(line);
                boolean hasCode = !(marker < 0 ? line : line.substring(0, marker)).isBlank();
                if (hasCode && !stated.isEmpty()) {
                    chunks.add(new Chunk(code.toString(), codeStart, List.copyOf(stated)));
                    code.setLength(0);
                    codeStart = -1;
                    stated.clear();
                }
                if (hasCode) {
                    if (codeStart < 0) codeStart = i + 1;
                    code.append(marker < 0 ? line : line.substring(0, marker)).append('\n');
                }
                if (marker < 0) continue;
                boolean stderr = line.startsWith(STDERR, marker);
                StringBuilder text = new StringBuilder(line.substring(marker + (stderr ? STDERR : RESULT).length()).strip());
                while (i + 1 < lines.length && isContinuation(lines[i + 1], marker)) {
                    String next = lines[++i];
                    text.append('\n').append(next.length() > marker + CONTINUATION.length()
                            ? next.substring(marker + CONTINUATION.length()).stripTrailing() : "");
                }
                stated.add(new Expectation(stderr, text.toString(), i + 1 - (int) text.chars().filter(c -> c == '\n').count()));
            }
            if (code.length() > 0 || !stated.isEmpty()) chunks.add(new Chunk(code.toString(), codeStart, List.copyOf(stated)));
            return chunks;
        }

        /** Where a {@code // →} or {@code // stderr:} marker starts on the line (outside string literals), or −1. */
        private static int markerColumn(String line) {
            for (String marker : List.of(RESULT, STDERR)) {
                int at = line.indexOf(marker);
                if (at >= 0 && line.substring(0, at).chars().filter(c -> c == '"').count() % 2 == 0) return at;
            }
            return -1;
        }

        private static boolean isContinuation(String line, int column) {
            return line.length() >= column + 2 && line.substring(0, column).isBlank() && line.startsWith("//", column)
                    && (line.length() == column + 2 || line.startsWith(CONTINUATION, column)) && markerColumn(line) < 0;
        }

        /** Runs the document's snippets; returns one message per difference, each starting with {@code name:line:}. */
        static List<String> run(String name, String markdown, List<Path> classPath) {
            List<String> failures = new ArrayList<>();
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            List<String> vmOptions = new ArrayList<>(List.of("-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
            // the remote VM gets the Vector API when the test VM has it, so the snippets run the kernels Ember uses
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) vmOptions.add("--add-modules=jdk.incubator.vector");
            try (JShell shell = JShell.builder()
                    .in(InputStream.nullInputStream())
                    .out(new PrintStream(out, true, StandardCharsets.UTF_8))
                    .err(new PrintStream(err, true, StandardCharsets.UTF_8))
                    .remoteVMOptions(vmOptions.toArray(String[]::new))
                    .build()) {
                for (Path p : classPath) shell.addToClasspath(p.toString());
                for (String imp : IMPORTS) {
                    Outcome o = evaluate(shell, imp, out, err);
                    if (o.problem() != null) return List.of(name + ": the preamble `" + imp + "` fails: " + o.problem());
                }
                for (Chunk chunk : chunks(markdown)) check(name, chunk, evaluate(shell, chunk.code(), out, err), failures);
            }
            return failures;
        }

        /** What a chunk did: its first exception (Name: message), stdout, stderr, last value, or why it could not run. */
        private record Outcome(String exception, String stdout, String stderr, String value, String problem) {}

        private static Outcome evaluate(JShell shell, String code, ByteArrayOutputStream out, ByteArrayOutputStream err) {
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            out.reset();
            err.reset();
            String rest = code, exception = null, value = null, problem = null;
            while (problem == null && exception == null) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) break;
                if (!info.completeness().isComplete() && info.completeness() != SourceCodeAnalysis.Completeness.UNKNOWN) {
                    problem = "the code ends in the middle of a statement: " + rest.strip();
                    break;
                }
                rest = info.remaining();
                value = null;
                for (SnippetEvent event : shell.eval(info.source())) {
                    if (event.causeSnippet() != null) continue;
                    if (event.status() == Snippet.Status.REJECTED) {
                        problem = "does not compile: " + info.source().strip() + "\n" + shell.diagnostics(event.snippet())
                                .map(DocSnippets::describe).collect(Collectors.joining("\n"));
                    } else if (event.exception() instanceof EvalException e) {
                        String type = e.getExceptionClassName();
                        exception = type.substring(type.lastIndexOf('.') + 1) + ": " + e.getMessage();
                    } else if (event.exception() instanceof UnresolvedReferenceException e) {
                        problem = "uses something not defined: " + e.getSnippet().source().strip();
                    } else if (event.exception() != null) {
                        exception = event.exception().toString();
                    } else {
                        value = event.value();
                    }
                }
            }
            if (exception != null && problem == null && !rest.isBlank())
                problem = "the code after the exception did not run: " + rest.strip();
            return new Outcome(exception, text(out), text(err), value, problem);
        }

        private static String describe(Diag d) { return "  " + d.getMessage(Locale.ROOT); }

        private static String text(ByteArrayOutputStream buffer) {
            return buffer.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
        }

        private static void check(String name, Chunk chunk, Outcome o, List<String> failures) {
            String where = name + ":" + chunk.firstLine() + ": ";
            if (o.problem() != null) {
                failures.add(where + o.problem());
                return;
            }
            boolean resultStated = false;
            for (Expectation e : chunk.expectations()) {
                String at = name + ":" + e.line() + ": ";
                if (e.stderr()) {
                    if (!matches(e.text(), o.stderr(), true))
                        failures.add(at + "expected standard error to contain\n  " + e.text() + "\nbut it was\n  " + o.stderr().strip());
                    continue;
                }
                resultStated = true;
                String actual = o.exception() != null ? o.exception()
                        : !o.stdout().isEmpty() ? o.stdout()
                        : o.value() != null ? o.value() : "(nothing printed and no value)";
                if (!matches(e.text(), actual, false))
                    failures.add(at + "the document shows\n" + e.text().indent(2) + "but Ember gives\n" + normalise(actual).indent(2));
            }
            if (!resultStated && o.exception() != null)
                failures.add(where + "throws " + o.exception() + "\n  (state it with // → if the document means it)");
        }

        /** Equal after trimming line ends; {@code …} matches any text; stderr is searched for the text, spaces collapsed. */
        static boolean matches(String expected, String actual, boolean contains) {
            String e = contains ? expected.strip().replaceAll("\\s+", " ") : normalise(expected);
            String a = contains ? actual.replaceAll("\\s+", " ") : normalise(actual);
            StringBuilder regex = new StringBuilder();
            for (String part : e.split("…", -1)) {
                if (!regex.isEmpty()) regex.append(".*?");
                regex.append(Pattern.quote(part));
            }
            Pattern p = Pattern.compile(regex.toString(), Pattern.DOTALL);
            return contains ? p.matcher(a).find() : p.matcher(a).matches();
        }

        private static String normalise(String s) {
            return s.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
        }
    }
}
