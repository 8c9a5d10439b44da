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
 * The float32 products of the book's training loops, transposed operands as views (see {@link Workloads.BookShape}):
 * into a new output, and into one output reused call after call ({@code Ember.mm(a, b, out)}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--add-exports",
        "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseParallelGC", "-XX:MinTLABSize=2m",
        "-XX:TLABRefillWasteFraction=2", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class BookGemmBench {
    @Param({"softmax.forward", "softmax.weightGrad", "fc1.forward", "fc1.weightGrad", "fc2.forward", "fc2.weightGrad",
            "fc2.inputGrad"})
    public String shape;

    private Tensor a, b, c;

    @Setup
    public void setup() {
        manualSeed(0);
        Tensor[] ab = Workloads.BookShape.of(shape).operands(DType.FLOAT32);
        a = ab[0];
        b = ab[1];
        c = empty(a.size(0), b.size(1));
    }

    @Benchmark
    public Tensor mm() { return a.mm(b); }

    @Benchmark
    public Tensor mmOut() { return Ember.mm(a, b, c); }
}
