package ember.data;

import static ember.Ember.*;
import static ember.io.TensorAssertions.assertTensorEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.DType;
import ember.Generator;
import ember.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** X row i is [i, 100 + i], y[i] = i: a batch's labels tell which examples it holds. */
    private static TensorDataset numbered(int n) {
        Tensor x = arange(DType.FLOAT32, 0, n, 1).unsqueeze(1);
        return new TensorDataset(cat(1, x, x.add(100.0)), arange(n));
    }

    private static List<long[]> labelsPerBatch(Iterable<List<Tensor>> loader) {
        List<long[]> out = new ArrayList<>();
        for (List<Tensor> batch : loader) out.add(batch.get(1).toLongArray());
        return out;
    }

    /** A data set that hides its type, so the loader takes the general stack-each-example path. */
    private static Dataset opaque(Dataset inner) {
        return new Dataset() {
            @Override public int size() { return inner.size(); }
            @Override public List<Tensor> get(int i) { return inner.get(i); }
        };
    }

    @Test
    void batchesInOrder() {
        DataLoader loader = new DataLoader(numbered(10), 3, false);
        assertEquals(4, loader.size());
        List<List<Tensor>> batches = new ArrayList<>();
        loader.forEach(batches::add);
        assertEquals(4, batches.size());
        assertTensorEquals(tensor(new double[][]{{0, 100}, {1, 101}, {2, 102}}), batches.get(0).get(0));
        assertTensorEquals(tensor(new long[]{0L, 1L, 2L}), batches.get(0).get(1));
        assertTensorEquals(tensor(new double[][]{{9, 109}}), batches.get(3).get(0));
        assertTensorEquals(tensor(new long[]{9L}), batches.get(3).get(1));
    }

    @Test
    void dropLastLeavesOutTheShortBatch() {
        DataLoader loader = new DataLoader(numbered(10), DataLoader.options().batchSize(3).dropLast(true));
        assertEquals(3, loader.size());
        List<long[]> labels = labelsPerBatch(loader);
        assertEquals(3, labels.size());
        assertArrayEquals(new long[]{6, 7, 8}, labels.get(2));
        assertEquals(0, new DataLoader(numbered(2), DataLoader.options().batchSize(3).dropLast(true)).size());
    }

    @Test
    void shuffleIsAPermutationAndTheSameSeedGivesTheSameOrder() {
        DataLoader.Options options = DataLoader.options().batchSize(4).shuffle(true);
        DataLoader a = new DataLoader(numbered(50), options.generator(new Generator(42)));
        DataLoader b = new DataLoader(numbered(50), DataLoader.options().batchSize(4).shuffle(true).generator(new Generator(42)));
        long[] epoch1 = flatten(labelsPerBatch(a)), epoch2 = flatten(labelsPerBatch(a));
        assertArrayEquals(epoch1, flatten(labelsPerBatch(b)), "same seed, same first epoch");
        assertArrayEquals(epoch2, flatten(labelsPerBatch(b)), "same seed, same second epoch");
        assertFalse(Arrays.equals(epoch1, epoch2), "each epoch draws a new order");
        assertFalse(Arrays.equals(epoch1, arange(50).toLongArray()), "shuffled");
        long[] sorted = epoch1.clone();
        Arrays.sort(sorted);
        assertArrayEquals(arange(50).toLongArray(), sorted, "every example exactly once");

        manualSeed(7);
        long[] global1 = flatten(labelsPerBatch(new DataLoader(numbered(50), 4, true)));
        manualSeed(7);
        assertArrayEquals(global1, flatten(labelsPerBatch(new DataLoader(numbered(50), 4, true))), "manualSeed fixes the order");
    }

    @Test
    void fastRowGatherMatchesStackingExamples() {
        // a non-contiguous feature column, a 0-d label per example, and a Subset of a Subset
        Tensor features = arange(DType.FLOAT64, 0, 60, 1).reshape(3, 20).t();  // [20, 3], strides (1, 20)
        Tensor flags = arange(20).remainder(3.0).eq(0.0);
        TensorDataset ds = new TensorDataset(features, arange(20), flags);
        Dataset nested = new Subset(new Subset(ds, new int[]{19, 3, 5, 7, 11, 13, 2, 1, 0}), new int[]{8, 0, 4, 2, 6});
        for (Dataset d : List.of(ds, nested)) {
            DataLoader fast = new DataLoader(d, DataLoader.options().batchSize(4).shuffle(true).generator(new Generator(1)));
            DataLoader slow = new DataLoader(opaque(d), DataLoader.options().batchSize(4).shuffle(true).generator(new Generator(1)));
            var fastIt = fast.iterator();
            for (List<Tensor> expected : slow) {
                List<Tensor> actual = fastIt.next();
                assertEquals(3, actual.size());
                for (int j = 0; j < 3; j++) assertTensorEquals(expected.get(j), actual.get(j));
            }
            assertFalse(fastIt.hasNext());
        }
        // nested subset: examples 0, 11, 13, 5, 2 of ds (8 -> 0, 0 -> 19, ... read through both index maps)
        List<Tensor> all = new DataLoader(nested, 5, false).iterator().next();
        assertTensorEquals(tensor(new long[]{0L, 19L, 11L, 5L, 2L}), all.get(1));
    }

    @Test
    void synchronousModeGivesTheSameBatches() {
        DataLoader.Options o = DataLoader.options().batchSize(3).shuffle(true);
        long[] background = flatten(labelsPerBatch(new DataLoader(numbered(17), o.generator(new Generator(5)))));
        long[] inline = flatten(labelsPerBatch(new DataLoader(numbered(17), o.generator(new Generator(5)).prefetch(false))));
        assertArrayEquals(background, inline);
    }

    @Test
    void batchesGatheredAheadMatchTheSynchronousOnes() {
        // a TensorDataset's batches are copied in chunks of rows by the kernels' idle threads (DataLoader.Ahead): 70
        // rows in batches of 40 (chunks of 16 and a short last batch), three columns of three dtypes, through a Subset
        manualSeed(3);
        Tensor images = randn(90, 2, 3), labels = randint(0, 10, 90), flags = rand(90).gt(0.5);
        int[] picked = new int[70];
        for (int i = 0; i < picked.length; i++) picked[i] = (i * 37) % 90;
        Dataset ds = new Subset(new TensorDataset(images, labels, flags), picked);
        DataLoader.Options o = DataLoader.options().batchSize(40).shuffle(true);
        List<List<Tensor>> ahead = new ArrayList<>(), inline = new ArrayList<>();
        for (List<Tensor> batch : new DataLoader(ds, o.generator(new Generator(9)))) ahead.add(batch);
        for (List<Tensor> batch : new DataLoader(ds, o.generator(new Generator(9)).prefetch(false))) inline.add(batch);
        assertEquals(2, ahead.size());
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 3; c++) assertTensorEquals(inline.get(b).get(c), ahead.get(b).get(c));
        assertEquals(30, ahead.get(1).get(0).size(0));
    }

    @Test
    void iteratorEndsCleanly() {
        var it = new DataLoader(numbered(2), 2, false).iterator();
        assertTrue(it.hasNext());
        it.next();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        assertFalse(new DataLoader(numbered(0), 2, false).iterator().hasNext());
    }

    /** Records the threads that build examples, and can fail at one index. */
    private static final class Watched implements Dataset {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger loaded = new AtomicInteger();
        final int failAt;
        final RuntimeException failure = new IllegalStateException("disk on fire");

        Watched(int failAt) { this.failAt = failAt; }

        @Override public int size() { return 100; }

        @Override
        public List<Tensor> get(int i) {
            threads.add(Thread.currentThread());
            if (i == failAt) throw failure;
            loaded.incrementAndGet();
            return List.of(scalar(i));
        }
    }

    @Test
    void workerFailureIsRethrownWithItsCause() {
        Watched ds = new Watched(5);
        var it = new DataLoader(ds, 2, false).iterator();
        it.next();
        it.next(); // examples 0-3
        RuntimeException e = assertThrows(RuntimeException.class, it::hasNext);
        assertSame(ds.failure, e.getCause());
        assertTrue(e.getMessage().contains("batch 2") && e.getMessage().contains("disk on fire"), e.getMessage());
        assertFalse(it.hasNext(), "the epoch is over after a failure");
        awaitDeath(ds.threads);

        Watched inline = new Watched(5);
        var sync = new DataLoader(inline, DataLoader.options().batchSize(2).prefetch(false)).iterator();
        sync.next();
        sync.next();
        assertSame(inline.failure, assertThrows(IllegalStateException.class, sync::next));
    }

    @Test
    void workerIsOneDaemonThreadAtMostABatchAhead() throws InterruptedException {
        Watched ds = new Watched(-1);
        var it = new DataLoader(ds, 10, false).iterator();
        it.next();
        Thread.sleep(300);
        // one batch taken, one waiting in the queue, one built and blocked on the full queue
        assertTrue(ds.loaded.get() <= 30, "loaded " + ds.loaded.get());
        assertEquals(1, ds.threads.size());
        Thread worker = ds.threads.iterator().next();
        assertTrue(worker.isDaemon());
        assertNotEquals(Thread.currentThread(), worker);
        it.close();
        awaitDeath(ds.threads);
        assertFalse(it.hasNext());
    }

    @Test
    void exhaustionEndsTheWorker() {
        Watched ds = new Watched(-1);
        int batches = 0;
        for (List<Tensor> batch : new DataLoader(ds, 30, false)) batches++;
        assertEquals(4, batches);
        awaitDeath(ds.threads);
    }

    @Test
    void breakingOutOfTheLoopDoesNotLeakTheWorker() {
        Watched ds = new Watched(-1);
        breakAfterOneBatch(new DataLoader(ds, 10, false));
        assertEquals(1, ds.threads.size());
        // the abandoned iterator is unreachable now: once collected, its worker is cancelled
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ds.threads.iterator().next().isAlive() && System.nanoTime() < deadline) {
            System.gc();
            sleep(20);
        }
        assertFalse(ds.threads.iterator().next().isAlive(), "worker still alive after its iterator was collected");
    }

    private static void breakAfterOneBatch(DataLoader loader) {
        for (List<Tensor> batch : loader) {
            assertEquals(10, batch.get(0).size(0));
            break;
        }
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(numbered(3), 0, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TensorDataset(zeros(3, 2), zeros(4)));
        assertTrue(e.getMessage().contains("Size mismatch between tensors: tensor 0 has 3 rows (shape [3, 2]) but tensor 1 has 4"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(scalar(1)));
        assertThrows(IllegalArgumentException.class, TensorDataset::new);
        assertThrows(IndexOutOfBoundsException.class, () -> numbered(3).get(3));
        assertThrows(IndexOutOfBoundsException.class, () -> new Subset(numbered(3), new int[]{0, 3}));
    }

    @Test
    void tensorDatasetExamplesAreRowViews() {
        TensorDataset ds = numbered(4);
        List<Tensor> example = ds.get(2);
        assertTensorEquals(tensor(2.0, 102.0), example.get(0));
        assertTensorEquals(scalarLong(2), example.get(1));
        assertEquals(0, example.get(1).dim());
    }

    private static long[] flatten(List<long[]> parts) {
        return parts.stream().flatMapToLong(Arrays::stream).toArray();
    }

    private static void awaitDeath(Set<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertFalse(t.isAlive(), t + " still alive");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
