/**
 * The op families behind {@link ember.Tensor}'s methods: element-wise, shape and views, reductions, indexing, linear
 * algebra, creation. Each op validates its inputs (PyTorch's error texts), allocates its output, calls a kernel, and
 * records its backward formula right beside the forward one.
 *
 * <p>Owns: semantics (broadcasting, type promotion, which ops are views) and derivative rules. Must not touch: loops
 * over elements (that is the kernels' job) or the engine's internals.
 */
package ember.ops;
