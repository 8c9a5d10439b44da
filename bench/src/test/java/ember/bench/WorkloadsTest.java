package ember.bench;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.junit.jupiter.api.Test;

/** The benchmarks measure what they claim: right shapes and values, and JMH's harness was generated. */
class WorkloadsTest {
    @Test
    void bookShapesMultiplyTheOperandsTheirLabelsName() {
        for (Workloads.BookShape s : Workloads.BookShape.values()) {
            Tensor[] ab = s.operands(DType.FLOAT64);
            assertArrayEquals(new int[]{s.m, s.k}, ab[0].shape(), s.label);
            assertArrayEquals(new int[]{s.k, s.n}, ab[1].shape(), s.label);
            assertEquals(s.transposeA, !ab[0].isContiguous(), s.label + ": A is a transposed view");
            assertEquals(s.transposeB, !ab[1].isContiguous(), s.label + ": B is a transposed view");
            Tensor c = ab[0].mm(ab[1]);
            // one element by hand: C[1, 2] = Σₚ A[1, p]·B[p, 2]
            double expected = 0;
            for (int p = 0; p < s.k; p++) expected += ab[0].get(1).get(p).item() * ab[1].get(p).get(2).item();
            assertEquals(expected, c.get(1).get(2).item(), 1e-9, s.label);
        }
    }

    @Test
    void seedStepDescendsAsTheSeedNotes() {
        var seed = new Workloads.SeedStep(0.01);
        // y = 0 + 1 + 4 + 9 = 14; loss = (10 − 14)² = 16; dloss/dx = 2(y − 10)·2x = 16x = [0, 16, 32, 48]
        assertEquals(16.0, seed.step().item(), 0);
        // x − 0.01·16x = 0.84x
        assertArrayEquals(new float[]{0f, 0.84f, 1.68f, 2.52f}, seed.x().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[]{0, 0, 0, 0}, seed.x().grad().toFloatArray(), "gradient zeroed after the update");
        // y = 0.84²·14 = 9.8784; loss = (10 − 9.8784)² ≈ 0.01479
        assertEquals(0.0147866, seed.step().item(), 1e-5);
    }

    @Test
    void trainingEpochLearns() {
        var training = new Workloads.Training(Workloads.Model.MLP, Workloads.fashionTrain(1024), 256);
        double[] first = training.epoch(), second = training.epoch();
        assertTrue(first[0] > 0 && Double.isFinite(first[0]), "mean loss " + first[0]);
        assertTrue(second[0] < first[0], "loss falls from epoch 1 (" + first[0] + ") to epoch 2 (" + second[0] + ")");
    }

    @Test
    void largeOperandsHaveAMillionElements() {
        assertEquals(Workloads.LARGE, Workloads.largeOperands().get(0).numel());
    }

    @Test
    void everyOpsBenchmarkHasItsPyTorchTwin() throws IOException {
        String torchBench = Files.readString(Path.of("torch_bench.py")); // the module's directory: bench/
        int benchmarks = 0;
        for (Method m : OpsBench.class.getDeclaredMethods()) {
            if (!m.isAnnotationPresent(Benchmark.class)) continue;
            benchmarks++;
            assertTrue(torchBench.contains("\"" + m.getName() + "\": lambda"), m.getName() + " has no workload in torch_bench.py's ops()");
        }
        assertTrue(benchmarks >= 20, "OpsBench's benchmarks: " + benchmarks);
    }

    @Test
    void everyElementwiseBenchmarkHasItsPyTorchTwin() throws IOException {
        // ElementwiseBench.addOut is torch_bench.py's "add out" (the name report.py pairs them by), add is "add"
        String torchBench = Files.readString(Path.of("torch_bench.py"));
        int benchmarks = 0;
        for (Method m : ElementwiseBench.class.getDeclaredMethods()) {
            if (!m.isAnnotationPresent(Benchmark.class)) continue;
            benchmarks++;
            String name = m.getName().endsWith("Out") ? m.getName().replaceFirst("Out$", " out") : m.getName();
            assertTrue(torchBench.contains("\"" + name + "\": lambda"), m.getName() + " has no \"" + name
                    + "\" workload in torch_bench.py's elementwise()");
        }
        assertEquals(9, benchmarks, "ElementwiseBench's benchmarks");
    }

    @Test
    void elementwiseBenchRunsEveryWorkload() {
        ElementwiseBench bench = new ElementwiseBench();
        bench.setup();
        assertArrayEquals(bench.add().toFloatArray(), bench.addOut().toFloatArray());
        assertArrayEquals(bench.mul().toFloatArray(), bench.mulOut().toFloatArray());
        assertArrayEquals(bench.exp().toFloatArray(), bench.expOut().toFloatArray());
        assertArrayEquals(bench.copy(), bench.copyOut().toFloatArray());
    }

    @Test
    void opsBenchRunsEveryWorkload() {
        OpsBench bench = new OpsBench();
        bench.setup();
        Tensor loss = bench.crossEntropyScratch();
        assertEquals(256, loss.numel());
        assertTrue(loss.gt(0).all().item() == 1, "−log p of a softmax probability is positive");
        double hits = bench.accuracyScratch().item();
        assertTrue(hits >= 0 && hits <= 256 && hits == Math.rint(hits), "a count of correct predictions: " + hits);
        for (Method m : OpsBench.class.getDeclaredMethods())
            if (m.isAnnotationPresent(Benchmark.class))
                assertDoesNotThrow(() -> m.invoke(bench), m.getName());
    }

    @Test
    void everyForkRunsWithTheEmberCommandsJvmFlags() throws IOException {
        // the benchmarks measure Ember as the ember command runs it: its collector, and the TLABs that keep outputs of
        // up to 1 MB unzeroed (Note [Outputs allocated without zeroing]); the module's directory is bench/
        String command = Files.readString(Path.of("..", "ember"));
        Matcher tlab = Pattern.compile("(?m)^tlab=\"([^\"]+)\"$").matcher(command);
        assertTrue(tlab.find(), "the ember command's tlab=\"...\" line");
        assertTrue(command.contains("/bin/java\" -XX:+UseParallelGC "), "the ember command's collector");
        String compare = Files.readString(Path.of("compare.sh"));
        assertTrue(compare.contains(tlab.group()), "compare.sh's fresh JVMs take " + tlab.group());
        // and transparent huge pages where the ember command asks for them, the JMH forks too (through compare.sh)
        String hugePages = "grep -q '\\[madvise\\]' /sys/kernel/mm/transparent_hugepage/enabled";
        assertTrue(command.contains(hugePages) && compare.contains(hugePages), "the same test for huge pages");
        assertTrue(compare.contains("prepend+=(\"$huge_pages\")"), "compare.sh's JMH forks take the huge pages");
        List<String> flags = new ArrayList<>(List.of(tlab.group(1).split(" ")));
        flags.add("-XX:+UseParallelGC");
        try (InputStream in = WorkloadsTest.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(in, "JMH's annotation processor did not run");
            int forks = 0;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) continue;
                forks++;
                for (String flag : flags) assertTrue(line.contains(flag), flag + " missing from " + line);
            }
            assertTrue(forks >= 9, "benchmarks listed: " + forks);
        }
    }

    @Test
    void jmhGeneratedTheBenchmarkList() throws IOException {
        try (InputStream in = WorkloadsTest.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(in, "JMH's annotation processor did not run");
            String list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String name : new String[]{"GemmBench_mm", "GemmBench_mmOut", "BookGemmBench_mm", "BookGemmBench_mmOut",
                    "ElementwiseBench_add", "ElementwiseBench_copy", "ElementwiseBench_expOut", "SmallElementwiseBench_exp",
                    "SmallElementwiseBench_Scalar_exp", "OverheadBench_add4", "OverheadBench_seedStep", "TrainingBench_epoch"})
                assertTrue(list.contains("ember.bench.jmh_generated." + name + "_jmhTest"), name + " in " + list);
            // the scalar twin's fork runs on the reference kernels, the vector one's on the provider chosen at start-up
            for (String line : list.split("\n")) {
                if (line.contains("jmh_generated.SmallElementwiseBench_Scalar_"))
                    assertTrue(line.contains("-Dember.kernels=scalar"), line);
                else if (line.contains("jmh_generated.SmallElementwiseBench_"))
                    assertFalse(line.contains("-Dember.kernels=scalar"), line);
            }
        }
    }
}
