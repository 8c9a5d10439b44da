/**
 * Reading and writing tensors in other tools' file formats: safetensors (how PyTorch users share weights, and safe to
 * load from strangers: no code, only a JSON header and raw bytes) and NumPy's {@code .npy}.
 *
 * <p>Owns: the byte formats, their defensive parsers (every size in a header is checked against the file's length
 * before anything is allocated, so a hostile or truncated file gives a {@link ember.io.MalformedFileException} naming
 * the file and the problem, never an {@code OutOfMemoryError} or a hang) and atomic writes ({@link ember.io.AtomicFiles}:
 * a reader never sees a half-written file). Errors are checked {@link java.io.IOException}s, as with
 * {@link java.nio.file.Files}.
 *
 * <p>Must not touch: kernels, autograd internals. It builds tensors with the {@code Tensor} API and {@code Ember}
 * factories, and reads or fills a tensor's storage array only for bulk byte copies.
 */
package ember.io;
