package ember.reliability;

import ember.Ember;
import ember.Generator;
import ember.Tensor;
import ember.data.DataLoader;
import ember.data.TensorDataset;
import ember.nn.F;
import ember.nn.Linear;
import ember.nn.ReLU;
import ember.nn.Sequential;
import ember.optim.Adam;
import ember.optim.Optimizer;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A long training run that must not leak: a small MLP (20 → 64 → 64 → 10, ReLU) trained with Adam and cross-entropy
 * on a fixed synthetic data set through a prefetching, shuffling DataLoader, one step per batch of 32. The retained
 * heap is measured after a full GC at regular intervals, and weak references to every 10th step's loss, its
 * {@code grad_fn} and its input batch (which the first layer's backward node saves) show whether any graph outlives
 * its step.
 *
 * <p>Run {@code tools/soak.sh} for the full 100,000 steps; {@code SoakTest} runs a short version.
 */
public final class Soak {
    /** What a run measured: the retained heap (bytes) after GC at each sample, and how many step graphs survived. */
    public record Result(int steps, long[] sampledSteps, long[] retainedBytes, int trackedSteps, int graphsAlive,
                         int loaderThreadsAlive, double firstLoss, double lastLoss, double seconds) {
        /** Growth of the retained heap from the first sample (after warm-up) to the largest later one. */
        public long growthBytes() {
            long max = retainedBytes[0];
            for (long b : retainedBytes) max = Math.max(max, b);
            return max - retainedBytes[0];
        }
    }

    private Soak() {}

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Result r = run(steps, 20, System.out::println);
        System.out.printf("steps %d in %.1f s; loss %.4f -> %.4f%n", r.steps, r.seconds, r.firstLoss, r.lastLoss);
        System.out.printf("retained heap after GC: first sample %.2f MB, growth to the largest later sample %.2f MB%n",
                r.retainedBytes[0] / 1e6, r.growthBytes() / 1e6);
        System.out.printf("step graphs tracked %d, still reachable %d; DataLoader threads alive %d%n",
                r.trackedSteps, r.graphsAlive, r.loaderThreadsAlive);
    }

    /** Trains for {@code steps} steps, sampling the retained heap {@code samples} times after a warm-up tenth. */
    public static Result run(int steps, int samples, Consumer<String> log) {
        Generator gen = new Generator(2026);
        Tensor x = Ember.empty(1024, 20).normal_(0, 1, gen);
        Tensor teacher = Ember.empty(20, 10).normal_(0, 1, gen);
        Tensor y;
        try (var _ = Ember.noGrad()) {
            y = x.matmul(teacher).argmax(1);
        }
        Ember.manualSeed(2026);
        Sequential net = new Sequential(new Linear(20, 64), new ReLU(), new Linear(64, 64), new ReLU(), new Linear(64, 10));
        Optimizer opt = new Adam(net.parameters(), 1e-3);
        DataLoader loader = new DataLoader(new TensorDataset(x, y),
                DataLoader.options().batchSize(32).shuffle(true).generator(gen).prefetch(true));

        List<Tracked> tracked = new ArrayList<>();
        int trackedSteps = 0, graphsAlive = 0;
        int warmup = Math.max(1, steps / 10), every = Math.max(1, (steps - warmup) / Math.max(1, samples - 1));
        List<long[]> heap = new ArrayList<>();
        double firstLoss = Double.NaN, lastLoss = Double.NaN;
        long start = System.nanoTime();
        int step = 0;
        while (step < steps) {
            for (List<Tensor> batch : loader) {
                if (step == steps) break;
                Tensor logits = net.forward(batch.get(0));
                Tensor loss = F.crossEntropy(logits, batch.get(1));
                opt.zeroGrad();
                loss.backward();
                opt.step();
                lastLoss = loss.item();
                if (step == 0) firstLoss = lastLoss;
                if (step % 10 == 0) {
                    tracked.add(new Tracked(step, new WeakReference<>(loss), new WeakReference<>(loss.gradFn()),
                            new WeakReference<>(batch.get(0))));
                    trackedSteps++;
                }
                step++;
                if (step >= warmup && (step - warmup) % every == 0 && heap.size() < samples) {
                    long retained = retainedHeap();
                    graphsAlive += checkAndForget(tracked, step - 1);
                    heap.add(new long[]{step, retained});
                    log.accept(String.format("step %7d  loss %.4f  retained heap %7.2f MB", step, lastLoss, retained / 1e6));
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        retainedHeap();
        graphsAlive += checkAndForget(tracked, step);
        long loaderThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("ember-dataloader-")).count();
        long[] sampled = heap.stream().mapToLong(s -> s[0]).toArray(), bytes = heap.stream().mapToLong(s -> s[1]).toArray();
        return new Result(steps, sampled, bytes, trackedSteps, graphsAlive, (int) loaderThreads, firstLoss, lastLoss, seconds);
    }

    /** Weak references to one step's loss, its grad_fn and its input batch. */
    private record Tracked(int step, WeakReference<Object> loss, WeakReference<Object> gradFn, WeakReference<Object> input) {
        boolean alive() { return loss.get() != null || gradFn.get() != null || input.get() != null; }
    }

    /**
     * After a GC: how many tracked steps before {@code current} still have their loss, graph or input reachable. The
     * checked ones are dropped, so the tracking itself does not grow the heap being measured.
     */
    private static int checkAndForget(List<Tracked> tracked, int current) {
        int alive = 0;
        for (var it = tracked.iterator(); it.hasNext(); ) {
            Tracked t = it.next();
            if (t.step >= current) continue; // the step just taken may still sit in a local variable
            if (t.alive()) alive++;
            it.remove();
        }
        return alive;
    }

    /** Heap in use after full collections (repeated until it stops shrinking), i.e. what is still reachable. */
    static long retainedHeap() {
        var memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE, used = 0;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = memory.getHeapMemoryUsage().getUsed();
            if (used >= previous) break;
            previous = used;
        }
        return Math.min(used, previous);
    }
}
