/**
 * The op families behind {@link ember.Tensor}'s methods: element-wise, shape and views, reductions, indexing, linear
 * algebra, creation. Each op validates its inputs (PyTorch's error texts), allocates its output, calls a kernel, and
 * records its backward formula right beside the forward one.
 *
 * <p>Owns: semantics (broadcasting, type promotion, which ops are views) and derivative rules. Must not touch: loops
 * over elements (that is the kernels' job) or the engine's internals. Three exceptions loop over dense data
 * themselves: {@link ember.ops.Fused} (one-pass forms no kernel method expresses: linear, cross-entropy, ReLU's
 * backward, optimizer updates), {@code Tiny} (a few elements, where kernel dispatch would cost more than the
 * arithmetic; see its Note [Tiny tensors]) and the random fills of {@link ember.ops.Creation} and {@code NormalFill}
 * (which follow PyTorch's kernels draw for draw, with the Generator's bulk draws and the kernels' Box–Muller blocks).
 */
package ember.ops;
