package ember.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.Ember;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chapter 5's programs print what the book's PyTorch code prints: {@code tools/golden/book_ch5.py} ran each section
 * under torch.manual_seed(42) (golden/ch5/*.txt) and the programs run here after Ember.manualSeed(42), so the initial
 * weights and random inputs are PyTorch's. Text must match exactly; a printed number may differ from PyTorch's in its
 * last digit, because matrix products may sum in another order. The returned numbers are checked against the
 * sections' claims.
 */
class Chapter5Test {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+\\.\\d*(?:e[+-]\\d+)?|-?\\d+(?:e[+-]\\d+)?");
    private final Transcript transcript = new Transcript();

    @BeforeEach
    void seed() { Ember.manualSeed(42); }

    private Map<String, Double> run(String name) { return transcript.run(name, Settings.defaults()); }

    /**
     * The transcripts agree: the same text between the numbers (runs of spaces compared as one, since a number one
     * digit wider re-aligns its column) and numbers equal to within 2·10⁻⁴, relative above 1.
     */
    static void assertSameTranscript(String expected, String actual) {
        List<String> e = tokens(expected), a = tokens(actual);
        assertEquals(e.size(), a.size(), "token count\n--- PyTorch ---\n" + expected + "\n--- Ember ---\n" + actual);
        for (int i = 0; i < e.size(); i++) {
            String x = e.get(i), y = a.get(i);
            if (NUMBER.matcher(x).matches() && NUMBER.matcher(y).matches()) {
                double dx = Double.parseDouble(x), dy = Double.parseDouble(y);
                assertTrue(Math.abs(dx - dy) <= 2e-4 * Math.max(1, Math.abs(dx)),
                        "number " + i + ": PyTorch " + x + ", Ember " + y + "\n--- Ember ---\n" + actual);
            } else {
                assertEquals(x.replaceAll(" +", " "), y.replaceAll(" +", " "), "text " + i + "\n--- Ember ---\n" + actual);
            }
        }
    }

    /** Numbers and the text between them, alternately. */
    private static List<String> tokens(String s) {
        List<String> tokens = new ArrayList<>();
        Matcher m = NUMBER.matcher(s);
        int at = 0;
        while (m.find()) {
            tokens.add(s.substring(at, m.start()));
            tokens.add(m.group());
            at = m.end();
        }
        tokens.add(s.substring(at));
        return tokens;
    }

    @Test
    void modelConstructionPrintsWhatPyTorchPrints() throws IOException {
        Map<String, Double> r = run("ch5/model-construction");
        assertSameTranscript(Transcript.golden("ch5", "model-construction"), transcript.printed());
        assertEquals(10, r.get("sequentialColumns"));
        assertEquals(4, r.get("mlpParameters")); // two weights, two biases
        assertEquals(10, r.get("mySequentialColumns"));
        assertEquals(4, r.get("mySequentialParameters"));
        assertEquals(2, r.get("fixedHiddenParameters")); // the linear layer's; the constant weight is not a parameter
        assertTrue(Math.abs(r.get("fixedHidden")) <= 1, transcript.printed()); // halved until |X|.sum() <= 1
        assertEquals(6 + 2 + 2, r.get("chimeraParameters")); // NestMLP's three layers, Linear(16, 20), FixedHiddenMLP's
    }

    @Test
    void parametersPrintsWhatPyTorchPrints() throws IOException {
        Map<String, Double> r = run("ch5/parameters");
        assertSameTranscript(Transcript.golden("ch5", "parameters"), transcript.printed());
        assertEquals(4, r.get("parameters"));
        assertEquals(4 * 4 + 2, r.get("rgnetParameters")); // four blocks of two layers, and the output layer
        assertEquals(32, r.get("constantWeightSum")); // a [8, 4] weight of ones
        assertTrue(r.get("xavierMaxAbs") <= Math.sqrt(6.0 / (4 + 8)), transcript.printed());
        assertTrue(r.get("customSmallestNonZero") >= 5, transcript.printed()); // the custom init zeroes |w| < 5
        assertEquals(42, r.get("w00"));
        assertEquals(1, r.get("sharedIsSameTensor"));
        assertEquals(100, r.get("sharedAfterWrite")); // written through net[2], read through net[4]
        assertEquals(6, r.get("tiedNetParameters")); // the shared layer's weight and bias count once
    }

    @Test
    void customLayerPrintsWhatPyTorchPrints() throws IOException {
        Map<String, Double> r = run("ch5/custom-layer");
        assertSameTranscript(Transcript.golden("ch5", "custom-layer"), transcript.printed());
        assertEquals(-2, r.get("centeredFirst")); // 1 - mean(1..5)
        assertEquals(0, r.get("meanAfterCentering"), 1e-6);
        assertTrue(r.get("myLinearMin") >= 0);
        assertEquals(2, r.get("myLinearParameters"));
        assertEquals(2, r.get("netRows"));
        assertEquals(1, r.get("netColumns"));
    }

    @Test
    void readWriteRoundTripsTensorsAndAModel() throws IOException {
        Map<String, Double> r = run("ch5/read-write");
        assertSameTranscript(Transcript.golden("ch5", "read-write"), transcript.printed());
        assertEquals(1, r.get("tensorRoundTrip"));
        assertEquals(1, r.get("listRoundTrip"));
        assertEquals(1, r.get("dictRoundTrip"));
        assertEquals(1, r.get("cloneDifferedBefore")); // a fresh MLP's own random weights give other outputs
        assertEquals(1, r.get("cloneEqual")); // Y_clone == Y everywhere after loading the state dict
    }

    @Test
    void useGpuRunsOnTheCpu() throws IOException {
        Map<String, Double> r = run("ch5/use-gpu");
        assertSameTranscript(Transcript.golden("ch5", "use-gpu"), transcript.printed());
        assertEquals(0, r.get("gpuCount"));
        assertEquals(1, r.get("cudaRefused"));
        assertEquals(1, r.get("onCpu"));
    }
}
