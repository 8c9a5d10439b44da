/**
 * Data for training: the {@link ember.data.Dataset} abstraction (PyTorch's map-style dataset), in-memory
 * {@link ember.data.TensorDataset}s and {@link ember.data.Subset}s, the {@link ember.data.DataLoader} that shuffles
 * (seeded), batches and prefetches (a TensorDataset's batches on the kernels' idle pool threads, others on one
 * background thread), and the book's data sets: {@link ember.data.FashionMNIST}
 * (IDX files) and {@link ember.data.CsvTable} (a CSV with pandas' preprocessing steps for the house-prices chapter).
 *
 * <p>Owns: example order, batching, the background worker's life cycle, data-set files and their parsing (sizes in a
 * file's header are checked before memory is allocated). Loading convenience methods throw unchecked exceptions
 * ({@link java.io.UncheckedIOException} wrapping a {@link ember.io.MalformedFileException} for bad files) so the
 * book's programs stay short.
 *
 * <p>Must not touch: kernels or autograd internals. It builds tensors with the {@code Tensor} API and {@code Ember}
 * factories, copies rows between storage arrays only for bulk batch assembly, and posts those copies as background
 * work to the kernels' thread pool ({@code Parallel.background}), its one use of the kernel layer.
 */
package ember.data;
