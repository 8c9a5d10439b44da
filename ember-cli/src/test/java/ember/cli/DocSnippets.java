package ember.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * The snippet runner behind {@link DocSnippetsTest}: reads a Markdown document's {@code ```java} blocks and the
 * outputs they state, runs them in order in one JShell (later snippets use earlier variables, as in a notebook) set up
 * like {@code ./ember shell}, and lists the differences (none when the document is right).
 *
 * <p>The convention the documents follow:
 * <ul>
 *   <li>{@code // → text}, at the end of a code line or on its own line under the code, states what the code since
 *       the previous such comment gives: the exception it throws ({@code IllegalStateException: message}, also written
 *       {@code throws IllegalStateException: message}), else what it printed, else the value of its last expression or
 *       declaration as JShell shows it (a String with or without its quotes). Expressions need no semicolon.</li>
 *   <li>Further lines of the same text continue as {@code //   text}, the {@code //} under the marker's {@code //};
 *       the spaces after the three that follow {@code //} are part of the text (a tensor's rows line up).</li>
 *   <li>{@code // stderr: text} states that the code wrote text to standard error (a warning).</li>
 *   <li>In either, {@code …} stands for any text, so long messages can be shortened.</li>
 * </ul>
 * Code that does not compile, throws where no output is stated, or holds a {@code // →} in the middle of a statement
 * (where it could not be checked) is a difference too: every {@code // →} of a document is checked.
 */
final class DocSnippets {
    /** JShell's DEFAULT start-up imports, which {@code ./ember shell} loads before its own. */
    private static final List<String> JSHELL_DEFAULT_IMPORTS = Stream.of("java.io", "java.math", "java.net", "java.nio.file",
            "java.util", "java.util.concurrent", "java.util.function", "java.util.prefs", "java.util.regex", "java.util.stream")
            .map(p -> "import " + p + ".*;").toList();

    /** What every snippet may use without importing it: what {@code ./ember shell} imports. */
    static final List<String> IMPORTS = Stream.concat(JSHELL_DEFAULT_IMPORTS.stream(), ShellCommand.IMPORTS.stream()).toList();

    private static final String RESULT = "// →";
    private static final String STDERR = "// stderr:";
    private static final String CONTINUATION = "//   ";
    private static final String THROWS = "throws ";

    private DocSnippets() {}

    /** A stated output: {@code stderr} or the result of the code above it, at a line of the document (1-based). */
    record Expectation(boolean stderr, String text, int line) {
        String shown() { return (stderr ? STDERR + " " : RESULT + " ") + text; }
    }

    /** Code that runs as one unit (a few statements) with what the document says it gives. */
    record Chunk(String code, int firstLine, List<Expectation> expectations) {}

    /** The repository root: the directory above this module that holds the launcher. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent())
            if (Files.isRegularFile(p.resolve("ember")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        throw new IllegalStateException("no repository root above " + dir);
    }

    /** README.md and docs/*.md. */
    static List<Path> documents() {
        List<Path> docs = new ArrayList<>(List.of(root().resolve("README.md")));
        try (Stream<Path> files = Files.list(root().resolve("docs"))) {
            docs.addAll(files.filter(p -> p.toString().endsWith(".md")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static String read(Path doc) {
        try {
            return Files.readString(doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            int markerLine = i + 1;
            while (i + 1 < lines.length && isContinuation(lines[i + 1], marker)) {
                String next = lines[++i];
                text.append('\n').append(next.length() > marker + CONTINUATION.length()
                        ? next.substring(marker + CONTINUATION.length()).stripTrailing() : "");
            }
            stated.add(new Expectation(stderr, text.toString(), markerLine));
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
    static List<String> run(String name, String markdown) {
        List<String> failures = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        // a VM of its own per document: Ember warns once per VM, and each document shows its warnings
        try (JShell shell = JShell.builder()
                .in(InputStream.nullInputStream())
                .out(new PrintStream(out, true, StandardCharsets.UTF_8))
                .err(new PrintStream(err, true, StandardCharsets.UTF_8))
                .remoteVMOptions("-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8", "--add-modules=jdk.incubator.vector",
                        "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                        "-Dember.poisonUninitialized=true")
                .build()) {
            shell.addToClasspath(ShellCommand.classPath());
            for (String imp : IMPORTS) {
                Outcome o = evaluate(shell, imp, out, err);
                if (o.problem() != null) return List.of(name + ": the shell's import `" + imp + "` fails: " + o.problem());
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
                problem = "the code ends in the middle of a statement (a `// →` there cannot be checked): " + rest.strip();
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
            if (!resultMatches(e.text(), actual, o.exception() != null))
                failures.add(at + "the document shows\n" + e.text().indent(2) + "but Ember gives\n" + normalise(actual).indent(2));
        }
        if (!resultStated && o.exception() != null)
            failures.add(where + "throws " + o.exception() + "\n  (state it with // → if the document means it)");
    }

    /** An exception may be stated with or without {@code throws }; a String with or without its quotes. */
    static boolean resultMatches(String expected, String actual, boolean thrown) {
        if (thrown) return matches(expected.startsWith(THROWS) ? expected.substring(THROWS.length()) : expected, actual, false);
        if (matches(expected, actual, false)) return true;
        return actual.length() >= 2 && actual.startsWith("\"") && actual.endsWith("\"") && !expected.startsWith("\"")
                && matches(expected, unquote(actual), false);
    }

    /** JShell shows a String as a Java literal; a document may show its content. */
    private static String unquote(String literal) {
        return literal.substring(1, literal.length() - 1).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
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
