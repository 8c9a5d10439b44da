package ember.book;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/** What a book program printed, captured for a test, and the transcripts PyTorch printed (tools/golden/book_*.py). */
final class Transcript {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    /** Where the program under test prints. */
    final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    /** Everything printed so far. */
    String printed() { return buffer.toString(StandardCharsets.UTF_8); }

    /** Runs the book program {@code name} (e.g. "ch3/softmax-regression") with {@code settings}, printing here. */
    Map<String, Double> run(String name, Settings settings) { return Programs.find(name).run(settings, out); }

    /** The transcript PyTorch printed for a section: the test resource golden/CHAPTER/SECTION.txt. */
    static String golden(String chapter, String section) throws IOException {
        String path = "/golden/" + chapter + "/" + section + ".txt";
        try (InputStream in = Objects.requireNonNull(Transcript.class.getResourceAsStream(path), path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
