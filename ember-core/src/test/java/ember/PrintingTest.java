package ember;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code Tensor.toString()} against PyTorch's {@code repr}, case by case, from
 * {@code golden/printing.txt} (written by {@code tools/golden/printing.py} with torch 1.13; the file's header
 * describes its format). Each case stores the tensor's exact values, the ops applied to it, and PyTorch's output.
 */
class PrintingTest {
    private static final String GOLDEN = "/golden/printing.txt";

    record GoldenCase(String name, DType dtype, int[] shape, String[] values, List<String> ops, String repr) {}

    @TestFactory
    Stream<DynamicTest> matchesPyTorchRepr() throws IOException {
        return readCases().stream().map(c -> DynamicTest.dynamicTest(c.name(),
                () -> assertEquals(c.repr(), build(c).toString(), c.name())));
    }

    @Test
    void goldenFileHoldsEnoughCases() throws IOException {
        // Guards against a parser that silently reads nothing.
        assertTrue(readCases().size() >= 150, "golden cases: " + readCases().size());
    }

    @Test
    void seedExamples() {
        // >>> torch.arange(4.)
        assertEquals("tensor([0., 1., 2., 3.])", Ember.arange(4.0).toString());
        // >>> torch.tensor([0.5, 1.25])
        assertEquals("tensor([0.5000, 1.2500])", Ember.tensor(0.5, 1.25).toString());
        // >>> torch.tensor([1, 2])
        assertEquals("tensor([1, 2])", Ember.tensor(new long[]{1, 2}).toString());
        // >>> torch.tensor(16.)
        assertEquals("tensor(16.)", Ember.scalar(16.0).toString());
        // >>> x = torch.arange(4., requires_grad=True); x; (10 - (x * x).sum()) ** 2
        Tensor x = Ember.arange(4.0).requiresGrad_();
        assertEquals("tensor([0., 1., 2., 3.], requires_grad=True)", x.toString());
        assertEquals("tensor(16., grad_fn=<PowBackward0>)", x.mul(x).sum().rsub(10).pow(2).toString());
    }

    private static Tensor build(GoldenCase c) {
        int n = c.values().length;
        // A 0-d tensor is built as one element and reshaped to no dimensions.
        int[] dataShape = c.shape().length == 0 ? new int[]{1} : c.shape();
        Tensor t = switch (c.dtype()) {
            case FLOAT32 -> {
                float[] data = new float[n];
                for (int i = 0; i < n; i++) data[i] = (float) parseFloat(c.values()[i]);
                yield Ember.fromArray(data, dataShape);
            }
            case FLOAT64 -> {
                double[] data = new double[n];
                for (int i = 0; i < n; i++) data[i] = parseFloat(c.values()[i]);
                yield Ember.fromArray(data, dataShape);
            }
            default -> {
                long[] data = new long[n];
                for (int i = 0; i < n; i++) data[i] = Long.parseLong(c.values()[i]);
                yield Ember.fromArray(data, dataShape).to(c.dtype());
            }
        };
        if (c.shape().length == 0) t = t.reshape();
        for (String op : c.ops()) t = apply(t, op);
        return t;
    }

    private static Tensor apply(Tensor t, String op) {
        String[] words = op.split(" ");
        int[] args = Arrays.stream(words).skip(1).mapToInt(Integer::parseInt).toArray();
        return switch (words[0]) {
            case "requires_grad" -> t.requiresGrad_();
            case "pow" -> t.pow((long) args[0]);
            case "mul" -> t.mul((long) args[0]);
            case "add" -> t.add((long) args[0]);
            case "neg" -> t.neg();
            case "sum" -> t.sum();
            case "t" -> t.t();
            case "transpose" -> t.transpose(args[0], args[1]);
            case "permute" -> t.permute(args);
            case "slice" -> t.slice(args[0], args[1], args[2], args[3]);
            case "select" -> t.select(args[0], args[1]);
            case "expand" -> t.expand(args);
            case "reshape" -> t.reshape(args);
            case "view" -> t.view(args);
            default -> throw new IllegalArgumentException("unknown op in golden file: " + op);
        };
    }

    /** Python's float.hex() output (trailing zeros trimmed), or nan / inf / -inf. */
    private static double parseFloat(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    private static List<GoldenCase> readCases() throws IOException {
        List<GoldenCase> cases = new ArrayList<>();
        try (InputStream in = PrintingTest.class.getResourceAsStream(GOLDEN)) {
            if (in == null) throw new IOException("missing test resource " + GOLDEN);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                String name = field(line, "case");
                DType dtype = DType.valueOf(field(reader.readLine(), "dtype").toUpperCase());
                int[] shape = words(field(reader.readLine(), "shape")).stream().mapToInt(Integer::parseInt).toArray();
                String[] values = words(field(reader.readLine(), "values")).toArray(String[]::new);
                List<String> ops = new ArrayList<>();
                String next = reader.readLine();
                while (next.startsWith("op ")) {
                    ops.add(field(next, "op"));
                    next = reader.readLine();
                }
                int reprLines = Integer.parseInt(field(next, "repr"));
                List<String> repr = new ArrayList<>();
                for (int i = 0; i < reprLines; i++) repr.add(reader.readLine());
                cases.add(new GoldenCase(name, dtype, shape, values, ops, String.join("\n", repr)));
            }
        }
        return cases;
    }

    /** The text after {@code key} on a line that must start with it ("shape" alone means no sizes). */
    private static String field(String line, String key) {
        if (line == null || !(line.equals(key) || line.startsWith(key + " ")))
            throw new IllegalStateException("golden file: expected '" + key + "' but found: " + line);
        return line.substring(key.length()).trim();
    }

    private static List<String> words(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split(" "));
    }
}
