/**
 * Optimizers as in {@code torch.optim}: parameter groups with their own options, SGD (momentum, dampening, Nesterov,
 * weight decay), Adam, AdamW, and learning-rate schedulers. Every update runs under {@code noGrad()}.
 *
 * <p>Owns: update rules and optimizer state (flattenable to a map of tensors, so it can be saved or shipped). Must not
 * touch: storages or kernels; updates are in-place Tensor ops.
 */
package ember.optim;
