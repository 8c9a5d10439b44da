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
 * <p>These are steady-state epochs: fifteen warm-up epochs first. The hot kernels are compiled within the first two
 * epochs, but the code that runs a few times per batch (the engine, the modules, the optimizer: 235 batches an epoch)
 * reaches C2's invocation thresholds only epoch by epoch (with {@code -XX:+PrintCompilation}, 10-22 C2 compilations in
 * each of the MLP's epochs 3-8, 2-16 in each of 9-12), and the epochs keep getting faster until about the fifteenth:
 * three fresh JVMs (2026-11-30, the Xeon of docs/performance.md) ran the MLP's epochs 4-8 at 0.33-0.36 s (medians) and
 * 16-20 at 0.30-0.31, softmax regression's at 0.084-0.094 and 0.072-0.090. The first epoch of a fresh JVM, which a user
 * waits for too, is measured apart by {@code bench/compare.sh} ({@link TrainMain}) and reported in its own row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 15)
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
