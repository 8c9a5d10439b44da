package ember.reliability;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Index;
import ember.Tensor;
import ember.nn.F;
import ember.nn.Reduction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the random programs of {@code tools/golden/differential.py} (golden/differential.txt): chains of 2 to 5 ops
 * over random shapes (0- and 1-sized dims, broadcasting, non-contiguous views), float32 and float64, with PyTorch's
 * value after every step and its gradients of sum(out·w) for every grad-requiring leaf. The op table below mirrors
 * the script's OPS one for one; a failure names the program, whose seed regenerates it
 * ({@code /usr/bin/python3 tools/golden/differential.py --show N}).
 */
class DifferentialTest {
    /** The interpreter's op table: op name → the op on the tensor arguments and the step's options. */
    static final Map<String, BiFunction<List<Tensor>, Options, Tensor>> OPS = new HashMap<>();

    static {
        // element-wise, one tensor
        OPS.put("neg", (a, o) -> a.get(0).neg());
        OPS.put("abs", (a, o) -> a.get(0).abs());
        OPS.put("exp", (a, o) -> a.get(0).exp());
        OPS.put("expm1", (a, o) -> a.get(0).expm1());
        OPS.put("sin", (a, o) -> a.get(0).sin());
        OPS.put("cos", (a, o) -> a.get(0).cos());
        OPS.put("tanh", (a, o) -> a.get(0).tanh());
        OPS.put("sigmoid", (a, o) -> a.get(0).sigmoid());
        OPS.put("relu", (a, o) -> a.get(0).relu());
        OPS.put("square", (a, o) -> a.get(0).square());
        OPS.put("round", (a, o) -> a.get(0).round());
        OPS.put("floor", (a, o) -> a.get(0).floor());
        OPS.put("log_safe", (a, o) -> a.get(0).abs().add(0.5).log());
        OPS.put("sqrt_safe", (a, o) -> a.get(0).abs().add(0.1).sqrt());
        OPS.put("rsqrt_safe", (a, o) -> a.get(0).abs().add(0.5).rsqrt());
        OPS.put("reciprocal_safe", (a, o) -> a.get(0).abs().add(0.5).reciprocal());
        OPS.put("log1p_abs", (a, o) -> a.get(0).abs().log1p());
        OPS.put("clamp", (a, o) -> a.get(0).clamp(o.d("lo"), o.d("hi")));
        OPS.put("clamp_min", (a, o) -> a.get(0).clampMin(o.d("lo")));
        OPS.put("clamp_max", (a, o) -> a.get(0).clampMax(o.d("hi")));
        OPS.put("add_s", (a, o) -> a.get(0).add(o.d("s")));
        OPS.put("sub_s", (a, o) -> a.get(0).sub(o.d("s")));
        OPS.put("mul_s", (a, o) -> a.get(0).mul(o.d("s")));
        OPS.put("div_s", (a, o) -> a.get(0).div(o.d("s")));
        OPS.put("rsub_s", (a, o) -> a.get(0).rsub(o.d("s")));
        OPS.put("rdiv_safe", (a, o) -> a.get(0).abs().add(0.5).rdiv(o.d("s")));
        OPS.put("pow_s", (a, o) -> a.get(0).pow(o.d("s")));
        OPS.put("pow_safe_s", (a, o) -> a.get(0).abs().add(0.25).pow(o.d("s")));
        OPS.put("rpow_s", (a, o) -> a.get(0).rpow(o.d("s")));
        OPS.put("cast", (a, o) -> a.get(0).to(o.dtype("dtype")));
        OPS.put("contiguous", (a, o) -> a.get(0).contiguous());
        OPS.put("clone", (a, o) -> a.get(0).clone());
        OPS.put("mul_detached", (a, o) -> a.get(0).mul(a.get(0).detach()));
        // element-wise, two tensors (broadcasting)
        OPS.put("add", (a, o) -> a.get(0).add(a.get(1)));
        OPS.put("sub", (a, o) -> a.get(0).sub(a.get(1)));
        OPS.put("mul", (a, o) -> a.get(0).mul(a.get(1)));
        OPS.put("div_safe", (a, o) -> a.get(0).div(a.get(1).abs().add(0.5)));
        OPS.put("add_alpha", (a, o) -> a.get(0).add(a.get(1), o.d("alpha")));
        OPS.put("maximum", (a, o) -> maximum(a.get(0), a.get(1)));
        OPS.put("minimum", (a, o) -> minimum(a.get(0), a.get(1)));
        OPS.put("where_gt", (a, o) -> where(a.get(0).gt(a.get(1)), a.get(0), a.get(1)));
        OPS.put("where_scalar", (a, o) -> where(a.get(0).gt(0.0), a.get(0), o.d("s")));
        OPS.put("atan2", (a, o) -> a.get(0).atan2(a.get(1)));
        OPS.put("pow_safe", (a, o) -> a.get(0).abs().add(0.5).pow(a.get(1)));
        OPS.put("masked_fill", (a, o) -> a.get(0).maskedFill(a.get(1), o.d("v")));
        OPS.put("masked_fill_gt", (a, o) -> a.get(0).maskedFill(a.get(0).gt(o.d("t")), o.d("v")));
        OPS.put("where_mask", (a, o) -> where(a.get(0), a.get(1), o.d("v")));
        // integer and bool side values: comparisons, casts, integer arithmetic, bool reductions
        OPS.put("gt_s", (a, o) -> a.get(0).gt(o.d("s")));
        OPS.put("ge_s", (a, o) -> a.get(0).ge(o.d("s")));
        OPS.put("lt_s", (a, o) -> a.get(0).lt(o.d("s")));
        OPS.put("le_s", (a, o) -> a.get(0).le(o.d("s")));
        OPS.put("eq_s", (a, o) -> a.get(0).eq(o.d("s")));
        OPS.put("ne_s", (a, o) -> a.get(0).ne(o.d("s")));
        OPS.put("gt_t", (a, o) -> a.get(0).gt(a.get(1)));
        OPS.put("le_t", (a, o) -> a.get(0).le(a.get(1)));
        OPS.put("eq_t", (a, o) -> a.get(0).eq(a.get(1)));
        OPS.put("logical_and", (a, o) -> a.get(0).logicalAnd(a.get(1)));
        OPS.put("logical_or", (a, o) -> a.get(0).logicalOr(a.get(1)));
        OPS.put("logical_xor", (a, o) -> a.get(0).logicalXor(a.get(1)));
        OPS.put("logical_not", (a, o) -> a.get(0).logicalNot());
        OPS.put("isnan", (a, o) -> a.get(0).isnan());
        OPS.put("isinf", (a, o) -> a.get(0).isinf());
        OPS.put("isfinite", (a, o) -> a.get(0).isfinite());
        OPS.put("argmax_dim", (a, o) -> a.get(0).argmax(o.i("dim"), o.bool("keep")));
        OPS.put("argmin_dim", (a, o) -> a.get(0).argmin(o.i("dim"), o.bool("keep")));
        OPS.put("to_long", (a, o) -> a.get(0).mul(4.0).to(DType.INT64));
        OPS.put("to_bool", (a, o) -> a.get(0).to(DType.BOOL));
        OPS.put("floor_divide_s", (a, o) -> a.get(0).floorDivide((long) o.i("k")));
        OPS.put("remainder_s", (a, o) -> a.get(0).remainder((long) o.i("k")));
        OPS.put("floor_divide_t", (a, o) -> a.get(0).floorDivide(a.get(1)));
        OPS.put("remainder_t", (a, o) -> a.get(0).remainder(a.get(1)));
        OPS.put("int_pow_s", (a, o) -> a.get(0).pow((long) o.i("k")));
        OPS.put("div_int", (a, o) -> a.get(0).div(a.get(1)));
        OPS.put("sum_int", (a, o) -> a.get(0).sum(o.ints("dims"), o.bool("keep")));
        OPS.put("sum_all_int", (a, o) -> a.get(0).sum());
        OPS.put("cumsum_int", (a, o) -> a.get(0).cumsum(o.i("dim")));
        OPS.put("max_dim_int", (a, o) -> a.get(0).max(o.i("dim"), o.bool("keep")).values());
        OPS.put("any_dim", (a, o) -> a.get(0).any(o.i("dim")));
        OPS.put("all_dim", (a, o) -> a.get(0).all(o.i("dim")));
        // reductions and normalisations
        OPS.put("sum_all", (a, o) -> a.get(0).sum());
        OPS.put("mean_all", (a, o) -> a.get(0).mean());
        OPS.put("prod_all", (a, o) -> a.get(0).prod());
        OPS.put("max_all", (a, o) -> a.get(0).max());
        OPS.put("min_all", (a, o) -> a.get(0).min());
        OPS.put("norm_all", (a, o) -> a.get(0).norm());
        OPS.put("sum", (a, o) -> a.get(0).sum(o.ints("dims"), o.bool("keep")));
        OPS.put("mean", (a, o) -> a.get(0).mean(o.ints("dims"), o.bool("keep")));
        OPS.put("prod", (a, o) -> a.get(0).prod(o.i("dim"), o.bool("keep")));
        OPS.put("max_dim", (a, o) -> a.get(0).max(o.i("dim"), o.bool("keep")).values());
        OPS.put("min_dim", (a, o) -> a.get(0).min(o.i("dim"), o.bool("keep")).values());
        OPS.put("argmax_gather", (a, o) -> a.get(0).gather(o.i("dim"), a.get(0).argmax(o.i("dim"), true)));
        OPS.put("argmin_gather", (a, o) -> a.get(0).gather(o.i("dim"), a.get(0).argmin(o.i("dim"), true)));
        OPS.put("std", (a, o) -> a.get(0).std(o.ints("dims"), o.i("corr"), o.bool("keep")));
        OPS.put("var", (a, o) -> a.get(0).var(o.ints("dims"), o.i("corr"), o.bool("keep")));
        OPS.put("norm", (a, o) -> a.get(0).norm(o.d("p"), o.ints("dims"), o.bool("keep")));
        OPS.put("logsumexp", (a, o) -> a.get(0).logsumexp(o.ints("dims"), o.bool("keep")));
        OPS.put("cumsum", (a, o) -> a.get(0).cumsum(o.i("dim")));
        OPS.put("cumprod", (a, o) -> a.get(0).cumprod(o.i("dim")));
        OPS.put("softmax", (a, o) -> a.get(0).softmax(o.i("dim")));
        OPS.put("log_softmax", (a, o) -> a.get(0).logSoftmax(o.i("dim")));
        // shapes and views
        OPS.put("transpose", (a, o) -> a.get(0).transpose(o.i("d0"), o.i("d1")));
        OPS.put("permute", (a, o) -> a.get(0).permute(o.ints("perm")));
        OPS.put("reshape", (a, o) -> a.get(0).reshape(o.ints("shape")));
        OPS.put("flatten", (a, o) -> a.get(0).flatten(o.i("start"), o.i("end")));
        OPS.put("unsqueeze", (a, o) -> a.get(0).unsqueeze(o.i("dim")));
        OPS.put("squeeze_dim", (a, o) -> a.get(0).squeeze(o.i("dim")));
        OPS.put("squeeze_all", (a, o) -> a.get(0).squeeze());
        OPS.put("expand", (a, o) -> a.get(0).expand(o.ints("shape")));
        OPS.put("t", (a, o) -> a.get(0).t());
        OPS.put("mT", (a, o) -> a.get(0).mT());
        OPS.put("get", (a, o) -> a.get(0).get(o.s("spec")));
        OPS.put("narrow", (a, o) -> a.get(0).narrow(o.i("dim"), o.i("start"), o.i("len")));
        OPS.put("select", (a, o) -> a.get(0).select(o.i("dim"), o.i("index")));
        OPS.put("chunk", (a, o) -> a.get(0).chunk(o.i("n"), o.i("dim")).get(o.i("k")));
        OPS.put("split", (a, o) -> a.get(0).split(o.i("size"), o.i("dim")).get(o.i("k")));
        OPS.put("unbind", (a, o) -> a.get(0).unbind(o.i("dim")).get(o.i("k")));
        OPS.put("repeat", (a, o) -> a.get(0).repeat(o.ints("reps")));
        // indexing
        OPS.put("index", (a, o) -> a.get(0).get(index(o.s("spec"), a.subList(1, a.size()))));
        OPS.put("gather", (a, o) -> a.get(0).gather(o.i("dim"), a.get(1)));
        OPS.put("index_select", (a, o) -> a.get(0).indexSelect(o.i("dim"), a.get(1)));
        OPS.put("masked_select_gt", (a, o) -> a.get(0).get(a.get(0).gt(o.d("t"))));
        OPS.put("set", (a, o) -> a.get(0).clone().set(o.s("spec"), a.get(1)));
        OPS.put("set_scalar", (a, o) -> a.get(0).clone().set(o.s("spec"), o.d("v")));
        OPS.put("inplace_view_mul", (a, o) -> {
            Tensor r = a.get(0).clone();
            r.get(o.s("spec")).mul_(o.d("s"));
            return r;
        });
        OPS.put("inplace_add", (a, o) -> a.get(0).clone().add_(a.get(1)));
        // linear algebra
        OPS.put("matmul", (a, o) -> matmul(a.get(0), a.get(1)));
        OPS.put("mm", (a, o) -> mm(a.get(0), a.get(1)));
        OPS.put("mv", (a, o) -> mv(a.get(0), a.get(1)));
        OPS.put("bmm", (a, o) -> bmm(a.get(0), a.get(1)));
        OPS.put("dot", (a, o) -> dot(a.get(0), a.get(1)));
        OPS.put("outer", (a, o) -> outer(a.get(0), a.get(1)));
        OPS.put("linear", (a, o) -> F.linear(a.get(0), a.get(1), a.size() > 2 ? a.get(2) : null));
        // joining
        OPS.put("cat", (a, o) -> cat(a, o.i("dim")));
        OPS.put("stack", (a, o) -> stack(a, o.i("dim")));
        // losses
        OPS.put("mse", (a, o) -> F.mseLoss(a.get(0), a.get(1), o.reduction()));
        OPS.put("l1", (a, o) -> F.l1Loss(a.get(0), a.get(1), o.reduction()));
        OPS.put("huber", (a, o) -> F.huberLoss(a.get(0), a.get(1), o.reduction(), o.d("delta")));
        OPS.put("cross_entropy", (a, o) -> F.crossEntropy(a.get(0), a.get(1), o.reduction(), o.d("ls")));
        OPS.put("nll", (a, o) -> F.nllLoss(a.get(0), a.get(1), o.reduction()));
        OPS.put("bce_logits", (a, o) -> F.binaryCrossEntropyWithLogits(a.get(0), a.get(1), o.reduction(),
                a.size() > 2 ? a.get(2) : null));
    }

    /** PyTorch's index syntax with '#' standing for the next index tensor (parse_index in the script). */
    static Index[] index(String spec, List<Tensor> tensors) {
        if (spec.isEmpty()) return new Index[0];
        List<Index> parts = new ArrayList<>();
        int k = 0;
        for (String p : spec.split(",", -1)) parts.add(p.equals("#") ? Index.tensor(tensors.get(k++)) : Index.parse(p)[0]);
        return parts.toArray(new Index[0]);
    }

    /** A step's key=value options, read as the script's OPS reads them. */
    record Options(Map<String, String> values) {
        String s(String key) {
            String v = values.get(key);
            if (v == null) throw new IllegalStateException("option " + key + " missing");
            return v;
        }

        double d(String key) { return Double.parseDouble(s(key)); }

        int i(String key) { return Integer.parseInt(s(key)); }

        boolean bool(String key) { return s(key).equals("1"); }

        int[] ints(String key) {
            String v = s(key);
            return v.isEmpty() ? new int[0] : Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
        }

        DType dtype(String key) { return DType.valueOf(s(key).toUpperCase()); }

        Reduction reduction() { return Reduction.valueOf(s("red").toUpperCase()); }
    }

    record Data(DType dtype, int[] shape, double[] values, long[] longs) {
        Tensor tensor() {
            Tensor t = dtype.isFloatingPoint() ? fromArray(values.clone(), shape.length == 0 ? new int[]{1} : shape)
                    : fromArray(longs.clone(), shape.length == 0 ? new int[]{1} : shape);
            return t.reshape(shape).to(dtype);
        }
    }

    record Leaf(String name, Data data, boolean grad) {}

    record Step(String name, String op, List<String> args, Options options, Data expected) {}

    record Program(int number, long seed, List<Leaf> leaves, List<Step> steps, double[] w, Map<String, double[]> grads) {
        /**
         * The precision the program computes in: float32 when any leaf or step is float32. A float64 value downstream
         * of float32 work (a cast, a promotion, a gradient flowing back through float32 ops) carries float32 rounding.
         */
        DType precision() {
            boolean single = leaves.stream().anyMatch(l -> l.data.dtype == DType.FLOAT32)
                    || steps.stream().anyMatch(s -> s.expected.dtype == DType.FLOAT32);
            return single ? DType.FLOAT32 : DType.FLOAT64;
        }

        String describe() {
            StringBuilder sb = new StringBuilder("program " + number + " (seed " + seed + "):");
            for (Step s : steps) sb.append(' ').append(s.op);
            return sb.toString();
        }
    }

    static final String RESOURCE = "/golden/differential.txt";
    /** A file of further programs to replay instead of the committed set (the script's --out), for exploring. */
    static final String FILE_PROPERTY = "ember.differential";

    @TestFactory
    Stream<DynamicTest> programsAgreeWithPyTorch() throws IOException {
        List<Program> programs = load();
        assertTrue(programs.size() >= 500, "expected at least 500 programs, got " + programs.size());
        return programs.stream().map(p -> DynamicTest.dynamicTest(p.describe(), () -> run(p)));
    }

    /** The op table and the script's agree: every op the file uses is interpreted here, and every op here is used. */
    @Test
    void everyOpIsExercised() throws IOException {
        Map<String, Integer> uses = new LinkedHashMap<>();
        for (Program p : load()) for (Step s : p.steps) uses.merge(s.op, 1, Integer::sum);
        for (String op : uses.keySet()) assertTrue(OPS.containsKey(op), "the golden file uses op " + op + ", unknown here");
        for (String op : OPS.keySet()) assertTrue(uses.containsKey(op), "op " + op + " appears in no program");
    }

    static void run(Program p) {
        Map<String, Tensor> env = new HashMap<>();
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        for (Leaf leaf : p.leaves) {
            Tensor t = leaf.data.tensor();
            if (leaf.grad) t.requiresGrad_();
            env.put(leaf.name, t);
            leaves.put(leaf.name, t);
        }
        Tensor out = null;
        for (Step s : p.steps) {
            List<Tensor> args = new ArrayList<>();
            for (String a : s.args) args.add(env.get(a));
            String where = p.describe() + ", step " + s.name + " = " + s.op + " " + s.args + " " + s.options.values;
            try {
                out = OPS.get(s.op).apply(args, s.options);
            } catch (RuntimeException e) {
                throw new AssertionError(where + ": threw " + e, e);
            }
            env.put(s.name, out);
            compare(s.expected, out, p.precision(), where);
        }
        Tensor w = new Data(out.dtype(), out.shape(), p.w, null).tensor();
        out.mul(w).sum().backward();
        for (var e : p.grads.entrySet()) {
            Tensor leaf = leaves.get(e.getKey());
            double[] actual = leaf.grad() == null ? new double[leaf.numel()] : leaf.grad().toDoubleArray();
            assertClose(e.getValue(), actual, p.precision(), p.describe() + ": gradient of leaf " + e.getKey());
        }
    }

    static void compare(Data expected, Tensor actual, DType precision, String where) {
        assertEquals(expected.dtype, actual.dtype(), where + ": dtype");
        assertArrayEquals(expected.shape, actual.shape(), where + ": shape");
        if (expected.dtype.isFloatingPoint()) assertClose(expected.values, actual.toDoubleArray(), precision, where);
        else assertArrayEquals(expected.longs, actual.toLongArray(), where + ": values");
    }

    /**
     * Per-precision tolerance, relative to each element and to the tensor's scale (its largest magnitude, at least 1):
     * chains of float32 ops accumulate rounding in a different order than PyTorch's kernels; float64 much less.
     */
    static void assertClose(double[] expected, double[] actual, DType precision, String where) {
        assertEquals(expected.length, actual.length, where + ": element count");
        double tol = precision == DType.FLOAT64 ? 1e-10 : 1e-4;
        double scale = 1;
        for (double e : expected) if (Double.isFinite(e)) scale = Math.max(scale, Math.abs(e));
        for (int k = 0; k < expected.length; k++) {
            double e = expected[k], a = actual[k];
            if (e == a || (Double.isNaN(e) && Double.isNaN(a))) continue;
            if (!(Math.abs(e - a) <= tol * (Math.abs(e) + scale)))
                fail(where + ": element " + k + " expected " + e + " but was " + a + "\n expected " + Arrays.toString(expected)
                        + "\n actual   " + Arrays.toString(actual));
        }
    }

    static List<Program> load() throws IOException {
        String file = System.getProperty(FILE_PROPERTY);
        var in = file != null ? java.nio.file.Files.newInputStream(java.nio.file.Path.of(file))
                : DifferentialTest.class.getResourceAsStream(RESOURCE);
        assertNotNull(in, RESOURCE + " missing: run /usr/bin/python3 tools/golden/differential.py");
        List<Program> programs = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int number = -1;
            long seed = 0;
            List<Leaf> leaves = null;
            List<Step> steps = null;
            double[] w = null;
            Map<String, double[]> grads = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] headTail = line.split(" : ", 2);
                String[] head = headTail[0].split(" ");
                String tail = headTail.length > 1 ? headTail[1] : "";
                switch (head[0]) {
                    case "program" -> {
                        number = Integer.parseInt(head[1]);
                        seed = Long.parseLong(head[3]);
                        leaves = new ArrayList<>();
                        steps = new ArrayList<>();
                        w = null;
                        grads = new LinkedHashMap<>();
                    }
                    case "leaf" -> leaves.add(new Leaf(head[1], data(head[2], head[3], tail), head[4].equals("1")));
                    case "step" -> {
                        List<String> args = new ArrayList<>();
                        Map<String, String> options = new LinkedHashMap<>();
                        int k = 3;
                        for (; !head[k].equals("->"); k++) {
                            int eq = head[k].indexOf('=');
                            if (eq < 0) args.add(head[k]);
                            else options.put(head[k].substring(0, eq), head[k].substring(eq + 1));
                        }
                        steps.add(new Step(head[1], head[2], args, new Options(options), data(head[k + 1], head[k + 2], tail)));
                    }
                    case "w" -> w = doubles(tail);
                    case "grad" -> grads.put(head[1], doubles(tail));
                    case "end" -> programs.add(new Program(number, seed, leaves, steps, w, grads));
                    default -> throw new IllegalStateException("bad line in " + RESOURCE + ": " + line);
                }
            }
        }
        return programs;
    }

    private static Data data(String dtype, String shape, String values) {
        DType t = DType.valueOf(dtype.toUpperCase());
        int[] s = shape.equals("-") ? new int[0] : Arrays.stream(shape.split(",")).mapToInt(Integer::parseInt).toArray();
        return t.isFloatingPoint() ? new Data(t, s, doubles(values), null) : new Data(t, s, null, longs(values));
    }

    private static double[] doubles(String s) {
        return s.isBlank() ? new double[0] : Arrays.stream(s.trim().split(" ")).mapToDouble(DifferentialTest::hexFloat).toArray();
    }

    /** Python's float.hex, including its spellings of the non-finite values. */
    private static double hexFloat(String v) {
        return switch (v) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    private static long[] longs(String s) {
        return s.isBlank() ? new long[0] : Arrays.stream(s.trim().split(" ")).mapToLong(Long::parseLong).toArray();
    }
}
