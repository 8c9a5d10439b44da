package ember;

import ember.autograd.GradMode;
import ember.kernels.BinaryOp;
import ember.kernels.UnaryOp;
import ember.ops.Creation;
import ember.ops.Elementwise;
import ember.ops.LinearAlgebra;
import ember.ops.Multinomial;
import ember.ops.Shape;
import ember.storage.DoubleStorage;
import ember.storage.FloatStorage;
import ember.storage.LongStorage;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code torch} namespace: {@code import static ember.Ember.*;} then {@code arange(4.0)}, {@code zeros(2, 3)},
 * {@code matmul(a, b)}, {@code try (var g = noGrad()) { ... }}. A {@code double} passed as a value gives float32
 * (PyTorch's default dtype) unless a {@link DType} says otherwise; integer literals give int64 where PyTorch's do.
 */
public final class Ember {
    private Ember() {}

    // ---- literals ----

    /** {@code torch.tensor([1., 2.])}: a float32 vector (copied). */
    public static Tensor tensor(double... values) { return Creation.fromDoubles(DType.FLOAT32, values, values.length); }

    public static Tensor tensor(DType dtype, double... values) { return Creation.fromDoubles(dtype, values, values.length); }

    /** A float32 vector from floats (copied). */
    public static Tensor tensor(float[] values) {
        return Creation.fromDoubles(DType.FLOAT32, toDoubles(values), values.length);
    }

    /** {@code torch.tensor([[1, 2], [3, 4]])} with float32 values. */
    public static Tensor tensor(double[][] rows) { return tensor(DType.FLOAT32, rows); }

    public static Tensor tensor(DType dtype, double[][] rows) {
        int[] shape = new int[2];
        double[] flat = Creation.flatten(rows, shape);
        return Creation.fromDoubles(dtype, flat, shape);
    }

    /** A 3-D float32 tensor from nested arrays. */
    public static Tensor tensor(double[][][] blocks) {
        Tensor[] parts = new Tensor[blocks.length];
        for (int i = 0; i < blocks.length; i++) parts[i] = tensor(blocks[i]);
        if (blocks.length == 0) return empty(0, 0, 0);
        return stack(0, parts);
    }

    /**
     * {@code torch.tensor([1, 2])}: an int64 vector (copied). Takes an array, not varargs, so that {@code tensor(1, 2)}
     * stays float32 as API.md promises.
     */
    public static Tensor tensor(long[] values) { return Creation.fromLongs(DType.INT64, values, values.length); }

    /** An int64 vector from ints (copied). */
    public static Tensor tensor(int[] values) { return tensor(Arrays.stream(values).asLongStream().toArray()); }

    /** An int64 matrix. */
    public static Tensor tensor(long[][] rows) {
        int m = rows.length, n = m == 0 ? 0 : rows[0].length;
        long[] flat = new long[m * n];
        for (int i = 0; i < m; i++) {
            if (rows[i].length != n)
                throw new IllegalArgumentException("expected sequence of length " + n + " at dim 1 (got " + rows[i].length + ")");
            System.arraycopy(rows[i], 0, flat, i * n, n);
        }
        return Creation.fromLongs(DType.INT64, flat, m, n);
    }

    /** A bool vector. */
    public static Tensor tensor(boolean... values) {
        long[] v = new long[values.length];
        for (int i = 0; i < v.length; i++) v[i] = values[i] ? 1 : 0;
        return Creation.fromLongs(DType.BOOL, v, values.length);
    }

    /** {@code torch.tensor(10.)}: a 0-d float32 tensor. */
    public static Tensor scalar(double value) { return scalar(value, DType.FLOAT32); }

    /** A 0-d tensor of the given dtype. */
    public static Tensor scalar(double value, DType dtype) {
        Tensor t = Creation.empty(dtype);
        if (dtype.isFloatingPoint() || value != Math.rint(value)) t.storage().setDouble(0, value);
        else t.storage().setLong(0, (long) value);
        return t;
    }

    /** A 0-d int64 tensor ({@code scalar(10)} is float32, as {@code torch.tensor(10.)}). */
    public static Tensor scalarLong(long value) {
        Tensor t = Creation.empty(DType.INT64);
        t.storage().setLong(0, value);
        return t;
    }

    /** A 0-d bool tensor. */
    public static Tensor scalar(boolean value) { return scalar(value ? 1 : 0, DType.BOOL); }

    // ---- sharing memory with Java arrays (torch.from_numpy) ----

    /** Wraps {@code data} without copying: writes through the tensor change the array and vice versa. */
    public static Tensor fromArray(float[] data, int... shape) {
        return Creation.wrap(new FloatStorage(data), shape.length == 0 ? new int[]{data.length} : shape);
    }

    public static Tensor fromArray(double[] data, int... shape) {
        return Creation.wrap(new DoubleStorage(data), shape.length == 0 ? new int[]{data.length} : shape);
    }

    public static Tensor fromArray(long[] data, int... shape) {
        return Creation.wrap(new LongStorage(data), shape.length == 0 ? new int[]{data.length} : shape);
    }

    // ---- filled ----

    /** Uninitialised in PyTorch; zero-filled here (the JVM zeroes new arrays). */
    public static Tensor empty(int... shape) { return Creation.empty(DType.FLOAT32, shape); }

    public static Tensor empty(DType dtype, int... shape) { return Creation.empty(dtype, shape); }

    public static Tensor zeros(int... shape) { return Creation.empty(DType.FLOAT32, shape); }

    public static Tensor zeros(DType dtype, int... shape) { return Creation.empty(dtype, shape); }

    public static Tensor ones(int... shape) { return Creation.full(DType.FLOAT32, shape, 1); }

    public static Tensor ones(DType dtype, int... shape) { return Creation.full(dtype, shape, 1); }

    /** {@code torch.full(shape, v)}: float32 (PyTorch infers int64 from an int fill; use the dtype overload). */
    public static Tensor full(int[] shape, double value) { return Creation.full(DType.FLOAT32, shape, value); }

    public static Tensor full(int[] shape, double value, DType dtype) { return Creation.full(dtype, shape, value); }

    public static Tensor eye(int n) { return Creation.eye(DType.FLOAT32, n, n); }

    public static Tensor eye(int n, int m) { return Creation.eye(DType.FLOAT32, n, m); }

    public static Tensor eye(DType dtype, int n, int m) { return Creation.eye(dtype, n, m); }

    // ---- ranges ----

    /** {@code torch.arange(4)}: int64 [0, 1, 2, 3]. */
    public static Tensor arange(long end) { return Creation.arange(DType.INT64, 0, end, 1); }

    public static Tensor arange(long start, long end) { return Creation.arange(DType.INT64, start, end, 1); }

    public static Tensor arange(long start, long end, long step) { return Creation.arange(DType.INT64, start, end, step); }

    /** {@code torch.arange(4.0)}: float32 [0., 1., 2., 3.]. */
    public static Tensor arange(double end) { return Creation.arange(DType.FLOAT32, 0, end, 1); }

    public static Tensor arange(double start, double end) { return Creation.arange(DType.FLOAT32, start, end, 1); }

    public static Tensor arange(double start, double end, double step) { return Creation.arange(DType.FLOAT32, start, end, step); }

    public static Tensor arange(DType dtype, double start, double end, double step) { return Creation.arange(dtype, start, end, step); }

    public static Tensor linspace(double start, double end, int steps) { return Creation.linspace(DType.FLOAT32, start, end, steps); }

    public static Tensor linspace(double start, double end, int steps, DType dtype) { return Creation.linspace(dtype, start, end, steps); }

    // ---- random ----

    /**
     * {@code torch.manual_seed(s)}: reseeds the global generator (and forgets its cached normal), after which every
     * random factory below gives the numbers PyTorch's CPU generator gives after the same seed and calls.
     */
    public static void manualSeed(long seed) { Generator.global().manualSeed(seed); }

    /** {@code torch.rand(shape)}: U[0, 1) float32 samples. */
    public static Tensor rand(int... shape) { return rand(DType.FLOAT32, shape); }

    /** {@code torch.rand(shape, dtype=...)}: a floating dtype only. */
    public static Tensor rand(DType dtype, int... shape) {
        Creation.requireFloating(dtype, "check_uniform_bounds", "rand");
        return Creation.rand(dtype, shape, null);
    }

    /** {@code torch.randn(shape)}: N(0, 1) float32 samples. */
    public static Tensor randn(int... shape) { return randn(DType.FLOAT32, shape); }

    /** {@code torch.randn(shape, dtype=...)}: a floating dtype only. */
    public static Tensor randn(DType dtype, int... shape) {
        Creation.requireFloating(dtype, "normal_kernel_cpu", "randn");
        return Creation.normal(dtype, 0, 1, shape, null);
    }

    /** {@code torch.normal(mean, std, size)}: N(mean, std²) float32 samples; std must be >= 0. */
    public static Tensor normal(double mean, double std, int... shape) {
        return Creation.normal(DType.FLOAT32, mean, std, shape, null);
    }

    /** {@code torch.randint(low, high, size)}: uniform int64 integers in [low, high). */
    public static Tensor randint(long low, long high, int... shape) { return randint(DType.INT64, low, high, shape); }

    /** {@code torch.randint(low, high, size, dtype=...)}; low and high - 1 must fit the dtype. */
    public static Tensor randint(DType dtype, long low, long high, int... shape) {
        return Creation.randint(dtype, low, high, shape, null);
    }

    /** {@code torch.randperm(n)}: a random permutation of 0..n-1 (int64). */
    public static Tensor randperm(int n) { return Creation.randperm(n, null); }

    /** {@code torch.randperm(n, generator=g)}. */
    public static Tensor randperm(int n, Generator generator) { return Creation.randperm(n, generator); }

    /**
     * {@code torch.multinomial(probs, n, replacement)}: int64 indices drawn from the categorical distribution(s) given
     * by the (unnormalised, non-negative) weights in {@code probs}, 1-D or one distribution per row; PyTorch's indices
     * after the same seed.
     */
    public static Tensor multinomial(Tensor probs, int numSamples, boolean replacement) {
        return Multinomial.multinomial(probs, numSamples, replacement, null);
    }

    /** {@code torch.multinomial(probs, n, replacement, generator=g)}. */
    public static Tensor multinomial(Tensor probs, int numSamples, boolean replacement, Generator generator) {
        return Multinomial.multinomial(probs, numSamples, replacement, generator);
    }

    // ---- *_like ----

    public static Tensor zerosLike(Tensor t) { return zeros(t.dtype(), t.shape()); }

    public static Tensor zerosLike(Tensor t, DType dtype) { return zeros(dtype, t.shape()); }

    public static Tensor onesLike(Tensor t) { return ones(t.dtype(), t.shape()); }

    public static Tensor onesLike(Tensor t, DType dtype) { return ones(dtype, t.shape()); }

    public static Tensor emptyLike(Tensor t) { return empty(t.dtype(), t.shape()); }

    public static Tensor fullLike(Tensor t, double value) { return full(t.shape(), value, t.dtype()); }

    /** {@code torch.rand_like(x)}: U[0, 1) samples of x's shape and (floating) dtype. */
    public static Tensor randLike(Tensor t) {
        Creation.requireFloating(t.dtype(), "check_uniform_bounds", "rand_like");
        return rand(t.dtype(), t.shape());
    }

    /** {@code torch.randn_like(x)}: N(0, 1) samples of x's shape and (floating) dtype. */
    public static Tensor randnLike(Tensor t) {
        Creation.requireFloating(t.dtype(), "normal_kernel_cpu", "randn_like");
        return randn(t.dtype(), t.shape());
    }

    // ---- joining ----

    public static Tensor cat(int dim, Tensor... tensors) { return Shape.cat(List.of(tensors), dim); }

    public static Tensor cat(List<Tensor> tensors, int dim) { return Shape.cat(tensors, dim); }

    public static Tensor stack(int dim, Tensor... tensors) { return Shape.stack(List.of(tensors), dim); }

    public static Tensor stack(List<Tensor> tensors, int dim) { return Shape.stack(tensors, dim); }

    public static Tensor where(Tensor condition, Tensor a, Tensor b) { return Elementwise.where(condition, a, b); }

    /** A number operand is promoted as PyTorch: {@code where(c, int64 tensor, 2.5)} is float32. */
    public static Tensor where(Tensor condition, Tensor a, double b) { return Elementwise.whereScalar(condition, a, b, false, false); }

    public static Tensor where(Tensor condition, Tensor a, long b) { return Elementwise.whereScalar(condition, a, b, true, false); }

    public static Tensor where(Tensor condition, double a, Tensor b) { return Elementwise.whereScalar(condition, b, a, false, true); }

    public static Tensor where(Tensor condition, long a, Tensor b) { return Elementwise.whereScalar(condition, b, a, true, true); }

    // ---- element-wise ops into a given output (out=) ----
    // Each writes into out (the result's shape, which is not resized; a dtype the result casts to) and returns it,
    // recording nothing for autograd: no argument may require grad outside noGrad(). out may be an operand itself.
    // A loop that reuses its output skips the fresh memory a new one costs (docs/performance.md).

    /** {@code torch.add(a, b, out=out)}. */
    public static Tensor add(Tensor a, Tensor b, Tensor out) { return Elementwise.binaryOut(BinaryOp.ADD, a, b, out); }

    /** {@code torch.sub(a, b, out=out)}. */
    public static Tensor sub(Tensor a, Tensor b, Tensor out) { return Elementwise.binaryOut(BinaryOp.SUB, a, b, out); }

    /** {@code torch.mul(a, b, out=out)}. */
    public static Tensor mul(Tensor a, Tensor b, Tensor out) { return Elementwise.binaryOut(BinaryOp.MUL, a, b, out); }

    /** {@code torch.div(a, b, out=out)} (true division). */
    public static Tensor div(Tensor a, Tensor b, Tensor out) { return Elementwise.binaryOut(BinaryOp.DIV, a, b, out); }

    /** {@code torch.exp(x, out=out)}. */
    public static Tensor exp(Tensor x, Tensor out) { return Elementwise.unaryOut(UnaryOp.EXP, x, out); }

    /** {@code torch.log(x, out=out)}. */
    public static Tensor log(Tensor x, Tensor out) { return Elementwise.unaryOut(UnaryOp.LOG, x, out); }

    /** {@code torch.sqrt(x, out=out)}. */
    public static Tensor sqrt(Tensor x, Tensor out) { return Elementwise.unaryOut(UnaryOp.SQRT, x, out); }

    /** {@code torch.tanh(x, out=out)}. */
    public static Tensor tanh(Tensor x, Tensor out) { return Elementwise.unaryOut(UnaryOp.TANH, x, out); }

    /** {@code torch.sigmoid(x, out=out)}. */
    public static Tensor sigmoid(Tensor x, Tensor out) { return Elementwise.unaryOut(UnaryOp.SIGMOID, x, out); }

    // ---- linear algebra ----

    public static Tensor matmul(Tensor a, Tensor b) { return a.matmul(b); }

    public static Tensor dot(Tensor a, Tensor b) { return a.dot(b); }

    public static Tensor mm(Tensor a, Tensor b) { return a.mm(b); }

    /**
     * {@code torch.mm(a, b, out=out)}: a·b written into out (of the product's shape and dtype, any layout), which is
     * returned; not recorded for autograd. A product into an output the program reuses skips the fresh memory a new
     * output costs.
     */
    public static Tensor mm(Tensor a, Tensor b, Tensor out) { return LinearAlgebra.mm(a, b, out); }

    public static Tensor mv(Tensor a, Tensor v) { return a.mv(v); }

    /** {@code torch.addmm(input, mat1, mat2)}: input + mat1·mat2 (input broadcast), one AddmmBackward0 node. */
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2) { return input.addmm(mat1, mat2); }

    public static Tensor bmm(Tensor a, Tensor b) { return a.bmm(b); }

    public static Tensor outer(Tensor a, Tensor b) { return a.outer(b); }

    public static Tensor maximum(Tensor a, Tensor b) { return a.maximum(b); }

    public static Tensor minimum(Tensor a, Tensor b) { return a.minimum(b); }

    // ---- grad mode ----

    /** {@code with torch.no_grad():} as {@code try (var g = noGrad()) { ... }}. */
    public static GradMode.Scope noGrad() { return GradMode.set(false); }

    /** {@code with torch.enable_grad():}. */
    public static GradMode.Scope enableGrad() { return GradMode.set(true); }

    public static boolean isGradEnabled() { return GradMode.isEnabled(); }

    // ---- devices ----

    /** Number of GPUs Ember can use: 0 (the CPU backend only). */
    public static int gpuCount() { return 0; }

    /** The i-th GPU if it exists, else the CPU (d2l's {@code try_gpu}). */
    public static Device tryGpu(int i) { return i < gpuCount() ? Device.cuda(i) : Device.CPU; }

    public static Device tryGpu() { return tryGpu(0); }

    /** Every GPU, or the CPU alone when there is none (d2l's {@code try_all_gpus}). */
    public static List<Device> tryAllGpus() {
        List<Device> gpus = new java.util.ArrayList<>();
        for (int i = 0; i < gpuCount(); i++) gpus.add(Device.cuda(i));
        return gpus.isEmpty() ? List.of(Device.CPU) : gpus;
    }

    private static double[] toDoubles(float[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = v[i];
        return r;
    }
}
