package ember;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the cases PyTorch computed in {@code tools/golden/ops.py} (golden/ops.txt): the same op on the same inputs
 * (including non-contiguous views), compared in value, shape and dtype, and the gradient of sum(out·w) for every
 * floating input. The op table below mirrors the script's OPS table one for one.
 */
class GoldenOpsTest {
    /** op name → the op on the inputs and the case's arguments, mirroring OPS in ops.py. */
    static final Map<String, BiFunction<List<Tensor>, Map<String, String>, Tensor>> OPS = new HashMap<>();

    static {
        OPS.put("add", (x, a) -> x.get(0).add(x.get(1)));
        OPS.put("sub", (x, a) -> x.get(0).sub(x.get(1)));
        OPS.put("mul", (x, a) -> x.get(0).mul(x.get(1)));
        OPS.put("div", (x, a) -> x.get(0).div(x.get(1)));
        OPS.put("pow", (x, a) -> x.get(0).abs().add(0.5).pow(x.get(1)));
        OPS.put("add_scalar", (x, a) -> x.get(0).add(d(a, "s")));
        OPS.put("mul_scalar", (x, a) -> x.get(0).mul(d(a, "s")));
        OPS.put("pow_scalar", (x, a) -> x.get(0).pow(d(a, "s")));
        OPS.put("rsub_scalar", (x, a) -> x.get(0).rsub(d(a, "s")));
        OPS.put("rdiv_scalar", (x, a) -> x.get(0).rdiv(d(a, "s")));
        OPS.put("neg", (x, a) -> x.get(0).neg());
        OPS.put("abs", (x, a) -> x.get(0).abs());
        OPS.put("exp", (x, a) -> x.get(0).exp());
        OPS.put("log", (x, a) -> x.get(0).abs().add(0.1).log());
        OPS.put("sqrt", (x, a) -> x.get(0).abs().add(0.1).sqrt());
        OPS.put("sin", (x, a) -> x.get(0).sin());
        OPS.put("cos", (x, a) -> x.get(0).cos());
        OPS.put("tanh", (x, a) -> x.get(0).tanh());
        OPS.put("sigmoid", (x, a) -> x.get(0).sigmoid());
        OPS.put("relu", (x, a) -> x.get(0).relu());
        OPS.put("square", (x, a) -> x.get(0).square());
        OPS.put("clamp", (x, a) -> x.get(0).clamp(-0.5, 0.7));
        OPS.put("maximum", (x, a) -> maximum(x.get(0), x.get(1)));
        OPS.put("minimum", (x, a) -> minimum(x.get(0), x.get(1)));
        OPS.put("where", (x, a) -> where(x.get(0).gt(0.0), x.get(0), x.get(1)));
        OPS.put("gt", (x, a) -> x.get(0).gt(x.get(1)));
        OPS.put("eq_self", (x, a) -> x.get(0).eq(x.get(0).round()));
        OPS.put("sum", (x, a) -> x.get(0).sum());
        OPS.put("sum_dim", (x, a) -> x.get(0).sum(i(a, "dim"), keep(a)));
        OPS.put("mean_dim", (x, a) -> x.get(0).mean(i(a, "dim"), keep(a)));
        OPS.put("prod_dim", (x, a) -> x.get(0).prod(i(a, "dim"), keep(a)));
        OPS.put("max_dim", (x, a) -> x.get(0).max(i(a, "dim"), keep(a)).values());
        OPS.put("argmax_dim", (x, a) -> x.get(0).argmax(i(a, "dim"), keep(a)));
        OPS.put("min_all", (x, a) -> x.get(0).min());
        OPS.put("std_dim", (x, a) -> x.get(0).std(i(a, "dim"), keep(a)));
        OPS.put("var_all", (x, a) -> x.get(0).var());
        OPS.put("norm", (x, a) -> x.get(0).norm());
        OPS.put("cumsum", (x, a) -> x.get(0).cumsum(i(a, "dim")));
        OPS.put("logsumexp", (x, a) -> x.get(0).logsumexp(i(a, "dim"), keep(a)));
        OPS.put("softmax", (x, a) -> x.get(0).softmax(i(a, "dim")));
        OPS.put("log_softmax", (x, a) -> x.get(0).logSoftmax(i(a, "dim")));
        OPS.put("reshape_flat", (x, a) -> x.get(0).reshape(-1));
        OPS.put("transpose", (x, a) -> x.get(0).transpose(0, -1));
        OPS.put("permute_rev", (x, a) -> {
            int[] p = new int[x.get(0).dim()];
            for (int k = 0; k < p.length; k++) p[k] = p.length - 1 - k;
            return x.get(0).permute(p);
        });
        OPS.put("unsqueeze_sq", (x, a) -> x.get(0).unsqueeze(1).squeeze());
        OPS.put("narrow", (x, a) -> x.get(0).narrow(0, 1, 1));
        OPS.put("select", (x, a) -> x.get(0).select(-1, 0));
        OPS.put("slice_step", (x, a) -> x.get(0).get("::2"));
        OPS.put("cat", (x, a) -> cat(i(a, "dim"), x.get(0), x.get(1)));
        OPS.put("stack", (x, a) -> stack(i(a, "dim"), x.get(0), x.get(1)));
        OPS.put("matmul", (x, a) -> matmul(x.get(0), x.get(1)));
        OPS.put("index_rows", (x, a) -> x.get(0).get(tensor(Arrays.stream(a.get("idx").split(",")).mapToLong(Long::parseLong).toArray())));
        OPS.put("mask_select", (x, a) -> x.get(0).get(x.get(0).gt(0.0)));
    }

    private static double d(Map<String, String> a, String k) { return Double.parseDouble(a.get(k)); }

    private static int i(Map<String, String> a, String k) { return Integer.parseInt(a.get(k)); }

    private static boolean keep(Map<String, String> a) { return a.get("keep").equals("1"); }

    /** Mirrors view() in ops.py. */
    static Tensor applyView(Tensor t, String kind) {
        return switch (kind) {
            case "none" -> t;
            case "t" -> t.transpose(-2, -1);
            case "step2" -> t.get("..., ::2");
            case "expand" -> {
                int[] s = t.shape();
                s[0] = 3;
                yield t.expand(s);
            }
            default -> throw new IllegalArgumentException("unknown view " + kind);
        };
    }

    record Data(DType dtype, int[] shape, String kind, boolean grad, double[] values, long[] longs) {}

    record Case(int id, String op, Map<String, String> args, List<Data> inputs, Data out, double[] w, Map<Integer, double[]> grads) {}

    @TestFactory
    Stream<DynamicTest> pytorchGoldenCases() throws IOException {
        List<Case> cases = load();
        assertTrue(cases.size() > 500, "expected the full golden set, got " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.id + " " + c.op + " " + describe(c), () -> run(c)));
    }

    private static String describe(Case c) {
        StringBuilder sb = new StringBuilder();
        for (Data d : c.inputs) sb.append(d.dtype.shortName()).append(Arrays.toString(d.shape)).append(d.kind.equals("none") ? "" : "/" + d.kind).append(' ');
        if (!c.args.isEmpty()) sb.append(c.args);
        return sb.toString().trim();
    }

    static void run(Case c) {
        List<Tensor> leaves = new ArrayList<>(), inputs = new ArrayList<>();
        for (Data d : c.inputs) {
            Tensor base = (d.dtype.isFloatingPoint() ? fromArray(d.values.clone(), d.shape) : fromArray(d.longs.clone(), d.shape))
                    .reshape(d.shape).to(d.dtype); // reshape: fromArray without a shape means 1-D, and 0-d needs none
            if (d.grad) base.requiresGrad_();
            leaves.add(base);
            inputs.add(applyView(base, d.kind));
        }
        Tensor out = OPS.get(c.op).apply(inputs, c.args);
        String where = "case " + c.id + " " + c.op + " " + describe(c);
        assertEquals(c.out.dtype, out.dtype(), where + ": dtype");
        assertArrayEquals(c.out.shape, out.shape(), where + ": shape");
        if (out.dtype().isFloatingPoint()) assertClose(c.out.values, out.toDoubleArray(), out.dtype(), where + ": values");
        else assertArrayEquals(c.out.longs, out.toLongArray(), where + ": values");
        if (c.w != null) {
            Tensor w = fromArray(c.w.clone(), out.shape()).reshape(out.shape()).to(out.dtype());
            out.mul(w).sum().backward();
            for (var e : c.grads.entrySet()) {
                Tensor g = leaves.get(e.getKey()).grad();
                double[] actual = g == null ? new double[e.getValue().length] : g.toDoubleArray();
                assertClose(e.getValue(), actual, leaves.get(e.getKey()).dtype(), where + ": grad of input " + e.getKey());
            }
        }
    }

    /** Per-dtype tolerance: float32 kernels may differ from PyTorch's in the last bits (summation order, libm). */
    static void assertClose(double[] expected, double[] actual, DType dtype, String where) {
        assertEquals(expected.length, actual.length, where + ": element count");
        double rtol = dtype == DType.FLOAT64 ? 1e-10 : 2e-5, atol = dtype == DType.FLOAT64 ? 1e-12 : 2e-6;
        for (int k = 0; k < expected.length; k++) {
            double e = expected[k], a = actual[k];
            if (Double.isNaN(e) && Double.isNaN(a)) continue;
            if (e == a) continue;
            if (!(Math.abs(e - a) <= atol + rtol * Math.abs(e)))
                fail(where + ": element " + k + " expected " + e + " but was " + a + "\n expected " + Arrays.toString(expected)
                        + "\n actual   " + Arrays.toString(actual));
        }
    }

    static List<Case> load() throws IOException {
        var in = GoldenOpsTest.class.getResourceAsStream("/golden/ops.txt");
        assertNotNull(in, "golden/ops.txt missing: run /usr/bin/python3 tools/golden/ops.py");
        List<Case> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int id = -1;
            String op = null;
            Map<String, String> args = new HashMap<>();
            List<Data> inputs = new ArrayList<>();
            Data out = null;
            double[] w = null;
            Map<Integer, double[]> grads = new HashMap<>();
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] headTail = line.split(" : ", 2);
                String[] head = headTail[0].split(" ");
                String tail = headTail.length > 1 ? headTail[1] : "";
                switch (head[0]) {
                    case "case" -> {
                        id = Integer.parseInt(head[1]);
                        op = head[2];
                        args = new HashMap<>();
                        inputs = new ArrayList<>();
                        out = null;
                        w = null;
                        grads = new HashMap<>();
                    }
                    case "args" -> {
                        for (int k = 1; k < head.length; k++) {
                            String[] kv = head[k].split("=", 2);
                            args.put(kv[0], kv[1]);
                        }
                    }
                    case "in" -> inputs.add(data(DType.valueOf(head[1].toUpperCase()), shape(head[2]), head[3], head[4].equals("1"), tail));
                    case "out" -> out = data(DType.valueOf(head[1].toUpperCase()), shape(head[2]), "none", false, tail);
                    case "w" -> w = doubles(tail);
                    case "grad" -> grads.put(Integer.parseInt(head[1]), doubles(tail));
                    case "end" -> cases.add(new Case(id, op, args, inputs, out, w, grads));
                    default -> throw new IllegalStateException("bad golden line: " + line);
                }
            }
        }
        return cases;
    }

    private static Data data(DType dtype, int[] shape, String kind, boolean grad, String values) {
        return dtype.isFloatingPoint() ? new Data(dtype, shape, kind, grad, doubles(values), null)
                : new Data(dtype, shape, kind, grad, null, longs(values));
    }

    static int[] shape(String s) {
        if (s.equals("-")) return new int[0];
        return Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    static double[] doubles(String s) {
        if (s.isBlank()) return new double[0];
        return Arrays.stream(s.trim().split(" ")).mapToDouble(GoldenOpsTest::parseHex).toArray();
    }

    private static double parseHex(String v) {
        return switch (v) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    static long[] longs(String s) {
        if (s.isBlank()) return new long[0];
        return Arrays.stream(s.trim().split(" ")).mapToLong(Long::parseLong).toArray();
    }
}
