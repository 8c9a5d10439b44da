/**
 * The math on (storage, layout) pairs: {@link ember.kernels.Kernels} with a readable scalar reference and a Vector API
 * provider picked once by {@link ember.kernels.KernelProvider}.
 *
 * <p>Owns: loops, numerics, speed. Must not touch: tensors, autograd nodes, dtype promotion or broadcasting rules
 * (callers hand over layouts already broadcast and operands already promoted).
 */
package ember.kernels;
