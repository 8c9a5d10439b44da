/**
 * Neural-network building blocks as in {@code torch.nn}: {@link ember.nn.Module} with registered parameters, buffers
 * and children (PyTorch's traversal orders, state dict keys, load errors and printout); layers; losses; the
 * functional form {@link ember.nn.F}; initialisers {@link ember.nn.Init}. After the same {@code manualSeed}, layer
 * initialisation and dropout masks draw exactly PyTorch's numbers (tools/golden/nn.py checks them).
 *
 * <p>Owns: model structure, state dicts (saved through {@code ember.io.Safetensors}), the math of layers and losses
 * written with Tensor ops. Must not touch: storages, layouts or kernels (a fused op belongs in {@code ember.ops},
 * exposed through a Tensor or F method).
 */
package ember.nn;
