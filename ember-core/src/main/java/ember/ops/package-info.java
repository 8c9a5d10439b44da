/**
 * The op families behind {@link ember.Tensor}'s methods: element-wise, shape and views, reductions, indexing, linear
 * algebra, creation. Each op validates its inputs (PyTorch's error texts), allocates its output, calls a kernel, and
 * records its backward formula right beside the forward one.
 *
 * <p>Owns: semantics (broadcasting, type promotion, which ops are views) and derivative rules. Must not touch: loops
 * over elements (that is the kernels' job) or the engine's internals. Two exceptions loop over dense float32/float64
 * data themselves: {@link ember.ops.Fused} (one-pass forms no kernel method expresses: linear, cross-entropy, ReLU's
 * backward, optimizer updates) and {@code Tiny} (a few elements, where kernel dispatch would cost more than the
 * arithmetic; see its Note [Tiny tensors]).
 */
package ember.ops;
