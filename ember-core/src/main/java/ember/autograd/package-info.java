/**
 * Reverse-mode differentiation as PyTorch does it: a graph of {@link ember.autograd.Node}s recorded by ops as they
 * run, {@link ember.autograd.AccumulateGrad} at the leaves, an engine that walks it with dependency counting, and
 * the user entry points ({@link ember.autograd.Autograd}, {@link ember.autograd.GradCheck}).
 *
 * <p>Owns: grad mode, the graph, saved-tensor checks. Must not touch: kernels or storage arrays — backward formulas
 * are Tensor ops, so they are differentiable themselves.
 */
package ember.autograd;
