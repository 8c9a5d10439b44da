package ember.bench;

import static ember.Ember.*;

import ember.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** What an op costs beyond its arithmetic: a 4-element add, and the seed's whole autograd step. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--add-exports",
        "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseParallelGC", "-XX:MinTLABSize=2m",
        "-XX:TLABRefillWasteFraction=2", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class OverheadBench {
    private Tensor a, b;
    private Workloads.SeedStep seed;

    @Setup
    public void setup() {
        a = arange(4.0);
        b = arange(4.0);
        seed = new Workloads.SeedStep(0.001);
    }

    @Benchmark
    public Tensor add4() { return a.add(b); }

    @Benchmark
    public Tensor seedStep() { return seed.step(); }
}
