package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
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
}
