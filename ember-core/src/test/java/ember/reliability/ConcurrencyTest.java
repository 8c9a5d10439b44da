package ember.reliability;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Generator;
import ember.Tensor;
import ember.data.DataLoader;
import ember.data.Dataset;
import ember.data.TensorDataset;
import ember.nn.Dropout;
import ember.nn.F;
import ember.nn.Linear;
import ember.nn.Module;
import ember.nn.ReLU;
import ember.nn.Sequential;
import ember.optim.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Threads: grad mode belongs to a thread; models trained on two threads at once end bit for bit where they end when
 * trained one after the other (each seeded from its own {@link Generator}); large products on two threads at once give
 * the bits they give alone; many threads may run inference on one shared model in eval mode; and a DataLoader whose
 * data set fails reports the failure, with its cause, to the thread that iterates.
 */
class ConcurrencyTest {
    @Test
    void gradModeIsPerThread() throws Exception {
        Tensor x = ones(3).requiresGrad_();
        CountDownLatch otherInNoGrad = new CountDownLatch(1), mainComputed = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<Tensor> underNoGrad = other.submit(() -> {
                try (var _ = noGrad()) {
                    otherInNoGrad.countDown();
                    assertTrue(mainComputed.await(30, TimeUnit.SECONDS));
                    assertFalse(isGradEnabled());
                    return x.mul(2);
                }
            });
            assertTrue(otherInNoGrad.await(30, TimeUnit.SECONDS));
            // the other thread sits inside noGrad(): this thread still records
            assertTrue(isGradEnabled());
            Tensor y = x.mul(2);
            assertTrue(y.requiresGrad());
            assertEquals("MulBackward0", y.gradFn().name());
            mainComputed.countDown();
            Tensor z = underNoGrad.get(30, TimeUnit.SECONDS);
            assertFalse(z.requiresGrad());
            assertNull(z.gradFn());

            // and the other way round: this thread in noGrad(), a fresh thread records
            try (var _ = noGrad()) {
                Tensor fromOther = other.submit(() -> x.mul(3)).get(30, TimeUnit.SECONDS);
                assertTrue(fromOther.requiresGrad());
                assertFalse(x.mul(3).requiresGrad());
            }
            // a thread's noGrad() scope does not leak into the next task on the same pooled thread
            assertTrue(other.submit(() -> isGradEnabled()).get(30, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
        }
    }

    /** What a training run ends with: its parameters and every step's loss, as raw bits. */
    record Run(List<float[]> parameters, float[] losses) {
        boolean sameBits(Run o) {
            if (!Arrays.equals(losses, o.losses) || parameters.size() != o.parameters.size()) return false;
            for (int i = 0; i < parameters.size(); i++) if (!Arrays.equals(parameters.get(i), o.parameters.get(i))) return false;
            return true;
        }
    }

    /** 150 SGD steps (momentum) of an MLP on synthetic data; everything random comes from {@code seed}'s Generator. */
    static Run train(long seed) {
        Generator gen = new Generator(seed);
        Tensor x = empty(512, 16).normal_(0, 1, gen);
        Tensor y;
        try (var _ = noGrad()) {
            y = x.matmul(empty(16, 4).normal_(0, 1, gen)).argmax(1);
        }
        Sequential net = new Sequential(new Linear(16, 32), new ReLU(), new Linear(32, 4));
        try (var _ = noGrad()) {
            for (Tensor p : net.parameters()) p.normal_(0, 0.2, gen); // not the global generator, which threads share
        }
        SGD opt = new SGD(net.parameters(), SGD.options().lr(0.05).momentum(0.9));
        DataLoader loader = new DataLoader(new TensorDataset(x, y), DataLoader.options().batchSize(32).shuffle(true).generator(gen));
        float[] losses = new float[150];
        int step = 0;
        while (step < losses.length) {
            for (List<Tensor> batch : loader) {
                if (step == losses.length) break;
                Tensor loss = F.crossEntropy(net.forward(batch.get(0)), batch.get(1));
                opt.zeroGrad();
                loss.backward();
                opt.step();
                losses[step++] = (float) loss.item();
            }
        }
        List<float[]> params = new ArrayList<>();
        for (Tensor p : net.parameters()) params.add(p.toFloatArray());
        return new Run(params, losses);
    }

    @Test
    void twoThreadsTrainingIndependentModelsMatchRunningThemOneAfterTheOther() throws Exception {
        Run first = train(11), second = train(12);
        assertFalse(first.sameBits(second), "different seeds must give different runs, or the comparison proves nothing");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Run> a = pool.submit(() -> { start.await(); return train(11); });
                Future<Run> b = pool.submit(() -> { start.await(); return train(12); });
                assertTrue(first.sameBits(a.get(120, TimeUnit.SECONDS)), "model 1 trained beside model 2 differs (attempt " + attempt + ")");
                assertTrue(second.sameBits(b.get(120, TimeUnit.SECONDS)), "model 2 trained beside model 1 differs (attempt " + attempt + ")");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void largeProductsOnTwoThreadsAtOnceGiveTheBitsTheyGiveAlone() throws Exception {
        // products whose kernels make their own outputs while packing (one strip, and wider than a strip) and one that
        // shares out strips with first-use packing of A: two callers at once, one holding the kernel pool, the other
        // running alone, must each get what they get one at a time
        manualSeed(5);
        Tensor[][] pairs = {
                {rand(512, 300), rand(300, 512)}, {rand(768, 768), rand(768, 768)},
                {rand(DType.FLOAT64, 512, 512), rand(DType.FLOAT64, 512, 512)}, {rand(200, 1100), rand(1100, 900)}};
        Tensor[] alone = new Tensor[pairs.length];
        for (int i = 0; i < pairs.length; i++) alone[i] = pairs[i][0].mm(pairs[i][1]);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Tensor[]>> runs = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int first = t;
                    runs.add(pool.submit(() -> {
                        start.await();
                        Tensor[] out = new Tensor[pairs.length];
                        for (int j = 0; j < pairs.length; j++) {
                            int i = (first + j) % pairs.length; // the two callers start on different products
                            out[i] = pairs[i][0].mm(pairs[i][1]);
                        }
                        return out;
                    }));
                }
                for (Future<Tensor[]> run : runs) {
                    Tensor[] out = run.get(120, TimeUnit.SECONDS);
                    for (int i = 0; i < pairs.length; i++)
                        assertTrue(alone[i].equal(out[i]), "product " + i + " beside another differs (attempt " + attempt + ")");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentInferenceOnASharedModelInEvalMode() throws Exception {
        manualSeed(3);
        Module net = new Sequential(new Linear(24, 48), new ReLU(), new Dropout(0.5), new Linear(48, 48), new ReLU(),
                new Linear(48, 6));
        net.eval();
        Generator gen = new Generator(99);
        List<Tensor> inputs = new ArrayList<>();
        for (int i = 0; i < 64; i++) inputs.add(empty(1 + i % 7, 24).normal_(0, 1, gen));
        List<float[]> expected = new ArrayList<>();
        for (Tensor in : inputs) expected.add(net.forward(in).toFloatArray());

        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Callable<Integer> task = () -> {
                    start.await();
                    int checked = 0;
                    for (int round = 0; round < 20; round++) {
                        for (int i = (id * 7) % inputs.size(), k = 0; k < inputs.size(); k++, i = (i + 1) % inputs.size()) {
                            // half the threads record graphs (grad mode on), half run under noGrad()
                            Tensor out;
                            if (id % 2 == 0) out = net.forward(inputs.get(i));
                            else try (var _ = noGrad()) { out = net.forward(inputs.get(i)); }
                            assertArrayEquals(expected.get(i), out.toFloatArray(), "thread " + id + ", input " + i);
                            checked++;
                        }
                    }
                    return checked;
                };
                results.add(pool.submit(task));
            }
            int total = 0;
            for (Future<Integer> f : results) total += f.get(120, TimeUnit.SECONDS);
            assertEquals(threads * 20 * inputs.size(), total);
        } finally {
            pool.shutdownNow();
        }
        // the parameters were only read
        assertNull(((Linear) ((Sequential) net).get(0)).weight().grad());
    }

    /** 100 examples of one float each; example {@code failAt} throws. */
    static Dataset failingAt(int failAt) {
        return new Dataset() {
            @Override public int size() { return 100; }

            @Override public List<Tensor> get(int i) {
                if (i == failAt) throw new IllegalStateException("example " + i + " is corrupt");
                return List.of(scalar(i), scalarLong(i));
            }
        };
    }

    @Test
    void aDataLoaderFailureSurfacesInTheConsumerWithItsCause() {
        for (boolean prefetch : new boolean[]{true, false}) {
            DataLoader loader = new DataLoader(failingAt(37), DataLoader.options().batchSize(10).prefetch(prefetch));
            List<Long> seen = new ArrayList<>();
            RuntimeException e = assertThrows(RuntimeException.class, () -> {
                for (List<Tensor> batch : loader) for (long v : batch.get(1).toLongArray()) seen.add(v);
            });
            Throwable cause = e;
            while (cause != null && !(cause instanceof IllegalStateException && "example 37 is corrupt".equals(cause.getMessage())))
                cause = cause.getCause();
            assertNotNull(cause, "prefetch=" + prefetch + ": the data set's exception is not in the chain of " + e);
            // the batches before the failing one arrived, in order, and nothing after it
            assertEquals(30, seen.size(), "prefetch=" + prefetch);
            for (int i = 0; i < 30; i++) assertEquals(i, seen.get(i));
            if (prefetch) assertTrue(e.getMessage().contains("batch 3"), e.getMessage());
        }
    }

    @Test
    void aFailedPrefetchingEpochLeavesNoWorkerThreadBehind() throws Exception {
        java.util.Set<Thread> before = loaderThreads();
        DataLoader loader = new DataLoader(failingAt(5), DataLoader.options().batchSize(4).prefetch(true));
        for (int epoch = 0; epoch < 20; epoch++) {
            assertThrows(RuntimeException.class, () -> {
                for (List<Tensor> batch : loader) assertEquals(4, batch.get(0).numel());
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long alive;
        do {
            alive = loaderThreads().stream().filter(t -> !before.contains(t)).count();
            if (alive > 0) Thread.sleep(20);
        } while (alive > 0 && System.nanoTime() < deadline);
        assertEquals(0, alive, "DataLoader worker threads still alive after 20 failed epochs");
    }

    private static java.util.Set<Thread> loaderThreads() {
        java.util.Set<Thread> threads = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
        threads.removeIf(t -> !t.isAlive() || !t.getName().startsWith("ember-dataloader-"));
        return threads;
    }
}
