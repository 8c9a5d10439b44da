/**
 * The op families behind {@link ember.Tensor}'s methods: element-wise, shape and views, reductions, indexing, linear
 * algebra, creation. Each op validates its inputs (PyTorch's error texts), allocates its output, calls a kernel, and
 * records its backward formula right beside the forward one.
 *
 * <p>Owns: semantics (broadcasting, type promotion, which ops are views) and derivative rules. Must not touch: loops
 * over elements (that is the kernels' job) or the engine's internals. Four exceptions loop over dense data
 * themselves: {@link ember.ops.Fused} (one-pass forms no kernel method expresses: linear, cross-entropy, ReLU's
 * backward, optimizer updates), {@code Tiny} (a few elements, where kernel dispatch would cost more than the
 * arithmetic; see its Note [Tiny tensors]), the random fills of {@link ember.ops.Creation} (which follow PyTorch's
 * kernels draw for draw, with the Generator's bulk draws; {@code NormalFill} hands the Box–Muller blocks to the
 * kernels') and {@link ember.ops.Indexing}'s gathers and scatter-adds of picked runs (array copies and adds over runs
 * of consecutive elements it has worked out from the index tensors).
 */
package ember.ops;
