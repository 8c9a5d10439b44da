package ember.bench;

import ember.Ember;
import ember.Tensor;
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
 * Element-wise ops and a reduction over 1e6 float32 elements, each producing a new tensor as PyTorch's out-of-place
 * ops do, against the memory-bandwidth baseline of a plain Java array copy of the same size; and the ops into one
 * output reused call after call ({@code Ember.add(a, b, out)}, PyTorch's {@code out=}), against a copy into one
 * reused tensor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--add-exports",
        "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseParallelGC", "-XX:MinTLABSize=2m",
        "-XX:TLABRefillWasteFraction=2", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ElementwiseBench {
    private Tensor a, b, out;
    private float[] plain;

    @Setup
    public void setup() {
        List<Tensor> ab = Workloads.largeOperands();
        a = ab.get(0);
        b = ab.get(1);
        plain = a.toFloatArray();
        out = Ember.empty(Workloads.LARGE);
    }

    @Benchmark
    public Tensor add() { return a.add(b); }

    @Benchmark
    public Tensor mul() { return a.mul(b); }

    @Benchmark
    public Tensor exp() { return a.exp(); }

    @Benchmark
    public Tensor sum() { return a.sum(); }

    /** The baseline: reads 4 MB and writes 4 MB into a new array, as {@code a.clone()} must at the least. */
    @Benchmark
    public float[] copy() { return plain.clone(); }

    @Benchmark
    public Tensor addOut() { return Ember.add(a, b, out); }

    @Benchmark
    public Tensor mulOut() { return Ember.mul(a, b, out); }

    @Benchmark
    public Tensor expOut() { return Ember.exp(a, out); }

    /**
     * The baseline of the out= forms: 4 MB read and written into one reused tensor, on both cores as PyTorch's
     * {@code out.copy_(a)} (a System.arraycopy, on one, takes about twice as long).
     */
    @Benchmark
    public Tensor copyOut() { return out.copy_(a); }
}
