package ember.bench;

import static ember.Ember.*;

import ember.Ember;
import ember.Tensor;
import ember.ValuesIndices;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The ops a learner's code runs between the matrix products, at the book's sizes (a batch of 256, a hidden layer of
 * 256, 10 classes): casts, integer and mask arithmetic, powers, row-wise softmax, the from-scratch cross-entropy and
 * accuracy of chapter 3, reductions, indexing, random tensors, concatenation. {@code bench/torch_bench.py} runs the
 * same under the same names ({@code ops.METHOD}). {@link #clone256} is the floor for an op with a new 256×256 float32
 * output: it only copies.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--add-exports",
        "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseParallelGC", "-XX:MinTLABSize=2m",
        "-XX:TLABRefillWasteFraction=2", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class OpsBench {
    private Tensor a, b, mask, labels, bias, w, v, yHat, y, rows, n;

    @Setup
    public void setup() {
        manualSeed(0);
        a = randn(256, 256);
        b = randn(256, 256);
        mask = a.gt(0);
        labels = randint(0, 10, 256, 256);
        bias = randn(256);
        w = randn(256, 784);
        v = randn(784);
        yHat = rand(256, 10).softmax(1);
        y = randint(0, 10, 256);
        rows = randint(0, 256, 128);
        n = arange(256);
    }

    @Benchmark public Tensor clone256() { return a.clone(); }
    @Benchmark public Tensor castBoolToFloat() { return mask.toFloat(); }
    @Benchmark public Tensor castLongToFloat() { return labels.toFloat(); }
    @Benchmark public Tensor castFloatToLong() { return a.toLong(); }
    @Benchmark public Tensor addLong() { return labels.add(labels); }
    @Benchmark public Tensor eqLong() { return labels.eq(labels); }
    @Benchmark public Tensor mulByMask() { return a.mul(mask); }
    @Benchmark public Tensor square() { return a.pow(2); }
    @Benchmark public Tensor addBias() { return a.add(bias); }
    @Benchmark public Tensor softmax() { return a.softmax(1); }
    @Benchmark public Tensor logSoftmax() { return a.logSoftmax(1); }

    /** d2l 3.6's cross_entropy: {@code -log(y_hat[range(len(y_hat)), y])}. */
    @Benchmark public Tensor crossEntropyScratch() { return yHat.get(n, y).log().neg(); }

    /** d2l 3.6's accuracy: {@code cmp = y_hat.argmax(axis=1).type(y.dtype) == y; cmp.type(y.dtype).sum()}. */
    @Benchmark public Tensor accuracyScratch() { return yHat.argmax(1).to(y.dtype()).eq(y).to(y.dtype()).sum(); }

    @Benchmark public Tensor sumMask() { return mask.sum(); }
    @Benchmark public Tensor sumRows() { return a.sum(1, true); }
    @Benchmark public Tensor variance() { return a.var(); }
    @Benchmark public Tensor norm() { return a.norm(); }
    @Benchmark public Tensor cumsum() { return a.cumsum(1); }
    @Benchmark public ValuesIndices maxRows() { return a.max(1); }
    @Benchmark public Tensor indexSelect() { return a.indexSelect(0, rows); }
    @Benchmark public Tensor maskedFill() { return a.maskedFill(mask, 0); }
    @Benchmark public Tensor mv() { return w.mv(v); }
    @Benchmark public Tensor randn256() { return randn(256, 256); }
    @Benchmark public Tensor rand256() { return rand(256, 256); }
    @Benchmark public Tensor cat() { return Ember.cat(List.of(a, b), 0); }
}
