package ember.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The one thread pool of Ember's kernels and PyTorch's {@code at::parallel_for} on it.
 *
 * <p>The pool is a {@link ForkJoinPool} of daemon threads sized to the cores. A range is split into at most
 * {@link #threads()} contiguous chunks of at least {@code grain} items; the calling thread runs the first chunk itself,
 * so a range below the grain never leaves the calling thread and costs nothing but a comparison. Work already running
 * on the pool runs inline (no nested parallelism), as in PyTorch.
 *
 * <p>{@code -Dember.threads=N} (or {@link #setThreads}) caps the number of threads used, at most the pool's size.
 */
public final class Parallel {
    /** Elements below which an element-wise op stays on the calling thread: PyTorch's {@code at::internal::GRAIN_SIZE}. */
    public static final int GRAIN = 32_768;

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final ForkJoinPool POOL = new ForkJoinPool(CORES, pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("ember-kernels-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }, null, false);
    private static volatile int threads = initialThreads();

    private Parallel() {}

    /** A body run on one contiguous chunk {@code [begin, end)} of a range. */
    @FunctionalInterface
    public interface Range { void run(int begin, int end); }

    /** How many threads a parallel range may use (1 … the number of cores). */
    public static int threads() { return threads; }

    /** Caps the threads used by later ops (PyTorch's {@code torch.set_num_threads}); clamped to 1 … cores. */
    public static void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("setThreads: number of threads must be positive, got " + n);
        threads = Math.min(n, CORES);
    }

    private static int initialThreads() {
        String s = System.getProperty("ember.threads", "").trim();
        if (s.isEmpty()) return CORES;
        try {
            return Math.max(1, Math.min(Integer.parseInt(s), CORES));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dember.threads must be a positive integer, got '" + s + "'", e);
        }
    }

    /** True when the current thread is one of the pool's (its work must not fork again). */
    private static boolean onPool() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == POOL;
    }

    /**
     * Runs {@code body} over {@code [begin, end)} split into at most {@link #threads()} chunks of at least {@code grain}
     * items each, and returns when all are done. An exception from any chunk is rethrown (others added as suppressed).
     */
    public static void forRange(int begin, int end, int grain, Range body) {
        int n = end - begin;
        if (n <= 0) return;
        int tasks = (int) Math.min(threads, ((long) n + Math.max(grain, 1) - 1) / Math.max(grain, 1));
        if (tasks <= 1 || onPool()) {
            body.run(begin, end);
            return;
        }
        int chunk = (n + tasks - 1) / tasks;
        tasks = (n + chunk - 1) / chunk;
        ForkJoinTask<?>[] forked = new ForkJoinTask<?>[tasks - 1];
        for (int t = 1; t < tasks; t++) {
            int b = begin + t * chunk, e = Math.min(end, b + chunk);
            forked[t - 1] = POOL.submit(() -> body.run(b, e));
        }
        Throwable failure = null;
        try {
            body.run(begin, begin + chunk);
        } catch (Throwable e) {
            failure = e;
        }
        for (ForkJoinTask<?> f : forked) {
            try {
                f.join();
            } catch (Throwable e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException(failure);
    }
}
