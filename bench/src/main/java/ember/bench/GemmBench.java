package ember.bench;

import static ember.Ember.*;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Square matrix products C = A·B (SGEMM and DGEMM), n = 32 … 2048: through {@code Tensor.mm}, into a new output, and
 * through {@code Ember.mm(a, b, out)} into one output reused call after call, as BLAS's gemm and PyTorch's
 * {@code out=} write into a given C.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--add-exports",
        "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseParallelGC", "-XX:MinTLABSize=2m",
        "-XX:TLABRefillWasteFraction=2", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class GemmBench {
    @Param({"32", "64", "128", "256", "512", "1024", "2048"})
    public int n;

    @Param({"float32", "float64"})
    public String dtype;

    private Tensor a, b, c;

    @Setup
    public void setup() {
        manualSeed(0);
        DType t = DType.valueOf(dtype.toUpperCase(java.util.Locale.ROOT));
        a = randn(t, n, n);
        b = randn(t, n, n);
        c = empty(t, n, n);
    }

    @Benchmark
    public Tensor mm() { return a.mm(b); }

    @Benchmark
    public Tensor mmOut() { return Ember.mm(a, b, c); }
}
