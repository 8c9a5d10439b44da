package ember.data;

import ember.DType;
import ember.Ember;
import ember.Generator;
import ember.Tensor;
import ember.kernels.KernelProvider;
import ember.kernels.Kernels;
import ember.kernels.Parallel;
import ember.ops.Creation;
import ember.storage.Layout;
import ember.storage.Storage;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches of a data set, in order or shuffled ({@code DataLoader(dataset, batch_size, shuffle)}): an
 * {@code Iterable<List<Tensor>>} whose batches stack the examples' tensors along a new first dimension
 * ({@code batch.get(0)} is X of shape [batch, ...], {@code batch.get(1)} is y).
 *
 * <p>Each {@link #iterator()} is one epoch. Its order is drawn when the iterator is created, from the loader's
 * {@link Generator} (the global one unless {@link Options#generator} gives one), so the same seed gives the same
 * batches. While the caller works on one batch, the next is prepared in the background, at most one batch ahead.
 *
 * <p>Batches of a {@link TensorDataset} (or a {@link Subset} of one) are gathered row by row with bulk copies
 * instead of stacking one example at a time ({@link FashionMNIST}'s 8-bit pixels made float32 as they are copied);
 * they carry no autograd history, as batches from disk would not. Those copies are made in chunks by the kernels'
 * pool threads while they linger between parallel ops, and finished by the caller if they have not got to it (Note
 * [Background work for lingering threads] in {@link Parallel}): a thread of the loader's own, woken at every batch,
 * took the training thread's core on two cores. Other data sets (and any data set when the kernels run on one thread)
 * are prepared on one background daemon thread, whose exceptions the iterator rethrows with the original as the cause.
 * Leaving a loop early is safe: that worker stops when the iterator is closed, or when it is garbage collected after
 * a plain {@code break}; use {@code try (var it = loader.iterator())} to stop it at once.
 */
public final class DataLoader implements Iterable<List<Tensor>> {
    private static final Kernels K = KernelProvider.get();
    private static final Cleaner ABANDONED_ITERATORS = Cleaner.create();
    private static final AtomicInteger WORKER_IDS = new AtomicInteger();

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final Generator generator;
    private final boolean prefetch;

    /** Batches of {@code batchSize} examples, reshuffled every epoch when {@code shuffle}. */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle) {
        this(dataset, options().batchSize(batchSize).shuffle(shuffle));
    }

    public DataLoader(Dataset dataset, Options options) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.batchSize = options.batchSize;
        this.shuffle = options.shuffle;
        this.dropLast = options.dropLast;
        this.generator = options.generator;
        this.prefetch = options.prefetch;
    }

    /** Settings beyond batch size and shuffling, as a builder: {@code DataLoader.options().batchSize(256).dropLast(true)}. */
    public static Options options() { return new Options(); }

    /** DataLoader settings; every setter returns this. */
    public static final class Options {
        private int batchSize = 1;
        private boolean shuffle;
        private boolean dropLast;
        private Generator generator;
        private boolean prefetch = true;

        private Options() {}

        /** Examples per batch (default 1). */
        public Options batchSize(int batchSize) {
            if (batchSize <= 0)
                throw new IllegalArgumentException("batch_size should be a positive integer value, but got batch_size=" + batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Draw a new random order every epoch (default false: the data set's order). */
        public Options shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Leave out the last batch when it would be smaller than the batch size (default false). */
        public Options dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** The source of shuffling orders (default: the global generator that {@code manualSeed} resets). */
        public Options generator(Generator generator) {
            this.generator = generator;
            return this;
        }

        /** Prepare the next batch on a background thread (default true); false builds each batch on the caller's thread. */
        public Options prefetch(boolean prefetch) {
            this.prefetch = prefetch;
            return this;
        }
    }

    public Dataset dataset() { return dataset; }

    public int batchSize() { return batchSize; }

    /** The number of batches in an epoch ({@code len(loader)}). */
    public int size() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * PyTorch's RandomSampler: with no generator of its own it seeds a fresh one from one 63-bit draw of the global
     * generator ({@code torch.empty((), dtype=torch.int64).random_()}), so {@code manualSeed(s)} gives PyTorch's
     * shuffling order.
     */
    private Generator samplerGenerator() {
        if (generator != null) return generator;
        return new Generator(Generator.global().nextUInt64() & Long.MAX_VALUE);
    }

    /** One epoch of batches (a new order when shuffling). */
    @Override
    public BatchIterator iterator() {
        int n = dataset.size();
        int[] order = new int[n];
        // PyTorch's _BaseDataLoaderIter draws a base seed for workers on every iter(), shuffled or not; drawing it
        // here too keeps the random stream (and so later rand/dropout calls) in step with PyTorch's.
        (generator != null ? generator : Generator.global()).nextUInt64();
        if (shuffle) {
            long[] permutation = Creation.randperm(n, samplerGenerator()).toLongArray();
            for (int i = 0; i < n; i++) order[i] = (int) permutation[i];
        } else {
            for (int i = 0; i < n; i++) order[i] = i;
        }
        BatchMaker maker = BatchMaker.of(dataset);
        Epoch epoch = new Epoch(maker, order, batchSize, size());
        if (!prefetch) return new BatchIterator(epoch, false);
        // a TensorDataset's batches are gathered by the kernels' idle threads when there are any
        if (maker instanceof RowGather && Parallel.threads() > 1) return new BatchIterator(epoch, true);
        return new BatchIterator(new Worker(epoch));
    }

    /** The batches of one epoch: which examples go into batch {@code b}, and how they become tensors. */
    private record Epoch(BatchMaker maker, int[] order, int batchSize, int batches) {
        int[] indices(int b) {
            int from = b * batchSize, to = Math.min(from + batchSize, order.length);
            int[] indices = new int[to - from];
            System.arraycopy(order, from, indices, 0, indices.length);
            return indices;
        }

        List<Tensor> batch(int b) { return maker.make(indices(b)); }
    }

    /**
     * The batches of a {@link TensorDataset}, each copied in chunks of rows by the kernels' pool threads while they
     * have nothing else to do, one batch ahead of the consumer, and finished by the consumer if they did not get to it
     * (Note [Background work for lingering threads] in {@link Parallel}). No thread of its own, so none to wake.
     */
    private static final class Ahead {
        /** Rows per chunk: a chunk of images (50 KB) takes a few microseconds, so a kernel range waits little for it. */
        static final int ROWS_PER_CHUNK = 16;

        private final Epoch epoch;
        private int next;
        private RowGather.Batch batch;
        private Parallel.Pending pending;

        Ahead(Epoch epoch) {
            this.epoch = epoch;
            post();
        }

        boolean hasMore() { return next < epoch.batches(); }

        /** The next batch, whole; the one after it is posted before this returns. */
        List<Tensor> take() {
            pending.join();
            List<Tensor> done = batch.tensors();
            next++;
            post();
            return done;
        }

        /** Completes the posted batch (if any) and posts no more, so no background work is left behind. */
        void finish() {
            if (pending != null) pending.join();
            next = epoch.batches();
            batch = null;
            pending = null;
        }

        private void post() {
            if (!hasMore()) {
                batch = null;
                pending = null;
                return;
            }
            RowGather.Batch b = ((RowGather) epoch.maker()).start(epoch.indices(next));
            batch = b;
            pending = Parallel.background(0, b.rows(), ROWS_PER_CHUNK, b::copy);
        }
    }

    /**
     * Iterates one epoch; closing it ends the background work (a worker thread also stops once the iterator is
     * collected).
     */
    public static final class BatchIterator implements Iterator<List<Tensor>>, AutoCloseable {
        private final Epoch synchronous;
        private final Ahead ahead;
        private final Worker worker;
        private final Cleaner.Cleanable cleanable;
        private int next;
        private List<Tensor> ready;
        private boolean finished;

        /** The batches made when asked for, or (gatherAhead) one ahead by the kernels' idle threads. */
        private BatchIterator(Epoch epoch, boolean gatherAhead) {
            this.synchronous = gatherAhead ? null : epoch;
            this.ahead = gatherAhead ? new Ahead(epoch) : null;
            this.worker = null;
            this.cleanable = null;
        }

        private BatchIterator(Worker worker) {
            this.synchronous = null;
            this.ahead = null;
            this.worker = worker;
            // the worker must not reach this iterator, or it could never become unreachable
            this.cleanable = ABANDONED_ITERATORS.register(this, worker::cancel);
            worker.start();
        }

        @Override
        public boolean hasNext() {
            if (ready != null) return true;
            if (finished) return false;
            if (synchronous != null) {
                if (next == synchronous.batches()) {
                    finished = true;
                    return false;
                }
                ready = synchronous.batch(next++);
                return true;
            }
            if (ahead != null) {
                if (!ahead.hasMore()) {
                    finished = true;
                    return false;
                }
                ready = ahead.take();
                return true;
            }
            Object item;
            try {
                item = worker.queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for the DataLoader's next batch", e);
            }
            if (item instanceof Failure f) {
                close();
                throw new RuntimeException("DataLoader worker failed while preparing batch " + f.batch + ": " + f.cause, f.cause);
            }
            if (item == Worker.END) {
                close();
                return false;
            }
            @SuppressWarnings("unchecked")
            List<Tensor> batch = (List<Tensor>) item;
            ready = batch;
            return true;
        }

        @Override
        public List<Tensor> next() {
            if (!hasNext()) throw new NoSuchElementException("the DataLoader's epoch has no more batches");
            List<Tensor> batch = ready;
            ready = null;
            return batch;
        }

        /** Stops the background worker (if any) and ends the epoch; safe to call more than once. */
        @Override
        public void close() {
            finished = true;
            ready = null;
            if (cleanable != null) cleanable.clean();
            if (ahead != null) ahead.finish();
        }
    }

    private record Failure(int batch, Throwable cause) {}

    /** Prepares the batches of one epoch in order on its own daemon thread, one batch ahead of the consumer. */
    private static final class Worker implements Runnable {
        static final Object END = new Object();

        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1);
        private final Epoch epoch;
        private final Thread thread;
        private volatile boolean cancelled;

        Worker(Epoch epoch) {
            this.epoch = epoch;
            this.thread = new Thread(this, "ember-dataloader-" + WORKER_IDS.incrementAndGet());
            thread.setDaemon(true);
        }

        void start() { thread.start(); }

        void cancel() {
            cancelled = true;
            thread.interrupt();
            queue.clear();
        }

        @Override
        public void run() {
            int b = 0;
            try {
                for (; b < epoch.batches() && !cancelled; b++) queue.put(epoch.batch(b));
                if (!cancelled) queue.put(END);
            } catch (InterruptedException stop) {
                // cancelled: the consumer is gone
            } catch (Throwable t) {
                try {
                    if (!cancelled) queue.put(new Failure(b, t));
                } catch (InterruptedException stop) {
                    // cancelled while reporting: nobody is left to tell
                }
            }
        }
    }

    /** Turns the examples at some indices into one batch. */
    private interface BatchMaker {
        List<Tensor> make(int[] indices);

        static BatchMaker of(Dataset dataset) {
            int[] map = null;
            Dataset base = dataset;
            while (base instanceof Subset s) {
                int[] inner = s.indices();
                if (map != null) for (int i = 0; i < map.length; i++) map[i] = inner[map[i]];
                else map = inner;
                base = s.dataset();
            }
            if (base instanceof TensorDataset td) {
                List<Tensor> sources = td.rowSources(); // once: FashionMNIST's change when its images() are made
                if (sources.stream().noneMatch(Tensor::requiresGrad)) {
                    List<Tensor> columns = new ArrayList<>();
                    boolean[] pixels = new boolean[sources.size()];
                    for (int c = 0; c < sources.size(); c++) {
                        columns.add(sources.get(c).contiguous());
                        pixels[c] = td.pixels(c, sources.get(c));
                    }
                    return new RowGather(columns, pixels, map);
                }
            }
            return indices -> stackExamples(dataset, indices);
        }
    }

    /**
     * The rows of each column of a TensorDataset (through {@code indexMap} when not null), copied in bulk; a column of
     * 8-bit pixels ({@code pixels[c]}) is made float32 pixel / 255 as it is copied.
     */
    private record RowGather(List<Tensor> columns, boolean[] pixels, int[] indexMap) implements BatchMaker {
        @Override
        public List<Tensor> make(int[] indices) {
            Batch batch = start(indices);
            batch.copy(0, indices.length);
            return batch.tensors();
        }

        /** The batch of these rows with its storages allocated; every row is copied by {@link Batch#copy} before use. */
        Batch start(int[] indices) {
            Layout[] layouts = new Layout[columns.size()];
            Storage[] outs = new Storage[columns.size()];
            for (int c = 0; c < layouts.length; c++) {
                int[] shape = columns.get(c).shape();
                shape[0] = indices.length;
                layouts[c] = Layout.contiguous(shape);
                outs[c] = Storage.allocateForOverwrite(pixels[c] ? DType.FLOAT32 : columns.get(c).dtype(), layouts[c].numel());
            }
            return new Batch(indices, layouts, outs);
        }

        /** One batch being gathered. */
        final class Batch {
            private final int[] indices;
            private final Layout[] layouts;
            private final Storage[] outs;

            private Batch(int[] indices, Layout[] layouts, Storage[] outs) {
                this.indices = indices;
                this.layouts = layouts;
                this.outs = outs;
            }

            int rows() { return indices.length; }

            /** Copies rows [k0, k1) of the batch in every column (from any thread; each row once). */
            void copy(int k0, int k1) {
                for (int c = 0; c < outs.length; c++) {
                    Tensor column = columns.get(c);
                    int rowSize = column.size(0) == 0 ? 0 : column.numel() / column.size(0);
                    Storage src = column.storage(), dst = outs[c];
                    Object srcArray = src.array(), dstArray = dst.array();
                    int base = column.storageOffset();
                    for (int k = k0; k < k1; k++) {
                        int row = indexMap == null ? indices[k] : indexMap[indices[k]];
                        if (pixels[c]) K.pixelsToUnit(src, base + row * rowSize, dst, k * rowSize, rowSize);
                        else System.arraycopy(srcArray, base + row * rowSize, dstArray, k * rowSize, rowSize);
                    }
                }
            }

            List<Tensor> tensors() {
                List<Tensor> batch = new ArrayList<>(outs.length);
                for (int c = 0; c < outs.length; c++) batch.add(Tensor.wrap(outs[c], layouts[c]));
                return batch;
            }
        }
    }

    /** PyTorch's default collate: field j of the batch stacks field j of every example. */
    private static List<Tensor> stackExamples(Dataset dataset, int[] indices) {
        List<List<Tensor>> examples = new ArrayList<>(indices.length);
        for (int i : indices) examples.add(dataset.get(i));
        int fields = examples.get(0).size();
        List<Tensor> batch = new ArrayList<>(fields);
        for (int j = 0; j < fields; j++) {
            List<Tensor> column = new ArrayList<>(indices.length);
            for (int k = 0; k < examples.size(); k++) {
                List<Tensor> example = examples.get(k);
                if (example.size() != fields)
                    throw new IllegalArgumentException("DataLoader: example " + indices[k] + " has " + example.size()
                            + " tensors but example " + indices[0] + " has " + fields + "; every example needs the same number");
                column.add(example.get(j));
            }
            batch.add(Ember.stack(column, 0));
        }
        return batch;
    }
}
