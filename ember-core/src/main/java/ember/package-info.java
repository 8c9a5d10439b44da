/**
 * Ember's public face: {@link ember.Tensor} (PyTorch's tensor with its autograd state) and {@link ember.Ember} (the
 * {@code torch} namespace, for {@code import static ember.Ember.*}).
 *
 * <p>Owns: the user-facing API and its names (a contract, see API.md), printing, dtypes and devices. Must not
 * touch: kernel internals or storage arrays directly beyond wrapping them; all math goes through {@code ember.ops}.
 */
package ember;
