/**
 * The bottom layer: typed arrays on the Java heap ({@link ember.storage.Storage}, with the version counter autograd
 * reads) and how a tensor sees them ({@link ember.storage.Layout}: shape, strides, offset).
 *
 * <p>Owns: memory and geometry. Must not touch: tensors, gradients, or any math beyond index arithmetic.
 */
package ember.storage;
