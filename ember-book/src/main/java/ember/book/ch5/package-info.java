/**
 * Chapter 5 of the book, deep learning computation: custom Modules, parameter access, initialisation and tying,
 * custom layers, saving and loading tensors and models, and devices; one program per section, each printing what the
 * section's PyTorch code prints.
 *
 * <p>Owns: the section programs and the small Modules they define. Must not touch: the library below its public API.
 */
package ember.book.ch5;
