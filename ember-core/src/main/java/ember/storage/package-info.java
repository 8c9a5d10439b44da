/**
 * The bottom layer: typed arrays on the Java heap ({@link ember.storage.Storage}, with the version counter autograd
 * reads) and how a tensor sees them ({@link ember.storage.Layout}: shape, strides, offset).
 *
 * <p>Arrays for an op's output come without the JVM's zeroing where it can skip it (Note [Outputs allocated without
 * zeroing]) or as copies of an operand's array ({@code Storage.copyOf}); a daemon thread started with the first storage
 * has the JIT compile those copies early (Note [Compiling the array copies early]).
 *
 * <p>Owns: memory and geometry. Must not touch: tensors, gradients, or any math beyond index arithmetic.
 */
package ember.storage;
