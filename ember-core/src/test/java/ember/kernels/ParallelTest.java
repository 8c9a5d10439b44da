package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @AfterEach
    void restoreThreads() { Parallel.setThreads(Runtime.getRuntime().availableProcessors()); }

    /** Every index runs exactly once, in contiguous chunks no more numerous than threads × CHUNKS_PER_THREAD. */
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
                    long mostChunks = Math.min((long) threads * Parallel.CHUNKS_PER_THREAD, (n + Math.max(grain, 1) - 1) / Math.max(grain, 1));
                    assertTrue(chunks.size() <= Math.max(1, mostChunks), chunks.size() + " chunks for n=" + n + ", grain " + grain);
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
}
