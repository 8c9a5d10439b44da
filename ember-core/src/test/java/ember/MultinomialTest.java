package ember;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * {@code multinomial} against PyTorch: {@code tools/golden/multinomial.py} recorded the indices torch.multinomial
 * draws after a seed (golden/multinomial.txt), for both of its algorithms (exponential race, cumulative search).
 */
class MultinomialTest {

    @Test
    void goldenDrawsMatchPyTorch() throws IOException {
        List<String> failures = new ArrayList<>();
        int calls = 0;
        try (var in = Objects.requireNonNull(MultinomialTest.class.getResourceAsStream("/golden/multinomial.txt"));
             var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("seed ")) {
                    manualSeed(Long.parseLong(line.substring(5)));
                    continue;
                }
                String[] parts = line.split(" : ");
                String[] call = parts[0].split(" ");
                Tensor got = multinomial(weights(call[0], call[1]), Integer.parseInt(call[2]), call[3].equals("True"));
                long[] expected = Arrays.stream(parts[1].trim().split(" ")).mapToLong(Long::parseLong).toArray();
                if (!Arrays.equals(got.toLongArray(), expected))
                    failures.add(parts[0] + ": got " + Arrays.toString(got.toLongArray()));
                calls++;
            }
        }
        assertEquals(12, calls);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** "1,2;3,4" is a 2-D tensor with one distribution per row, "1,2,3" a 1-D one. */
    private static Tensor weights(String dtype, String rows) {
        String[] rowTexts = rows.split(";");
        double[][] values = Arrays.stream(rowTexts)
                .map(row -> Arrays.stream(row.split(",")).mapToDouble(Double::parseDouble).toArray()).toArray(double[][]::new);
        DType d = dtype.equals("float64") ? DType.FLOAT64 : DType.FLOAT32;
        return rowTexts.length == 1 ? tensor(d, values[0]) : tensor(d, values);
    }

    @Test
    void shapesAndDtype() {
        manualSeed(0);
        Tensor one = multinomial(ones(6), 5, true);
        assertArrayEquals(new int[]{5}, one.shape());
        assertEquals(DType.INT64, one.dtype());
        assertArrayEquals(new int[]{3, 4}, ones(3, 6).multinomial(4, false).shape());
    }

    @Test
    void withoutReplacementDrawsEachCategoryOnce() {
        manualSeed(1);
        // all four of four categories: a permutation of 0..3
        long[] drawn = multinomial(tensor(1, 2, 3, 4), 4, false).toLongArray();
        Arrays.sort(drawn);
        assertArrayEquals(new long[]{0, 1, 2, 3}, drawn);
    }

    @Test
    void zeroWeightsAreNeverDrawn() {
        manualSeed(3);
        for (long i : multinomial(tensor(0, 1, 0, 1), 200, true).toLongArray()) assertTrue(i == 1 || i == 3);
        for (long i : multinomial(tensor(0, 1, 0, 1), 2, false).toLongArray()) assertTrue(i == 1 || i == 3);
    }

    @Test
    void aSeededGeneratorIsIndependentOfTheGlobalOne() {
        Tensor a = multinomial(ones(6), 10, true, new Generator(5));
        manualSeed(99);
        Tensor b = multinomial(ones(6), 10, true, new Generator(5));
        assertTrue(a.equal(b));
    }

    @Test
    void badInputIsRefusedInPyTorchsWords() {
        // each message is what torch 1.13 raises for the same call, e.g. torch.multinomial(torch.zeros(3), 1, False)
        var e = assertThrows(IllegalArgumentException.class, () -> multinomial(tensor(1, 2), 3, false));
        assertTrue(e.getMessage().startsWith("cannot sample n_sample > prob_dist.size(-1) samples without replacement"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> multinomial(tensor(new long[]{1, 2}), 1, true));
        assertTrue(e.getMessage().startsWith("multinomial only supports floating-point dtypes for input, got: Long"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> multinomial(ones(2, 2, 2), 1, true));
        assertTrue(e.getMessage().startsWith("prob_dist must be 1 or 2 dim"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> multinomial(ones(3), 0, true));
        assertTrue(e.getMessage().startsWith("cannot sample n_sample <= 0 samples"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> multinomial(tensor(1, -1), 5, true));
        assertEquals("invalid multinomial distribution (encountering probability entry < 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> multinomial(tensor(1, -1), 1, false));
        assertEquals("probability tensor contains either `inf`, `nan` or element < 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> multinomial(tensor(1, Double.NaN), 1, false));
        assertEquals("probability tensor contains either `inf`, `nan` or element < 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> multinomial(tensor(1, Double.POSITIVE_INFINITY), 3, true));
        assertEquals("invalid multinomial distribution (encountering probability entry = infinity or NaN)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> multinomial(zeros(3), 1, false));
        assertEquals("invalid multinomial distribution (sum of probabilities <= 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> multinomial(zeros(3), 4, true));
        assertEquals("invalid multinomial distribution (sum of probabilities <= 0)", e.getMessage());
    }
}
