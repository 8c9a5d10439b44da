/**
 * Optimizers as in {@code torch.optim}: parameter groups with their own options, SGD (momentum, dampening, Nesterov,
 * weight decay), Adam (AMSGrad), AdamW, and the learning-rate schedulers StepLR and CosineAnnealingLR in PyTorch's
 * chainable form. Updates follow PyTorch's formulas operation by operation and run under {@code noGrad()};
 * tools/golden/nn.py checks the trajectories.
 *
 * <p>Owns: update rules and optimizer state, flattenable to a map of tensors (saved, shipped, restored so training
 * resumes exactly). Must not touch: storages or kernels; updates are in-place Tensor ops.
 */
package ember.optim;
