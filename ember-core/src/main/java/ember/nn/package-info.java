/**
 * Neural-network building blocks as in {@code torch.nn}: {@link ember.nn.Module} with registered parameters, buffers
 * and children; layers; losses; the functional form {@link ember.nn.F}; initialisers {@link ember.nn.Init}.
 *
 * <p>Owns: model structure, state dicts, the math of layers and losses written with Tensor ops. Must not touch:
 * storages, layouts or kernels (a fused op belongs in {@code ember.ops}, exposed through a Tensor or F method).
 */
package ember.nn;
