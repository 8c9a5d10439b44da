package ember.ops;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code x.pow(p)} at the exponents PyTorch computes by other ops, and {@code rsqrt}, bit for bit against PyTorch
 * ({@code tools/golden/pow_bits.py}, Note [Powers computed by other ops]): on a dense tensor, a strided view, a tiny
 * tensor (the direct path), a tensor above the parallel grain, in place, and with autograd recording.
 */
class PowBitsTest {
    private record Line(String op, double exponent, DType dtype, String[] hex) {}

    @TestFactory
    List<DynamicTest> matchesPyTorchBitForBit() throws IOException {
        List<Line> lines = read();
        List<DynamicTest> tests = new ArrayList<>();
        Tensor x = null;
        for (Line line : lines) {
            if (line.op.equals("x")) {
                x = tensorOf(line);
                continue;
            }
            Tensor base = x;
            double p = line.exponent;
            UnaryOperator<Tensor> op = line.op.equals("rsqrt") ? Tensor::rsqrt : t -> t.pow(p);
            String name = line.op + (line.op.equals("pow") ? " " + p : "") + " " + line.dtype.torchName();
            Tensor expected = tensorOf(line);
            tests.add(DynamicTest.dynamicTest(name, () -> {
                assertSameBits(expected, op.apply(base), name + ", dense");
                Tensor strided = stack(List.of(base, base.neg()), 1).select(1, 0); // every other element of a [n, 2]
                assertFalse(strided.isContiguous());
                assertSameBits(expected, op.apply(strided), name + ", strided");
                assertSameBits(expected.narrow(0, 0, 10), op.apply(base.narrow(0, 0, 10)), name + ", tiny");
                int copies = 40; // above the parallel grain
                assertSameBits(expected.repeat(copies), op.apply(base.repeat(copies)), name + ", " + copies + " copies");
                assertSameBits(expected, op.apply(base.clone().requiresGrad_(true)), name + ", recorded");
                if (line.op.equals("pow")) assertSameBits(expected, base.clone().pow_(p), name + ", in place");
            }));
        }
        assertEquals(16, lines.size(), "two dtypes × (x, six exponents, rsqrt)");
        return tests;
    }

    private static void assertSameBits(Tensor expected, Tensor actual, String where) {
        assertEquals(expected.dtype(), actual.dtype(), where + ": dtype");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        assertEquals(e.length, a.length, where + ": size");
        boolean f32 = expected.dtype() == DType.FLOAT32;
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) && Double.isNaN(a[i])) continue;
            boolean same = f32 ? Float.floatToIntBits((float) e[i]) == Float.floatToIntBits((float) a[i])
                    : Double.doubleToLongBits(e[i]) == Double.doubleToLongBits(a[i]);
            if (!same) fail(where + ": element " + i + " expected " + e[i] + " but was " + a[i]);
        }
    }

    private static Tensor tensorOf(Line line) {
        int n = line.hex.length;
        if (line.dtype == DType.FLOAT32) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(line.hex[i], 16));
            return fromArray(v, n);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = Double.longBitsToDouble(Long.parseUnsignedLong(line.hex[i], 16));
        return fromArray(v, n);
    }

    private static List<Line> read() throws IOException {
        var in = PowBitsTest.class.getResourceAsStream("/golden/pow_bits.txt");
        assertNotNull(in, "golden/pow_bits.txt missing: run /usr/bin/python3 tools/golden/pow_bits.py");
        List<Line> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String s; (s = r.readLine()) != null; ) {
                if (s.isBlank()) continue;
                String[] f = s.split(" ");
                boolean pow = f[0].equals("pow");
                int at = pow ? 2 : 1;
                DType dtype = f[at].equals("float32") ? DType.FLOAT32 : DType.FLOAT64;
                String[] hex = java.util.Arrays.copyOfRange(f, at + 1, f.length);
                lines.add(new Line(f[0], pow ? Double.parseDouble(f[1]) : Double.NaN, dtype, hex));
            }
        }
        return lines;
    }
}
