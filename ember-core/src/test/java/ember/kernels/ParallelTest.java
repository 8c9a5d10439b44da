package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @AfterEach
    void restoreThreads() { Parallel.setThreads(Runtime.getRuntime().availableProcessors()); }

    /** Every index runs exactly once, in contiguous chunks of at least the grain (but the last one). */
    @Test
    void chunksCoverTheRangeOnce() {
        for (int threads = 1; threads <= Runtime.getRuntime().availableProcessors(); threads++) {
            Parallel.setThreads(threads);
            for (int n : new int[]{1, 2, 3, 7, 8, 9, 31, 32, 33, 100, 1000}) {
                for (int grain : new int[]{0, 1, 2, 5, 64, 5000}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    List<int[]> chunks = Collections.synchronizedList(new ArrayList<>());
                    Parallel.forRange(10, 10 + n, grain, (b, e) -> {
                        chunks.add(new int[]{b, e});
                        for (int i = b; i < e; i++) hits.incrementAndGet(i - 10);
                    });
                    for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i + " of " + n + ", grain " + grain);
                    chunks.sort(Comparator.comparingInt(c -> c[0]));
                    for (int c = 0; c + 1 < chunks.size(); c++)
                        assertTrue(chunks.get(c)[1] - chunks.get(c)[0] >= grain, "chunk " + Arrays.toString(chunks.get(c))
                                + " smaller than the grain " + grain + " (n=" + n + ")");
                    if (threads == 1 || n <= Math.max(grain, 1))
                        assertEquals(1, chunks.size(), "a range within the grain (or on one thread) stays whole");
                }
            }
        }
    }

    @Test
    void aFailingChunkIsRethrownAfterTheOthersFinish() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        AtomicIntegerArray hits = new AtomicIntegerArray(64);
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallel.forRange(0, 64, 1, (b, e) -> {
            for (int i = b; i < e; i++) hits.incrementAndGet(i);
            if (b == 0) throw boom;
        }));
        assertSame(boom, thrown);
        for (int i = 0; i < 64; i++) assertEquals(1, hits.get(i), "index " + i);
    }

    /** Background work (Note [Background work for lingering threads]) runs each index once, whoever runs it. */
    @Test
    void joinFinishesBackgroundWork() {
        for (int threads = 1; threads <= Runtime.getRuntime().availableProcessors(); threads++) {
            Parallel.setThreads(threads);
            AtomicIntegerArray first = new AtomicIntegerArray(1000), second = new AtomicIntegerArray(500);
            Parallel.Pending p = Parallel.background(0, 1000, 7, (b, e) -> {
                for (int i = b; i < e; i++) first.incrementAndGet(i);
            });
            // a second post takes the first one's place: the first's owner does the rest at its join
            Parallel.Pending q = Parallel.background(100, 600, 3, (b, e) -> {
                for (int i = b; i < e; i++) second.incrementAndGet(i - 100);
            });
            Parallel.forRange(0, 1 << 16, 1, (b, e) -> { }); // wakes the pool's threads, which may then take chunks
            q.join();
            p.join();
            p.join(); // a second join finds nothing left
            for (int i = 0; i < 1000; i++) assertEquals(1, first.get(i), "index " + i + " on " + threads + " threads");
            for (int i = 0; i < 500; i++) assertEquals(1, second.get(i), "index " + (i + 100) + " on " + threads + " threads");
        }
    }

    @Test
    void lingeringPoolThreadsTakeBackgroundWork() {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "needs a pool thread besides the caller");
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        Thread caller = Thread.currentThread();
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        // work whose owner never joins (an iterator dropped after one batch) must not keep later work from the pool
        Parallel.background(0, 1 << 20, 1, (b, e) -> { });
        Parallel.Pending p = Parallel.background(0, 1 << 16, 1, (b, e) -> ran.add(Thread.currentThread()));
        // nobody is woken for background work: a range wakes the pool's threads, which take chunks while they linger
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ran.isEmpty() && System.nanoTime() < deadline) Parallel.forRange(0, 1 << 16, 1, (b, e) -> { });
        p.join();
        assertTrue(ran.stream().anyMatch(t -> t != caller), "no pool thread ran a chunk of the background work");
    }

    @Test
    void aFailingBackgroundChunkIsRethrownByJoin() {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicIntegerArray hits = new AtomicIntegerArray(64);
        Parallel.Pending p = Parallel.background(0, 64, 4, (b, e) -> {
            for (int i = b; i < e; i++) hits.incrementAndGet(i);
            if (b == 8) throw boom;
        });
        assertSame(boom, assertThrows(IllegalStateException.class, p::join));
        for (int i = 0; i < 64; i++) assertEquals(1, hits.get(i), "index " + i);
    }
}
