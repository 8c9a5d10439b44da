/**
 * The math on (storage, layout) pairs: {@link ember.kernels.Kernels} with a readable scalar reference and a Vector API
 * provider picked once by {@link ember.kernels.KernelProvider}; the provider's packed, cache-blocked matrix product
 * ({@code Gemm}, whose per-thread scratch for packed operands is partly native memory, freed with the thread, and whose
 * blocking follows the caches the machine reports, {@code CacheSizes}; a product wider than a strip shares out its work
 * by a {@code StripSchedule}, and a product into a new output may make that output itself, {@code NewOutput}); the
 * Box–Muller blocks random normals are made by ({@link ember.kernels.NormalBlocks}, picked the same way); and the one
 * thread pool all kernels share ({@link ember.kernels.Parallel}), which also runs the background work the data loader
 * posts to it (the next batch's copies) while its threads would otherwise linger.
 *
 * <p>Owns: loops, numerics, speed, threads. Must not touch: tensors, autograd nodes, dtype promotion or broadcasting
 * rules (callers hand over layouts already broadcast and operands already promoted).
 */
package ember.kernels;
