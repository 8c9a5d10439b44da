package ember.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.Ember;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chapter 2's programs print what the book's PyTorch code prints: {@code tools/golden/book_ch2.py} ran each section
 * under torch.manual_seed(42) and recorded its output (golden/ch2/*.txt); the programs run here after
 * Ember.manualSeed(42), so even the random numbers (randn, the die) must agree. Their returned numbers are checked
 * against the book's math as well.
 */
class Chapter2Test {
    private static final Pattern ID = Pattern.compile("id\\(Z\\): (\\d+)");
    private final Transcript transcript = new Transcript();

    @BeforeEach
    void seed() { Ember.manualSeed(42); }

    private Map<String, Double> run(String name) { return transcript.run(name, Settings.defaults()); }

    /** Python's id() numbers are addresses: only whether the two printed for Z agree is comparable. */
    private static String idsCompared(String transcript) {
        Matcher m = ID.matcher(transcript);
        String first = m.find() ? m.group(1) : null, second = m.find() ? m.group(1) : null;
        String verdict = first != null && first.equals(second) ? "same" : "different";
        return ID.matcher(transcript).replaceAll("id(Z): " + verdict);
    }

    @Test
    void ndarrayPrintsWhatPyTorchPrints() throws IOException {
        Map<String, Double> r = run("ch2/ndarray");
        assertEquals(idsCompared(Transcript.golden("ch2", "ndarray")), idsCompared(transcript.printed()));
        assertTrue(idsCompared(transcript.printed()).contains("id(Z): same"), transcript.printed());
        assertEquals(66, r.get("sum")); // 0 + 1 + ... + 11
        assertEquals(3, r.get("broadcastRows"));
        assertEquals(2, r.get("broadcastColumns"));
        assertEquals(1, r.get("zKeepsStorage"));
        assertEquals(1, r.get("xKeepsStorage"));
        assertEquals(1, r.get("roundTripEqual"));
        assertEquals(3.5, r.get("item"));
    }

    @Test
    void pandasPrintsWhatPandasAndPyTorchPrint() throws IOException {
        Map<String, Double> r = run("ch2/pandas");
        assertEquals(Transcript.golden("ch2", "pandas"), transcript.printed());
        assertEquals(3, r.get("filledNumRooms")); // the mean of 2 and 4
        assertEquals(3, r.get("columns")); // NumRooms, Alley_Pave, Alley_nan
        assertEquals(127500 + 106000 + 178100 + 140000, r.get("priceSum"));
    }

    @Test
    void linearAlgebraPrintsWhatPyTorchPrints() throws IOException {
        Map<String, Double> r = run("ch2/linear-algebra");
        assertEquals(Transcript.golden("ch2", "linear-algebra"), transcript.printed());
        assertEquals(1, r.get("symmetric"));
        assertEquals(190, r.get("sum")); // 0 + ... + 19
        assertEquals(9.5, r.get("mean"));
        assertEquals(3 + 7 + 11 + 15 + 19, r.get("cumsumLast")); // the running sum down A's last column
        assertEquals(6, r.get("dot")); // 0 + 1 + 2 + 3
        assertEquals(16 * 0 + 17 * 1 + 18 * 2 + 19 * 3, r.get("mvLast"));
        assertEquals(3 * 190, r.get("mmSum"));
        assertEquals(5, r.get("l2")); // √(9 + 16)
        assertEquals(7, r.get("l1"));
        assertEquals(6, r.get("frobenius")); // √36
    }

    @Test
    void calculusApproachesTheDerivative() throws IOException {
        Map<String, Double> r = run("ch2/calculus");
        assertEquals(Transcript.golden("ch2", "calculus"), transcript.printed());
        // (f(1 + h) - f(1)) / h = 2 + 3h, so at h = 1e-5 the quotient is 2.00003
        assertEquals(2.00003, r.get("limit"), 1e-9);
        assertEquals(2, r.get("derivative"));
    }

    @Test
    void autogradGivesTheBooksGradients() throws IOException {
        Map<String, Double> r = run("ch2/autograd");
        assertEquals(Transcript.golden("ch2", "autograd"), transcript.printed());
        assertEquals(1, r.get("gradIs4x"));
        assertEquals(12, r.get("grad3")); // 4·x₃ = 4·3
        assertEquals(1, r.get("sumGrad0"));
        assertEquals(1, r.get("onesEqualsSum"));
        assertEquals(6, r.get("squareGrad3")); // 2·x₃
        assertEquals(1, r.get("detachGradIsU"));
        assertEquals(1, r.get("gradIs2x"));
        assertEquals(1, r.get("controlFlowGradIsSlope"));
        assertEquals(0.3367, r.get("a"), 1e-4); // torch.manual_seed(42); torch.randn(())
    }

    @Test
    void probabilityDrawsPyTorchsDieAndConverges() throws IOException {
        Map<String, Double> r = run("ch2/probability");
        assertEquals(Transcript.golden("ch2", "probability"), transcript.printed());
        assertTrue(r.get("maxDeviation1000") < 0.05, transcript.printed());
        // 10 tosses are far from 1/6; 5000 tosses are close
        assertTrue(r.get("maxDeviationFirstGroup") > r.get("maxDeviation500Groups"), transcript.printed());
        assertTrue(r.get("maxDeviation500Groups") < 0.01, transcript.printed());
    }
}
