package ember.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one thread pool of Ember's kernels and PyTorch's {@code at::parallel_for} on it.
 *
 * <p>The threads are those of one {@link ForkJoinPool} of daemon threads sized to the cores. A range is handed out in
 * contiguous chunks of at least {@code grain} items, claimed one at a time from a shared position, each a share of what
 * is left ({@link #SHARES_PER_THREAD} shares per thread, OpenMP's "guided" schedule): large chunks first, small ones at
 * the end, so a thread that arrives late (a wake-up costs tens of microseconds) or loses its core for a while (to a
 * DataLoader worker, on two cores) leaves its part to the others, and the threads finish within a small chunk of each
 * other. The calling thread takes chunks itself, so a range below the grain never leaves the calling thread and costs
 * nothing but a comparison. Work already running on the pool runs inline (no nested parallelism), as in PyTorch.
 *
 * <p>Hand-off: waking a parked pool thread took 15–75 µs on the 2-core VM this was measured on (a fork-join round
 * trip), longer than a whole element-wise op on 10⁵ floats. So a pool thread that finished a chunk lingers, spinning,
 * for {@link #LINGER_NANOS} and picks up the next range within a microsecond or so, as OpenMP's and OpenBLAS's threads
 * do; only a range arriving when no thread is lingering pays for a wake-up. Ranges are claimed chunk by chunk from a
 * shared position, so a thread that has not arrived yet never holds up the caller: whatever is left, the caller runs.
 *
 * <p>Work that can wait (a DataLoader's next batch) is posted with {@link #background}: lingering pool threads run it
 * in small chunks between ranges, and its owner finishes the rest when it needs the result (Note [Background work for
 * lingering threads]).
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
     * A claimed chunk is the remaining part of the range divided by this many shares per thread (and at least the
     * grain). With one fixed chunk per thread, the book's 256×784·784×256 product measured 150–170 GFLOP/s (the caller
     * waiting for a late or preempted helper), with four fixed chunks per thread 190–230.
     */
    static final int SHARES_PER_THREAD = 2;

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
     * Runs {@code body} over {@code [begin, end)} in chunks of at least {@code grain} items each, on at most
     * {@link #threads()} threads, and returns when all are done. An exception from any chunk is rethrown (others added
     * as suppressed).
     */
    public static void forRange(int begin, int end, int grain, Range body) {
        int n = end - begin;
        if (n <= 0) return;
        int g = Math.max(grain, 1);
        int workers = (int) Math.min(threads, ((long) n + g - 1) / g);
        if (workers <= 1 || onPool()) {
            body.run(begin, end);
            return;
        }
        Job job = new Job(body, begin, end, g, threads * SHARES_PER_THREAD);
        if (!CURRENT.compareAndSet(null, job)) { // another thread is sharing out a range right now
            body.run(begin, end);
            return;
        }
        try {
            for (int h = HELPERS.get(); h < workers - 1; h = HELPERS.get())
                if (HELPERS.compareAndSet(h, h + 1)) POOL.execute(Parallel::linger);
            while (job.runOne()) { }
            job.awaitDone();
        } finally {
            CURRENT.set(null);
        }
        job.rethrow();
    }

    /*
     * Note [Background work for lingering threads]
     * A DataLoader's next batch used to be gathered by a thread of its own, woken each time the training thread took a
     * batch. On the 2-core VM measured, taking a batch that was already waiting took about as long as gathering one
     * (softmax regression: 44-56 ms an epoch in takes of ready batches, 50-60 ms of gathering), with one kernel thread
     * or two: the woken worker ran on the taker's core while the taker waited. Meanwhile the kernels' pool threads
     * spend much of a training step lingering, spinning for the next range. So work that can wait is posted here
     * ({@link #background}), nobody is woken for it, and lingering pool threads run it in small chunks whenever no
     * range is being shared out, going back to ranges between chunks; its owner finishes whatever is left when it
     * needs the result ({@link Pending#join}), so the work is done even if no pool thread ever comes. One piece of work
     * is posted at a time: a newer post takes the place of an older one, whose owner then does the rest at its join
     * (two loaders at once), and work whose owner is gone (an iterator dropped after one batch) is not left in the way.
     * Measured over epochs 6-12 of alternating fresh JVMs (medians of 21 epochs): softmax regression 0.126 -> 0.108 s
     * an epoch, the MLP 0.555 -> 0.473, the pool threads running 80-90% of the MLP's chunks (the training thread waits
     * 10 ms an epoch for data instead of 50-65) and 20-50% of softmax regression's (there the JIT's compiler thread
     * still took 50-130 ms of the second core an epoch up to epoch 12).
     */
    private static final AtomicReference<Job> BACKGROUND = new AtomicReference<>();

    /**
     * Posts {@code body} over {@code [begin, end)} for lingering pool threads to run in chunks of {@code grain} items
     * (Note [Background work for lingering threads]); the returned handle's {@link Pending#join} completes it. The body
     * runs on pool threads or the joining one: it must not block, nor depend on which thread runs it.
     */
    public static Pending background(int begin, int end, int grain, Range body) {
        Job job = new Job(body, begin, end, Math.max(grain, 1), Integer.MAX_VALUE); // chunks of exactly the grain
        if (threads > 1 && !onPool()) BACKGROUND.set(job);
        return new Pending(job);
    }

    /** Work posted by {@link #background}. */
    public static final class Pending {
        private final Job job;

        private Pending(Job job) { this.job = job; }

        /** Runs the chunks no pool thread has taken, waits for those running, and rethrows a failure of any. */
        public void join() {
            BACKGROUND.compareAndSet(job, null);
            while (job.runOne()) { }
            job.awaitDone();
            job.rethrow();
        }
    }

    /**
     * A pool thread's loop: run chunks of whatever range is shared out, else one chunk of background work at a time;
     * leave after LINGER_NANOS with neither.
     */
    private static void linger() {
        long idleSince = System.nanoTime();
        while (true) {
            Job job = CURRENT.get(), later;
            if (job != null && job.runOne()) {
                while (job.runOne()) { }
                idleSince = System.nanoTime();
            } else if ((later = BACKGROUND.get()) != null && later.runOne()) {
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

    /** One range being shared out: chunks are claimed from a shared position and counted when finished. */
    private static final class Job {
        final Range body;
        final int end, grain, shares, items;
        final AtomicInteger next, done = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(Range body, int begin, int end, int grain, int shares) {
            this.body = body;
            this.end = end;
            this.grain = grain;
            this.shares = shares;
            this.items = end - begin;
            this.next = new AtomicInteger(begin);
        }

        /** Claims and runs the next chunk (a share of what is left, at least the grain); false when none is left. */
        boolean runOne() {
            int b, e;
            do {
                b = next.get();
                if (b >= end) return false;
                e = (int) Math.min(end, b + (long) Math.max(grain, (end - b) / shares));
            } while (!next.compareAndSet(b, e));
            try {
                body.run(b, e);
            } catch (Throwable t) {
                if (!failure.compareAndSet(null, t)) failure.get().addSuppressed(t);
            } finally {
                done.addAndGet(e - b);
            }
            return true;
        }

        /** Spins (briefly) then yields until every claimed chunk has finished. */
        void awaitDone() {
            for (int spins = 0; done.get() < items; spins++) {
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
