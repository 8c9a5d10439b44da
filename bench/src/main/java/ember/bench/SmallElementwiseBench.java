package ember.bench;

import ember.Tensor;
import java.util.List;
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
 * Element-wise ops and a sum on small float32 tensors (16 … 10⁴ elements), each producing a new tensor, through the
 * kernel provider chosen at start-up (the Vector API one). {@link Scalar} runs the same in a JVM forced onto the
 * scalar reference kernels ({@code -Dember.kernels=scalar}): issue 5 asks the vector kernels never to be slower than
 * the scalar ones on tensors this small, where a vector loop's set-up and tail weigh most.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--add-exports",
        "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseParallelGC", "-XX:MinTLABSize=2m",
        "-XX:TLABRefillWasteFraction=2", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class SmallElementwiseBench {
    @Param({"16", "100", "1000", "10000"})
    public int n;

    private Tensor a, b;

    @Setup
    public void setup() {
        List<Tensor> ab = Workloads.operands(n);
        a = ab.get(0);
        b = ab.get(1);
    }

    @Benchmark
    public Tensor add() { return a.add(b); }

    @Benchmark
    public Tensor mul() { return a.mul(b); }

    @Benchmark
    public Tensor exp() { return a.exp(); }

    @Benchmark
    public Tensor sum() { return a.sum(); }

    /** The same benchmarks on the scalar reference kernels. */
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseParallelGC", "-XX:MinTLABSize=2m",
            "-XX:TLABRefillWasteFraction=2", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
            "-Dember.kernels=scalar"})
    public static class Scalar extends SmallElementwiseBench {}
}
