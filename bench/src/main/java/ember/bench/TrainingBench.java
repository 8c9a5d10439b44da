package ember.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Seconds per training epoch of the book's concise models on Fashion-MNIST (60000 images, batch 256), in a JVM started
 * as the {@code ember} command starts one (the throughput collector) with the 1 GiB heap.
 *
 * <p>These are steady-state epochs: three warm-up epochs first, because the JIT compiler is still compiling the hot
 * kernels through the first two (about 3 s of C2 work on one compiler thread, on a machine whose two cores also train).
 * The first epoch of a fresh JVM, which a user waits for too, is measured apart by {@code bench/compare.sh}
 * ({@link TrainMain}) and reported in its own row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--add-exports",
        "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseParallelGC", "-XX:MinTLABSize=2m",
        "-XX:TLABRefillWasteFraction=2", "-Xmx1g"})
public class TrainingBench {
    @Param({"softmax", "mlp"})
    public String model;

    private Workloads.Training training;

    @Setup
    public void setup() {
        training = new Workloads.Training(Workloads.Model.valueOf(model.toUpperCase(java.util.Locale.ROOT)),
                Workloads.fashionTrain(0), 256);
    }

    @Benchmark
    public double[] epoch() { return training.epoch(); }
}
