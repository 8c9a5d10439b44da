/**
 * Chapter 2 of the book, preliminaries: tensors, data preprocessing, linear algebra, calculus, automatic
 * differentiation and probability, one program per section, each printing what the section's PyTorch code prints.
 *
 * <p>Owns: the section programs and their small helpers. Must not touch: the library below its public API.
 */
package ember.book.ch2;
