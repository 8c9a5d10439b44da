package ember.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one thread pool of Ember's kernels and PyTorch's {@code at::parallel_for} on it.
 *
 * <p>The threads are those of one {@link ForkJoinPool} of daemon threads sized to the cores. A range is split into
 * contiguous chunks of at least {@code grain} items, at most {@link #CHUNKS_PER_THREAD} per thread; the calling thread
 * takes chunks itself, so a range below the grain never leaves the calling thread and costs nothing but a comparison.
 * Work already running on the pool runs inline (no nested parallelism), as in PyTorch.
 *
 * <p>Hand-off: waking a parked pool thread took 15–75 µs on the 2-core VM this was measured on (a fork-join round
 * trip), longer than a whole element-wise op on 10⁵ floats. So a pool thread that finished a chunk lingers, spinning,
 * for {@link #LINGER_NANOS} and picks up the next range within a microsecond or so, as OpenMP's and OpenBLAS's threads
 * do; only a range arriving when no thread is lingering pays for a wake-up. Ranges are claimed chunk by chunk from a
 * shared counter, so a thread that has not arrived yet never holds up the caller: whatever is left, the caller runs.
 *
 * <p>{@code -Dember.threads=N} (or {@link #setThreads}) caps the number of threads used, at most the pool's size.
 */
public final class Parallel {
    /** Elements below which an element-wise op stays on the calling thread: PyTorch's {@code at::internal::GRAIN_SIZE}. */
    public static final int GRAIN = 32_768;
    /** How long a pool thread spins for the next range before giving its thread back to the pool. */
    static final long LINGER_NANOS = 200_000;
    /** How long a lingering thread spins before it starts yielding its core between checks. */
    static final long YIELD_AFTER_NANOS = 10_000;

    /**
     * Most chunks per thread a range is cut into (when the grain allows). Chunks are claimed one at a time, so a thread
     * that arrives late (a wake-up costs tens of microseconds) or loses its core for a while (to a DataLoader worker on
     * two cores) leaves its share to the others instead of holding up the whole range: with one chunk per thread the
     * book's 256×784·784×256 product measured 150–170 GFLOP/s, with four 190–230.
     */
    static final int CHUNKS_PER_THREAD = 4;

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final ForkJoinPool POOL = new ForkJoinPool(CORES, pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("ember-kernels-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }, null, false);
    /** The range being shared out, or null; one at a time (a second caller meanwhile runs its range alone). */
    private static final AtomicReference<Job> CURRENT = new AtomicReference<>();
    /** Pool threads currently running {@link #linger}. */
    private static final AtomicInteger HELPERS = new AtomicInteger();
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
     * Runs {@code body} over {@code [begin, end)} split into chunks of at least {@code grain} items each (at most
     * {@link #CHUNKS_PER_THREAD} per thread, on at most {@link #threads()} threads), and returns when all are done. An
     * exception from any chunk is rethrown (others added as suppressed).
     */
    public static void forRange(int begin, int end, int grain, Range body) {
        int n = end - begin;
        if (n <= 0) return;
        int g = Math.max(grain, 1);
        long most = ((long) n + g - 1) / g;
        if (Math.min(threads, most) <= 1 || onPool()) {
            body.run(begin, end);
            return;
        }
        int tasks = (int) Math.min((long) threads * CHUNKS_PER_THREAD, most), chunk = (n + tasks - 1) / tasks;
        Job job = new Job(body, begin, end, chunk, (n + chunk - 1) / chunk);
        if (!CURRENT.compareAndSet(null, job)) { // another thread is sharing out a range right now
            body.run(begin, end);
            return;
        }
        try {
            int helpers = Math.min(job.chunks, threads) - 1;
            for (int h = HELPERS.get(); h < helpers; h = HELPERS.get())
                if (HELPERS.compareAndSet(h, h + 1)) POOL.execute(Parallel::linger);
            while (job.runOne()) { }
            job.awaitDone();
        } finally {
            CURRENT.set(null);
        }
        job.rethrow();
    }

    /** A pool thread's loop: run chunks of whatever range is shared out; leave after LINGER_NANOS without one. */
    private static void linger() {
        long idleSince = System.nanoTime();
        while (true) {
            Job job = CURRENT.get();
            if (job != null && job.runOne()) {
                while (job.runOne()) { }
                idleSince = System.nanoTime();
            } else {
                long idle = System.nanoTime() - idleSince;
                if (idle > LINGER_NANOS) {
                    HELPERS.decrementAndGet();
                    return;
                }
                // past the first few microseconds, offer the core to any other runnable thread (a DataLoader worker
                // preparing the next batch, on two cores) instead of burning it; sched_yield returns at once if none
                if (idle > YIELD_AFTER_NANOS) Thread.yield();
                else Thread.onSpinWait();
            }
        }
    }

    /** One range being shared out: chunks are claimed from a counter and counted when finished. */
    private static final class Job {
        final Range body;
        final int begin, end, chunk, chunks;
        final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(Range body, int begin, int end, int chunk, int chunks) {
            this.body = body;
            this.begin = begin;
            this.end = end;
            this.chunk = chunk;
            this.chunks = chunks;
        }

        /** Claims and runs the next chunk; false when none is left. */
        boolean runOne() {
            int c = next.getAndIncrement();
            if (c >= chunks) return false;
            int b = begin + c * chunk;
            try {
                body.run(b, Math.min(end, b + chunk));
            } catch (Throwable e) {
                if (!failure.compareAndSet(null, e)) failure.get().addSuppressed(e);
            } finally {
                done.incrementAndGet();
            }
            return true;
        }

        /** Spins (briefly) then yields until every claimed chunk has finished. */
        void awaitDone() {
            for (int spins = 0; done.get() < chunks; spins++) {
                if (spins < 1 << 16) Thread.onSpinWait();
                else Thread.yield();
            }
        }

        void rethrow() {
            Throwable e = failure.get();
            if (e instanceof RuntimeException r) throw r;
            if (e instanceof Error err) throw err;
            if (e != null) throw new IllegalStateException(e);
        }
    }
}
