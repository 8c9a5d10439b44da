package ember.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The docs cannot drift: every {@code ```java} block of README.md and docs/*.md runs, in order, in one JShell per
 * document set up like {@code ./ember shell}, and every {@code // →} and {@code // stderr:} comment is checked (the
 * convention is {@link DocSnippets}'s). The Chinese documents show the same results as the English ones.
 */
class DocSnippetsTest {

    @Test
    void theTutorialsAndTheReadmeHaveJavaToRun() {
        for (String name : new String[]{"README.md", "docs/tutorial.md", "docs/tutorial.zh.md", "docs/autograd.md", "docs/autograd.zh.md"})
            assertFalse(DocSnippets.expectations(DocSnippets.read(DocSnippets.root().resolve(name))).isEmpty(),
                    name + " states no output to check");
    }

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetRunsAndPrintsWhatTheDocSays() {
        return DocSnippets.documents().stream().map(doc -> DynamicTest.dynamicTest(DocSnippets.root().relativize(doc).toString(), () -> {
            String name = DocSnippets.root().relativize(doc).toString();
            List<String> failures = DocSnippets.run(name, DocSnippets.read(doc));
            assertTrue(failures.isEmpty(), failures.size() + " snippet(s) of " + name + " do not do what it says:\n\n"
                    + String.join("\n\n", failures));
        }));
    }

    /** The Chinese document shows the same code results as the English one (its prose and comments are its own). */
    @ParameterizedTest
    @ValueSource(strings = {"tutorial", "autograd"})
    void bothLanguagesShowTheSameResults(String document) {
        Path docs = DocSnippets.root().resolve("docs");
        List<String> english = shown(docs.resolve(document + ".md")), chinese = shown(docs.resolve(document + ".zh.md"));
        assertFalse(english.isEmpty());
        assertEquals(english, chinese, document + ".zh.md differs from " + document + ".md");
    }

    private static List<String> shown(Path doc) {
        return DocSnippets.expectations(DocSnippets.read(doc)).stream().map(DocSnippets.Expectation::shown).toList();
    }

    /** The harness catches wrong outputs, wrong exceptions, missing warnings, code that does not compile. */
    @Test
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
                x.sub_(2);  // → throws IllegalArgumentException: …
                ```

                ```python
                this is not run
                ```

                ```java
                var y = x.mul(2);
                y.sum().backward();
                y.grad()      // → null
                // stderr: The .grad attribute of a Tensor that is not a leaf … retainGrad() …
                x.grad();     // → tensor([2., 2., 2., 2.])
                // stderr: no such warning
                undefinedName.foo()
                x.sum().backward();   // "→" in a plain comment is not a marker
                y.gradFn().name();    // → MulBackward0
                y.gradFn().name()     // → "MulBackward0"
                y.gradFn().name()     // → "MulBackward1"
                for (int i = 0; i < 2; i++) {
                    x.sum();          // → tensor(6.)
                }
                ```
                """;
        List<String> failures = DocSnippets.run("inline.md", markdown);
        // the sum is 6, not 7; reshape gives ViewBackward0 in the right place; sub_ on the leaf throws
        // IllegalStateException, not IllegalArgumentException; x.grad() warns about nothing; the node is MulBackward0;
        // an arrow inside a loop cannot be checked, and the loop's lone closing brace then does not compile
        assertEquals(7, failures.size(), String.join("\n\n", failures));
        assertTrue(failures.get(0).startsWith("inline.md:5:") && failures.get(0).contains("tensor(6., grad_fn=<SumBackward0>)"),
                failures.get(0));
        assertTrue(failures.get(1).startsWith("inline.md:10:") && failures.get(1).contains("IllegalStateException: a leaf"),
                failures.get(1));
        assertTrue(failures.get(2).startsWith("inline.md:23:") && failures.get(2).contains("no such warning"), failures.get(2));
        assertTrue(failures.get(3).startsWith("inline.md:24:") && failures.get(3).contains("does not compile"), failures.get(3));
        assertTrue(failures.get(4).startsWith("inline.md:28:") && failures.get(4).contains("\"MulBackward0\""), failures.get(4));
        assertTrue(failures.get(5).startsWith("inline.md:29:") && failures.get(5).contains("middle of a statement"), failures.get(5));
        assertTrue(failures.get(6).startsWith("inline.md:31:") && failures.get(6).contains("does not compile"), failures.get(6));
    }
}
